"""Sentiment of feedback comments: positive, neutral or negative.

Two layers, one estimator:

* Zero labels: :class:`LexiconScorer`, a mental-health-aware VADER. Topic words (crisis,
  depression, suicidal, sectioned, self-harm, ...) name what the comment is *about*, not the
  speaker's verdict, so they are neutralised ("the crisis team were brilliant" is praise).
  Domain cues that carry a verdict without sentiment words are added ("waited 6 months, no call
  back", "passed around", "discharged without a plan", "nobody listened"), and Friends-and-Family
  style answers to "what could be improved?" ("Nothing", "nothing, all good") count as praise.
* The question answered, when known (:func:`question_kind`): an answer to "What could we do
  better?" with no verdict of its own ("Evening appointments") is a criticism of how
  things are, and a bare "No" there means nothing needs to change; an answer to "What was
  good?" with no verdict ("The nurses") is praise.
* With labels (reviewer corrections): :class:`SentimentModel` fits a logistic regression on
  TF-IDF word and character n-grams plus the lexicon scores, and blends its probabilities with
  the lexicon's, trusting the fitted model more as labels grow (``n / (n + prior_strength)``).

>>> model = SentimentModel()
>>> model.predict(["The crisis team were brilliant.", "Waited 6 months, no call back."])
['positive', 'negative']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from themes.sentences import split_sentences
from themes.texts import as_texts, same_words

__all__ = [
    "LABELS",
    "QUESTION_KINDS",
    "LexiconScorer",
    "SentimentModel",
    "label_from_score",
    "lexicon_scorer",
]

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
"""Class order of ``predict_proba`` columns (scikit-learn sorts classes the same way)."""

_NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"eighteen|twenty|thirty|forty|fifty|several|many|a few|a couple of|few)"
)
_LONG_UNIT = r"(?:weeks?|months?|years?|yrs?|wks?)"
_SHORT_UNIT = r"(?:days?|hours?|hrs?)"
# Start of a sentence, seen from the first letter of its first word (cues are only tried at
# word starts, which keeps the single-pass cue regex fast).
_SENT_START = (
    r"(?:^|(?<=[.!?\n])|(?<=[.!?\n][\s\"'(\-])|(?<=[.!?\n]\s[\s\"'(\-])|(?<=^[\s\"'(\-])|"
    r"(?<=^[\s\"'(\-][\s\"'(\-]))"
)
_SOMEONE_NOT = r"(?:nobody|no one|no-one|noone|none of them|no body)"

# (pattern, valence). Negative cues first: they may contain words that later cues would match.
_NEGATIVE_CUES: tuple[tuple[str, float], ...] = (
    # distress now, in words the lexicon reads as positive ("feel *like*", "pills *saved*")
    (r"\b(?:feel|feels|feeling|felt)\s+like\s+(?:ending|end)\s+(?:it\s+all|it|my\s+life|"
     r"everything|things)\b|\b(?:pills|tablets)\s+(?:saved|stockpiled|hoarded|lined\s+up|"
     r"ready)\b|\b(?:feel|feels|feeling|felt)\s+like\s+(?:killing|hurting|harming)\s+"
     r"(?:myself|me)\b", -3.0),
    # waiting
    (rf"\bwait(?:ed|ing)?\s+(?:for\s+)?(?:over\s+|nearly\s+|almost\s+|more than\s+|about\s+)?"
     rf"{_NUM}\s+(?:\w+\s+)?{_LONG_UNIT}", -2.5),
    (rf"\bwait(?:ed|ing)?\s+(?:for\s+)?(?:over\s+|nearly\s+|almost\s+|more than\s+|about\s+)?"
     rf"{_NUM}\s+(?:\w+\s+)?{_SHORT_UNIT}", -1.5),
    (rf"\b{_NUM}[\s-]+(?:\w+[\s-]+)?(?:{_LONG_UNIT}|{_SHORT_UNIT})[\s-]+(?:wait|delay)", -2.5),
    (rf"\b{_NUM}\s+{_LONG_UNIT}\s+(?:to|before|until|for)\s+(?:get|be|see|hear|receive|an?\b)",
     -2.5),
    (rf"\b(?:after|over|for)\s+{_NUM}\s+(?:\w+\s+)?{_LONG_UNIT}\b(?=[^.]*\bwait)", -2.0),
    (r"\bstill\s+(?:waiting|on\s+(?:a|the)\s+waiting\s+list|not\s+(?:been\s+)?(?:seen|heard))",
     -2.5),
    (rf"\bwaiting\s+lists?\s+(?:is|are|was|of)\s+(?:over\s+|nearly\s+|about\s+)?{_NUM}", -2.5),
    (r"\bwaiting\s+lists?\s+(?:is|are|was)\s+(?:too\s+|far\s+too\s+|very\s+|so\s+)?long", -2.5),
    (r"\b(?:long|lengthy|endless|huge)\s+(?:wait(?:s|ing)?|delays?)(?:\s+(?:times?|lists?))?",
     -2.5),
    (r"\bwaiting\s+(?:times?|lists?)\b", -1.0),
    (r"\bkept\s+(?:me\s+|us\s+)?waiting\b", -2.0),
    (r"\bon\s+hold\b", -1.5),
    # no contact / no reply
    (r"\bno\s+(?:reply|replies|response|responses|call\s*-?\s*back|follow[- ]?up|explanation|"
     r"contact|answer|update|updates|feedback|plan|support|help|advice|information|"
     r"continuity|one\s+to\s+talk\s+to|where\s+to\s+turn)\b", -2.0),
    (r"\b(?:never|didn'?t|did not|haven'?t|have not|hasn'?t|has not|not)\s+(?:\w+\s+)?"
     r"(?:heard|hear|got|get|received|receive)\s+(?:anything\s+)?(?:back|a\s+(?:reply|response|"
     r"call|letter|call\s*back)|any\s+(?:reply|response|help|support|contact))", -2.5),
    (rf"\b{_SOMEONE_NOT}\s+(?:\w+\s+)?(?:called|rang|phoned|came|got\s+back|gets\s+back|"
     r"contacted|told|listened|listens|explained|replaced|turned\s+up|returned|asked|checked|"
     r"bothered|followed\s+up|took\s+responsibility|did|does|cared|cares|helped|helps|knew|"
     r"knows|seemed|seems|ever|answered|answers|from\s+the\s+\w+\s+came)\b", -2.5),
    (r"\b(?:never|not|didn'?t|did not|don'?t|do not|wouldn'?t|won'?t|doesn'?t|refused\s+to)"
     r"\s+(?:really\s+|even\s+|actually\s+)?(?:listen(?:ed|ing)?|returned?\s+(?:my\s+)?calls?|"
     r"call(?:ed)?\s+(?:me\s+|us\s+)?back|ring\s+(?:me\s+|us\s+)?back|rang\s+(?:me\s+|us\s+)?"
     r"back|turn(?:ed)?\s+up|show(?:ed)?\s+up|come\s+out|came\s+out|get\s+back\s+to|"
     r"answer(?:ed|s)?(?:\s+(?:the\s+|my\s+|our\s+)?(?:phone|calls?|emails?|messages?))?)\b",
     -2.5),
    (r"\bnot\s+listened\s+to\b", -2.5),
    (r"\blaugh(?:ed|ing|s)?\s+(?:at|when|about|in\s+my\s+face)\b", -2.5),
    (r"\b(?:get|gets|getting|got|going|went)\s+nowhere\b", -2.5),
    (r"\b(?:did\s*n[o'’]?t|does\s*n[o'’]?t|do\s*n[o'’]?t|did\s+not|does\s+not|do\s+not|never|"
     r"was\s*n[o'’]?t|was\s+not|is\s*n[o'’]?t|is\s+not)\s+(?:really\s+|much\s+|actually\s+)?"
     r"help(?:ed|ful)?\b", -2.0),
    (r"\b(?:does\s*n[o']?t|did\s*n[o']?t|do\s*n[o']?t|is\s*n[o']?t|was\s*n[o']?t|is\s+not|was\s+not|"
     r"never|not)\s+(?:\w+\s+)?work(?:s|ing|ed)?\b(?!\s+(?:here|there|for\s+the|with\s+the\s+team))",
     -2.0),
    (r"\b(?:it\s+)?(?:just\s+)?(?:rang|rings|ringing)\s+out\b|\bcut\s+off\b|\bno\s+answer\b",
     -2.0),
    # passed around / discharged / turned away
    (r"\bpassed\s+(?:a)?round\b|\bpillar\s+to\s+post\b|\bbounced\s+(?:a)?round\b|"
     r"\bbounced\s+between\b|\bpassed\s+(?:back\s+and\s+forth|between|from\s+one)\b|"
     r"\bback\s+and\s+forth\s+between\b", -2.5),
    (r"\bdischarged\s+(?:\w+\s+){0,3}?(?:without|with\s+no|with\s+nothing|too\s+(?:early|soon|"
     r"quickly)|before\s+(?:i|we|he|she|they)\s+(?:was|were)\s+ready)", -2.5),
    (r"\bdischarged\s+the\s+(?:same|next)\s+day\s+after\b|\bdischarged\s+(?:me\s+)?the\s+day\s+"
     r"after\b", -2.0),
    (r"\b(?:turned|sent)\s+away\b|\bsent\s+(?:me\s+|us\s+|him\s+|her\s+)?(?:back\s+)?home\s+"
     r"(?:from|with|at|after)\b|\bsent\s+back\s+to\s+(?:the\s+)?gp\b", -2.0),
    (r"\bfobbed\s+off\b|\blet\s+down\b|\bfell\s+through\s+the\s+(?:cracks|net|gaps)\b|"
     r"\bleft\s+in\s+the\s+dark\b|\bkept\s+in\s+the\s+dark\b|\bleft\s+to\s+(?:cope|fend|"
     r"struggle|get\s+on)\b|\bleft\s+(?:alone|on\s+my\s+own)\b", -2.5),
    (r"\b(?:not|\w+n'?t)\s+(?:ill|unwell|sick|bad|poorly|severe|serious|high\s+risk)\s+enough\b|"
     r"\btoo\s+(?:ill|complex|"
     r"complicated|unwell|risky)\s+for\b|\b(?:didn'?t|did\s+not|doesn'?t|don'?t|not)\s+meet\s+"
     r"(?:the|their)\s+(?:criteria|threshold)", -2.5),
    (r"\b(?:repeat|tell|explain|re-tell|retell|go\s+over)\w*\s+(?:my|our|his|her|the|their)\s+"
     r"(?:story|stories|history|everything)\b|\b(?:all\s+over\s+)?again\s+to\s+every\b|"
     r"\bexplain\w*\s+everything\s+(?:all\s+over\s+)?again\b|\ball\s+over\s+again\b", -2.0),
    (r"\b(?:lost|mislaid|misplaced)\s+(?:my|the|our|his|her)\s+(?:referral|notes|records|"
     r"paperwork|letter|forms?)\b|\breferral\s+(?:got|was|has\s+been)\s+lost\b", -2.5),
    (r"\bcancell?ed\b|\bcancell?ing\b|\bcancell?ations?\b", -1.5),
    (r"\b(?:had|have|having)\s+to\s+(?:keep\s+)?(?:chase|chasing|ring\s+round|push|fight|beg)\b|"
     r"\bchas(?:e|ed|ing)\s+(?:every|them|it|up)\b", -2.0),
    (r"\bno\s+(?:local\s+)?beds?\b|\bout\s+of\s+area\b|\b\d+\s+miles\s+away\b", -1.5),
    (r"\bdifferent\s+(?:doctor|person|nurse|worker|psychiatrist|therapist|face|locum|gp|"
     r"consultant|social\s+worker|care\s+co-?ordinator|member\s+of\s+staff)s?\s+"
     r"(?:every|each)\s+(?:time|visit|appointment|session|week|month)\b|"
     rf"\b{_NUM}\s+different\s+(?:care\s+coordinators|workers|doctors|"
     r"psychiatrists|therapists|people|nurses)\b", -2.0),
    (r"\btick[- ]?box\b|\bback\s+to\s+square\s+one\b|\bget(?:ting)?\s+nowhere\b|"
     r"\bgot\s+nowhere\b|\bwaste\s+of\s+(?:time|money)\b|\bwasting\s+(?:their|your|my|our)\s+"
     r"time\b", -2.0),
    (r"\bnot\s+enough\s+(?:staff|time|beds|appointments|sessions|support|help|information|"
     r"doctors|nurses|activities|choice)\b|\b(?:under|short)[- ]?staffed\b|\bover-?stretched\b|"
     r"\bso\s+stretched\b", -2.0),
    (r"\b(?:far|way|much|far\s+too|too)\s+(?:long|slow|short|late|busy|rushed|noisy|hot|cold)\b"
     r"|\btook\s+(?:too|so|far\s+too|ages|forever)\b", -1.5),
    # "Bus fare is too much", "too much paperwork" ("nothing was too much trouble" is praise,
    # read by a positive cue that starts earlier)
    (r"\b(?:far\s+|way\s+|much\s+)?too\s+(?:much|many|expensive|dear|costly|far)\b"
     r"(?!\s+(?:trouble|bother|effort|to\s+ask))|\bcosts?\s+(?:so|a)\s+(?:much|lot)\b", -1.5),
    # A want set against what happens: "I want the same worker, not a different locum",
    # "we need a bed rather than a chair". The lookahead leaves out "want to <verb>" unless the
    # verb is see/have/speak/talk/be seen ("I want to thank the nurses, not just ...").
    (r"\b(?:i|we)\s+(?:just\s+|really\s+|only\s+)?(?:want(?:ed)?|need(?:ed)?|would\s+like|"
     r"'d\s+like|would\s+prefer|prefer(?:red)?)\s+(?!to\s+(?!(?:see|have|speak|talk|be\s+seen)\b))"
     r"[^.;!?]{1,60}?,?\s+(?:not|rather\s+than|instead\s+of)\s+(?:a|an|the|just|some|another|"
     r"being|having|seeing|different|someone)\b", -2.0),
    (r"\b(?:won't|wouldn't|don't|didn't|doesn't|will\s+not|would\s+not|do\s+not|did\s+not|"
     r"does\s+not|refused?\s+to|refuses\s+to)\s+(?:even\s+)?(?:accept|believe|acknowledge|"
     r"recogni[sz]e)\b", -2.0),
    (r"\b(?:hard|difficult|impossible|a\s+nightmare|a\s+struggle)\s+to\s+(?:get|reach|contact|"
     r"access|park|find|book|see|speak|talk|get\s+hold)\b", -2.0),
    (r"\b(?:wasn'?t|was\s+not|weren'?t|were\s+not|never|not|haven'?t\s+been|hasn'?t\s+been)"
     r"\s+(?:\w+\s+)?(?:told|informed|offered|given|contacted|called|involved|consulted|asked|"
     r"shared|updated|included)\b", -2.0),
    (r"\bwithout\s+(?:telling|asking|consulting|informing|explaining|warning|any\s+(?:support|"
     r"help|explanation|warning|notice|plan))\b", -2.0),
    (r"\bnothing\s+to\s+do\b(?!\s+with)|\bnothing\s+(?:was|has\s+been|got|gets)\s+(?:done|"
     r"sorted|changed|followed)\b|\bnothing\s+(?:happened|has\s+happened|changed|has\s+changed)"
     r"\b", -2.0),
    (r"\b(?:stopped|ended|finished|cut)\s+after\s+(?:only\s+)?\w+\s+(?:weeks?|sessions?)\b|"
     r"\bonly\s+(?:\d+|one|two|three|four|five|six|eight|ten|a\s+few)\s+sessions?\b", -1.5),
    (r"\b(?:didn'?t|did\s+not|don'?t|do\s+not|never|won'?t|doesn'?t)\s+(?:actually\s+|really\s+|"
     r"seem\s+to\s+)?do\s+(?:anything|much|a\s+thing)\b|\bless\s+so\b", -2.5),
    (r"\b(?:never|not|rarely|seldom|don'?t|doesn'?t|didn'?t)\s+(?:\w+\s+)?(?:on\s+time|"
     r"arrive[sd]?)\b", -2.0),
    (r"\b(?:is|was|are|were|it's|its)\s+(?:an?\s+)?(?:complete\s+|total\s+|absolute\s+|bit\s+of\s+"
     r"a\s+|utter\s+)?joke\b|\bshout(?:ed|ing)?\s+at\b|\bget\s+rid\s+of\b|\bas\s+if\s+"
     r"(?:i|we|he|she|they)\s+(?:wasn'?t|weren'?t|was\s+not|were\s+not)\s+there\b|"
     r"\b(?:just|only|simply)\s+told\s+(?:me|us|him|her|them)\s+to\b", -2.5),
    # suggestions: in answers to "what could be improved / needs to change?" they are criticism
    (r"\b(?:it\s+)?would\s+(?:be|have\s+been)\s+(?:really\s+|so\s+|very\s+|much\s+|even\s+)?"
     r"(?:nice|good|great|better|helpful|lovely|useful|ideal|beneficial|appreciated)\b", -1.5),
    (r"\bcould\s+(?:have\s+been|be)\s+(?:a\s+(?:bit|little|lot)\s+|slightly\s+|much\s+|far\s+|"
     r"so\s+much\s+)?(?:better|more|improved|quicker|faster|clearer|cleaner|nicer|warmer|"
     r"improv\w+|less|shorter|longer|easier|kinder)\b|\bcould\s+(?:do|have\s+done)\s+with\b|"
     r"\bcould\s+(?:be\s+)?improve\w*\b|\broom\s+for\s+improvement\b", -2.0),
    (r"\bwould\s+(?:have\s+)?(?:really\s+|definitely\s+)?(?:help|helped|make\s+(?:a|all\s+the)"
     r"\s+(?:huge\s+|big\s+|real\s+)?difference|improve)\b|\bneeds?\s+(?:to\s+(?:be\s+)?|more\b|"
     r"better\b|improv\w*|sorting)|\bshould\s+(?:be|have|not|n't)\b|\bshouldn'?t\b|"
     r"\b(?:one|a|my)\s+(?:small\s+|minor\s+)?suggestion\b|\b(?:only|one|my\s+only|a\s+small|"
     r"a\s+minor)\s+(?:complaint|criticism|negative|niggle|issue|problem|gripe)\b", -1.5),
    (rf"{_SENT_START}(?:more|better|less|fewer|quicker|faster|shorter|longer|earlier|"
     r"bigger|improved?|cleaner|extra|increased?|reduced?|reduce|increase|improve|"
     r"listen(?:ing)?|explain|communicate|answer|provide|employ|hire|stop|allow|ensure|offer|"
     r"see|stay|get|give|have|make|tell|let|send|check|update|bring|call|ring|contact|train|"
     r"speed\s+up)\b(?!\s+(?:up\s+the\s+good|doing|it\s+up|you|to\s+(?:me|us)\b))", -1.5),
    (r"(?<!non-)(?<!non)\b(?:dismissed|dismissive|judged|judgemental|judgmental|patronising|"
     r"patronizing|condescending|uncaring|unhelpful|unresponsive|abrupt|rushed|unsafe|disorganised|"
     r"chaotic|disgraceful|shambles|filthy|smelly|understaffed|jargon|pointless|"
     r"like\s+a\s+(?:criminal|number|burden|nuisance|child))\b", -2.0),
)

_POSITIVE_CUES: tuple[tuple[str, float], ...] = (
    (r"\b(?:got|received|was\s+given|were\s+given|found)\s+(?:(?:me|us|him|her|them|my\s+\w+)\s+)?"
     r"(?:the\s+|some\s+|real\s+|proper\s+|great\s+|good\s+)?(?:help|support)\b|"
     r"\btaken\s+seriously\b|\bgot\s+(?:me|us|him|her|them|my\s+\w+)\s+(?:seen|referred|"
     r"an\s+appointment)\b", 2.0),
    (r"\bnothing\s+(?:was|is|seemed|seems)\s+(?:ever\s+)?too\s+much\s+(?:trouble|bother|effort|"
     r"to\s+ask)\b", 2.5),
    # A request to keep something: "Keep the Tuesday group", "please don't close the cafe".
    (r"\b(?:please\s+)?(?:keep|continue|carry\s+on\s+with|(?:don't|do\s+not)\s+(?:stop|close|cut|"
     r"lose|end|get\s+rid\s+of))\s+(?:the|this|that|these|those|our|my|your)\s+(?:[\w-]+\s+){0,3}?"
     r"(?:groups?|sessions?|services?|clinics?|class(?:es)?|clubs?|drop-?ins?|caf[eé]s?|hubs?|"
     r"line|team|workers?|nurses?|staff|meetings?|activit(?:y|ies)|visits?|calls?|courses?|"
     r"programmes?|schemes?|projects?|support)\b(?!\s+(?:waiting|informed|updated|in\s+the\s+loop|"
     r"longer|shorter))", 2.0),
    (r"\b(?:could\s*n[o'’]?t|could\s+not|would\s*n[o'’]?t|would\s+not)\s+have\s+(?:done|managed|"
     r"coped|got\s+through|survived)\s+(?:it\s+|this\s+)?without\b", 2.5),
    # "What could be improved?" -> "Nothing" (Friends and Family Test style answers).
    (rf"{_SENT_START}(?:honestly\s+|really\s+|absolutely\s+|genuinely\s+)?(?:nothing|none|nil|nada|"
     r"not\s+a\s+thing|can'?t\s+think\s+of\s+anything|cannot\s+think\s+of\s+anything|"
     r"i\s+can'?t\s+think\s+of\s+anything|no\s+improvements?|not\s+really\s+anything)"
     r"(?:\s+(?:really|at\s+all|at\s+present|at\s+the\s+moment|at\s+this\s+time|whatsoever|"
     r"to\s+(?:add|improve|change|say|report|suggest)|(?:that\s+)?i\s+can\s+think\s+of|"
     r"comes\s+to\s+mind|springs\s+to\s+mind|needed|necessary|required|needs?\s+(?:to\s+)?"
     r"(?:chang|improv)\w*|(?:they|you|that)\s+could\s+(?:have\s+)?(?:done|do)\s+better|"
     r"could\s+(?:be|have\s+been)\s+(?:better|improved|done\s+better)|else|"
     r"(?:to\s+)?improve|thank\s*(?:you|s)|more|in\s+my\s+(?:experience|opinion|view)))*"
     r"(?=\s*(?:$|[.,;:!\-\u2013\u2014]|\s+it\s+was|\s+it'?s\b|\s+it\s+is\b|"
     r"\s+they\s+were|\s+the\s+|\s+all\s+|\s+everyone|\s+everything|\s+keep|\s+thank))", 2.5),
    (r"\bno\s+(?:complaints?|improvements?\s+(?:needed|necessary|required))\b|"
     r"\bcouldn'?t\s+(?:have\s+)?ask(?:ed)?\s+for\s+(?:more|anything\s+more|better)\b|"
     r"\bcould\s+not\s+(?:have\s+)?ask(?:ed)?\s+for\s+(?:more|anything\s+more|better)\b|"
     r"\b(?:couldn'?t|could\s+not|can'?t|cannot|can\s+not)\s+(?:fault|praise|thank)\b|"
     r"\b(?:couldn'?t|could\s+not)\s+(?:have\s+)?(?:be|been|wish\s+for|hope\s+for)\s+(?:any\s+)?"
     r"better\b|"
     r"\bkeep\s+(?:up\s+the\s+good\s+work|doing\s+what\s+you)", 3.0),
    (r"\b(?:wouldn'?t|would\s+not)\s+(?:be\s+here|have\s+(?:survived|made\s+it|got\s+through))"
     r"|\bdon'?t\s+know\s+where\s+(?:i|we)(?:'d|\s+would)\s+be\b|\bsaved\s+my\s+life\b|"
     r"\b(?:could\s+not|couldn'?t)\s+have\s+(?:got|gotten|come)\s+through\s+(?:this|it)\s+"
     r"without\b", 3.0),
    (r"\b(?:took|take|takes)\s+(?:me|us|him|her|my\s+\w+)\s+seriously\b|"
     r"\blooked\s+after\s+(?:me|us|him|her|my|our)\b|\blistening\s+to\s+(?:me|us|my|our)\b|"
     r"\bfelt\s+(?:heard|"
     r"believed|understood|listened\s+to|safe|valued|respected|cared\s+for|supported|included)"
     r"\b|\b(?:really\s+|actually\s+|always\s+)?listened(?:\s+to\s+(?:me|us|my|our))?\b|"
     r"\bput\s+(?:me|us|him|her)\s+at\s+ease\b|\btreated\s+(?:me|us|him|her)?\s*(?:as|like)\s+"
     r"(?:a|an)\s+(?:person|human|individual)\b|\bnot\s+(?:just\s+)?a\s+(?:number|diagnosis)\b",
     2.5),
    (r"\bwent\s+(?:above\s+and\s+beyond|out\s+of\s+(?:their|his|her|the)\s+way|the\s+extra\s+"
     r"mile)|\bmade\s+(?:all\s+the|a\s+(?:real|huge|big|massive)?\s*)\s*difference\b|"
     r"\blife[- ]?(?:line|changing|saver|saving)\b|\bchanged\s+my\s+life\b", 3.0),
    (r"\b(?:called|rang|phoned|got\s+back\s+to|contacted)\s+(?:me\s+|us\s+)?(?:back\s+)?"
     r"(?:within|the\s+same|on\s+the\s+same|straight\s+away|the\s+next|that|right\s+away|"
     r"quickly|promptly)\b|\b(?:answered|picked\s+up)\s+(?:the\s+phone\s+)?(?:straight\s+away|"
     r"quickly|immediately|right\s+away|first\s+time)\b|\bseen\s+(?:quickly|promptly|"
     r"straight\s+away|within|on\s+time|the\s+same\s+day|the\s+next\s+day|very\s+quickly)\b|"
     r"\b(?:same|next)[- ]day\b|\bsorted\s+(?:things\s+|it\s+|everything\s+)?(?:out\s+)?"
     r"(?:quickly|straight\s+away|the\s+same)", 2.0),
    (r"\b(?:always\s+there|someone\s+(?:was\s+)?always\s+there|kept\s+(?:me|us|my\s+\w+)\s+"
     r"(?:updated|informed|in\s+the\s+loop)|checked\s+(?:in\s+)?(?:on\s+)?(?:me|us)|"
     r"don'?t\s+have\s+to\s+repeat\s+myself|made\s+time\s+for|took\s+(?:the\s+)?time\s+to\s+"
     r"(?:explain|listen|talk|understand|get\s+to\s+know)|(?:were|was)\s+(?:always\s+)?there\s+"
     r"(?:for\s+(?:me|us)|when\s+(?:i|we)\s+needed)|got\s+(?:me|us|him|her)\s+through|"
     r"never\s+gave\s+up\s+on|meant\s+(?:a\s+lot|so\s+much|the\s+world)|made\s+up\s+for\s+it|"
     r"(?:very|so|really|extremely|incredibly)\s+patient\b|patient\s+with\s+(?:me|us|my|him|her))",
     2.0),
    (r"\b(?:supportive|approachable|attentive|informative|thorough|knowledgeable|prompt|"
     r"promptly|non-?judge?mental|reassuring|understanding|polite|welcoming|"
     r"brill|fab|homely|safe\s+space|nothing\s+like\s+i\s+(?:feared|expected)|patience|"
     r"politeness|(?:always|all|was|were|is|are)\s+on\s+time)\b"
     # ... and "professional" as a word of praise, not a noun ("every single professional")
     r"|(?<!every\s)(?<!each\s)(?<!single\s)(?<!another\s)(?<!other\s)(?<!any\s)(?<!one\s)"
     r"(?<!health\s)(?<!medical\s)\bprofessional\b", 1.5),
    (r"\b(?:first|1st|top|world)[\s-]+class\b|\btop[\s-]+notch\b|\bsecond\s+to\s+none\b", 3.0),
)

# Topic words name what a comment is about, not the speaker's verdict: neutralise them.
_TOPIC_TERMS: tuple[str, ...] = (
    r"(?:mental\s+health\s+)?crisis(?:\s+(?:team|line|cafe|café|house|service|plan|support))?",
    r"(?:post-?natal\s+|clinical\s+|severe\s+|manic\s+)?depression",
    r"depress(?:ed|ive)(?:\s+episode)?",
    r"suicid(?:e|es|al|ality)(?:\s+(?:thoughts|ideation|feelings|attempts?|prevention))?",
    r"(?:attempted|tried\s+to\s+(?:commit\s+)?)suicide",
    r"(?:wanted|want|wanting)\s+to\s+(?:die|end\s+(?:it\s+all|it|my\s+life))",
    r"(?:kill(?:ing)?\s+myself|end(?:ing)?\s+my\s+(?:own\s+)?life|take\s+my\s+(?:own\s+)?life)",
    r"psychos[ie]s", r"psychotic(?:\s+episodes?)?", r"section(?:ed|ing)?(?:\s+\d+)?",
    r"self[- ]?harm(?:ing|ed|s)?", r"harm(?:ing|ed)?\s+myself", r"hurt(?:ing)?\s+myself",
    r"anxiety(?:\s+disorder)?", r"panic(?:\s+(?:attacks?|disorder))?",
    r"mental(?:ly)?\s+(?:illness|ill(?:\s+health)?|unwell|distress|health\s+(?:problems?|issues?|"
    r"difficulties|conditions?))",
    r"(?:eating|personality|bipolar|mood|obsessive[- ]compulsive|stress|borderline\s+personality"
    r"|post[- ]traumatic\s+stress|emotionally\s+unstable\s+personality)\s+disorders?",
    r"disorders?", r"illness(?:es)?", r"trauma(?:tic|tised|tized)?", r"c-?ptsd", r"ptsd",
    r"bipolar", r"schizo(?:phrenia|affective)", r"dementia", r"alzheimer'?s", r"overdos(?:e|ed|es)",
    r"(?:(?:drug|alcohol|substance|gambling|domestic|sexual|child(?:hood)?)\s+)?addiction",
    r"(?:drug|alcohol|substance|gambling|domestic|sexual|child(?:hood)?)\s+(?:misuse|abuse|"
    r"dependency|violence)", r"paranoi[da]", r"hallucinations?",
    r"hearing\s+voices", r"autis(?:m|tic)", r"adhd", r"ocd", r"grief", r"bereave(?:ment|d)",
    r"(?:low|my)\s+mood", r"hopeless(?:ness)?", r"desperate(?:ly)?", r"lonel(?:y|iness)",
    r"isolat(?:ed|ion)", r"overwhelmed", r"(?:very\s+)?dark\s+(?:time|place|days|period)",
    r"rock\s+bottom", r"at\s+my\s+(?:lowest|worst)", r"in\s+a\s+(?:bad|terrible|awful|dark)\s+"
    r"(?:way|place|state)", r"(?:was|am|were|been|is|are|'m|felt|feel|feeling)\s+(?:so\s+|very\s+|"
    r"really\s+)?(?:struggling|ill|unwell|poorly|sick|low)",
    r"struggl(?:ing|ed)\s+with", r"off\s+sick", r"at\s+(?:its|his|her|their)\s+(?:lowest|worst)",
    r"when\s+(?:i|he|she|we|they)\s+(?:was|were|felt|am|are|'m)\s+(?:\w+\s+)?(?:frightened|"
    r"scared|terrified|afraid|upset|distressed|anxious|worried|panicking|crying|angry|confused)",
    r"(?:peer\s+)?support\s+(?:groups?|workers?|team|line|service|plan|network|officer|hub)",
    r"(?:would|'d)\s+(?:really\s+)?like", r"(?:not|n't)\s+sure\s+(?:which|what|who|whether|if|how|"
    r"where|when)", r"(?:the|this|our|nhs|foundation|healthcare|health|care)\s+trusts?",
    r"emergency(?:\s+department)?",
    r"intensive\s+care", r"(?:chronic\s+)?pain\s+(?:clinic|management|relief|team|service)",
    r"cancer", r"a\s*&\s*e", r"detox",
    r"(?:social\s+|primary\s+|secondary\s+|after)?care\s+(?:co-?ordinators?|plans?|homes?|act|"
    r"programme|package|workers?|team|records?)", r"(?:social|primary|secondary)\s+care",
    r"admitted", r"numbers?",
    # how someone was, not a verdict ("noticed I wasn't coping and got me help"); the whole
    # phrase, so "well" in "not coping well" is not read as praise
    r"(?:was\s*n'?t|was\s+not|were\s*n'?t|were\s+not|am\s+not|i'm\s+not|not)\s+coping"
    r"(?:\s+(?:very\s+|too\s+|so\s+)?(?:well|good|great|ok|okay))?",
    # welfare benefits, not a good thing
    r"(?:on|claiming|claim|receiving|receive|my|his|her|their)\s+benefits", r"benefits\s+"
    r"(?:system|office|claims?|assessments?|advice|advisers?|team)",
    # "like" as in "similar to", not "enjoy"
    r"(?:look|looks|looked|looking|sound|sounds|sounded|seem|seems|seemed)\s+like",
)

_LEXICON_ADDITIONS: dict[str, float] = {
    "listened": 1.5, "sorted": 1.0, "dismissed": -1.5, "unsafe": -2.0, "fobbed": -2.0,
    "unprofessional": -2.3, "understaffed": -1.8, "useless": -2.0, "nightmare": -2.5,
    "disgrace": -2.5, "shambolic": -2.5, "atrocious": -3.0, "rubbish": -2.0, "helped": 1.7,
    "helps": 1.5, "please": 0.0,
    # In health feedback "care" and "support" name what is being judged ("the care was not
    # good", "support could be better"), not the verdict; "caring", "supportive" still count.
    "care": 0.0, "cares": 0.0, "support": 0.0,
    # "The phone line is engaged" (busy), "I asked for help": the topic, not a verdict.
    "engaged": 0.0, "help": 0.0,
}

_NOTHING_BARE = re.compile(r"^\W*(?:no|nope|no\s+comments?|n/?a|not\s+applicable)\W*$", re.I)
# "Nothing needs to change" answers, possibly trailing off ("Nothing right now", "No not really").
_NOTHING_START = re.compile(
    r"^\W*(?:no|nope|nothing|none|nil|n/?a|not\s+really|not\s+that\s+i\s+can\s+think|"
    r"can['’]?t\s+think|cannot\s+think|i\s+can['’]?t\s+think|don['’]?t\s+know)\b",
    re.IGNORECASE,
)

# "What is working well?" -> "Not much", "Very little": little is, which is criticism. (A bare
# "Nothing" is not read so: real FFT coders scored it positive under such questions too.)
_LITTLE_GOOD = re.compile(
    r"^\W*(?:not\s+(?:much|a\s+lot|many)|(?:very\s+)?little|hardly\s+(?:anything|any)|"
    r"not\s+(?:a\s+)?(?:great|good)\s+deal)\b",
    re.IGNORECASE,
)

QUESTION_KINDS: tuple[str, str] = ("improve", "praise")
"""What a question asks for: what could be better, or what was good."""

_IMPROVE_QUESTION = re.compile(
    r"\b(?:improv\w*|better|change\w*|differently|wrong|worse|worst|bad|least|dislike\w*|"
    r"unhelpful|problems?|complain\w*|suggest\w*|difficult\w*|hard(?:er|est)?|barriers?|"
    r"frustrat\w*|missing|lacking|gaps?|even\s+better|(?:stop|start)\s+doing|"
    r"would\s+(?:really\s+)?(?:help|make\s+(?:a|the|any)\s+difference)|"
    r"could\s+(?:we|you)\s+(?:have\s+)?(?:do|done)|"
    r"(?:not|never|\w*n['’]t)\s+(?:\w+\s+)?(?:so\s+|very\s+|as\s+)?"
    r"(?:good|well|work\w*|help\w*|like\w*|go|goes|went|right|enough))\b",
    re.IGNORECASE,
)
_PRAISE_QUESTION = re.compile(
    r"\b(?:good|well|best|liked|like\s+(?:best|most|about)|positive|enjoy\w*|helpful|helped|"
    r"happy|pleased|great|excellent|valued?|keep\s+doing|what(?:['’]s|\s+is)\s+working|"
    r"what\s+works)\b",
    re.IGNORECASE,
)
_NOT_PRAISE = re.compile(r"\bhow\s+(?:well|good|happy|pleased|helpful)\b", re.IGNORECASE)
# Lexicon score given to a verdict-free answer once the question supplies the verdict.
_QUESTION_SCORE = 0.3
# How far the lexicon score of any other answer to an "improve" question is moved towards
# negative. On real FFT answers to such questions (3,318, no labels): 0 -> 0.848 accuracy,
# 0.2 -> 0.852, 0.3 -> 0.852, 0.4 -> 0.831 (praise is often given there too: "Nothing, the
# staff were lovely"), so a small lean only.
_IMPROVE_LEAN = 0.2


def question_kind(question: str | None) -> str | None:
    """``"improve"``, ``"praise"`` or ``None``: what a survey question asks for.

    >>> question_kind("What could we do better?"), question_kind("What was good about your care?")
    ('improve', 'praise')
    >>> question_kind("What went well, and what could be better?") is None  # both: no cue
    True
    """
    if not question:
        return None
    text = re.sub(r"[_\-]+", " ", str(question))
    improve = bool(_IMPROVE_QUESTION.search(text))
    praise = bool(_PRAISE_QUESTION.search(_IMPROVE_QUESTION.sub(" ", _NOT_PRAISE.sub(" ", text))))
    if improve and not praise:
        return "improve"
    if praise and not improve:
        return "praise"
    return None


def _question_kinds(questions: Sequence[str | None] | None, n: int) -> list[str | None]:
    if questions is None:
        return [None] * n
    questions = list(questions)
    if len(questions) != n:
        raise ValueError(f"{n} texts but {len(questions)} questions")
    cache: dict[str | None, str | None] = {}
    kinds = []
    for q in questions:
        if q not in cache:
            cache[q] = question_kind(q)
        kinds.append(cache[q])
    return kinds


def _answer_compound(
    texts: Sequence[str], compound: np.ndarray, kinds: Sequence[str | None], neutral_band: float
) -> np.ndarray:
    """Lexicon scores with verdict-free answers scored by the question they answer."""
    adjusted = compound.copy()
    for i, kind in enumerate(kinds):
        if kind is None or not texts[i].strip():
            continue
        if kind == "praise" and _LITTLE_GOOD.match(texts[i]):
            adjusted[i] = -max(_QUESTION_SCORE, abs(compound[i]))  # little is working well
            continue
        if abs(compound[i]) >= neutral_band:
            # A verdict of its own still leans to criticism when it answers "what needs to
            # change?" ("It is cheaper and kinder to help people before they reach crisis").
            if kind == "improve" and not _NOTHING_START.match(texts[i]):
                adjusted[i] -= _IMPROVE_LEAN
            continue
        if kind == "improve":
            nothing = _NOTHING_START.match(texts[i]) is not None
            adjusted[i] = _QUESTION_SCORE if nothing else -_QUESTION_SCORE
        elif not _NOTHING_START.match(texts[i]):  # "No" / "Don't know" to "what was good?"
            adjusted[i] = _QUESTION_SCORE
    return adjusted


_TOPIC_TOKEN = "zztopic"
_MEMO_SIZE = 200_000


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class LexiconScores:
    """Lexicon scores of one text: VADER's four plus the domain cues found."""

    compound: float
    pos: float
    neg: float
    neu: float
    negative_cues: int
    positive_cues: int


