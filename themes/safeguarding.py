"""Safeguarding flags: sentences that may disclose a risk to someone.

Categories: ``suicidal_intent``, ``self_harm``, ``abuse_neglect``, ``harm_to_others``.

Recall comes first: a missed disclosure is worse than a false alarm, so the patterns are broad
and every flag is for a person to read, never an automatic decision. Each flag has a level:

* ``current`` -- a first- or third-person disclosure with no sign that it is long past or
  denied ("I want to end it all", "my partner hits me", "my son is self-harming").
* ``possible`` -- the same kind of statement but denied or historical ("I'm not suicidal
  but...", "I used to cut myself as a teenager", "he hit me years ago"). Still returned by
  default: denials and histories are worth a second look.
* ``mention`` -- the topic is named without anyone's risk ("the suicide prevention strategy",
  "zero suicide training for staff", "domestic abuse services are underfunded"). Not returned
  unless ``min_level="mention"``, so reports on a strategy consultation are not flooded.

>>> flags = flag_risks(["Thanks. I've been cutting again."])[0]
>>> [(f.category, f.level, f.sentence) for f in flags]
[('self_harm', 'current', "I've been cutting again.")]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from themes.sentences import split_sentences
from themes.texts import as_texts

__all__ = ["CATEGORIES", "EXEMPLARS", "LEVELS", "RiskFlag", "flag_risks", "flag_text"]

CATEGORIES: tuple[str, ...] = ("suicidal_intent", "self_harm", "abuse_neglect", "harm_to_others")
LEVELS: tuple[str, ...] = ("current", "possible", "mention")
_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class RiskFlag:
    """One flagged sentence: ``text[start:end] == sentence`` in the original comment."""

    category: str
    sentence: str
    start: int
    end: int
    level: str = "current"
    cue: str = ""


@dataclass(frozen=True)
class _Rule:
    category: str
    pattern: re.Pattern[str]
    negatable: bool = True


_SELF = r"(?:myself|himself|herself|themselves|themself|yourself)"
_FAMILY = (
    r"(?:partner|husband|wife|boyfriend|girlfriend|fianc[ée]e?|ex|ex-\w+|dad|father|mum|mother|"
    r"step-?dad|step-?mum|step-?father|step-?mother|brother|sister|son|daughter|uncle|aunt|"
    r"grandad|grandfather|nan|gran|grandmother|cousin|carers?|staff|nurses?|member\s+of\s+staff|"
    r"neighbou?r|landlord|flatmate|man|woman|someone|people|they|he|she|him)"
)
_HARM_VERB = (
    r"(?:hurt(?:ing)?|harm(?:ing)?|kill(?:ing)?|attack(?:ing)?|stab(?:bing)?|strangl(?:e|ing)|"
    r"hit(?:ting)?|punch(?:ing)?|smash(?:ing)?|batter(?:ing)?|beat(?:ing)?\s+up|murder(?:ing)?|"
    r"shoot(?:ing)?|knife|knifing|strangle)"
)
_OTHERS = (
    r"(?:someone|somebody|anyone|anybody|people|others|other\s+people|him|her|them|"
    r"(?:my|the|a|our|his|her)\s+(?:next\s+)?(?:baby|babies|child|children|kids?|son|daughter|"
    r"partner|wife|husband|mum|dad|mother|father|neighbou?r|boss|nurse|doctor|staff|stranger|"
    r"person|member\s+of\s+staff|brother|sister|family|colleagues?|teacher|receptionist|gp|"
    r"psychiatrist|therapist|(?:support\s+|social\s+|care\s+)?worker|carer|manager|police|"
    r"officer|security|guard|consultant|paramedic)|staff|"
    r"(?:his|her)\s+face)"
)
# Whom a third party hurts in a report of abuse: "hits his kids", "slaps their daughter",
# "neglects her mum" (a child, a partner or an older relative).
_VICTIM_OBJECT = (
    r"(?:(?:his|her|their|the|a|my|our)\s+(?:own\s+|little\s+|young\s+|baby\s+|new(?:born)?\s+|"
    r"elderly\s+|old\s+|older\s+|disabled\s+)?(?:kids?|children|child|sons?|daughters?|"
    r"bab(?:y|ies)|boys?|girls?|toddlers?|step-?\w+|partner|wife|husband|girlfriend|boyfriend|"
    r"mum|mother|dad|father|nan|gran|grandad|grandma|grandmother|grandfather|grandchild(?:ren)?|"
    r"brother|sister))"
)

_SUICIDAL = (
    rf"\b(?:want|wanted|wanting|wants|going|plan|planning|planned|thinking\s+(?:about|of)|"
    rf"think\s+(?:about|of)|thought\s+(?:about|of)|thoughts\s+(?:of|about)|considering|tempted|"
    rf"decided|ready|need|trying|tried)\s+(?:to\s+)?(?:die|dying|end\s+(?:it|it\s+all|things|"
    rf"everything|my\s+life|his\s+life|her\s+life|their\s+life)|ending\s+(?:it|it\s+all|things|"
    rf"everything|my\s+life)|kill(?:ing)?\s+{_SELF}|take\s+(?:my|his|her|their)\s+(?:own\s+)?"
    rf"life|taking\s+(?:my|his|her|their)\s+(?:own\s+)?life|not\s+(?:be\s+here|wake\s+up|exist)"
    rf"|disappear\s+(?:forever|for\s+good)|(?:commit|committing)\s+suicide|suicide|"
    rf"jump(?:ing)?\s+(?:off|in\s+front|from)|hang(?:ing)?\s+{_SELF})",
    rf"\bkill(?:ing|ed|s)?\s+{_SELF}\b|\b(?:end(?:ed|ing|s)?|take|took|taking|takes)\s+"
    rf"(?:my|his|her|their)\s+(?:own\s+)?life\b|\bend(?:ed|ing)?\s+(?:it\s+all|things|"
    rf"everything)\b|\bhang(?:ing|ed)?\s+{_SELF}\b",
    r"\b(?:feel|feeling|felt|am|i'm|been|was|is|are|getting|become|became|very|so|really|"
    r"actively|quite)\s+(?:\w+\s+)?suicidal\b|\bsuicidal\s+(?:thoughts|feelings|ideation|urges|"
    r"again|plans?|intent)\b|\b(?:attempted|tried|try|trying|attempt|attempts)\s+(?:to\s+)?"
    r"(?:commit\s+)?suicide\b|\bsuicide\s+(?:attempts?|note|plan|bid|letter)\b|"
    r"\b(?:talk|talking|talked|talks|speaks|speaking|threaten\w*|mentioned|mentioning)\s+"
    r"(?:about\s+|of\s+)?(?:suicide|killing\s+(?:myself|himself|herself|"
    r"themselves)|ending\s+(?:it|his\s+life|her\s+life|their\s+life|my\s+life))",
    r"\bways\s+to\s+(?:die|kill\s+myself|end\s+it|end\s+my\s+life)\b|\bplann?(?:ing|ed)?\s+how\s+"
    r"(?:to|i'?(?:ll|d)|i\s+(?:will|would|am\s+going\s+to))\s+(?:do\s+it|end\s+it|die|kill)",
    r"\b(?:saving|saved|stockpil\w+|hoard\w*|collecting|storing)\s+(?:up\s+)?(?:my\s+|his\s+|"
    r"her\s+|all\s+my\s+)?(?:tablets|pills|meds|medication|paracetamol)",
    r"\b(?:bought|got|have|buying|has\s+bought)\s+(?:a\s+|some\s+)?(?:rope|ligatures?)\b|"
    r"\bligatures?\b|\bjump(?:ing|ed)?\s+(?:off|from|in\s+front\s+of)\s+(?:a|the)\s+(?:bridge|"
    r"train|car|building|roof|cliff|motorway|bus|lorry|multi-?storey)",
    r"\b(?:giving|given|gave|give)\s+(?:away\s+)?(?:my|all\s+my|his|her)\s+(?:things|stuff|"
    r"possessions|belongings)(?:\s+away)?\b|\bwon'?t\s+(?:need|be\s+needing)\s+(?:them|it|"
    r"anything)\s+(?:much\s+)?(?:longer|for\s+long)|\b(?:a|my)\s+(?:suicide|goodbye)\s+"
    r"(?:note|letter)",
    r"\bwant(?:ed|s)?\s+(?:it|everything|it\s+all)\s+(?:all\s+)?to\s+(?:end|stop)\s*(?:$|[.!,;])",
)

_SUICIDAL_BUILT_IN_NEGATION = (
    r"\b(?:didn'?t|did\s+not|couldn'?t|could\s+not)\s+go\s+through\s+with\s+it\b",
    r"\b(?:don'?t|do\s+not|can'?t|cannot|couldn'?t|no\s+longer)\s+see\s+(?:the\s+|any\s+)?"
    r"(?:point|reason)\s+(?:in|of|to|for)\s+(?:living|life|going\s+on|carrying\s+on|being\s+here|"
    r"anything|it\s+all|live|go\s+on|be\s+here|trying|staying\s+alive|being\s+alive)",
    r"\bno\s+(?:point|reason)\s+(?:in\s+|to\s+)?(?:living|live|life|going\s+on|go\s+on|"
    r"carrying\s+on|carry\s+on|being\s+alive|staying\s+alive|being\s+here)\b|\bwhat'?s\s+the\s+"
    r"point\s+(?:of|in)\s+(?:living|life|going\s+on|anything|carrying\s+on)",
    r"\bbetter\s+off\s+(?:dead|without\s+(?:me|him|her|them)|if\s+(?:i|he|she)\s+(?:was|were)"
    r"(?:n'?t|\s+not)\s+(?:here|around|alive)|if\s+(?:i|he|she)\s+(?:was|were)\s+(?:dead|gone))",
    r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not|no\s+longer|never)\s+(?:\w+\s+)?(?:want|wanna|"
    r"wish)\s+to\s+(?:live|be\s+(?:here|alive|around)|exist|wake\s+up|carry\s+on|go\s+on)\b",
    r"\bwish\s+(?:i|he|she)\s+(?:was|were|had\s+been|'d\s+been)\s+(?:dead|never\s+born|gone)\b|"
    r"\b(?:go\s+to\s+sleep|fall\s+asleep|sleep)\s+and\s+(?:never|not)\s+wake\s+up\b|"
    r"\bwish\s+(?:i|he|she)\s+(?:hadn'?t|had\s+not)\s+woken\s+up\b",
    r"\b(?:can'?t|cannot|can\s+not|couldn'?t|could\s+not)\s+(?:go\s+on|carry\s+on|keep\s+going|"
    r"take\s+(?:it|this|any\s+more|anymore)|cope\s+(?:any\s*more|with\s+life))\b(?!\s+(?:waiting|"
    r"with\s+(?:the|this|these)\s+(?:wait|service|appointments)|paying))",
    r"\b(?:had|have\s+had|i'?ve\s+had|has\s+had)\s+enough\s+of\s+(?:life|living|everything|"
    r"it\s+all|being\s+alive)\b|\blife\s+(?:isn'?t|is\s+not|is\s+no\s+longer|doesn'?t\s+seem|"
    r"not|wasn'?t)\s+(?:\w+\s+)?worth\s+living\b|\bnot\s+worth\s+living\b|\btired\s+of\s+"
    r"(?:living|life|being\s+alive)\b",
    r"\bif\s+it\s+(?:wasn'?t|weren'?t|was\s+not)\s+for\s+(?:my|the)\s+\w+[^.]{0,40}?"
    r"(?:i'?d|i\s+would)\s+(?:have\s+)?(?:be\s+dead|gone|not\s+be\s+here|ended|killed|done\s+it)",
)

_SELF_HARM = (
    rf"\b(?:cut|cutting|cuts|burn|burning|burns|burnt|burned|hurt|hurting|hurts|harm|harming|"
    rf"harmed|harms|hit|hitting|hits|punch|punching|punched|scratch|scratching|scratched|bite|"
    rf"biting|bit|starve|starving|starved|strangle|strangling|choke|choking|injure|injuring|"
    rf"injured|pinch|pinching|bruise|bruising)\s+(?:{_SELF}|(?:my|his|her|their)\s+(?:arms?|"
    rf"legs?|wrists?|skin|thighs?|body|stomach|face|head))\b",
    r"\bself[- ]?harm\w*\b(?=[^.]*\b(?:again|still|now|started|since|last|every|to\s+cope|"
    r"currently|recently|lately)\b)",
    r"\b(?:urges?|urge|wanting|want|need|needed|tempted|itching)\s+to\s+(?:cut|self[- ]?harm|"
    r"hurt\s+myself|harm\s+myself|burn\s+myself|scratch)\b",
    r"\b(?:started|start|starting|been|back\s+to|relapsed\s+(?:and\s+)?(?:started\s+)?|keep|"
    r"kept)\s*(?:cutting|self[- ]?harming|burning|scratching)\b|\bcutting\s+again\b|"
    r"\bcutting\s+(?:every|each)\s+(?:day|night)\b",
    r"\b(?:took|take|taken|taking|takes)\s+(?:an?\s+|another\s+)?overdose\b|\boverdos(?:ed|ing)"
    r"\b|\b(?:took|take|taking|swallowed)\s+(?:too\s+many|all\s+(?:my|his|her|the)|a\s+load\s+of|"
    r"loads\s+of|handfuls?\s+of)\s+(?:pills|tablets|meds|paracetamol|medication)\b|"
    r"\b(?:pills|tablets)\s+on\s+purpose\b",
    r"\bbang(?:ing|ed|s)?\s+(?:my|his|her)\s+head\s+(?:against|on|off)\s+(?!(?:a\s+|the\s+)?"
    r"brick)|\bpunch(?:ed|ing|es)?\s+(?:the\s+)?walls?\b|\b(?:until|till)\s+(?:it|they|my\s+\w+)"
    r"\s+(?:bled|bleed|bleeds|bruised)\b",
    r"\b(?:saving|stockpil\w+|hoard\w*)\s+(?:up\s+)?(?:my\s+|his\s+|her\s+)?(?:tablets|pills|"
    r"meds|medication|paracetamol)",
    r"\bstopped\s+eating\s+(?:on\s+purpose|to\s+punish)|\bon\s+purpose\b(?=[^.]*\b(?:eat|food|"
    r"starv))",
)

_ABUSE = (
    rf"\b{_FAMILY}\b[^.;]{{0,40}}?\b(?:hits?|hitting|beat|beats|beating|beaten|punch(?:es|ed|ing)"
    r"?|kick(?:s|ed|ing)?|slap(?:s|ped|ping)?|strangl(?:es|ed|ing)|chok(?:es|ed|ing)|push(?:es|ed)"
    r"|shov(?:es|ed)|rap(?:es|ed)|assault(?:s|ed)|abus(?:es|ed|ing)|attack(?:s|ed)|"
    r"threaten(?:s|ed|ing)|touch(?:es|ed|ing)|hurts?|hurting|bull(?:y|ies|ied|ying)|forces?|"
    r"forced|grabb?(?:s|ed)|shouts?\s+at|shouted\s+at|screams?\s+at|spat\s+at|throws?\s+things\s+"
    r"at|threw\s+things\s+at|neglect(?:s|ed|ing))\s+(?:me|us|him|her|them|my|patients|residents|"
    rf"mum|dad|the\s+kids|the\s+children|our|{_VICTIM_OBJECT})\b",
    # Someone violent at home, and a writer afraid to be there: "he smashes things when he's
    # drunk", "I'm scared to go home with the baby" (the writer is at risk, not a risk).
    rf"\b{_FAMILY}\b[^.;]{{0,40}}?\b(?:throw(?:s|ing)?|threw|smash(?:es|ed|ing)|break(?:s|ing)?|"
    r"broke)\s+(?:things|stuff|plates|furniture|the\s+(?:house|place)\s+up)\b(?!\s+(?:away|out))",
    r"\b(?:scared|afraid|frightened|terrified|petrified)\s+(?:to\s+(?:go|be|get)\s+(?:back\s+)?"
    r"(?:home|at\s+home|in\s+the\s+house)|of\s+(?:going|being)\s+(?:back\s+)?(?:home|at\s+home))\b",
    # Kept in: "she keeps me in the house", "keeps his dad locked in" (not "kept me in the
    # loop", "kept me in a bay").
    r"\b(?:keeps?|kept|keeping)\s+(?:me|us|him|her|them|(?:my|his|her|their)\s+\w+)\s+"
    r"(?:locked\s+(?:in|up|inside)|indoors|inside|at\s+home|in\s+the\s+(?:house|flat|bedroom)|"
    r"in\s+(?:my|his|her|their)\s+(?:room|bedroom))\b",
    r"\b(?:being|been|was|were|am|is|getting|get|gets)\s+(?:\w+\s+)?(?:abused|hit|beaten|"
    r"assaulted|raped|attacked|hurt|bullied|groomed|exploited|threatened|controlled|stalked|"
    r"harassed|neglected|strangled|kicked|punched|slapped|pushed|robbed|sexually\s+\w+)\s+by\b",
    r"\bthreaten(?:s|ed|ing)?\s+to\s+(?:kill|hurt|harm|hit|beat|stab)\s+(?:me|us|my|the\s+kids|"
    r"the\s+children|him|her)\b|\b(?:he|she|they)\s+(?:said\s+(?:he|she|they)\s*)?(?:'d|'ll|"
    r"would|will)\s+(?:hurt|kill|harm|hit|beat|stab)\s+(?:me|us|the\s+kids|the\s+children|"
    r"my\s+\w+)",
    r"\b(?:takes|took|controls?|controlled|controlling|keeps|kept|spends|spent|stole|steals|"
    r"stealing)\s+(?:all\s+)?(?:my|his|her|our|mum'?s|dad'?s)\s+(?:money|bank\s*cards?|"
    r"cards?|benefits|pension|wages|phone|passport|keys)\b",
    r"\block(?:s|ed|ing)?\s+(?:me|us|him|her|them)\s+(?:in|up|out)\b|\bchecks?\s+(?:my|his|her)\s+"
    r"(?:phone|messages)\b|\bcontrols?\s+(?:all\s+)?(?:the|my|our)\s+(?:money|finances)",
    r"\b(?:scared|afraid|frightened|terrified)\s+(?:of|to\s+go\s+home|to\s+leave|to\s+tell)\s+"
    rf"(?:(?:my|of)\s+)?(?:{_FAMILY}|because|what\s+(?:he|she|they))\b",
    r"\bkeeps?\s+(?:turning|showing)\s+up\s+at\s+(?:my|our)\s+(?:house|home|flat|work|door)|"
    r"\bstalk(?:s|ed|ing)\s+me\b|\bfollows?\s+me\s+home\b",
    r"\braped\b|\bsexually\s+(?:assaulted|abused|exploited)\b|\b(?:forces?|forced|makes?|made)\s+"
    r"(?:me|him|her)\s+(?:to\s+)?have\s+sex\b|\bgroom(?:ed|ing)\b|\btouch(?:es|ed)\s+me\b",
    r"\bleft\s+(?:\w+\s+){0,3}?(?:in\s+(?:soiled|wet|dirty)|without\s+(?:food|water|a\s+drink|"
    r"help|pain\s+relief|medication|care|any\s+food)|on\s+the\s+floor|lying\s+(?:on|in)\s+"
    r"(?:the\s+floor|urine|faeces|their\s+own))|\b(?:in|with)\s+(?:soiled|wet|dirty)\s+"
    r"(?:sheets|clothes|pads|bedding|nightie|pyjamas)",
    r"\b(?:financially\s+)?exploit(?:ed|ing)\b|\bcuckoo(?:ed|ing)\b|\bmoved\s+into\s+(?:his|her|"
    r"my)\s+flat\b|\babusive\s+(?:relationship|partner|husband|wife|boyfriend|girlfriend|"
    r"marriage|ex|home|parents?|father|mother|family)\b|\bcoercive(?:ly)?\s+control\w*",
)

_ABUSE_BUILT_IN_NEGATION = (
    r"\b(?:won'?t|doesn'?t|does\s+not|will\s+not|never|don'?t|didn'?t)\s+let\s+(?:me|us|him|her|"
    r"them|mum|dad|nan|gran|grandad|(?:my|his|her|their)\s+\w+)\s+"
    r"(?:see|leave|go|out|have|speak|talk|use|contact|visit|eat)\b|\b(?:not|isn'?t|aren'?t|"
    r"wasn'?t|am\s+not)\s+allowed\s+(?:to\s+)?(?:see|leave|go\s+out|out|speak|have\s+(?:money|"
    r"my\s+phone|friends))\b",
    r"\b(?:hasn'?t|haven'?t|has\s+not|have\s+not|wasn'?t|weren'?t|isn'?t|not|never)\s+(?:been\s+)?"
    r"(?:fed|washed|changed|turned(?!\s+up)|given\s+(?:any\s+)?(?:food|water|a\s+drink|drinks|"
    r"meals|medication))\b|\b(?:nobody|no\s+one|no-one)\s+(?:has\s+)?(?:washed|changed|fed|"
    r"turned(?!\s+up)|checked\s+on|bathed)\b",
    r"\bcarers?\s+(?:never|don'?t|didn'?t|do\s+not|did\s+not)\s+(?:turn\s+up|come|visit|show\s+up)"
    r"\b|\bleaves?\s+(?:me|him|her|them)\s+(?:in\s+bed|alone|on\s+(?:my|his|her|their)\s+own)"
    r"(?:\s+all\s+day|\s+for\s+(?:hours|days))?",
)

_HARM_OTHERS = (
    rf"\b(?:i|i'll|i'm|i\s+will|i\s+might|i\s+could|i'd|i\s+would|want(?:ed|ing|s)?\s+to|"
    rf"going\s+to|"
    rf"feel\s+like|urges?\s+to|thoughts\s+(?:of|about)|afraid\s+i|worried\s+i|scared\s+i|"
    rf"terrified\s+i|tempted\s+to)\s*(?:\w+\s+){{0,3}}?{_HARM_VERB}\s+{_OTHERS}\b(?!\s+off)",
    rf"\b(?:he|she|they)(?:'d|'ll|\s+would|\s+will|\s+(?:is|was|are|were)\s+going\s+to|\s+"
    rf"threaten(?:s|ed)\s+to|\s+wants?\s+to|\s+wanted\s+to|\s+said\s+(?:he|she|they)\s+would)"
    rf"\s+(?:\w+\s+){{0,2}}?{_HARM_VERB}\s+{_OTHERS}\b(?!\s+off)",
    r"\bvoices?\s+(?:are\s+|keep\s+)?(?:tell|telling|told|say|saying|said|want|wants)\s+"
    r"(?:me\s+)?(?:to\s+)?(?:hurt|kill|harm|attack|stab)\s+(?!myself)\w+",
    r"\bcarry(?:ing)?\s+a\s+(?:knife|blade|weapon)|\b(?:keep|kept|have|got)\s+a\s+(?:knife|"
    r"blade|weapon)\s+(?:in|on|under)\b|\bget\s+(?:back\s+at|revenge\s+on|even\s+with)\s+"
    r"(?:him|her|them|people)|\bmake\s+(?:him|her|them)\s+pay\b",
)

# Topic words: a mention without personal context; a disclosure with it.
_TOPICS: dict[str, str] = {
    "suicidal_intent": r"\bsuicid(?:e|al|ality)\b",
    "self_harm": r"\bself[- ]?harm\w*|\boverdos\w*",
    "abuse_neglect": r"\b(?:domestic\s+(?:abuse|violence)|abuse|abused|abusive|neglect(?:ed)?|"
    r"safeguarding|exploitation|coercive\s+control|violence|violent)\b",
    "harm_to_others": r"\b(?:aggression|aggressive)\b",
}
_PERSONAL = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|im|ive|me|my|myself|he|she|him|his|her|herself|himself|we|us|our|"
    r"son|daughter|partner|husband|wife|mum|dad|brother|sister|friend)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|im|ive|me|my|mine|myself|he|she|him|his|her|herself|himself|"
    r"son|daughter|partner|husband|wife|mum|mother|dad|father|brother|sister|friend|boyfriend|"
    r"girlfriend|nan|grandad|gran|uncle|aunt)\b",
    re.IGNORECASE,
)
_POLICY = re.compile(
    r"\b(?:strateg\w+|prevention|training|trained|awareness|rates|statistics|polic(?:y|ies)|"
    r"campaigns?|funding|underfunded|figures|research|pathways?|should|must|essential|"
    r"commissioners?|mentions?|refuges?|teach|teachers?|everyone'?s\s+business)\b",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"\b(?:pathways?|teachers?|schools?|gps|refuges?|everyone'?s|reviews?|should|must|"
    r"strateg\w+|prevention|training|trained|awareness|rates?|statistics|services?|polic\w+|"
    r"campaigns?|people\s+who|those\s+who|young\s+people|men|women|patients|staff|funding|"
    r"funded|underfunded|figures|numbers|research|mentions?|charity|charities|leaflets?|"
    r"posters?|helplines?|lines?|course|commissioners?|safeguarding\s+(?:team|lead|board))\b",
    re.IGNORECASE,
)
_NEGATORS = re.compile(
    r"\b(?:not|never|no|n't|without|denies|denied|deny)\b|n't\b|\bnot\b", re.IGNORECASE
)
_NEGATION_BREAK = re.compile(
    r"\b(?:know|why|how|what|because|but|and|when|if|that|think|understand|care|anyone\s+knows)"
    r"\b", re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:used\s+to|years\s+ago|\d+\s+years\s+ago|(?:many|a\s+few|several|some|ten|twenty)\s+"
    r"years\s+(?:ago|back)|when\s+i\s+was\s+(?:a\s+)?(?:teenager|young|younger|child|kid|little|"
    r"student|at\s+school|at\s+university|at\s+uni|\w*teen|\d+)|in\s+(?:19|20)\d\d|in\s+the\s+"
    r"past|as\s+a\s+(?:teenager|child|kid|student|young\s+\w+)|history\s+of|in\s+my\s+(?:teens|"
    r"twenties|thirties|youth)|clear\s+for|(?:haven'?t|have\s+not|hasn'?t|has\s+not)\s+"
    r"(?:done\s+it|"
    r"self[- ]?harmed|cut|hurt\s+myself)\s+(?:for|since)|back\s+then|long\s+time\s+ago)\b",
    re.IGNORECASE,
)
_NOT_NOW = re.compile(r"\bnot\s+(?:now|any\s*more|these\s+days|since)\b", re.IGNORECASE)
_CURRENT = re.compile(
    r"\b(?:again|still|currently|at\s+the\s+moment|right\s+now|last\s+(?:night|week|month|"
    r"weekend)|yesterday|today|tonight|this\s+(?:morning|week|month)|recently|lately|these\s+days"
    r"|every\s+(?:day|night)|keep|keeps|right\s+now|at\s+present)\b",
    re.IGNORECASE,
)

# Broad tier: risk vocabulary in a sentence about a person. Catches paraphrases the phrase rules
# miss, at the price of false alarms; its flags are never above "possible".
_BROAD: dict[str, tuple[str, ...]] = {
    "suicidal_intent": (
        r"\bsuicid\w*", r"\b(?:to\s+)?die\b", r"\bdead\b", r"\bend(?:ing)?\s+(?:it|everything|"
        r"things|my\s+life|it\s+all)\b", r"\b(?:be|being|still\s+be)\s+(?:here|around|alive)\b"
        r"(?=[^.]*\b(?:won'?t|not|don'?t|no\s+longer|next\s+(?:year|week|month)|by\s+\w+mas))",
        r"\b(?:wasn'?t|weren'?t|was\s+not|not)\s+(?:in\s+it|here|around|alive)\b",
        r"\bwithout\s+me\b", r"\bburden\b", r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b",
        r"\b(?:no|any)\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go\s+on|carry\s+on)\b",
        r"\bno\s+future\b|\b(?:can'?t|cannot)\s+see\s+(?:a|any)\s+future\b",
        r"\bno\s+way\s+out\b", r"\bgive\s+up\s+on\s+(?:everything|life|it\s+all|myself)\b",
        r"\bend\s+of\s+my\s+(?:rope|tether)\b", r"\bgoodbyes?\b", r"\bdisappear\w*\b",
        r"\bwalk(?:ing)?\s+into\s+the\s+(?:sea|river|water)\b", r"\bin\s+front\s+of\s+(?:a|the)\s+"
        r"(?:train|bus|lorry|car|traffic)\b", r"\bdriv(?:e|ing)\s+(?:the\s+car\s+)?into\b",
        r"\bcliff\w*\b", r"\bbridge\b", r"\bjump\w*\b", r"\brope\b", r"\bhang\w*\s+"
        r"(?:myself|himself|herself)\b", r"\b(?:pills|tablets)\s+(?:lined\s+up|ready|saved)\b",
        r"\bhow\s+many\s+(?:tablets|pills)\b", r"\b(?:whether|how)\s+to\s+do\s+it\b",
        r"\bworld\s+would\s+be\s+(?:better|easier)\b", r"\bbetter\s+(?:off\s+)?without\s+me\b",
        r"\bcope\s+better\s+without\s+me\b", r"\bnot\s+(?:be\s+)?around\b",
    ),
    "self_harm": (
        r"\bself[- ]?harm\w*", r"\boverdos\w*", r"\bcut(?:s|ting)?\b", r"\bslic\w+",
        r"\brazors?\b", r"\bblades?\b", r"\bcompass\b", r"\bwrists?\b",
        r"\bscratch\w*\s+(?:at\s+)?(?:my|his|her)\b", r"\b(?:bleed|bled|bleeding|bleeds)\b",
        r"\bburn\w*\s+(?:myself|himself|herself|(?:my|his|her)\s+(?:arms?|legs?|skin|hands?|"
        r"wrists?|thighs?|body|face))\b", r"\b(?:lighter|set\s+fire\s+to\s+(?:my|his|her))\b",
        r"\bpunish\w*\s+(?:myself|himself|herself)\b", r"\bpull\w*\s+(?:my\s+|her\s+|his\s+)?"
        r"hair\s+out\b", r"\bpick\w*\s+(?:at\s+)?(?:my|his|her)\s+skin\b",
        r"\bknock\s+(?:myself|himself|herself)\s+out\b", r"\bpass\s+out\b",
        r"\bmake\s+(?:myself|himself|herself)\s+sick\b", r"\bpurg\w+", r"\bstarv\w+",
        r"\bswallow\w*\s+(?:batteries|objects|things|pills|tablets|bleach)\b",
        r"\bbang\w*\s+(?:my|his|her)\s+(?:head|fists)\b", r"\bmarks\s+on\s+(?:my|his|her)\b",
        r"\bscars?\b", r"\bhurt\w*\s+my\s+body\b", r"\bextra\s+(?:of\s+my\s+)?(?:tablets|pills)\b",
        r"\b(?:pills|tablets)\s+(?:lined\s+up|ready|saved)\b",
    ),
    "abuse_neglect": (
        r"\b(?:grabs?|grabbed|drags?|dragged|slaps?|slapped|kicks?|kicked|punch(?:es|ed)|belts?|"
        r"belted|shoves?|shoved|pushes|pushed|hits?|knock(?:s|ed)\s+\w+\s+about|bruis\w+|"
        r"chok(?:es|ed)|strangl(?:es|ed)|throws?\s+things|threw\s+things)\s+(?:me|us|him|her|my)\b",
        r"\bby\s+the\s+throat\b", r"\bworthless\b", r"\bpermission\b", r"\ballowed\b",
        r"\blocks?\s+(?:the|me|us|my)\b", r"\btracks?\s+my\b", r"\bgoes\s+mad\b",
        r"\bsteals?\b|\bstole\b|\bstealing\b", r"\bbank\s+account\b", r"\bpurse\b",
        r"\bthreaten\w*\s+(?:me|us|him|her)\b", r"\b(?:afraid|scared|frightened|terrified)\s+of\s+"
        r"(?:him|her|them|my)\b", r"\binappropriate(?:ly)?\s+(?:touch\w*|contact|sexual\w*|photos?|"
        r"pictures?|images?|messages?|texts?|relationship|behaviou?r|comments?)\b|\btouch\w*\s+"
        r"(?:me|him|her|them|my\s+\w+)\s+inappropriately\b",
        r"\bforced\s+(?:himself|herself|me)\b",
        r"\brap(?:e|ed|ist)\b", r"\bsexual\w*\b", r"\bdrugs\s+from\b", r"\bcarry\s+(?:parcels|"
        r"packages|drugs)\b", r"\bcuckoo\w*", r"\bexploit\w*", r"\bmoved\s+(?:his|her|their)\s+"
        r"(?:mates|friends)\s+in\b", r"\b(?:same|soiled|wet|dirty)\s+pad\b",
        r"\bno\s+food\s+in\s+the\s+house\b", r"\bhasn'?t\s+been\s+(?:in\s+|round\s+)?for\s+"
        r"(?:days|weeks|a\s+(?:week|few\s+days)|\w+\s+(?:days|weeks))\b", r"\bneglect\w*",
        r"\babus\w+", r"\bviolen\w+", r"\bknocked\s+(?:us|me|him|her)\s+about\b",
    ),
    "harm_to_others": (
        r"\blash\w*\s+out\b", r"\bstrangl\w*\s+(?:my|him|her|them|someone)\b",
        r"\bstab(?:s|bed|bing)?\b",
        r"\bbatter\w*\s+(?:the|him|her|someone|people|them)\b", r"\bpillow\s+over\b",
        r"\bpush\w*\s+people\b", r"\bburn\s+(?:his|her|their)\s+(?:house|flat|car)\b",
        r"\bhammer\b", r"\bknife\b", r"\bweapon\b", r"\brevenge\b",
        r"\bintrusive\s+thoughts\b", r"\bpunish\s+(?:the|them|him|her|people)\b",
        r"\bgoing\s+round\s+there\b", r"\burges?\s+to\s+(?:push|hurt|harm|hit|kill|attack)\b",
        r"\b(?:hurt|harm|kill)\w*\s+(?:someone|somebody|anyone|people|others|my\s+(?:baby|newborn|"
        r"child|children|kids|mum|dad|partner))\b",
    ),
}
# "Sat in the car ...", "Been cutting again": informal first person with the subject left out.
_ELIDED_SUBJECT = re.compile(
    r"\W*(?:\w+ed|\w+ing|sat|feel|felt|been|got|want|wanted|can'?t|cant|don'?t|dont|keep|kept|"
    r"tried|took|had|have|am|need|wish|thought|think)\b",
    re.IGNORECASE,
)
# The writer is the one at risk: afraid of someone or of home, or someone hostile to them. A
# fuzzy "harm to others" flag on such a sentence is read as abuse ("I'm scared to go home",
# "she screams in my face"); "I'm scared I will hurt the baby" is not (the writer would harm).
_VICTIM = re.compile(
    r"\b(?:scared|afraid|frightened|terrified|petrified)\s+(?:of\s+(?:him|her|them|my\s+\w+|"
    r"what\s+(?:he|she|they))|to\s+(?:go|be|get|stay|leave|tell)\b|for\s+(?:my|our|the)\s+"
    r"(?:life|lives|safety|kids|children|baby)|(?:that\s+|because\s+|when\s+)?(?:he|she|they)\b)"
    rf"|\b{_FAMILY}\b[^.;]{{0,40}}?\b(?:shouts?|shouted|shouting|screams?|screamed|screaming|"
    r"yell(?:s|ed|ing)?|swears?|swore|gets?\s+(?:\w+\s+)?(?:angry|violent|aggressive|nasty)|"
    r"hits?|hurts?|threaten\w*|grabs?|grabbed|push(?:es|ed)|kicks?|kicked|slaps?|slapped|"
    r"chok\w+|abus\w+|attack\w*|bull(?:y|ies|ied)|frighten\w*|scares?)\b[^.;]{0,20}?"
    r"\b(?:me|us|my|our)\b",
    re.IGNORECASE,
)
_I_SUBJECT = re.compile(r"\b(?:i|i'm|i'll|i'd|i've|im|ive|me\s+to)\b", re.IGNORECASE)
_IDIOMS = re.compile(
    r"\bto\s+die\s+for\b|\bdie\w*\s+(?:of|laughing)\b|\bdying\s+(?:to|for|of)\b|\bdead\s+"
    r"(?:keen|tired|boring|good|easy|on|right|set|serious|end|lucky|funny|pleased)\b|"
    r"\bkill(?:ing)?\s+it\b|\bkilling\s+me\b|\bkill\s+for\b|\bkill\s+two\s+birds\b|"
    r"\bcut\s+(?:\w+\s+){1,2}(?:off|short)\b|\bcut\s+(?:our|their|its|the|waiting|costs?|"
    r"numbers?|rates?|admissions|detentions)\b|\b(?:has|have|had)\s+cut\s+(?!myself|himself|"
    r"herself|themselves|me\b|him\b|her\b|my\b|his\b|again)|\b(?:support|services?|funding|"
    r"budgets?|hours|posts?|beds?|groups?|staff(?:ing)?|jobs?)\s+(?:\w+\s+){0,2}(?:being|been|"
    r"was|were|is|are|got|get|getting)\s+cut\b|"
    r"\bhit\s+the\s+(?:roof|ground|nail|spot|target|road)\b|\bcut\s+(?:down|back|off|short|my\s+"
    r"(?:hours|hair|toenails|nails|losses)|the\s+(?:funding|budget|red\s+tape))\b|\bcuts\s+to\b"
    r"|\bsick\s+(?:to\s+death|of|and\s+tired)\b|\bsmash\w*\s+(?:it|my|her|his)\s+exams?\b|"
    r"\bburns?\s+cds\b|\bpush\w*\s+(?:back|me\s+to)\b|\bbeat\s+(?:the|every|all)\b|"
    r"\bhurt\s+my\s+(?:back|knee|leg|shoulder|neck|foot|ankle|wrist|hip)\b|"
    r"\bbang\w*\s+(?:my|your|our|his|her)\s+head\s+(?:against|on)\s+(?:a\s+)?brick\s+wall\b|"
    r"\b(?:love|bored|scared|worried)\s+\w*\s*to\s+death\b|\bfed\s+up\b|\bblood\s+"
    r"(?:pressure|tests?)\b|\bcan'?t\s+wait\b|"
    # A service's visiting rules, not a person controlled: "I'm not allowed to stay with her on
    # the ward", "my husband was not allowed in the room" (once; "I'm not allowed in the room
    # when he's on the phone" is still read).
    r"\ballowed\s+(?:in|into|to\s+(?:come|stay|be|sit|go)\s+(?:in|into|with))\b"
    r"(?=[^.]{0,40}\b(?:ward|appointments?|assessments?|meetings?|unit|hospital|sessions?|"
    r"consultations?|visits?|surgery|a\s*&\s*e)\b)|"
    r"\b(?:was|were)\s+(?:not\s+)?allowed\s+(?:in|into)\s+the\s+room\b|"
    r"\b(?:wasn'?t|weren'?t)\s+allowed\s+(?:in|into)\s+the\s+room\b",
    re.IGNORECASE,
)
_THING_KILLS = re.compile(
    r"\b(?:lists?|waits?|waiting|system|cuts|stress|delays?|pressure|staffing|policy|policies|"
    r"service|services|situation|process|bureaucracy|red\s+tape|uncertainty|worry|job)\s+"
    r"(?:is|are|was|were)\s+(?:slowly\s+|literally\s+|actually\s+)?killing\s+"
    r"(?:people|us|them|patients|families|carers|me|him|her)\b",
    re.IGNORECASE,
)
_BROAD_RULES = {
    c: re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(f"(?:{p})" for p in ps) + ")", re.IGNORECASE)
    for c, ps in _BROAD.items()
}
_VIOLENCE = re.compile(
    r"(?<!\w)(?=\w)(?<!self-)(?<!self\s)\b(?:hurt|harm|kill|attack|stab|hit|punch|smash|"
    r"strangle|beat|push|shove|murder|throttle|batter)(?:s|ed|ing|ting|bing|bed|ted)?\b\s+"
    rf"(?:\w+\s+){{0,2}}?{_OTHERS}\b",
    re.IGNORECASE,
)


def _compile(category: str, patterns: Iterable[str], *, negatable: bool) -> _Rule:
    """One regex per rule group, tried only at word starts (much faster than one per pattern)."""
    body = "|".join(f"(?:{p})" for p in patterns)
    return _Rule(category, re.compile(rf"(?<!\w)(?=\w)(?:{body})", re.IGNORECASE), negatable)


_RULES: tuple[_Rule, ...] = (
    _compile("suicidal_intent", _SUICIDAL, negatable=True),
    _compile("suicidal_intent", _SUICIDAL_BUILT_IN_NEGATION, negatable=False),
    _compile("self_harm", _SELF_HARM, negatable=True),
    _compile("abuse_neglect", _ABUSE, negatable=True),
    _compile("abuse_neglect", _ABUSE_BUILT_IN_NEGATION, negatable=False),
    _compile("harm_to_others", _HARM_OTHERS, negatable=True),
)
_TOPIC_RULES = {c: re.compile(rf"(?<!\w)(?=\w)(?:{p})", re.IGNORECASE) for c, p in _TOPICS.items()}


def _negated(sentence: str, start: int, end: int) -> bool:
    """True if a negator in the few words before (or inside) the cue governs it."""
    before = sentence[:start].split()[-5:]
    window = " ".join(before) + " " + sentence[start:end]
    for match in _NEGATORS.finditer(window):
        if not _NEGATION_BREAK.search(window[match.end():]):
            return True
    return False


def _level(sentence: str, match: re.Match[str], negatable: bool) -> str:
    if negatable and _negated(sentence, match.start(), match.end()):
        return "possible"
    if _NOT_NOW.search(sentence) or (_PAST.search(sentence) and not _CURRENT.search(sentence)):
        return "possible"
    return "current"


def _sentence_flags(sentence: str) -> dict[str, tuple[str, str]]:
    """Best (level, cue) per category for one sentence."""
    found: dict[str, tuple[str, str]] = {}

    def keep(category: str, level: str, cue: str) -> None:
        if category not in found or _RANK[level] < _RANK[found[category][0]]:
            found[category] = (level, cue)

    policy = bool(_POLICY.search(sentence)) and not _FIRST_PERSON.search(sentence)
    # "The waiting list is killing people": a thing, not a person, does the killing.
    ruled = _THING_KILLS.sub(lambda m: " " * len(m.group(0)), sentence)
    for rule in _RULES:
        for match in rule.pattern.finditer(ruled):
            level = "mention" if policy else _level(sentence, match, rule.negatable)
            keep(rule.category, level, match.group(0).strip())
    for category, pattern in _TOPIC_RULES.items():
        if category in found:
            continue
        match = pattern.search(sentence)
        if not match:
            continue
        if _PERSONAL.search(sentence) and not _GENERIC.search(sentence):
            keep(category, _level(sentence, match, True), match.group(0))
        else:
            keep(category, "mention", match.group(0))
    if policy or not (_PERSONAL.search(sentence) or _ELIDED_SUBJECT.match(sentence)):
        return found
    plain = _IDIOMS.sub(lambda m: " " * len(m.group(0)), sentence)
    ruled_harm = "harm_to_others" in found
    for category, pattern in _BROAD_RULES.items():
        match = pattern.search(plain)
        if match:
            keep(category, "possible", match.group(0))
    if _VIOLENCE.search(plain) and _I_SUBJECT.search(plain):
        match = _VIOLENCE.search(plain)
        if re.search(r"\b(?:i|i'm|i'll|i'd|im|me\s+to|urges?|thoughts?)\b[^.]{0,40}$",
                     plain[: match.start()], re.IGNORECASE):
            keep("harm_to_others", "possible", match.group(0))
    if "harm_to_others" in found and not ruled_harm:  # from the broad tier
        level, cue = found.pop("harm_to_others")
        keep(_victim_or_harm(sentence), level, cue)
    return found


def _victim_or_harm(sentence: str) -> str:
    """The category of a fuzzy (broad or meaning tier) harm-to-others flag: abuse when the
    writer is the one at risk, so the flag goes to whoever follows up abuse."""
    return "abuse_neglect" if _VICTIM.search(sentence) else "harm_to_others"


# Fictional exemplars for the optional embedding tier: a sentence whose nearest exemplar is a
# risk one (cosine >= threshold) and nearer than any safe exemplar is flagged "possible".
EXEMPLARS: dict[str, tuple[str, ...]] = {
    "suicidal_intent": (
        "I want to end it all.", "I don't want to be alive any more.",
        "Everyone would be better off without me.", "I have been planning how to kill myself.",
        "I think about dying every day.", "I can't see any way out except suicide.",
        "I have said goodbye to my family because I won't be here much longer.",
        "I have been saving my tablets so I can take them all at once.",
        "I keep thinking about jumping from the bridge.", "There is no point in living.",
        "I wish I could go to sleep and never wake up.", "My son says he wants to kill himself.",
        "I sat by the railway line last night thinking about ending my life.",
        "I have written a note for my family.", "I am so tired of life that I want it to stop.",
        "I won't be around much longer.", "I feel like a burden and want to disappear for good.",
    ),
    "self_harm": (
        "I have been cutting myself again.", "I burn my arms to cope with the pain.",
        "I hurt myself when things get too much.", "I took an overdose last week.",
        "My daughter is self-harming and hiding the marks.", "I scratch my skin until it bleeds.",
        "I hit my head against the wall until it hurts.", "I starve myself to punish myself.",
        "I make myself sick after I eat.", "I have fresh cuts on my legs.",
        "I swallowed things to hurt myself.", "I take more tablets than I should to feel numb.",
        "I use a blade on my arms where nobody can see.",
    ),
    "abuse_neglect": (
        "My partner hits me.", "He takes my money and won't let me leave the house.",
        "I am scared of my husband.", "My carer shouts at me and leaves me in bed all day.",
        "Mum was left in soiled sheets on the ward.", "He forced me to have sex.",
        "My son's friends have taken over his flat and sell drugs there.",
        "She controls who I see and checks my phone.", "My dad beats my little brother.",
        "A staff member was rough with my brother and left bruises.",
        "Nobody has washed or fed my father for days.", "He threatens to take the children.",
        "He grabbed me by the neck and pushed me against the wall.",
        "Older men are giving my daughter alcohol and making her do things.",
    ),
    "harm_to_others": (
        "I am going to hurt someone.", "I have thoughts of harming my baby.",
        "The voices tell me to kill people.", "I want to stab him.",
        "I'm worried I might attack someone.", "I carry a knife to get back at them.",
        "I want to make him suffer for what he did.", "I feel like I could kill someone.",
        "I am scared I will shake my baby.", "I am going round to his house to sort him out.",
    ),
    "none": (
        "The staff were kind and helpful.", "I waited a long time for an appointment.",
        "The crisis team were brilliant.", "I'd kill for a cup of tea.",
        "This waiting list is killing me.", "They cut the funding for the service.",
        "My phone died during the call.", "My husband drives me to appointments.",
        "I hurt my back lifting boxes.", "The nurse took my blood pressure.",
        "I'm dying to get home.", "The food was to die for.", "I want to get better.",
        "I am fed up of waiting.", "My mum has dementia and lives in a care home.",
        "The ward locks the doors at night for safety.", "I was sectioned in the past.",
        "I feel much better since the therapy.", "My dad died last year.",
        "The doctor pushed me to exercise more.", "The therapy hit the spot.",
        "I'm sick and tired of filling in forms.", "They took my details and rang back.",
        "My daughter smashed her exams.", "I can't wait to finish treatment.",
        "The suicide prevention strategy needs funding.", "Staff need self-harm training.",
        # Everyday feedback about family, medicines, stays and plans: the meaning check
        # otherwise mistakes these for disclosures that share their words.
        "My son was in hospital miles away from home.", "My wife needs more support as a carer.",
        "The doctor changed my medication again.", "I take my tablets every morning.",
        "Nobody explained the care plan to me.", "I wrote a letter of complaint.",
        "My sister was passed between services.", "Dad was on the ward for a month.",
        "I was worried they would not believe me.", "My leg needed a new dressing.",
        "We were left waiting with my baby for hours.", "My brother could not get a bed.",
        "I felt low after my baby was born and got help.", "I would rather cope on my own.",
        # Going out by choice, not being kept in (a trial: "It is the only time I leave the
        # house" was read as "won't let me leave the house").
        "I hardly leave the house apart from my appointments.",
        "The group is the only reason I get out of the house.",
    ),
}


def _embedding_flags(
    sentences: list[str], embedder: object, threshold: float
) -> list[tuple[str, str] | None]:
    """(category, nearest exemplar) per sentence, or None, from the exemplar bank."""
    import numpy as np

    labels = [c for c, texts in EXEMPLARS.items() for _ in texts]
    bank = embedder.encode([t for texts in EXEMPLARS.values() for t in texts])
    vectors = embedder.encode(sentences)
    bank = bank / np.maximum(np.linalg.norm(bank, axis=1, keepdims=True), 1e-12)
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    exemplars = [t for texts in EXEMPLARS.values() for t in texts]
    out: list[tuple[str, str] | None] = []
    for row in vectors @ bank.T:
        best = int(row.argmax())
        out.append(
            (labels[best], exemplars[best])
            if labels[best] != "none" and row[best] >= threshold else None
        )
    return out


def flag_text(text: str, *, min_level: str = "possible") -> list[RiskFlag]:
    """Risk flags for one text, in sentence order (see :func:`flag_risks`)."""
    return flag_risks([text], min_level=min_level)[0]


def flag_risks(
    texts: Sequence[str],
    *,
    min_level: str = "possible",
    embedder: object | None = None,
    similarity_threshold: float = 0.5,
) -> list[list[RiskFlag]]:
    """Flag sentences that may disclose suicidal intent, self-harm, abuse/neglect or a risk
    to others.

    Parameters
    ----------
    texts : sequence of str
    min_level : {"current", "possible", "mention"}, default="possible"
        Lowest level returned: "possible" adds denied, historical or less certain disclosures
        to current ones; "mention" also adds topic mentions with no one's risk in them.
    embedder : object with ``encode(texts) -> ndarray``, optional
        Adds a semantic tier for paraphrases the rules miss: sentences about a person with no
        rule flag are compared with fictional exemplar disclosures (:data:`EXEMPLARS`) and
        flagged "possible" when the nearest exemplar is a risk one with cosine similarity
        ``>= similarity_threshold``. Costs one embedding per such sentence.
    similarity_threshold : float, default=0.5

    Returns
    -------
    list of list of RiskFlag
        One list per text (empty when nothing is flagged); at most one flag per sentence and
        category, with ``start``/``end`` the sentence's offsets in the text.
    """
    texts = as_texts(texts, convert=True)
    if min_level not in _RANK:
        raise ValueError(f"min_level must be one of {LEVELS}, not {min_level!r}")
    split = [split_sentences(t) for t in texts]
    found = [[_sentence_flags(s.text) for s in sentences] for sentences in split]
    if embedder is not None:
        todo = [
            (i, j) for i, sentences in enumerate(split) for j, s in enumerate(sentences)
            if not any(lvl != "mention" for lvl, _ in found[i][j].values())
            and not _POLICY.search(s.text)
            and (_PERSONAL.search(s.text) or _ELIDED_SUBJECT.match(s.text))
        ]
        if todo:
            hits = _embedding_flags(
                [split[i][j].text for i, j in todo], embedder, similarity_threshold
            )
            for (i, j), hit in zip(todo, hits, strict=True):
                if hit is not None:
                    category = hit[0]
                    if category == "harm_to_others":
                        category = _victim_or_harm(split[i][j].text)
                    found[i][j][category] = ("possible", f"similar to: {hit[1]}")
    result: list[list[RiskFlag]] = []
    for sentences, per_sentence in zip(split, found, strict=True):
        flags = []
        for sentence, cats in zip(sentences, per_sentence, strict=True):
            for category in CATEGORIES:
                if category in cats and _RANK[cats[category][0]] <= _RANK[min_level]:
                    level, cue = cats[category]
                    flags.append(RiskFlag(
                        category, sentence.text, sentence.start, sentence.end, level, cue
                    ))
        result.append(flags)
    return result
