"""Redact personal details from free text before anything else sees it.

Detected details are replaced by typed placeholders (``[NAME]``, ``[NHS_NUMBER]``, ``[PHONE]``,
``[EMAIL]``, ``[POSTCODE]``, ``[ADDRESS]``, ``[DOB]``, ``[URL]``); every other character is
kept exactly. The work is done by the ``pii_redactor`` spaCy component (registered in
:mod:`surveys.nlp`), whose ``__call__`` is ``match`` (patterns + filtered NER ``PERSON``)
followed by ``set_annotations``; :class:`Redactor` runs it over texts with ``nlp.pipe``.

Span conventions: a name span covers the name only ("Dr [NAME]", "my son [NAME]"), a date of
birth span covers the date only ("DOB [DOB]"). Ten-digit numbers are NHS numbers only when
their modulus-11 check digit is valid; a number that is a valid UK phone number is a phone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from surveys.nlp import EXTENSION, SPANS_KEY, english_words, load_nlp

PLACEHOLDERS = {"NAME", "NHS_NUMBER", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "DOB", "URL"}

#: Which label wins when two detections overlap (lower wins, then the longer span).
PRIORITY = {"EMAIL": 0, "URL": 1, "NHS_NUMBER": 2, "PHONE": 2, "DOB": 3, "POSTCODE": 4,
            "ADDRESS": 5, "NAME": 6}


@dataclass(frozen=True)
class Span:
    """One redacted stretch of the original text (character offsets, end exclusive)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Redacted:
    """A redacted text and where its placeholders came from in the original."""

    text: str
    spans: tuple[Span, ...]

    def counts(self) -> dict[str, int]:
        """Number of redactions per label (labels with none are left out)."""
        return dict(sorted(Counter(s.label for s in self.spans).items()))


# --- lexicon ------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


#: Common UK first names (written for this project; a cue is still needed when lowercase).
FIRST_NAMES = _words("""
aaron abbie abby abdul abigail adam adrian ahmed aidan aiden aimee aisha alan alana albert alex
alexander alexandra alfie alice alicia alison amanda amelia amir amy andrea andrew andy angela
angie anita ann anna anne annette annie anthony antony archie arthur ashley ayesha barbara barry
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
""")

#: Names that are also everyday words, months or places: only taken with a cue or from NER.
AMBIGUOUS_NAMES = _words("""
will may june april august grace hope faith joy mark bill rose pat sue frank dawn summer autumn
holly ivy daisy amber ruby jade crystal sky sunny rich guy ray drew chase miles jordan paris
chelsea florence georgia india austin lincoln carol robin rob matt nick don ed al penny sandy
heather hazel willow poppy olive angel star storm hunter mason bailey cole reed art kay faye
lily iris eve max victoria clare kent devon sage gene sonny page
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
INITIAL = re.compile(r"[A-Z]\.")
#: Modifiers allowed between a name and a following role ("Jo, my support worker").
ROLE_MODIFIERS = _words("support care key social peer mental health new old lovely main "
                        "amazing link community crisis ward named lead")
#: Words that follow "Will", "May", "Hope" ... used as verbs at the start of a sentence.
NOT_AFTER_NAME = _words("i you we they he she it the a an my your this that there be not have "
                        "all everyone someone anyone these those me us them")
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
english british polish portuguese lithuanian romanian
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

LOWER_SHAPE = re.compile(r"(?:[a-z]{1,2}['’])?[a-z]+(?:-[a-z]+)*")
REPEATED = re.compile(r"(.)\1\1")
NAME_SHAPE = re.compile(
    r"(?:(?:Mc|Mac|De|Di|Da|Le|La|Van|Fitz)?[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z]['’][A-Z][a-z]+)"
    r"(?:[-'’][A-Z][a-z]+)*"
)

# --- patterns -----------------------------------------------------------------------------------

EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
)

URL_RE = re.compile(
    r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"'“”‘’]+"
    r"|(?<![\w@./])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|org|net|co\.uk|org\.uk|me\.uk|uk|io|me|info|ly|ie)/[^\s<>\"'“”‘’]*",
    re.IGNORECASE,
)
URL_TRAIL = ".,;:!?)]}'\"’”"

PHONE_RE = re.compile(
    r"(?<![\w+£$/.])"
    r"(?P<prefix>(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(0|0)"
    r"(?P<body>\d(?:(?:\)\s?|[ \-.]|\s{2})?\d){8,9})"
    r"(?![\d/])"
)

NHS_RE = re.compile(r"(?<![\w+£$/.-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/]|[.,]\d)")

POSTCODE_AREAS = frozenset("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E
EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL
LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM
SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
""".split())

POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?P<area>[A-Za-z]{1,2})(?P<district>\d[A-Za-z\d]?)\s{0,2}"
    r"(?P<inward>\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?![A-Za-z0-9])"
)
ORDINAL_RE = re.compile(r"\d(?:st|nd|rd|th)")

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:(?:19|20)\d{2}|['’]?\d{2})"
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)"
    r"|(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?!\d)"
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}(?!\d)"
    rf"|{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)"
    rf"|{_MONTH}\s+(?:19|20)\d{{2}}(?!\d))"
)
_DOB_CUE = (r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s?date\b|\bbirthdate\b"
            r"|\bborn\b)")
DOB_RE = re.compile(
    rf"{_DOB_CUE}[\s:=\-–,.(]*(?:(?:is|was|on|being|as|of|the|in)\b[\s:=\-–,]*){{0,3}}"
    rf"(?P<date>{_DATE})"
    rf"|(?P<date2>{_DATE})\s*[(\[]?\s*(?:dob|d\.o\.b\.?|date\s+of\s+birth)\b",
    re.IGNORECASE,
)

_STREET = (
    r"road|rd|street|st|lane|ln|avenue|ave|close|crescent|cres|place|gardens|gdns|grove|"
    r"terrace|tce|walk|row|hill|green|square|sq|mews|rise|park|parade|view|yard|loke|chase|"
    r"gate|vale|way|court|ct|meadow|meadows|fields|end|wharf|quay|boulevard|drift|common|"
    r"approach|croft|dale|corner|mount|paddock|orchard|bank|lea|hollow|path|circus|cottages|"
    r"villas|drive|dr"
)
_NOT_STREET_WORD = (
    r"and|or|to|a|an|i|im|my|we|was|were|is|are|be|been|at|in|for|with|from|by|it|this|that|"
    r"not|no|me|you|he|she|they|our|your|his|her|their|have|had|has|got|get|so|but|if|as|up|"
    r"down|out|off|over|into|on|per|every|each|more|less|than|then|when|all|some|any|times?|"
    r"weeks?|wks?|days?|months?|years?|yrs?|hours?|hrs?|mins?|minutes?|seconds?|secs?|miles?|"
    r"people|buses|bus|calls?|sessions?|appointments?|tablets?|pills?|mg|kids?|children|staff|"
    r"nurses?|doctors?|members?|admissions?|visits?|letters?|stars?|out|pm|am|percent|pounds?"
    r"|quid|p|x|attendees|carers?|users?|people's|ward|beds?"
)
ADDRESS_RE = re.compile(
    r"(?<![\w£$.,:/-])"
    r"(?:(?:flat|apartment|apt|unit)\.?\s*\d{1,4}[a-z]?\s*,?\s+)?"
    r"\d{1,4}[a-z]?(?:\s*-\s*\d{1,4})?,?\s+"
    rf"(?:(?!(?:{_NOT_STREET_WORD})\b)[a-z][a-z'’.-]*\s+){{1,4}}"
    rf"(?:{_STREET})\b",
    re.IGNORECASE,
)