class LexiconScorer:
    """Mental-health-aware VADER scorer: topic words neutralised, domain cues added.

    Each cue is replaced by a pseudo-word carrying the cue's valence in a private copy of
    VADER's lexicon, so VADER's own rules ("but", negation, boosters) still apply around it.
    """

    def __init__(self) -> None:
        self._memo: dict[str, LexiconScores] = {}
        self._vader = SentimentIntensityAnalyzer()
        self._vader.lexicon = dict(self._vader.lexicon)
        self._vader.lexicon.update(_LEXICON_ADDITIONS)
        # One alternation, one pass: at each position the earliest-listed cue wins, so
        # negative cues take precedence over positive ones that overlap them.
        self._cue_tokens: list[tuple[str, int]] = []
        alternatives = []
        for sign, cues in ((-1, _NEGATIVE_CUES), (1, _POSITIVE_CUES)):
            for pattern, valence in cues:
                token = f"zzcue{len(self._cue_tokens)}"
                self._vader.lexicon[token] = valence
                self._cue_tokens.append((token, sign))
                alternatives.append(f"({pattern})")
        self._cues = re.compile(
            r"(?<!\w)(?=\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE | re.MULTILINE
        )
        self._topics = re.compile(
            r"(?<![\w-])(?:" + "|".join(f"(?:{t})" for t in _TOPIC_TERMS) + r")(?![\w-])",
            re.IGNORECASE,
        )

    def rewrite(self, text: str) -> tuple[str, int, int]:
        """Return ``text`` with cues and topic words replaced, and the cue counts (neg, pos)."""
        if _NOTHING_BARE.match(text):
            return "", 0, 0
        counts = {-1: 0, 1: 0}
        # "won’t" is negation to VADER only with a typewriter apostrophe.
        text = text.replace("\u2019", "'").replace("\u2018", "'")

        def replace(match: re.Match[str]) -> str:
            token, sign = self._cue_tokens[match.lastindex - 1]
            counts[sign] += 1
            return f" {token} "

        text = self._cues.sub(replace, text)
        text = self._topics.sub(f" {_TOPIC_TOKEN} ", text)
        return text, counts[-1], counts[1]

    def scores(self, text: str) -> LexiconScores:
        """Score one text (remembered: a comment is scored again as its own sentence)."""
        found = self._memo.get(text)
        if found is None:
            rewritten, neg_cues, pos_cues = self.rewrite(text)
            vs = self._vader.polarity_scores(rewritten)
            found = LexiconScores(
                vs["compound"], vs["pos"], vs["neg"], vs["neu"], neg_cues, pos_cues
            )
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = found
        return found

    def compound(self, texts: Sequence[str]) -> np.ndarray:
        """Signed score in [-1, 1] for each text."""
        return np.array([self.scores(t).compound for t in texts], dtype=float)

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """Dense features for a fitted model: compound, pos, neg, neu, cue counts (capped)."""
        rows = []
        for t in texts:
            s = self.scores(t)
            rows.append([s.compound, s.pos, s.neg, s.neu,
                         min(s.negative_cues, 3) / 3, min(s.positive_cues, 3) / 3])
        return np.array(rows, dtype=float).reshape(len(rows), 6)


