"""Split free-text comments into sentences with character offsets.

A small rule-based splitter tuned for survey comments: it breaks on ``.``, ``!``, ``?`` (and
runs of them) followed by space, on line breaks and on bullet markers, but not after common
abbreviations (``Dr.``, ``e.g.``) or single initials. Survey answers often start sentences in
lower case ("staff were great. the wait was long"), so case is not required after a stop.

>>> [s.text for s in split_sentences("Dr. Patel was kind. The wait was long!  Thanks")]
['Dr. Patel was kind.', 'The wait was long!', 'Thanks']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]

_ABBREVIATIONS = frozenset(
    """
    dr mr mrs ms mx prof st sr jr rev drs nr approx etc vs e.g i.e eg ie cf dept
    tel mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov
    dec gp a.m p.m am pm ref
    """.split()
)

# A stop (one or more of .!? and closing quotes/brackets) then whitespace, or a line break.
_BOUNDARY = re.compile(r"""[.!?]+['")\]]*(?=\s)|\n+|\r+""")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and ``[start, end)`` offsets into the original string."""

    text: str
    start: int
    end: int


def _is_abbreviation(text: str, stop_index: int) -> bool:
    """True if the ``.`` at ``stop_index`` ends an abbreviation or an initial."""
    if text[stop_index] != ".":
        return False
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:stop_index])
    if not match:
        return False
    word = match.group(1).lower()
    if word == "no":  # "No. 5" but not the answer "No."
        return bool(re.match(r"\s*\d", text[stop_index + 1 :]))
    if word in _ABBREVIATIONS:
        return True
    # A single capital initial ("J. Smith") but not a one-word answer like "No." or "I."
    return len(word) == 1 and word not in {"i", "a"} and match.group(1).isupper()


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; whitespace-only pieces are dropped.

    Parameters
    ----------
    text : str
        Any free text.

    Returns
    -------
    list of Sentence
        In order; ``text[s.start:s.end] == s.text`` for each.
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(0)[0] in ".!?" and _is_abbreviation(text, match.start()):
            continue
        pieces.append((start, match.end()))
        start = match.end()
    pieces.append((start, len(text)))

    sentences: list[Sentence] = []
    for lo, hi in pieces:
        chunk = text[lo:hi]
        bullet = _BULLET.match(chunk)
        if bullet:
            lo += bullet.end()
            chunk = text[lo:hi]
        stripped = chunk.strip()
        if not stripped:
            continue
        lo += len(chunk) - len(chunk.lstrip())
        sentences.append(Sentence(stripped, lo, lo + len(stripped)))
    return sentences
