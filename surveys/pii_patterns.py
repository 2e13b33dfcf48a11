"""Regex finders for NHS, NI, hospital, bed and phone numbers (also spoken: "oh seven seven
double oh ..."), emails (also "jo [at] x dot com", "jo @ gmail.com"), URLs, social media
handles, postcodes, vehicle registrations, dates of birth and addresses.

Each finder in :data:`PATTERN_DETECTORS` maps a text to a list of :class:`Span`. Ten-digit
numbers are NHS numbers when their modulus-11 check digit is valid or when labelled ("NHS
number ..."); a number that is a valid UK phone number is a phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from surveys.pii_lexicon import COMMON, STOP


@dataclass(frozen=True)
class Span:
    """One redacted stretch of the original text (character offsets, end exclusive)."""

    start: int
    end: int
    label: str


EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
)

#: "jane.doe @ gmail.com": one space each side of the "@" at most, a known top-level domain.
SPACED_EMAIL_RE = re.compile(
    r"(?<![\w.+-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+'-]*)(?: @ ?|@ )"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.(?:com|org|net|uk|io|me|info|ie|eu|biz|edu|gov|scot|wales|cymru)(?![A-Za-z0-9-])",
    re.IGNORECASE,
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
    r"(?P<prefix>(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(0\)\s?|\(0|0)"
    r"(?P<body>\d(?:(?:\)\s?|[ \-.]|\s{2})?\d){8,9})"
    r"(?![\d/])"
)

NHS_RE = re.compile(r"(?<![\w+£$/.-])(\d{3})([ ./-]?)(\d{3})\2(\d{4})(?![\w/]|[.,]\d)")
#: A ten-digit number after an "NHS number" label (taken even if the check digit fails).
NHS_LABELLED_RE = re.compile(
    r"\bNHS\s*(?:number|num|no\b\.?|#)\s*(?:(?:is|was)\b)?\s*[:=#\-–]?\s*"
    r"(?P<number>\d(?:[ ./-]?\d){9})(?![\w/]|[ ./,-]\d)",
    re.IGNORECASE,
)

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

_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
               r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTH = rf"{_MONTH_NAME}\.?"
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:(?:19|20)\d{2}|['’]?\d{2})"
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)"
    r"|(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?!\d)"
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}(?!\d)"
    rf"|{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)"
    rf"|{_MONTH}\s+(?:19|20)\d{{2}}(?!\d))"
)
#: A day and month with no year ("3rd of April", "May 5th"), taken only straight after a cue;
#: month first needs an ordinal ("born in October 2 years ago" is not a date).
_DAY_MONTH = (rf"(?:{_DAY}(?:\s+of)?\s+{_MONTH}"
              rf"|{_MONTH_NAME}\s+(?:[0-2]?\d|3[01])(?:st|nd|rd|th))(?![A-Za-z\d])")
_DOB_CUE = (r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s?date\b|\bbirthdate\b"
            r"|\bborn\b|\bbirthday\b|\bb['’]?day\b)")
DOB_RE = re.compile(
    rf"{_DOB_CUE}[\s:=\-–,.(]*(?:(?:is|was|on|being|as|of|the|in)\b[\s:=\-–,]*){{0,3}}"
    rf"(?P<date>{_DATE}|{_DAY_MONTH})"
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
# Welsh street names put the kind of street first ("14 Heol y Parc", "3 Ffordd yr Eglwys").
_WELSH_STREET = r"heol|ffordd|stryd|l[oô]n|rhodfa|cilgant|teras|llys|ystad"
ADDRESS_RE = re.compile(
    r"(?<![\w£$.,:/-])"
    r"(?:(?:flat|apartment|apt|unit)\.?\s*\d{1,4}[a-z]?\s*,?\s+)?"
    r"\d{1,4}[a-z]?(?:\s*-\s*\d{1,4})?,?\s+"
    rf"(?:(?:(?!(?:{_NOT_STREET_WORD})\b)[a-z][a-z'’.-]*\s+){{1,4}}(?:{_STREET})\b"
    rf"|(?:{_WELSH_STREET})\s+(?:(?:y|yr|'r)\s+)?[a-zâêîôûŵŷ][\wâêîôûŵŷ'’-]*"
    rf"(?-i:\s+[A-ZÂÊÎÔÛŴŶ][\wâêîôûŵŷ'’-]*)?)",
    re.IGNORECASE,
)

#: A street named after "live on/at/in" with no house number ("I live on Acacia Avenue"): one
#: to three capitalised words (not "The", "My" ...), then a street kind.
LIVE_ON_RE = re.compile(
    r"\b(?:live|lives|lived|living|reside|resides|residing|staying|moved|moving)\s+"
    r"(?:on|at|in|to)\s+"
    rf"(?P<street>(?:(?!(?:The|A|An|My|Our|Your|Their|This|That)\b)(?-i:[A-Z][a-z'’-]+)\s+){{1,3}}"
    rf"(?:{_STREET})\b)",
    re.IGNORECASE,
)

#: A bed number ("bed 12", "bed no. 4B"), not a time in bed ("in bed 12 hours", "bed 9.30").
BED_RE = re.compile(
    r"\bbed\s*(?:no\b\.?|number|num|#)?\s*[:=#]?\s*(?P<id>\d{1,3}[A-Za-z]?)\b(?![.:]\d)"
    r"(?!\s*(?:-\s*)?(?:hours?|hrs?|h|days?|nights?|weeks?|wks?|months?|years?|yrs?|mins?"
    r"|minutes?|times?|am|pm|o['’]?clock|x|%|beds?|patients?|people|miles?)\b)",
    re.IGNORECASE,
)

#: Spoken digits ("oh seven seven double oh nine ..."); a run becomes a phone number only when
#: it spells a whole UK number (see :func:`_spoken_phone_spans`).
_DIGIT_WORDS = {"oh": "0", "o": "0", "zero": "0", "nought": "0", "one": "1", "two": "2",
                "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                "nine": "9"}
_REPEATS = {"double": 2, "treble": 3, "triple": 3}
_SPOKEN_DIGIT = rf"(?:(?:{'|'.join(_REPEATS)})\s+)?(?:{'|'.join(_DIGIT_WORDS)})\b"
SPOKEN_NUMBER_RE = re.compile(
    rf"\b{_SPOKEN_DIGIT}(?:[\s,-]+{_SPOKEN_DIGIT}){{7,}}", re.IGNORECASE
)


# --- identifiers found by the audit: handles, NI numbers, hidden emails, hospital IDs, cars ---

_SOCIAL = (r"insta(?:gram)?|facebook|fb|twitter|tik\s?tok|snapchat|snap|threads|linkedin|"
           r"youtube|discord|telegram|bluesky")
#: "@handle" (not an email: nothing word-like before the "@"; not a spreadsheet "@SUM(").
HANDLE_RE = re.compile(
    r"(?<![\w@.+=-])@(?![A-Za-z0-9_.]*\()(?P<handle>[A-Za-z0-9_][A-Za-z0-9_.]{0,29})"
)
#: A handle after a platform's name ("Instagram: amara.okoye_01", "facebook as jo.b.79").
HANDLE_CUE_RE = re.compile(
    rf"\b(?:{_SOCIAL})\b(?:\s+(?:account|page|handle|user\s?name|name|profile|id)\b)?"
    r"(?:\s+(?:is|was|as|at|under|called|named)\b)?\s*[:=\-–]?\s*"
    r"(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29})",
    re.IGNORECASE,
)
_NOT_HANDLE = re.compile(r"\d{1,2}(?:[.:]\d{2})?(?:am|pm)?|[a-z](?:\.[a-z])+|[\d.]+",
                         re.IGNORECASE)

#: UK National Insurance numbers: "QQ 12 34 56 C", "AB123456C" (lowercase only when unspaced).
NI_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-CEGHJ-TW-Z][A-CEGHJ-NP-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
    r"|(?i:[a-ceghj-tw-z][a-ceghj-np-tw-z]\d{6}[a-d]))(?![A-Za-z0-9])"
)

# Emails written to dodge spam filters: "jane[at]example.com", "mike dot jones at gmail dot com".
_DOT_WORD = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)"
_DOT = rf"(?:\.|{_DOT_WORD})"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = r"(?:com|org|net|uk|io|me|info|ie|eu|biz|edu|gov|scot|wales|cymru|de|fr|pl|es|it|nl)"
#: Between parts of the name before the "at": ".", "dot", "underscore", "dash", "hyphen".
_LOCAL_SEP = rf"(?:{_DOT}|\s+(?:underscore|dash|hyphen)\s+)"
OBFUSCATED_EMAIL_RE = re.compile(
    rf"(?<![\w.@])[A-Za-z0-9][\w%+'-]*(?:{_LOCAL_SEP}[\w%+'-]+){{0,4}}"
    rf"(?P<at>\s*[\[({{<]\s*at\s*[\])}}>]\s*|\s+at\s+)"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,4}}{_DOT}{_TLD})(?![\w-])",
    re.IGNORECASE,
)
#: Mail providers that make "name at gmail.com" an email without brackets or "dot".
MAIL_HOSTS = frozenset("gmail googlemail hotmail yahoo ymail outlook icloud live msn aol "
                       "btinternet sky virginmedia talktalk protonmail proton".split())

#: Hospital / medical record numbers, when labelled ("hospital number RGN1234567", "MRN ...").
HOSPITAL_ID_RE = re.compile(
    r"\b(?:(?:hospital|hosp|patient|medical\s+records?|case\s+notes?|pas)\.?\s*"
    r"(?:number|num|no\b\.?|#|id\b)|mrn\b|m\.r\.n\.?)"
    r"\s*(?:(?:is|was)\b)?\s*[:=#\-–]?\s*"
    r"(?P<id>[A-Za-z]{0,4}\d{4,12}[A-Za-z]?)(?![\w/])",
    re.IGNORECASE,
)

#: Current-format UK number plates ("AB12 CDE"): no I or Q, age 02-29 or 51-79, one space.
VEHICLE_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-HJ-PR-Y][A-HJ-PR-Z](?:0[2-9]|[12]\d|5[1-9]|[67]\d) "
    r"(?P<letters>[A-HJ-PR-Z]{3})(?![A-Za-z0-9])"
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
        national = "0" + digits  # every prefix stands for the trunk 0: "0", "(0", "(0)", "+44"
        if prefix not in ("0", "(0") and digits.startswith("0"):
            continue
        if is_uk_phone(national):
            start = m.start() + (1 if prefix == "(0" and ")" not in m.group(0) else 0)
            spans.append(Span(start, m.end(), "PHONE"))
    return spans


def _nhs_spans(text: str) -> list[Span]:
    # labelled numbers first: on a tie with a phone reading of the same digits they win
    spans = [Span(m.start("number"), m.end("number"), "NHS_NUMBER")
             for m in NHS_LABELLED_RE.finditer(text)]
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
            nxt = text[m.end() : m.end() + 8].lstrip()
            # an honorific or saint: "12 Dr Smith", "5 St Giles", "3 said Dr [NAME]"
            if nxt[:1].isupper() or nxt.startswith("[NAME]"):
                continue
        spans.append(Span(m.start(), m.end(), "ADDRESS"))
    return spans


def _email_spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "EMAIL") for m in EMAIL_RE.finditer(text)]
    for m in SPACED_EMAIL_RE.finditer(text):
        if m.group("local").lower() not in COMMON:  # "email me @ ..." is not an address
            spans.append(Span(m.start(), m.end(), "EMAIL"))
    return spans


def _handle_spans(text: str) -> list[Span]:
    spans = []
    for regex, cued in ((HANDLE_RE, False), (HANDLE_CUE_RE, True)):
        for m in regex.finditer(text):
            handle = m.group("handle").rstrip(".")
            bare = handle.lstrip("@")
            if len(bare) < 2 or _NOT_HANDLE.fullmatch(bare) or not re.search("[A-Za-z]", bare):
                continue
            if cued and not handle.startswith("@") and not re.search(r"[\d_.]", bare):
                continue  # a plain word after "facebook" is not a handle ("facebook group")
            start = m.start("handle") - (0 if cued else 1)
            spans.append(Span(start, start + len(handle) + (0 if cued else 1), "HANDLE"))
    return spans


def _ni_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "NI_NUMBER") for m in NI_RE.finditer(text)]


def _obfuscated_email_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    if "at" not in text.lower():
        return spans
    for m in OBFUSCATED_EMAIL_RE.finditer(text):
        domain = m.group("domain")
        plain_at = not re.search(r"[\[({<]", m.group("at"))
        host = re.split(_DOT, domain, maxsplit=1, flags=re.IGNORECASE)[0].lower()
        if plain_at and not re.search(_DOT_WORD, domain, re.IGNORECASE) and host not in MAIL_HOSTS:
            continue  # "looked at nhs.uk": a site, not a hidden email
        if plain_at and text[m.start() : m.start("at")].lower() in COMMON:
            continue  # "I was at home dot com"
        spans.append(Span(m.start(), m.end(), "EMAIL"))
    return spans


def _hospital_id_spans(text: str) -> list[Span]:
    """Labelled hospital numbers and bed numbers (the number only: "bed [ID_NUMBER]")."""
    return [Span(m.start("id"), m.end("id"), "ID_NUMBER")
            for regex in (HOSPITAL_ID_RE, BED_RE) for m in regex.finditer(text)]


def _spoken_digits(run: re.Match) -> list[tuple[int, int, str]]:
    """Each spoken digit of a run with its offsets ("double oh" -> "00")."""
    out = []
    for m in re.finditer(_SPOKEN_DIGIT, run.group(0), re.IGNORECASE):
        words = m.group(0).lower().split()
        digit = _DIGIT_WORDS[words[-1]] * (_REPEATS[words[0]] if len(words) > 1 else 1)
        out.append((run.start() + m.start(), run.start() + m.end(), digit))
    return out


def _spoken_phone_spans(text: str) -> list[Span]:
    """Phone numbers written in words: the first stretch of a run of number words that spells
    a whole UK number (so "number one, oh seven seven ..." or a trailing "one" still work)."""
    spans = []
    for run in SPOKEN_NUMBER_RE.finditer(text):
        digits = _spoken_digits(run)
        for a in range(len(digits)):
            found, number = None, ""
            for b in range(a, len(digits)):
                number += digits[b][2]
                if len(number) > 11:
                    break
                if is_uk_phone(number):
                    found = Span(digits[a][0], digits[b][1], "PHONE")
            if found:
                spans.append(found)
                break
    return spans


def _live_on_spans(text: str) -> list[Span]:
    return [Span(m.start("street"), m.end("street"), "ADDRESS")
            for m in LIVE_ON_RE.finditer(text)]


def _vehicle_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "VEHICLE_REG") for m in VEHICLE_RE.finditer(text)
            if m.group("letters").lower() not in COMMON | STOP]


PATTERN_DETECTORS = (_email_spans, _obfuscated_email_spans, _url_spans, _handle_spans,
                     _nhs_spans, _ni_spans, _hospital_id_spans, _phone_spans,
                     _spoken_phone_spans, _dob_spans, _postcode_spans, _vehicle_spans,
                     _address_spans, _live_on_spans)