@lru_cache(maxsize=1)
def lexicon_scorer() -> LexiconScorer:
    """The shared :class:`LexiconScorer` (built once; loading VADER's lexicon takes ~0.1 s)."""
    return LexiconScorer()


def label_from_score(score: float, *, neutral_band: float = 0.05) -> str:
    """Map a signed score to a label: ``|score| < neutral_band`` is neutral."""
    if score >= neutral_band:
        return "positive"
    if score <= -neutral_band:
        return "negative"
    return "neutral"


def _lexicon_proba(compound: np.ndarray, neutral_band: float, sharpness: float) -> np.ndarray:
    """Soft 3-class distribution whose argmax agrees with :func:`label_from_score`."""
    logits = np.column_stack([
        -sharpness * compound,
        sharpness * (2 * neutral_band - np.abs(compound)),
        sharpness * compound,
    ])
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


_NEGATOR = re.compile(
    r"^(?:not|no|never|nobody|nothing|none|neither|nor|without|hardly|barely|cannot|\w+n't)$"
)
_CLAUSE_END = re.compile(r"[.,;:!?]|\bbut\b", re.IGNORECASE)
_WORD_TOKEN = re.compile(r"(?u)\b\w[\w']*\b")


# Label spellings teams use, read as the three labels.
_LABEL_ALIASES = {
    **{label: label for label in ("negative", "neutral", "positive")},
    "neg": "negative", "-1": "negative",
    "neu": "neutral", "0": "neutral",
    "pos": "positive", "1": "positive", "+1": "positive",
}


