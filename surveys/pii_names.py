"""Rule-based person-name finder: cue words, name lists, name shapes and filtered NER PERSON.

Name shapes accept capitalised words in any script ("Łucja", "Oisín"); list look-ups ignore
accents. A name runs on over particles ("bin Rashid", "Ní Bhriain"), hyphens ("Carol-Ann") and
an all-caps surname ("John SMITH").

Names that are everyday words ("Hope", "Will", "Precious") need a cue: a title or role before
them, a role, team or person's verb after them, or another name joined by "and".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc

from surveys.pii_lexicon import (
    AMBIGUOUS_NAMES,
    AMBIGUOUS_SURNAMES,
    APPOSITIVE_ROLES,
    CALLED_1,
    CALLED_2,
    COMMON,
    COPULAS,
    DETERMINERS,
    FACILITY,
    FIRST_NAMES,
    GREETINGS,
    GREETINGS_2,
    HELP_VERBS,
    HONORIFICS,
    IMPERATIVE_BEFORE,
    LOWER_NEVER,
    MODAL_NEXT,
    NAME_ADVERBS,
    NOT_AFTER_NAME,
    NOT_PERSON_BEFORE,
    PARTICLES,
    PERSON_NEXT,
    PERSON_OBJECTS,
    PERSON_VERBS,
    PLACE_BEFORE,
    PLACE_PHRASES,
    PLACE_PREPOSITIONS,
    POSSESSIVES,
    RELATIONS,
    ROLE_CUES,
    ROLE_MODIFIERS,
    SENT_BREAK,
    SERVICE_WORDS,
    STOP,
    STRONG_CUES,
    SURNAMES,
    TIME_PLACE_NAMES,
    TITLES,
    VERB_NAMES,
    VIRTUE_NAMES,
)

#: Lowercase words: letters of any script, an optional "o'"/"d'" prefix, hyphenated parts.
LOWER_SHAPE = re.compile(r"(?:[^\W\d_]{1,2}['’])?[^\W\d_]+(?:-[^\W\d_]+)*")
REPEATED = re.compile(r"(.)\1\1")
NAME_SEPARATORS = re.compile(r"([-'’])")
HYPHENS = frozenset({"-", "‐"})
#: Prefixes joined to a capitalised word ("McTavish", "MacDonald", "DeLuca", "FitzGerald").
NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Le", "La", "Van", "Fitz")
#: Words before a role that make it a noun, not a title ("the nurse rose to it").
ARTICLES = frozenset({"the", "a", "an", "this", "that", "any", "every", "no"})
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                       "ı": "i", "þ": "th", "ħ": "h"})


@lru_cache(maxsize=65536)
def fold(lower: str) -> str:
    """``lower`` without accents ("wiśniewska" -> "wisniewska", "łucja" -> "lucja")."""
    decomposed = unicodedata.normalize("NFKD", lower.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _capitalised(part: str) -> bool:
    """An upper-case letter then lower-case letters, in any script ("Łucja", "Ní")."""
    return len(part) > 1 and part.isalpha() and part[0].isupper() and part[1:].islower()


def _title(text: str) -> bool:
    """A capitalised name: "Oisín", "O'Brien", "McTavish", "Smith-Jones", "Al-Farsi"."""
    parts = NAME_SEPARATORS.split(text)  # words at even positions, separators between
    words, seps = parts[::2], parts[1::2]
    first = words[0]
    if len(first) == 1 and first.isupper() and seps and seps[0] != "-":  # O'Brien, D'Arcy
        words = words[1:]
    elif not _capitalised(first):
        if not any(first.startswith(p) and _capitalised(first[len(p):]) for p in NAME_PREFIXES):
            return False
        words = words[1:]
    return bool(words or not seps) and all(_capitalised(w) for w in words)


def _initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


@lru_cache(maxsize=65536)
def _shape(text: str) -> str | None:
    text = unicodedata.normalize("NFC", text)
    if _title(text):
        return "title"
    if LOWER_SHAPE.fullmatch(text) and text.islower() and not REPEATED.search(text):
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
    if bare in {"is", "was"} and not punct and (prev in RELATIONS or prev in ROLE_CUES):
        return "copula"  # "my carer is ahmed", "my nurse was Grace"
    if bare in ROLE_CUES or bare in HONORIFICS:
        return "role"
    if bare in CALLED_1:
        return "called"
    if bare in GREETINGS:
        return "greeting"
    return None


def _cue_index(doc: Doc, i: int) -> int:
    """Index of the cue word :func:`_cue` reads for token ``i`` (over a comma or bracket)."""
    return i - 2 if i > 1 and doc[i - 1].text in {",", "(", ":", "-", "–"} else i - 1


def _clause_start(doc: Doc, i: int) -> bool:
    """A sentence start, or just after one "please" ("Please Mark the calendar")."""
    if _sentence_start(doc, i):
        return True
    return doc[i - 1].lower_ in IMPERATIVE_BEFORE and _sentence_start(doc, i - 1)


def _word_name(low: str) -> bool:
    """A listed name that is also an everyday word ("hope", "bill"), not a month or place."""
    return low in AMBIGUOUS_NAMES and low not in TIME_PLACE_NAMES


def _modal_use(doc: Doc, i: int, *, cued: bool = False) -> bool:
    """True if "Will", "May", "Hope" ... at ``i`` reads as the verb ("Will you", "Hope the
    doctor reads this"). After a cue only a bare verb counts ("Nurse Will see you now", but
    "thanks Will you're a star")."""
    if fold(doc[i].lower_) not in VERB_NAMES:
        return False
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    return nxt in MODAL_NEXT or (not cued and nxt in NOT_AFTER_NAME)


def _person_verb_follows(doc: Doc, j: int, low: str) -> bool:
    """True if a person's verb starts at ``j`` ("phoned", "shouted", "helped me"; an adverb may
    come first). "helped me" is not enough for an abstract noun ("Hope helped me")."""
    if j < len(doc) and doc[j].lower_ in NAME_ADVERBS:
        j += 1
    if j >= len(doc):
        return False
    verb = doc[j].lower_
    if verb in PERSON_VERBS:
        return True
    return (verb in HELP_VERBS and low not in VIRTUE_NAMES and j + 1 < len(doc)
            and doc[j + 1].lower_ in PERSON_OBJECTS)


def _role_apposition(doc: Doc, j: int) -> bool:
    """True if "the <job>" starts at ``j`` (after one comma): "Bill the porter"."""
    if j < len(doc) and doc[j].text == ",":
        j += 1
    if j >= len(doc) or doc[j].lower_ != "the":
        return False
    j += 1
    if j < len(doc) and doc[j].lower_ in ROLE_MODIFIERS:
        j += 1
    return j < len(doc) and doc[j].lower_ in APPOSITIVE_ROLES


def _name_pair(doc: Doc, i: int) -> bool:
    """True if token ``i`` and the one after "and" are both capitalised listed first names,
    at least one an everyday word ("Grace and Amber", "Rose and Will"): a capital in the middle
    of a sentence makes a person of a word."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in {"and", "&"}:
        return False
    lows = [fold(doc[k].lower_) for k in (i, i + 2)]
    for k, low in zip((i, i + 2), lows, strict=True):
        if _shape(doc[k].text) != "title" or low in TIME_PLACE_NAMES:
            return False
        if low not in FIRST_NAMES and low not in AMBIGUOUS_NAMES:
            return False
    if all(low in VIRTUE_NAMES for low in lows):
        return False  # "Hope and Faith"
    return any(low in AMBIGUOUS_NAMES for low in lows) and not _modal_use(doc, i + 2)