def nhs_check_digit_ok(digits: str) -> bool:
    """True if a 10-digit string passes the NHS number modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def is_uk_phone(national: str) -> bool:
    """True if national-format digits (leading 0) have the length of a UK number of that kind."""
    if not national.isdigit() or not national.startswith("0"):
        return False
    if len(national) == 11:
        return national[1] in "123589" or national.startswith(("07", "05", "08", "09"))
    if len(national) == 10:
        return national.startswith(("01", "0800", "0500"))
    return False


def _phone_spans(text: str) -> list[Span]:
    spans = []
    for m in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group("body"))
        prefix = m.group("prefix")
        national = "0" + digits if "44" in prefix or prefix in ("0", "(0") else digits
        if prefix not in ("0", "(0") and digits.startswith("0"):
            continue
        if is_uk_phone(national):
            start = m.start() + (1 if prefix == "(0" and ")" not in m.group(0) else 0)
            spans.append(Span(start, m.end(), "PHONE"))
    return spans


def _nhs_spans(text: str) -> list[Span]:
    spans = []
    for m in NHS_RE.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(4)
        if digits.startswith("0") and is_uk_phone(digits):
            spans.append(Span(m.start(), m.end(), "PHONE"))
        elif nhs_check_digit_ok(digits):
            spans.append(Span(m.start(), m.end(), "NHS_NUMBER"))
    return spans


def _url_spans(text: str) -> list[Span]:
    spans = []
    for m in URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in URL_TRAIL:
            if text[end - 1] == ")" and text.count("(", m.start(), end) >= text.count(
                ")", m.start(), end
            ):
                break
            end -= 1
        if end - m.start() > 4:
            spans.append(Span(m.start(), end, "URL"))
    return spans


def _postcode_spans(text: str) -> list[Span]:
    spans = []
    for m in POSTCODE_RE.finditer(text):
        if m.group("area").upper() not in POSTCODE_AREAS:
            continue
        inward = m.group("inward")
        if inward.islower() and ORDINAL_RE.fullmatch(inward):
            continue
        spans.append(Span(m.start(), m.end(), "POSTCODE"))
    return spans


def _dob_spans(text: str) -> list[Span]:
    spans = []
    for m in DOB_RE.finditer(text):
        group = "date" if m.group("date") else "date2"
        spans.append(Span(m.start(group), m.end(group), "DOB"))
    return spans


def _address_spans(text: str) -> list[Span]:
    spans = []
    for m in ADDRESS_RE.finditer(text):
        words = m.group(0).split()
        if words[-1].rstrip(".").lower() in {"dr", "st"} and m.end() < len(text):
            nxt = text[m.end() : m.end() + 2].strip()
            if nxt[:1].isupper():  # "12 Dr Smith" / "5 St Giles": an honorific or saint
                continue
        spans.append(Span(m.start(), m.end(), "ADDRESS"))
    return spans


def _email_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "EMAIL") for m in EMAIL_RE.finditer(text)]


PATTERN_DETECTORS = (_email_spans, _url_spans, _nhs_spans, _phone_spans, _dob_spans,
                     _postcode_spans, _address_spans)


# --- names --------------------------------------------------------------------------------------


def _shape(text: str) -> str | None:
    if NAME_SHAPE.fullmatch(text):
        return "title"
    if LOWER_SHAPE.fullmatch(text) and not REPEATED.search(text):
        return "lower"
    if text.isalpha() and text.isupper() and len(text) > 1:
        return "upper"
    return None


def _sentence_start(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    prev = doc[i - 1]
    return prev.is_space or prev.text in SENT_BREAK or "\n" in prev.whitespace_


def _cue(doc: Doc, i: int) -> str | None:
    """The kind of context word just before token ``i`` (skipping one comma or bracket)."""
    j = i - 1
    punct = j >= 0 and doc[j].text in {",", "(", ":", "-", "–"}
    if punct:
        j -= 1
    if j < 0:
        return None
    word = doc[j].lower_
    bare = word.rstrip(".")
    prev = doc[j - 1].lower_ if j > 0 else ""
    if (prev, word) in STRONG_CUES:
        return "strong"
    if punct and doc[i - 1].text == ":":
        if bare in {"name", "names"}:
            return "strong"
        if bare in {"from", "to", "by"}:
            return "called"
    if (prev, word) in GREETINGS_2:
        return "greeting"
    if (prev, word) in CALLED_2 or (prev, bare) in CALLED_2:
        return "called"
    if (word in HONORIFICS or bare in HONORIFICS) and not punct:
        if bare in TITLES and doc[j].text.islower() and prev not in DETERMINERS:
            return "title"
        return "honorific"
    if bare in RELATIONS:
        return "relation"
    if bare in ROLE_CUES or bare in HONORIFICS:
        return "role"
    if bare in CALLED_1:
        return "called"
    if bare in GREETINGS:
        return "greeting"
    return None


def _role_follows(doc: Doc, i: int) -> bool:
    """True if token ``i`` is followed by an appositive role ("Jo, my support worker")."""
    k = i + 1
    if k < len(doc) and doc[k].text in {",", "("}:
        k += 1
    while k < len(doc) and k <= i + 3 and doc[k].lower_ in COPULAS:
        k += 1
    if k < len(doc) and doc[k].lower_ in POSSESSIVES:
        k += 1
    else:
        return False
    if k < len(doc) and doc[k].lower_ in ROLE_MODIFIERS:
        k += 1
    return k < len(doc) and (doc[k].lower_ in RELATIONS or doc[k].lower_ in ROLE_CUES)


def _service_follows(doc: Doc, i: int) -> bool:
    """True if token ``i`` is followed by "from/at/on the <team or service>" ("Jo from Mind")."""
    k = i + 1
    if k >= len(doc) or doc[k].lower_ not in {"from", "at", "on", "in", "with"}:
        return False
    k += 1
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    return k < len(doc) and (doc[k].lower_ in SERVICE_WORDS or doc[k].lower_ in ROLE_CUES)


def _bad_word(lower: str) -> bool:
    return lower in COMMON or lower in STOP


def _known(lower: str) -> bool:
    return lower in FIRST_NAMES or lower in SURNAMES


def _norm(tokens) -> str:
    return "".join(t.lower_ for t in tokens).replace("'", "").replace("’", "")


def _is_place(doc: Doc, i: int, j: int) -> bool:
    """True when tokens ``i:j`` are part of a building, service or place name."""
    if any(t.lower_ in FACILITY for t in doc[i:j]):
        return True
    if j < len(doc) and doc[j].lower_ in FACILITY:
        return True
    possessive = j + 1 < len(doc) and doc[j].text in {"'s", "’s"}
    if possessive and doc[j + 1].lower_ in FACILITY and _cue(doc, i) is None:
        return True
    for a in range(max(0, i - 3), i + 1):
        for b in range(j, min(len(doc), j + 3) + 1):
            if _norm(doc[a:b]) in PLACE_PHRASES:
                return True
    return i > 0 and doc[i - 1].lower_ in {"st", "st.", "saint", "queen", "king", "prince"}


class NameFinder:
    """Find person names in a doc: cue words, name lists, and the NER's PERSON guesses.

    Parameters
    ----------
    words : frozenset of str
        English lemmas; an unknown capitalised word that is an English word ("Informed",
        "Diazepam") is not taken as a name without a strong cue.
    suffix_rules : sequence of (str, str)
        Inflection rules (``("ies", "y")``) used to find the lemma of a word.
    """

    def __init__(self, words: frozenset[str], suffix_rules: Sequence[tuple[str, str]]) -> None:
        self.words = words
        self.suffix_rules = tuple(suffix_rules)

    def is_word(self, lower: str) -> bool:
        """True if ``lower`` (or its lemma by a suffix rule) is an English word."""
        if lower in self.words:
            return True
        return any(
            lower.endswith(old) and len(lower) > len(old) + 1
            and lower[: len(lower) - len(old)] + new in self.words
            for old, new in self.suffix_rules
        )

    def is_typo(self, lower: str) -> bool:
        """True if a word is one slip away from an English word ("recieves", "agian").

        Swaps, drops and extra letters count from five letters; wrong letters from seven
        (short names are too often one letter away from a word).
        """
        if len(lower) < 5:
            return False
        letters = "abcdefghijklmnopqrstuvwxyz"
        splits = [(lower[:k], lower[k:]) for k in range(len(lower) + 1)]
        edits = {a + b[1:] for a, b in splits if b}
        edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        edits |= {a + c + b for a, b in splits for c in letters}
        if len(lower) >= 7:
            edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
        edits.discard(lower)
        return any(self.is_word(e) for e in edits)

    def _unknown_word(self, lower: str) -> bool:
        """An ordinary word that is not a listed name (so a weak cue is not enough)."""
        return not _known(lower) and (lower in COMMON or self.is_word(lower))

    def start_ok(self, doc: Doc, i: int) -> bool:
        """Decide whether token ``i`` starts a person's name, from its shape and cue."""
        tok = doc[i]
        shape = _shape(tok.text)
        if shape is None:
            return False
        low = tok.lower_
        if low.rstrip(".") in HONORIFICS:
            return False
        cue = _cue(doc, i)
        known = _known(low)
        if cue == "title" and shape == "lower":  # "dr patel", "mrs o'neill"
            return len(low) > 1 and (known or not (_bad_word(low) or low.endswith("ly")))
        if cue in ("title", "strong"):
            if shape == "lower":
                return len(low) > 1 and (known or not (_bad_word(low) or self.is_word(low)))
            if shape == "upper" and not known:
                return False
            return (known or low not in COMMON) and low not in ROLE_CUES and low not in FACILITY
        if cue == "honorific":
            if shape == "lower":
                return known or not (_bad_word(low) or self.is_word(low) or self.is_typo(low))
            return (known or low not in COMMON) and low not in ROLE_CUES and low not in FACILITY
        if cue is not None:
            if shape == "title":
                if low in AMBIGUOUS_NAMES:
                    return True
                if _bad_word(low):
                    return False
                loose = cue in ("called", "greeting") or doc[i - 1].text in {",", ":", "-"}
                return not (loose and len(low) > 3 and self._unknown_word(low))
            if low in AMBIGUOUS_NAMES:
                return cue == "relation" and low not in LOWER_NEVER
            if low in FIRST_NAMES:
                return not _bad_word(low)
            return (shape == "lower" and cue != "greeting" and len(low) > 2
                    and not _bad_word(low) and not self.is_word(low) and not self.is_typo(low))
        if shape == "title" and not _bad_word(low):
            if _role_follows(doc, i) or _service_follows(doc, i):
                return known or not self.is_word(low)
        if shape == "lower":
            return False
        if i > 0 and doc[i - 1].lower_ in PLACE_BEFORE | {"a", "an"}:
            return False
        if low in FIRST_NAMES and low not in AMBIGUOUS_NAMES:
            return shape == "title" or len(low) > 2
        return shape == "title" and low in SURNAMES and low not in AMBIGUOUS_SURNAMES

    def extend_left(self, doc: Doc, i: int) -> int:
        """Take an unlisted first name just before a listed surname ("Keeley Baxter")."""
        if i == 0 or doc[i].lower_ in FIRST_NAMES:
            return i
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or not prev.whitespace_:
            return i
        low = prev.lower_
        if _shape(prev.text) != "title" or _bad_word(low) or self._unknown_word(low):
            return i
        if low.rstrip(".") in HONORIFICS or low in ROLE_CUES or low in RELATIONS:
            return i
        if i > 1 and doc[i - 2].lower_ in PLACE_BEFORE:
            return i
        return i - 1

    def extend(self, doc: Doc, i: int) -> int:
        """Return the end (exclusive) of the name starting at ``i``: surname(s), hyphen parts."""
        lower_start = _shape(doc[i].text) == "lower"
        j, added = i + 1, 0
        while j < len(doc) and added < 2 and "\n" not in doc[j - 1].whitespace_:
            tok = doc[j]
            if tok.text in {"-", "‐"} and not doc[j - 1].whitespace_ and j + 1 < len(doc):
                if not tok.whitespace_ and _shape(doc[j + 1].text) == "title":
                    j += 2  # "Hannah-May", "Smith-Jones"
                    continue
                break
            shape = _shape(tok.text)
            low = tok.lower_
            if shape == "title" and not _bad_word(low) and low not in FACILITY:
                unknown = self._unknown_word(low) and low not in SURNAMES
                if unknown and not lower_start and added == 0 and j + 1 < len(doc):
                    if _shape(doc[j + 1].text) == "title":
                        break  # a run of capitalised words is more likely a service name
                j, added = j + 1, added + 1
            elif lower_start and shape == "lower" and low in SURNAMES and low not in COMMON:
                j, added = j + 1, added + 1
            else:
                break
        return j

    def ner_names(self, doc: Doc) -> list[tuple[int, int]]:
        """PERSON entities from the statistical NER, trimmed and filtered for precision."""
        out = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            i, j = ent.start, ent.end
            while i < j and (doc[i].lower_.rstrip(".") in HONORIFICS or doc[i].lower_ in ROLE_CUES
                             or _shape(doc[i].text) is None):
                i += 1
            while j > i and (_shape(doc[j - 1].text) is None or doc[j - 1].lower_ in ROLE_CUES):
                j -= 1
            toks = doc[i:j]
            if i == j or any(_shape(t.text) != "title" or _bad_word(t.lower_) for t in toks):
                continue
            if _is_place(doc, i, j):
                continue
            low = doc[i].lower_
            known = any(_known(t.lower_) for t in toks)
            cue = _cue(doc, i)
            if not known and cue is None and all(self.is_word(t.lower_) for t in toks):
                continue  # "Personality Disorder", "Family Hubs"
            if j - i == 1 and not known and cue is None:
                if _sentence_start(doc, i) or self.is_word(low):
                    continue
                if i > 0 and doc[i - 1].lower_ in NOT_PERSON_BEFORE:
                    continue
            if j - i == 1 and _sentence_start(doc, i) and low in AMBIGUOUS_NAMES and cue is None:
                if j < len(doc) and doc[j].lower_ in NOT_AFTER_NAME:
                    continue
            if i > 0 and doc[i - 1].lower_ in {"the", "a", "an"} and cue is None:
                continue
            out.append((i, j))
        return out

    def coordinated(self, doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Names joined to a found name by "and", "&" or a comma ("Priya and Oluwaseun")."""
        taken = {k for i, j in spans for k in range(i, j)}
        found: list[tuple[int, int]] = []
        frontier = list(spans)
        while frontier:
            i, j = frontier.pop()
            for link, cand in ((j, j + 1), (i - 1, i - 2)):
                if not (0 <= link < len(doc) and 0 <= cand < len(doc)) or cand in taken:
                    continue
                if doc[link].lower_ not in {"and", "&", ","}:
                    continue
                tok = doc[cand]
                low = tok.lower_
                if _shape(tok.text) != "title" or _bad_word(low) or low in ROLE_CUES:
                    continue
                if self._unknown_word(low) or low.rstrip(".") in HONORIFICS:
                    continue
                new = (cand, cand + 1) if cand < i else (cand, self.extend(doc, cand))
                if doc[link].text == "," and low not in FIRST_NAMES:
                    after = doc[new[1]].lower_ if new[1] < len(doc) else ""
                    listed = after in {",", "and", "&"} or (cand > i and _sentence_start(doc, i))
                    if not listed:
                        continue
                if _is_place(doc, *new):
                    continue
                taken.update(range(*new))
                found.append(new)
                frontier.append(new)
        return found

    @staticmethod
    def surname_first(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """"Surname, Firstname" at the start of a text or line."""
        out = []
        for i, _ in spans:
            k = i - 2
            if k >= 0 and doc[k + 1].text == "," and _sentence_start(doc, k):
                tok = doc[k]
                if _shape(tok.text) == "title" and not _bad_word(tok.lower_):
                    out.append((k, k + 1))
        return out

    def __call__(self, doc: Doc, *, use_ner: bool = True) -> list[tuple[int, int]]:
        """Token ranges ``(start, end)`` of person names in ``doc``.

        ``use_ner`` also takes the NER's PERSON entities (filtered), when the doc has them.
        """
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(doc):
            if self.start_ok(doc, i):
                j = self.extend(doc, i)
                if _cue(doc, i) is None:
                    start = self.extend_left(doc, i)
                    if not spans or spans[-1][1] <= start:
                        i = start
                if not _is_place(doc, i, j):
                    spans.append((i, j))
                    i = j
                    continue
            i += 1
        if use_ner and doc.has_annotation("ENT_IOB"):
            spans += self.ner_names(doc)
        spans += self.coordinated(doc, spans)
        spans += self.surname_first(doc, spans)
        return [(self.initials(doc, i), j) for i, j in spans]

    @staticmethod
    def initials(doc: Doc, i: int) -> int:
        """Move a name's start back over initials ("Dr A. Khan", "Mrs J Smith")."""
        k = i
        while k > 0 and (INITIAL.fullmatch(doc[k - 1].text) or (
            len(doc[k - 1].text) == 1 and doc[k - 1].text.isupper() and doc[k - 1].text != "I"
            and k > 1 and doc[k - 2].lower_.rstrip(".") in HONORIFICS
        )):
            k -= 1
        return k


# --- resolving and applying ---------------------------------------------------------------------


def resolve(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Drop overlapping spans: the label with the higher priority wins, then the longer span."""
    ordered = sorted(spans, key=lambda s: (PRIORITY[s.label], -(s.end - s.start), s.start))
    kept: list[Span] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        if any(span.start < k.end and k.start < span.end for k in kept):
            continue
        kept.append(span)
    kept.sort(key=lambda s: s.start)
    return tuple(kept)


def apply(text: str, spans: Sequence[Span]) -> str:
    """Replace each span of ``text`` with its ``[LABEL]`` placeholder."""
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(f"[{span.label}]")
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


class PiiRedactor:
    """spaCy component: find personal details and store them on the doc.

    Results go to ``doc.spans[spans_key]`` (token-aligned, for spaCy users) and to
    ``doc._.pii_spans`` (exact character offsets, used by :class:`Redactor`).
    """

    def __init__(self, nlp: Language, name: str = "pii_redactor", *, spans_key: str = SPANS_KEY,
                 use_ner: bool = True) -> None:
        self.name = name
        self.spans_key = spans_key
        self.use_ner = use_ner
        model_path = getattr(nlp, "_path", None)
        words, rules = english_words(model_path if model_path else None)
        self.names = NameFinder(words, rules)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> tuple[Span, ...]:
        """Compute the personal-detail spans of ``doc`` (no changes to the doc)."""
        text = doc.text
        if not text.strip():
            return ()
        found: list[Span] = []
        for detector in PATTERN_DETECTORS:
            found += detector(text)
        for i, j in self.names(doc, use_ner=self.use_ner):
            found.append(Span(doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text), "NAME"))
        return resolve(found)

    def set_annotations(self, doc: Doc, spans: Sequence[Span]) -> None:
        """Store ``spans`` on ``doc`` (``doc.spans`` and ``doc._.pii_spans``)."""
        group = []
        for s in spans:
            span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            if span is not None:
                group.append(span)
        doc.spans[self.spans_key] = group
        doc._.set(EXTENSION, tuple((s.start, s.end, s.label) for s in spans))


# --- public API ---------------------------------------------------------------------------------


class Redactor:
    """Redact personal details from texts with the spaCy pipeline.

    Parameters
    ----------
    nlp : spacy.Language, default=None
        Pipeline to use; ``None`` loads the verified model (:func:`surveys.nlp.load_nlp`). A
        pipeline without ``pii_redactor`` gets it added (last).
    batch_size : int, default=128
        Texts per ``nlp.pipe`` batch.
    n_process : int, default=1
        Worker processes for ``nlp.pipe``.
    """

    def __init__(self, *, nlp: Language | None = None, batch_size: int = 128,
                 n_process: int = 1) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        self.batch_size = batch_size
        self.n_process = n_process
        if "pii_redactor" not in self.nlp.pipe_names:
            self.nlp.add_pipe("pii_redactor", last=True)

    def redact(self, text: str) -> Redacted:
        """Redact one text."""
        return self.redact_many([text])[0]

    def redact_many(self, texts: Iterable[str]) -> list[Redacted]:
        """Redact many texts, in order, batching them through ``nlp.pipe``."""
        texts = list(texts)
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"can only redact str, not {type(text).__name__}")
        results: list[Redacted | None] = [
            Redacted(t, ()) if not t.strip() else None for t in texts
        ]
        todo = [i for i, r in enumerate(results) if r is None]
        if todo:
            longest = max(len(texts[i]) for i in todo)
            if longest >= self.nlp.max_length:
                self.nlp.max_length = longest + 1
            docs = self.nlp.pipe((texts[i] for i in todo), batch_size=self.batch_size,
                                 n_process=self.n_process)
            for i, doc in zip(todo, docs, strict=True):
                spans = tuple(Span(s, e, lab) for s, e, lab in doc._.get(EXTENSION))
                results[i] = Redacted(apply(texts[i], spans), spans)
        return [r for r in results if r is not None]


@lru_cache(maxsize=1)
def get_redactor() -> Redactor:
    """The process-wide redactor (model loaded and verified once)."""
    return Redactor()