def mark_negation(text: str) -> str:
    """``text`` lowercased, with each word after a negator (up to the clause's end) in capitals:
    "Staff were not helpful" gives "staff were not HELPFUL", so word and character n-grams
    learn "not helpful" apart from "helpful" (negation marking, after Das & Chen)."""
    clauses = []
    for clause in _CLAUSE_END.split(text.lower().replace("\u2019", "'")):
        words, negated = [], False
        for word in _WORD_TOKEN.findall(clause):
            words.append(word.upper() if negated else word)
            negated = negated or bool(_NEGATOR.match(word))
        if words:
            clauses.append(" ".join(words))
    return " . ".join(clauses)


def _term_pattern(term: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s\-]+", term.strip()) if w]
    body = r"[\s\-]+".join(words)
    if words and term.strip()[-1:].isalpha() and len(term.strip()) >= 4:
        body += r"(?:s|es|ed|d|ing|er|ers)?"
    return rf"(?<!\w){body}(?!\w)"


def _agreed_labels(
    texts: Sequence[str], kinds: Sequence[str | None], labels: Sequence[str]
) -> dict[tuple[str, str | None], str]:
    """Each labelled text (with the kind of question it answers) and its label, where the
    reviewers' labels of it agree."""
    seen: dict[tuple[str, str | None], set[str]] = {}
    for text, kind, label in zip(texts, kinds, labels, strict=True):
        if _WORD_TOKEN.search(text):
            seen.setdefault((same_words(text), kind), set()).add(label)
    return {key: next(iter(found)) for key, found in seen.items() if len(found) == 1}


