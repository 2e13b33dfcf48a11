"""Word lists for finding names: first names, surnames, honorifics, cues and non-name words.

All lists are lowercase ``frozenset``s, written for this project (UK and Norfolk & Waveney
setting); :mod:`surveys.pii_names` uses them to decide what starts, continues or blocks a name.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


#: Common UK first names (written for this project; a cue is still needed when lowercase).
FIRST_NAMES = _words("""
aaron abbie abby abdul abigail adam adrian ahmed aidan aiden aimee aisha alan alana albert alex
alexander alexandra alfie alice alicia alison amanda amelia amir amy andrea andrew andy angela
angie anita ann anna anne annette annie anthony antony archie arthur ashley ayesha barbara
becky ben benjamin bernard beth bethany betty beverley bill billy bob bobby brenda brendan brian
bridget britney brooke bryony callum cameron carl carla carly carol caroline carolyn catherine
charlie charlotte chelsea cheryl chloe chris christina christine christopher claire clare colin
connor craig daisy damian dan daniel danielle danny darren dave david dawn dean debbie deborah
declan denise dennis derek diana diane donna dorothy dylan eddie edward eileen elaine eleanor
elizabeth ella ellie eloise emily emma eric erin ethan eve evie faye fatima fiona frances freddie
gail gareth gary gavin gemma geoff geoffrey george georgia gerald gillian gina glenn gordon
graham greg gregory hamza hannah harriet harry harvey hayley heather helen henry holly hollie
howard hugh iain ian imogen irene isaac isabel isabella isla ivan jack jackie jacob jacqueline
jade jake james jamie jan jane janet janice jasmine jason jay jayne jean jeff jeffrey jenna
jennifer jenny jeremy jessica jill jim jimmy jo joan joanna joanne jodie joe joel john johnny
jon jonathan jordan joseph josh joshua joy joyce judith judy julia julian julie june justin kane
karen kate katherine kathleen kathryn katie katy kay kayleigh keith kelly ken kenneth kerry
kevin kieran kim kirsty kyle lara laura lauren lee leah leanne leon lesley leslie lewis liam
lily linda lindsey lisa liz lizzie logan lola lorna lorraine louis louise lucy luke lydia lynn
lynne maddie madison maisie malcolm mandy marc margaret maria marie marion mark martin martyn
mary matt matthew maureen max megan melanie melissa mia michael michaela michelle mike millie
mohammed mohammad molly muhammad nadia naomi natalie natasha nathan neil niall nicholas nicky
nicola nicole niamh nigel nina noah norman oliver olivia oscar owen paige pam pamela patricia
patrick paul paula pauline pete peter phil philip phillip phoebe poppy priya rachel rebecca
reece rhys richard rob robert robin robyn roger ronald ronnie rory rose rosie ross ruby russell
ruth ryan sadie sally sam samantha samuel sandra sara sarah scott sean shane shannon sharon
shaun sheila shirley simon sinead sophie stacey stanley stephanie stephen steve steven stewart
stuart sue susan suzanne tanya tara terry theo theresa thomas tim timothy tina toby tom tommy
tony tracey tracy trevor tyler valerie vanessa vicky victoria vincent wayne wendy william
willow yasmin yusuf zac zak zara zoe
ali aleksander anjali arjun asif bilal deepak farah fatma hassan imran jamal kamal kiran
mohamed nasreen omar parveen rahul raj rajesh ravi reza rizwan sajid samir sana shabana
sunita tariq uzma yasmeen zainab aleksandra anna agata ewa jakub kasia katarzyna krzysztof
lukasz magda marta michal monika natalia oskar pawel piotr tomasz zofia andrei elena ion
maria mihai ana joao ahmad
aoife ciara orla roisin saoirse aisling caoimhe eoin oisin cian padraig seamus ciaran darragh
siobhan grainne niall colm fionn ffion cerys bethan carys gethin dafydd owain ieuan gwen sian
rhian rhiannon lowri manon heledd nerys angharad catrin gwenllian huw emyr geraint aled iwan
ioan llyr tomos ifan gruffydd idris elis
eleri nia elin osian iona morag hamish angus fraser euan ewan mhairi ailsa eilidh catriona
bartek bartosz maciej kacper wojciech wojtek mateusz agnieszka malgorzata dorota ewelina
justyna kinga marek dariusz grzegorz jarek tomek szymon filip marcin kamil karolina paulina
weronika gintare ruta egle jonas tomas mantas darius lukas aiste ionut florin bogdan alina
ioana andreea cristina tiago ines beatriz goncalo rui nkechi ngozi chidi chioma ifeoma
oluwaseun olu temi tunde bukola folake emeka chinedu adaeze funmi kemi yemi tope dayo femi
segun bisi kwame kofi ama akosua kwesi yaw tendai tatenda farai rudo chipo rohan anil sanjay
sunil vijay pooja neha deepa kavita rina nisha asha meena harpreet gurpreet jaspreet manpreet
sukhdeep rajinder baljit amrit navjot shabnam rukhsana nazia shazia saima usman zain faisal
kashif shahid waqar adnan abdullah mustafa ibrahim ismail yousef yusuf ayaan aryan layla
maryam amina khadija hafsa sumaiya billie shauna kezia kayla tegan keeley courtney demi abbi
chantelle kian brandon jayden kai ellis harley riley finley arlo ezra luca leo jude tamsin
jen fay jules suze kev mel flav sharmar nicki trisha tricia yvonne delia gaynor shelley
dianne lise lata christy mathew phatima jojo gail rita susanne louisa jenna bryony kerry
lesley marcus nathaniel dominic sebastian felix hugo rupert giles tristan jasper barnaby
ruairi gemma leona sasha tasha tamara bianca vanessa alison hilary hillary marilyn beryl
doreen gladys hazel edna elsie ethel mabel maud nora peggy sylvia vera winifred
cyril clifford dennis douglas ernest frederick harold herbert leonard raymond reginald
sidney walter wilfred stanley percy
chukwuemeka chukwudi chinonso chiamaka chinwe obinna ikenna nnamdi uchenna kelechi ifeanyi
adebayo adewale ayodele babajide olumide oluwatobi yetunde abimbola titilayo kehinde taiwo
kwabena kojo kwaku akua abena efua adjoa tinashe rutendo nyasha tafadzwa precious blessing
patience mercy comfort favour
jaroslav jaroslaw miroslav miroslaw stanislav stanislaw radoslaw zbigniew wladyslaw vladimir
dmitri dmitry sergei sergey oleksandr olena oksana yulia iryna svetlana tatiana anastasia
ivana petra lenka zuzana tereza dusan goran zoran nikola dragan branko bojan
""")

#: Names that are also everyday words, months or places: only taken with a cue (a title or
#: role before them, a role, team or person's verb after them) or from NER.
AMBIGUOUS_NAMES = _words("""
will may june april august grace hope faith joy mark bill rose pat sue frank dawn summer autumn
holly ivy daisy amber ruby jade crystal sky sunny rich guy ray drew chase miles jordan paris
chelsea florence georgia india austin lincoln carol robin rob matt nick don ed al penny sandy
heather hazel willow poppy olive angel star storm hunter mason bailey cole reed art kay faye
lily iris eve max victoria clare kent devon sage gene sonny page barry
precious blessing patience mercy comfort charity favour
""")

#: Ambiguous names whose everyday sense is a month, season or place: a loose cue (a verb, a
#: role after them) is not enough ("In May from the crisis team", "Summer and Autumn").
TIME_PLACE_NAMES = _words("""
may june april august summer autumn paris chelsea florence georgia india austin lincoln kent
devon victoria barry jordan
""")

#: Ambiguous names that are abstract nouns able to "help" on their own ("Hope helped me").
VIRTUE_NAMES = _words("hope faith joy patience mercy charity comfort")

#: Ambiguous names that are also verbs or modals before a person ("Will the nurse ring?",
#: "Hope the doctor reads this", "Sue the trust"): never read from "X the porter".
VERB_NAMES = _words("will may hope sue rob pat chase drew mark")

#: Name particles that join a name to the capitalised word after them ("bin Rashid", "Ní
#: Bhriain", "ap Gwilym", "van der Berg"); written without accents (compared after folding).
PARTICLES = _words("""
bin ibn bint ben al el ap ab ni nic o ua ui mac mhic van von der den de da das dos del della di
du le la
""")

#: Common UK surnames (used with an honorific or after a first name; standalone when unambiguous).
SURNAMES = _words("""
smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson
wright walker white edwards hughes green hall lewis harris clarke clark patel jackson wood turner
martin cooper hill ward morris moore lee king baker harrison morgan allen james scott phillips
watson davis parker price bennett young griffiths mitchell kelly cook carter richardson bailey
collins bell shaw murphy miller cox richards khan marshall anderson simpson ellis adams singh
begum wilkinson foster chapman powell webb rogers gray grey mason ali hunt hussain campbell
matthews owen palmer holmes mills barnes knight lloyd butler russell barker fisher stevens
jenkins murray dixon harvey graham pearson ahmed fletcher walsh kaur gibson howard andrews
stewart elliott reynolds saunders payne fox ford pearce day brooks west lawrence cole atkinson
bradley spencer gill dawson ball burton o'brien watts booth perry ryan grant wells armstrong
francis rees hayes hart hudson newman barrett webster hunter gregory carr lowe page marsh riley
dunn woods parsons berry stone reid holland hawkins harding porter robertson newton oliver reed
kennedy williamson bird gardner shah dean lane cooke bates henderson parry burgess bishop walton
burns nicholson shepherd ross cross long freeman warren nicholls hamilton byrne sutton mcdonald
yates hodgson robson curtis hopkins o'connor harper coleman watkins moss mccarthy chambers
o'neill griffin sharp hardy wheeler potter osborne johnston gordon doyle wallace george jordan
hutchinson rowe burke pritchard gilbert willis higgins read stevenson stephenson hammond arnold
buckley walters hewitt barber nelson slater austin sullivan whitehead mann frost lambert
stephens blake akhtar lynch goodwin barton woodward thomson cunningham quinn barnett baxter
bibi clayton nash greenwood jennings holt kemp poole gallagher bond stokes tucker davidson
fowler heath norman middleton lawson banks french stanley jarvis gibbs ferguson hayward carroll
farrell nowak kowalski wisniewski wozniak lewandowski kaminski mensah okafor adeyemi okonkwo
chen wang li nguyen rahman uddin miah choudhury sharma kumar mistry joshi iqbal hussein
mahmood malik chaudhry kapoor mehta desai
obi okeke nwosu eze okoro okonkwo adebayo ogunleye balogun asante owusu boateng osei appiah
novak horvat kovac petrov ivanov popescu ionescu kowalczyk zielinski szymanski wojcik
kaczmarek
""")

#: Surnames that are everyday words or places: never taken on their own.
AMBIGUOUS_SURNAMES = _words("""
green hall long day cross west rose may read page miles wells bell wood woods king young hill
ward fox bird stone banks hunt mann frost lane marsh ball holt nash heath bond cole dean bishop
baker cook carter turner potter mason butler fisher hunter porter shepherd walker webb price
grant hope hardy sharp moss burns brooks barber slater black white brown gray grey rich hart
knight noble freeman newman booth norman stanley french english scott jordan austin george
james thomas lewis francis spencer lloyd martin morgan owen oliver gordon arnold nelson
parker berry chambers chapman coleman gill grant lambert lee little short small kemp poole
powell price reed bates burgess cooper curtis dawson dixon ellis gibson griffin harding
hawkins hayes holland hudson jennings marshall mills payne perry riley ross russell stevens
sutton tucker walton warren watts wheeler wilson hamilton kennedy campbell graham ford
""")

HONORIFICS = _words("dr dr. doctor mr mr. mrs mrs. ms ms. miss mx prof professor rev revd "
                    "reverend sir dame nurse sister matron cllr councillor fr")
#: Titles that are never ordinary nouns: a lowercase word after a lowercase one is a name.
TITLES = _words("dr mr mrs ms miss mx cllr")
DETERMINERS = _words("the a an my your his her our their this that any every no")
POSSESSIVES = _words("my your his her our their the")
COPULAS = _words("was is 's ’s has been became who as")
#: Modifiers allowed between a name and a following role ("Jo, my support worker").
ROLE_MODIFIERS = _words("support care key social peer mental health new old lovely main "
                        "amazing link community crisis ward named lead")
#: Words that follow "Will", "May", "Hope" ... used as verbs at the start of a sentence.
NOT_AFTER_NAME = _words("i you we they he she it the a an my your this that there be not have "
                        "all everyone someone anyone these those me us them")
#: Words before a name that is also a place ("in Barry", "near Lincoln") that make it the place.
PLACE_PREPOSITIONS = _words("in near around outside across")
#: Words before an unknown one-word NER "person" that make it a thing, not a person.
NOT_PERSON_BEFORE = _words("my your his her their our a an the of use using better experiencing "
                           "any some no into in had have has got")

RELATIONS = _words("""
son daughter husband wife partner mum mom mam mummy mother dad daddy father brother sister bro
sis boyfriend girlfriend bf gf fiance fiancee fiancé friend mate bestie carer nan nana nanna
gran granny grandma grandmother grandad granddad grandpa grandfather grandson granddaughter
grandchild aunt auntie aunty uncle cousin niece nephew neighbour neighbor child kid baby
stepson stepdaughter stepmum stepdad hubby wifey lad boy girl twin sibling flatmate housemate
colleague boss spouse ex law
""")

ROLE_CUES = _words("""
nurse doctor gp psychiatrist psychologist therapist counsellor counselor consultant registrar
cpn coordinator co-ordinator ordinator worker keyworker receptionist manager ot physio
physiotherapist pharmacist paramedic officer advocate mentor volunteer practitioner clinician
navigator
midwife visitor chaplain befriender facilitator secretary matron hca assistant specialist
psychotherapist coach teacher solicitor councillor cllr lead chair director su pt patient
client resident caller attendee participant member trainee student admin respondent
applicant author
""")

#: Jobs that follow a name as "X the porter"; with ``ROLE_CUES`` ("Bill the porter").
APPOSITIVE_ROLES = ROLE_CUES | _words("""
porter cleaner housekeeper domestic receptionist driver chef cook caretaker guard security
carer healthcare hca cleaners
""")

#: Verbs (past or present tense, never the bare form a modal takes) whose subject is a person:
#: at the start of a sentence they make a name of an everyday word ("Will shouted at me").
PERSON_VERBS = _words("""
phoned phones rang rings texted texts emailed messaged shouted shouts yelled screamed swore
told tells said says asked asks explained explains listened listens smiled laughed apologised
apologized visited visits introduced chatted spoke speaks talked talks reassured examined
prescribed
""")
#: Weaker verbs that make a person of their subject only with a person as object ("Grace
#: helped me", not "Hope helped"); not used for ``VIRTUE_NAMES``.
HELP_VERBS = _words("helped helps supported supports treated saw sees sorted checked looked "
                    "took gave showed")
PERSON_OBJECTS = _words("me us him her them my our his their after")
#: Adverbs allowed between a name and its verb ("Grace always phoned me").
NAME_ADVERBS = _words("always never also really just then kindly actually even finally")
#: Words after a one-word NER "person" at a sentence start that show a person ("Mark has been
#: amazing", "Rob, amazing", "Mark x"); anything else ("Bill arrived late") drops it.
PERSON_NEXT = _words("is was has had 's ’s as and & x xx xxx were really always very")
#: Words that make the next capitalised word the start of a clause ("Please Mark the ...").
IMPERATIVE_BEFORE = _words("please pls plz kindly just")
#: Words after "Will", "May" ... that show the modal verb, not the name ("Nurse Will see you").
MODAL_NEXT = _words("""
be see call ring phone get come go have do make need ask help tell give take let contact send
write visit arrange review discuss speak talk check
""")

#: One-word cues before a name ("called Sarah", "Dear Jo", "thanks Priya").
CALLED_1 = _words("called named nicknamed aka met")
#: Two-word thanks before a name ("thank you Jo").
GREETINGS_2 = frozenset({("thank", "you"), ("thanks", "to"), ("you", "to"), ("shout", "out"),
                         ("shoutout", "to"), ("big", "up"), ("praise", "for")})
#: Greetings and thanks before a name ("Dear Jo", "thanks Priya").
GREETINGS = _words("dear hi hello hiya thanks thankyou cheers ta love")
#: Cues so strong that a lowercase word after them is taken even if not a known name.
STRONG_CUES = frozenset({("name", "is"), ("name", "was"), ("name", "'s"), ("name", "’s"),
                         ("known", "as"), ("name", ":"), ("names", ":")})
#: Ambiguous names that are never taken when typed in lowercase ("my son will ...").
LOWER_NEVER = _words("will may hope pat sue bill rob drew chase nick don art miles rich guy "
                     "sunny sandy penny star storm sky page max gene kay al ed angel crystal "
                     "can")
#: Two-word cues ("name is", "thank you", "spoke to" ...).
CALLED_2 = frozenset(
    tuple(p.split())
    for p in """name is|name was|name 's|name ’s|names are|known as|thanks to|thank you|
    ask for|asked for|spoke to|spoke with|speak to|speaking to|talk to|talked to|seen by|
    i 'm|i ’m|i am|i m|this is|it 's|shout out|shoutout to|big up|praise for|
    referred by|met with|message from|call from|voicemail from|email from|letter from|you to|
    submitted by|completed by|written by""".replace(
        "\n", ""
    ).split("|")
)

#: Words that never start or continue a name (function words, feedback vocabulary, calendar).
COMMON = _words("""
a about above after again against all almost also although always am an and another any anyone
anything are around as at away back bad be because been before being below best better between
both but by can cannot cant can't could couldnt day days did didnt do does doesnt doing done dont
down during each early either else enough even ever every everyone everything few first for
from get gets getting give given go goes going gone good got great had has hasnt have havent
having he her here hers herself him himself his how however i if im in instead into is isnt it
its itself just keep last late later least less let like little lot lots made make many me
might more most much must my myself need needs never new next no nobody none nor not nothing
now of off often oh ok okay old on once one only or other others our out over own please
quite rather really right same say see seen she should since so some someone something
sometimes soon still such sure than thank twice regarding led lets small thanks that the
their them themselves then there
these they thing things this those though through time times to today together too took
towards under until up upon us very was wasnt we well went were what when where whether which
while who whole whom why will with within without would wouldnt yes yet you your yours
yourself
able absolutely actually afraid agree all already amazing angry annoyed anxious appalling
appointment appointments asked awful bed beds better blessed brilliant busy calm cancelled care
caring clean clear clearer communication compassionate concerned confused constant covid
disappointed discharged distressed easy efficient empathetic excellent exhausted fab fabulous
fantastic felt fine frightened friendly frustrated frustrating gave generally glad grateful
happy hard helpful helped honest hopeless horrible improve improved improvement kind knew
knowledgeable listened listening lonely long lovely made meds medication never nice nothing
overall patient perfect pleasant polite poor positive professional prompt quick quickly rang
rude rushed sad said scared sent shocking slow sorry spoke staff superb supportive terrible
thankful thankyou thorough told treated unhelpful understanding upset useless waited waiting
welcoming well wonderful worried worse worst wrote
also overall hello hi dear regards kind yours sincerely many thanks best wishes cheers
ask asking call called calling come coming contact could emailed feel feeling find found help
hope hoping know knowing listen look looking lost love loved maybe mean meant met moved need
needed offered phoned put referred refer saw seeing seem seemed should sign signed sorted
speak spent start started stay stayed stop stopped suggest take taken talk talked tell think
thought tried try trying understand used visit visited wait want wanted wish work worked
working write writing
mental health service services support team teams crisis ward hospital clinic surgery
practice therapy treatment diagnosis assessment referral discharge letter letters plan plans
review group groups session sessions course college recovery wellbeing community
""")

COMMON = COMMON | SPACY_STOP_WORDS | _words("""
dont cant wont didnt isnt wasnt doesnt hasnt havent couldnt wouldnt shouldnt aint im ive id
youre theyre thats whats u ur r n wiv wud cud gonna wanna gotta cos coz tho thru pls plz tbh
omg lol gr8 b4 2day sed dosnt cudnt wudnt nt wen wat etc eg ie aka asap
dob tel mob ref re nb ps pm am hrs mins wks yrs approx appt appts meds info dept tho
""")

#: Service, place, role and other proper-looking words that are not names in this setting.
STOP = _words("""
nhs gp gps camhs iapt pals cmht crht cpn ot hca icb pcn nsft nelft nnuh qeh jpuh ae a&e ed
easy read mind samaritans rethink shout papyrus relate cruse turning point heads up
crisis team teams service services trust foundation hospital hospitals ward wards unit centre
center clinic surgery practice home treatment resolution recovery college wellbeing norfolk
suffolk waveney norwich yarmouth great lowestoft thetford cromer dereham diss wymondham
attleborough aylsham walsham north south east west fakenham hunstanton downham market beccles
bungay halesworth southwold ipswich bury edmunds sheringham wells gorleston caister acle
hellesdon thorpe drayton costessey sprowston taverham swaffham watton harleston loddon
stalham wroxham hoveton mundesley poringland hethersett cringleford breckland broadland
kooth qwell cgl leeway mancroft nelft
kings king's lynn london cambridge peterborough nottingham leeds manchester birmingham
liverpool bristol sheffield leicester essex england uk britain scotland wales ireland
northgate carlton fermoy dragonfly chatterton woodlands thurne glaven yare wensum bure
julian's older people's adult adults child children young youth
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
sat sun january february march april may june july august september october november
december jan feb mar apr jun jul aug sep sept oct nov dec christmas easter xmas
covid covid-19 coronavirus lockdown adhd asd ocd ptsd bpd eupd cbt dbt emdr phq gad
section sectioned mha dols
doctor doctors dr drs nurse nurses psychiatrist psychiatrists psychologist therapist
counsellor consultant receptionist manager physio physiotherapist pharmacist paramedic
social worker workers support peer carer carers care coordinator co-ordinator keyworker
police ambulance council councillor mp government dept department matter
mum mom dad mother father son daughter husband wife partner brother sister nan gran
god jesus allah lord christ bible church
english british polish portuguese lithuanian romanian welsh cymraeg saesneg urdu punjabi
bengali arabic gujarati hindi somali tamil farsi kurdish cymru
cardiff caerdydd swansea abertawe newport casnewydd wrexham bangor aberystwyth carmarthen
llanelli bridgend merthyr tydfil pontypridd caerphilly neath talbot rhyl llandudno cwmbran
maesteg penarth
ok okay yes no thanks thank you hi hello dear
""")

#: Teams and services a member of staff is "from" ("Jo from the crisis team").
SERVICE_WORDS = _words("""
crisis cmht crht camhs iapt pals mind samaritans rethink nsft team teams ward service services
home wellbeing recovery college hospital unit clinic surgery practice cafe café helpline line
trust charity council gp front reception desk carers hub office phone
""")

#: Words right after a candidate name that make it a building or service ("Julian Hospital").
FACILITY = _words("""
hospital house unit ward centre center clinic surgery practice court lodge hall road rd street
st lane avenue close way drive team service services trust college school academy university
foundation hub cafe café project group place medical health memorial park library church
chapel hospice home suite wing building station pharmacy partnership community gardens estate
infirmary council campus charity society association network fund appeal institute
""")

#: Words right before a candidate name that make it part of a place ("St Andrew's", "Queen
#: Elizabeth").
PLACE_BEFORE = _words("st st. saint queen king prince princess lady the")

#: Multi-word proper names of local places/services that contain personal names.
PLACE_PHRASES = frozenset({"jamespaget", "marychapman", "elizabethfry", "edithcavell",
                           "queenelizabeth", "princeofwales", "kingslynn", "stjames",
                           "sueryder", "mariecurie", "juliansupport", "changegrowlive"})

#: Tokens after which a name-like word begins a new sentence.
SENT_BREAK = frozenset({".", "!", "?", ":", ";", "-", "–", "—", "(", '"', "'", "“", "‘", "…",
                        "*", "•", "/", "|"})