def _lower_full_name(doc: Doc, i: int) -> bool:
    """True if tokens ``i``, ``i + 1`` are a lowercase listed first name and surname, neither
    an everyday word ("john smith", "mary jones"; not "mark brown")."""
    if i + 1 >= len(doc) or "\n" in doc[i].whitespace_ or _shape(doc[i + 1].text) != "lower":
        return False
    first, last = fold(doc[i].lower_), fold(doc[i + 1].lower_)
    return (first in FIRST_NAMES and first not in AMBIGUOUS_NAMES and not _bad_word(first)
            and last in SURNAMES and last not in AMBIGUOUS_SURNAMES and not _bad_word(last))


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


def _owns_relation(doc: Doc, i: int) -> bool:
    """True if token ``i`` owns a relation or role ("Keisha's mum", "Tom's support worker")."""
    k = i + 1
    if k >= len(doc) or doc[k].lower_ not in {"'s", "\u2019s"}:
        return False
    k += 1
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
    return lower in COMMON or lower in STOP or fold(lower) in COMMON or fold(lower) in STOP


def _known(lower: str) -> bool:
    return fold(lower) in FIRST_NAMES or fold(lower) in SURNAMES


def _hyphen_left(doc: Doc, i: int) -> int:
    """Move a name's start back over a hyphenated first part ("Carol-Ann", "Mary-Jane")."""
    while (i > 1 and doc[i - 1].text in HYPHENS and not doc[i - 1].whitespace_
           and not doc[i - 2].whitespace_ and _shape(doc[i - 2].text) in ("title", "upper")
           and not _bad_word(doc[i - 2].lower_) and doc[i - 2].lower_ not in FACILITY):
        i -= 2
    return i


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
        lower = fold(lower)
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
        lower = fold(lower)
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
        low = fold(tok.lower_)
        cue = _cue(doc, i)
        if low in PARTICLES and cue in ("title", "honorific", "strong", "relation"):
            if self.particle_end(doc, i) is not None:  # "Dr al-Farsi", "Dr Ó Murchú"
                return True
        if shape is None or low.rstrip(".") in HONORIFICS:
            return False
        known = _known(low)
        if cue == "title" and shape == "lower" and doc[i - 1].text == "miss":
            return known  # the verb, not the title: "I miss morning slots"
        if cue == "title" and shape == "lower":  # "dr patel", "mrs o'neill"
            return len(low) > 1 and (known or not (_bad_word(low) or low.endswith("ly")))
        if cue in ("title", "strong", "honorific") and shape == "title" and low in AMBIGUOUS_NAMES:
            return not _modal_use(doc, i, cued=True)  # "Nurse Will"; not "Nurse Will see you"
        if cue == "copula":
            return self._after_copula(doc, i, shape, low)
        if cue in ("title", "strong"):
            if shape == "lower":
                return len(low) > 1 and (known or not (_bad_word(low) or self.is_word(low)))
            if shape == "upper" and not known:
                return False
            return (known or low not in COMMON) and low not in ROLE_CUES and low not in FACILITY
        if cue == "honorific":
            if shape == "lower" and low in AMBIGUOUS_NAMES:  # "Nurse precious"
                k = _cue_index(doc, i)  # but not "the nurse rose to it"
                return low not in LOWER_NEVER and (k == 0 or doc[k - 1].lower_ not in ARTICLES)
            if shape == "lower":
                return known or not (_bad_word(low) or self.is_word(low) or self.is_typo(low))
            return (known or low not in COMMON) and low not in ROLE_CUES and low not in FACILITY
        if cue is not None:
            if shape == "title":
                if low in AMBIGUOUS_NAMES:
                    return not _modal_use(doc, i, cued=True)  # not "thanks Will do"
                if _bad_word(low):
                    return False
                if self._titled_relation(doc, i, i + 1):
                    return False
                loose = cue in ("called", "greeting") or doc[i - 1].text in {",", ":", "-"}
                return not (loose and len(low) > 3 and self._unknown_word(low))
            if low in AMBIGUOUS_NAMES:
                return cue == "relation" and low not in LOWER_NEVER
            if low in FIRST_NAMES:
                return not _bad_word(low)
            return (shape == "lower" and cue != "greeting" and len(low) > 2
                    and not _bad_word(low) and not self.is_word(low) and not self.is_typo(low))
        if self._named_by_context(doc, i, shape, low):
            return True
        if shape == "lower":
            return False
        if i > 0 and doc[i - 1].lower_ in PLACE_BEFORE | {"a", "an"}:
            return False
        if low in FIRST_NAMES and low not in AMBIGUOUS_NAMES:
            return shape == "title" or len(low) > 2
        return shape == "title" and low in SURNAMES and low not in AMBIGUOUS_SURNAMES

    @staticmethod
    def _after_copula(doc: Doc, i: int, shape: str | None, low: str) -> bool:
        """A listed name after "my carer is" / "my nurse was" ("ahmed", "Grace"); an unlisted
        word there is more often a description ("Polish", "Dyslexic")."""
        if shape == "lower":
            return low in FIRST_NAMES and low not in AMBIGUOUS_NAMES and not _bad_word(low)
        if shape != "title" or _modal_use(doc, i, cued=True):
            return False
        if _word_name(low) or (low in FIRST_NAMES and not _bad_word(low)):
            return True
        return low in SURNAMES and low not in AMBIGUOUS_SURNAMES and not _bad_word(low)

    def _titled_relation(self, doc: Doc, i: int, j: int) -> bool:
        """True if tokens ``i:j`` follow a capitalised relation word and are English words, not
        names: a title, not a relative ("Mother Tongue", "Brother Bear", "Father Time")."""
        k = _cue_index(doc, i)
        if k < 0 or doc[k].lower_ not in RELATIONS or not doc[k].text[:1].isupper():
            return False
        return all(self._unknown_word(fold(t.lower_)) for t in doc[i:j])

    def _named_by_context(self, doc: Doc, i: int, shape: str | None, low: str) -> bool:
        """A name with no cue before it, known from what follows: a role ("Hope was my care
        coordinator", "Bill the porter"), a team ("Faith from the crisis team"), a relation it
        owns ("Tom's mum"), a person's verb at a sentence start ("grace helped me"), another
        name ("Grace and Amber") or a listed surname ("john smith")."""
        if shape == "lower":
            return _lower_full_name(doc, i) or (
                _sentence_start(doc, i) and self._lower_subject(low)
                and _person_verb_follows(doc, i + 1, low))
        if shape != "title" or (i > 0 and doc[i - 1].lower_ in PLACE_BEFORE | {"a", "an"}):
            return False
        word_name = _word_name(low)
        if (_bad_word(low) and not word_name) or (word_name and _modal_use(doc, i)):
            return False
        end = self.extend(doc, i)
        name_like = _known(low) or word_name or not self.is_word(low)
        if any(self._unknown_word(fold(t.lower_)) for t in doc[i + 1 : end]):
            end = i + 1  # "Sky News": the name, if any, is the first word only
        if _role_follows(doc, end - 1) or _service_follows(doc, end - 1):
            return name_like
        if _owns_relation(doc, end - 1):
            return name_like
        if _role_apposition(doc, end) and low not in VERB_NAMES:
            return name_like
        if word_name and _clause_start(doc, i) and _person_verb_follows(doc, end, low):
            return True
        return _name_pair(doc, i)

    @staticmethod
    def _lower_subject(low: str) -> bool:
        """A lowercase word that can be a name at a sentence start before a person's verb."""
        if low not in FIRST_NAMES and low not in AMBIGUOUS_NAMES:
            return False
        if low in LOWER_NEVER or low in TIME_PLACE_NAMES:
            return False
        return low in AMBIGUOUS_NAMES or not _bad_word(low)

    def extend_left(self, doc: Doc, i: int) -> int:
        """Take an unlisted first name just before a listed surname ("Keeley Baxter")."""
        if i == 0 or fold(doc[i].lower_) in FIRST_NAMES:
            return i
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or not prev.whitespace_:
            return i
        low = fold(prev.lower_)
        if _shape(prev.text) != "title":
            return i
        if not _word_name(low) and (_bad_word(low) or self._unknown_word(low)):
            return i  # a word-name may start a full name: "Grace Mensah"
        if low.rstrip(".") in HONORIFICS or low in ROLE_CUES or low in RELATIONS:
            return i
        if i > 1 and doc[i - 2].lower_ in PLACE_BEFORE:
            return i
        return i - 1

    def particle_end(self, doc: Doc, j: int) -> int | None:
        """End of name particles at ``j`` and the capitalised word after them ("bin Rashid",
        "Ní Bhriain", "van der Berg", "Al-Farsi"), or ``None``."""
        k, joined = j, False
        while k < len(doc) and k - j < 2 and fold(doc[k].lower_) in PARTICLES:
            if "\n" in doc[k].whitespace_:
                return None
            k += 1
            if k + 1 < len(doc) and doc[k].text in HYPHENS and not doc[k - 1].whitespace_:
                if doc[k].whitespace_:
                    return None
                k, joined = k + 1, True  # "Al-Farsi", "el-Sayed": the word is a name part
                break
        if k == j or k >= len(doc) or _shape(doc[k].text) not in ("title", "upper"):
            return None
        low = doc[k].lower_
        if low in FACILITY or low.rstrip(".") in HONORIFICS or (_bad_word(low) and not joined):
            return None
        return k + 1

    def _upper_surname(self, low: str) -> bool:
        """An all-caps word after a name that is a surname, not a shouted word ("SMITH")."""
        if _bad_word(low) or low in FACILITY or low in ROLE_CUES or low in RELATIONS:
            return False
        if len(set(low)) == 1:  # kisses and shouting: "Jo XX", "Sam AAA"
            return False
        return _known(low) or not self.is_word(low)

    def _caps_surname(self, doc: Doc, j: int) -> bool:
        """An all-caps English word after an all-caps name part, ending the capitals ("JANE
        DOE was kind"; not "SARAH EXPLAINED EVERYTHING")."""
        low = fold(doc[j].lower_)
        if _shape(doc[j - 1].text) != "upper" or not _known(fold(doc[j - 1].lower_)):
            return False
        if _bad_word(low) or low in FACILITY or low in ROLE_CUES or low in RELATIONS:
            return False
        return j + 1 >= len(doc) or _shape(doc[j + 1].text) != "upper"

    def extend(self, doc: Doc, i: int) -> int:
        """Return the end (exclusive) of the name starting at ``i``: surname(s), hyphen parts,
        particles ("bin Rashid") and an all-caps surname ("John SMITH")."""
        lower_start = _shape(doc[i].text) == "lower"
        j, added, particles = i + 1, 0, 0
        if fold(doc[i].lower_) in PARTICLES and (end := self.particle_end(doc, i)):
            j, particles = end, 1
        while j < len(doc) and "\n" not in doc[j - 1].whitespace_:
            tok = doc[j]
            if tok.text in HYPHENS and not doc[j - 1].whitespace_ and j + 1 < len(doc):
                if not tok.whitespace_ and _shape(doc[j + 1].text) in ("title", "upper"):
                    j += 2  # "Hannah-May", "Smith-Jones"
                    continue
                break
            if added >= 2:
                break
            if not lower_start and particles < 2 and (end := self.particle_end(doc, j)):
                j, particles = end, particles + 1
                continue
            shape = _shape(tok.text)
            low = fold(tok.lower_)
            word_name = _word_name(low) and not _modal_use(doc, j)  # "Sarah Hope", "Jo Will"
            if shape == "title" and (word_name or not _bad_word(low)) and low not in FACILITY:
                unknown = self._unknown_word(low) and low not in SURNAMES and not word_name
                if unknown and not lower_start and added == 0 and j + 1 < len(doc):
                    if _shape(doc[j + 1].text) == "title":
                        break  # a run of capitalised words is more likely a service name
                j, added = j + 1, added + 1
            elif shape == "upper" and not lower_start and (
                    self._upper_surname(low) or self._caps_surname(doc, j)):
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
            low = fold(doc[i].lower_)
            known = any(_known(t.lower_) for t in toks)
            cue = _cue(doc, i)
            if cue == "copula":
                cue = None  # vouches for listed names only: not "my daughter is Dyslexic"
            if not known and cue is None and all(self.is_word(t.lower_) for t in toks):
                continue  # "Personality Disorder", "Family Hubs"
            if cue == "relation" and self._titled_relation(doc, i, j):
                continue  # "Brother Bear"
            if j - i == 1 and not known and cue is None:
                if _sentence_start(doc, i) or self.is_word(low):
                    continue
                if i > 0 and doc[i - 1].lower_ in NOT_PERSON_BEFORE:
                    continue
            if (j - i == 1 and low in AMBIGUOUS_NAMES and cue is None and i > 0
                    and doc[i - 1].lower_ in PLACE_PREPOSITIONS):
                continue  # "the group in Barry", "a flat near Lincoln"
            if (j - i == 1 and low in AMBIGUOUS_NAMES and cue is None and _clause_start(doc, i)
                    and not self._person_after(doc, j, low)):
                continue  # "Bill arrived late", "Please Mark the calendar", "Will you"
            if i > 0 and doc[i - 1].lower_ in {"the", "a", "an"} and cue is None:
                continue
            out.append((i, j))
        return out

    @staticmethod
    def _person_after(doc: Doc, j: int, low: str) -> bool:
        """True if what follows a name ending before ``j`` shows a person: nothing, punctuation,
        "is"/"has"/"and" ..., a person's verb, a role or a team ("Mark has been amazing")."""
        if j >= len(doc) or doc[j].is_punct or doc[j].lower_ in PERSON_NEXT:
            return True
        if _role_apposition(doc, j):
            return low not in VERB_NAMES  # "Bill the porter", not "Will the nurse ring?"
        return (_person_verb_follows(doc, j, low) or _role_follows(doc, j - 1)
                or _service_follows(doc, j - 1))

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
                low = fold(tok.lower_)
                if _shape(tok.text) != "title" or low in ROLE_CUES:
                    continue
                word_name = _word_name(low) and not _modal_use(doc, cand, cued=True)
                if not word_name and (_bad_word(low) or self._unknown_word(low)):
                    continue  # but a word-name may join one: "Rose and Will"
                if low.rstrip(".") in HONORIFICS:
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
        return [(self.initials(doc, _hyphen_left(doc, i)), j) for i, j in spans]

    @staticmethod
    def initials(doc: Doc, i: int) -> int:
        """Move a name's start back over initials ("Dr A. Khan", "Mrs J Smith")."""
        k = i
        while k > 0 and (_initial(doc[k - 1].text) or (
            len(doc[k - 1].text) == 1 and doc[k - 1].text.isupper() and doc[k - 1].text != "I"
            and k > 1 and doc[k - 2].lower_.rstrip(".") in HONORIFICS
        )):
            k -= 1
        return k