class SentimentModel(ClassifierMixin, BaseEstimator):
    """Three-class sentiment (negative, neutral, positive) for feedback comments.

    Works with zero labels (the mental-health-aware lexicon); :meth:`fit` with reviewer labels
    adds a logistic regression over TF-IDF word and character n-grams plus lexicon features,
    blended with the lexicon by ``n_labels / (n_labels + prior_strength)``.

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation strength of the logistic regression.
    prior_strength : float, default=100.0
        How many labels the lexicon is worth; the fitted model's weight is ``n / (n + this)``.
    neutral_band : float, default=0.05
        Lexicon scores with ``|score| < neutral_band`` are neutral (VADER's convention).
    lexicon_weight : float, default=2.0
        Scale of the lexicon features next to the TF-IDF features.
    class_weight : dict, "balanced" or None, default=None
        Passed to the logistic regression.
    max_features : int, default=50000
        Cap on each TF-IDF vocabulary.

    Attributes
    ----------
    classes_ : ndarray of str
        ``LABELS``: the columns of :meth:`predict_proba`.
    n_labels_ : int
        Number of labelled texts seen by :meth:`fit`.
    blend_weight_ : float
        Weight of the fitted model (0 when no model could be fitted).
    word_vectorizer_, char_vectorizer_ : TfidfVectorizer or None
    classifier_ : LogisticRegression or None
    memory_ : dict
        The labelled texts (case and spacing aside) with the kind of question they answer:
        the very same words to the same kind of question are given the reviewers' label
        (where their labels of them agree).
    """

    def __init__(
        self,
        *,
        C: float = 4.0,
        prior_strength: float = 100.0,
        neutral_band: float = 0.05,
        lexicon_weight: float = 2.0,
        class_weight: dict[str, float] | str | None = None,
        max_features: int = 50000,
    ) -> None:
        self.C = C
        self.prior_strength = prior_strength
        self.neutral_band = neutral_band
        self.lexicon_weight = lexicon_weight
        self.class_weight = class_weight
        self.max_features = max_features

    # -- fitting -------------------------------------------------------------------------------
    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        questions: Sequence[str | None] | None = None,
    ) -> SentimentModel:
        """Learn from labelled texts; with no labels (or one class) keep the lexicon alone.

        Parameters
        ----------
        texts : sequence of str
        labels : sequence of {"negative", "neutral", "positive"}
        questions : sequence of str or None, default=None
            The question each text answers (``None`` where unknown); see
            :func:`question_kind`. Give them to the predict methods too.

        Returns
        -------
        self
        """
        texts = as_texts(texts, convert=True)
        labels = [_LABEL_ALIASES.get(str(y).strip().casefold(), str(y)) for y in labels]
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        unknown = sorted(set(labels) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown sentiment labels {unknown}; expected one of {LABELS}")
        self.classes_ = np.array(LABELS)
        self.n_labels_ = len(labels)
        self.word_vectorizer_ = None
        self.char_vectorizer_ = None
        self.classifier_ = None
        self.blend_weight_ = 0.0
        kinds = _question_kinds(questions, len(texts))
        self.memory_ = _agreed_labels(texts, kinds, labels)
        if len(set(labels)) < 2:
            return self
        self.word_vectorizer_ = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=self.max_features,
            token_pattern=r"(?u)\b\w[\w']*\b", preprocessor=mark_negation, lowercase=False,
        )
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
            max_features=self.max_features, preprocessor=mark_negation, lowercase=False,
        )
        X = sparse.hstack([
            self.word_vectorizer_.fit_transform(texts),
            self.char_vectorizer_.fit_transform(texts),
            sparse.csr_matrix(self.lexicon_weight * self._dense_features(texts, kinds)[0]),
        ]).tocsr()
        self.classifier_ = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=2000
        ).fit(X, labels)
        self.blend_weight_ = self.n_labels_ / (self.n_labels_ + self.prior_strength)
        return self

    # -- prediction ----------------------------------------------------------------------------
    def _dense_features(
        self, texts: list[str], kinds: Sequence[str | None]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Lexicon features plus the question-aware score and kind; and that score alone."""
        features = lexicon_scorer().features(texts)
        answer = _answer_compound(texts, features[:, 0], kinds, self.neutral_band)
        kind_columns = np.array(
            [[float(kind == k) for k in QUESTION_KINDS] for kind in kinds], dtype=float
        ).reshape(len(texts), len(QUESTION_KINDS))
        return np.hstack([features, answer[:, None], kind_columns]), answer

    def _model_proba(self, texts: list[str], lexicon_features: np.ndarray) -> np.ndarray:
        X = sparse.hstack([
            self.word_vectorizer_.transform(texts),
            self.char_vectorizer_.transform(texts),
            sparse.csr_matrix(self.lexicon_weight * lexicon_features),
        ]).tocsr()
        partial = self.classifier_.predict_proba(X)
        proba = np.zeros((len(texts), len(LABELS)))
        for j, cls in enumerate(self.classifier_.classes_):
            proba[:, LABELS.index(cls)] = partial[:, j]
        return proba

    def _blend(
        self, texts: Sequence[str], questions: Sequence[str | None] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities (n, 3) and signed scores (n,)."""
        texts = as_texts(texts, convert=True)
        features, compound = self._dense_features(texts, _question_kinds(questions, len(texts)))
        lexicon = _lexicon_proba(compound, self.neutral_band, 4.0)
        weight = getattr(self, "blend_weight_", 0.0)
        if weight == 0.0 or not texts:
            proba, score = lexicon, compound
        else:
            proba = weight * self._model_proba(texts, features) + (1 - weight) * lexicon
            score = proba[:, 2] - proba[:, 0]
            # Nothing to read (blank, "!!!"): the lexicon's neutral, not the labels' majority.
            wordless = np.array([_WORD_TOKEN.search(t) is None for t in texts])
            proba[wordless], score[wordless] = lexicon[wordless], compound[wordless]
        return self._remembered(texts, questions, proba, score)

    def _remembered(
        self,
        texts: list[str],
        questions: Sequence[str | None] | None,
        proba: np.ndarray,
        score: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The very words a reviewer labelled (to the same kind of question) take that label."""
        memory = getattr(self, "memory_", {})
        if not memory or not texts:
            return proba, score
        kinds = _question_kinds(questions, len(texts))
        proba, score = proba.copy(), np.asarray(score, dtype=float).copy()
        for i, (text, kind) in enumerate(zip(texts, kinds, strict=True)):
            label = memory.get((same_words(text), kind))
            if label is not None:
                proba[i] = np.eye(len(LABELS))[LABELS.index(label)]
                score[i] = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}[label]
        return proba, score

    def predict_proba(
        self, texts: Sequence[str], questions: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """Class probabilities, shape ``(n, 3)``, columns in ``LABELS`` order."""
        return self._blend(texts, questions)[0]

    def polarity(
        self, texts: Sequence[str], questions: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """Signed sentiment score in [-1, 1] per text (P(positive) - P(negative) once fitted)."""
        return self._blend(texts, questions)[1]

    def predict(
        self, texts: Sequence[str], questions: Sequence[str | None] | None = None
    ) -> list[str]:
        """Label per text: "negative", "neutral" or "positive".

        ``questions`` (optional) are the questions the texts answer, one per text.
        """
        return self.predict_with_polarity(texts, questions)[0]

    def predict_with_polarity(
        self, texts: Sequence[str], questions: Sequence[str | None] | None = None
    ) -> tuple[list[str], np.ndarray]:
        """Labels and signed scores in one pass (what :meth:`predict` and :meth:`polarity` give)."""
        proba, score = self._blend(texts, questions)
        return self._labels(proba, score), score

    def _labels(self, proba: np.ndarray, score: np.ndarray) -> list[str]:
        if getattr(self, "blend_weight_", 0.0) == 0.0:
            return [label_from_score(s, neutral_band=self.neutral_band) for s in score]
        return [LABELS[i] for i in proba.argmax(axis=1)]

    def sentence_sentiment(self, text: str) -> list[tuple[str, str, float]]:
        """``(sentence, label, score)`` for each sentence of ``text``."""
        sentences = [s.text for s in split_sentences(text)]
        if not sentences:
            return []
        labels, scores = self.predict_with_polarity(sentences)
        return [(s, y, float(v)) for s, y, v in zip(sentences, labels, scores, strict=True)]

    def theme_sentiment(
        self, text: str, theme_terms: dict[str, list[str]]
    ) -> dict[str, tuple[str, float]]:
        """Sentiment of the sentences that carry each theme's terms.

        Parameters
        ----------
        text : str
        theme_terms : dict of theme id -> list of terms (words or phrases, case-insensitive;
            simple endings such as -s, -ed, -ing also match)

        Returns
        -------
        dict of theme id -> (label, score)
            Only themes with at least one matching sentence; the score is the mean signed
            score of those sentences and the label comes from their mean probabilities.
        """
        return self.theme_sentiments([text], [theme_terms])[0]

    def theme_sentiments(
        self,
        texts: Sequence[str],
        theme_terms: Sequence[dict[str, Sequence[str]]],
        questions: Sequence[str | None] | None = None,
    ) -> list[dict[str, tuple[str, float]]]:
        """:meth:`theme_sentiment` for many texts, with every sentence scored in one batch.

        Each sentence is read as part of the answer to its text's question, if given.
        """
        if len(texts) != len(theme_terms):
            raise ValueError(f"{len(texts)} texts but {len(theme_terms)} sets of theme terms")
        asked = [None] * len(texts) if questions is None else list(questions)
        if len(asked) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(asked)} questions")
        split = [[s.text for s in split_sentences(str(t))] for t in texts]
        flat = [sentence for sentences in split for sentence in sentences]
        flat_questions = [q for q, sentences in zip(asked, split, strict=True) for _ in sentences]
        proba, scores = (
            self._blend(flat, flat_questions) if flat else (np.zeros((0, 3)), np.zeros(0))
        )
        fitted = getattr(self, "blend_weight_", 0.0) != 0.0
        results: list[dict[str, tuple[str, float]]] = []
        offset = 0
        for sentences, terms_of in zip(split, theme_terms, strict=True):
            rows_of = range(offset, offset + len(sentences))
            offset += len(sentences)
            result: dict[str, tuple[str, float]] = {}
            for theme_id, terms in terms_of.items():
                matchers = [_term_matcher(t.strip()) for t in terms if t and t.strip()]
                rows = [
                    r
                    for r, sentence in zip(rows_of, sentences, strict=True)
                    if any(m.search(sentence) for m in matchers)
                ]
                if not rows:
                    continue
                score = float(scores[rows].mean())
                if fitted:
                    label = LABELS[int(proba[rows].mean(axis=0).argmax())]
                else:
                    label = label_from_score(score, neutral_band=self.neutral_band)
                result[theme_id] = (label, score)
            results.append(result)
        return results


@lru_cache(maxsize=65536)
def _term_matcher(term: str) -> re.Pattern[str]:
    """A term's compiled pattern (framework terms repeat from comment to comment)."""
    return re.compile(_term_pattern(term), re.IGNORECASE)
