"""Tick-all-that-apply answers: one cell holding several of a question's options.

Google Forms joins the options someone ticked with ", " and Microsoft Forms with ";". An
option may carry a comma of its own ("Housing, money and benefits"): a part after a comma
that starts in lower case continues the option before it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

SEPARATORS = (";", ",")
# Options repeat across people; free text with commas does not. Most of what is ticked must be
# options that several people ticked, and a question has a modest number of options.
_MIN_SHARE_JOINED = 0.1
_MIN_SHARE_RECURRING = 0.8
_MAX_OPTIONS = 40
_MAX_OPTION_WORDS = 10
# A sentence's end and another's start ("It was fine. The wait was long"); "e.g. Mind" is not.
_SENTENCES = re.compile(r"\b(?!(?i:e\.g|i\.e|etc|inc|dr|mr|mrs|ms|st|no)\.)\w{2,}[.!?]\s+[A-Z]")


def split_choices(value: str, separator: str) -> list[str]:
    """The options ticked in one cell, in order and without repeats."""
    parts: list[str] = []
    for piece in value.split(separator):
        piece = piece.strip()
        if not piece:
            continue
        if parts and separator == "," and piece[0].islower():
            parts[-1] = f"{parts[-1]}, {piece}"
        else:
            parts.append(piece)
    return list(dict.fromkeys(parts))


def choice_separator(values: Iterable[str]) -> str | None:
    """The separator of a tick-all-that-apply column, or None if its cells are single answers
    or free text."""
    filled = [v.strip() for v in values if v and v.strip()]
    if len(filled) < 4:
        return None
    for separator in SEPARATORS:
        ticked = [split_choices(v, separator) for v in filled]
        joined = sum(1 for parts in ticked if len(parts) >= 2)
        if joined < 2 or joined < _MIN_SHARE_JOINED * len(filled):
            continue
        counts = Counter(part.casefold() for parts in ticked for part in parts)
        recurring = {p: n for p, n in counts.items() if n >= 2}
        if not 2 <= len(recurring) <= _MAX_OPTIONS:
            continue
        if sum(recurring.values()) < _MIN_SHARE_RECURRING * sum(counts.values()):
            continue
        if max(len(p.split()) for p in recurring) > _MAX_OPTION_WORDS:
            continue
        if any(_SENTENCES.search(p) for p in recurring):  # two sentences are not an option
            continue
        return separator
    return None
