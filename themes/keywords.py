"""Framework keywords found in comments: whole words, simple plural and verb endings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from themes.framework import Theme

_SUFFIXES = r"(?:s|es|ed|d|ing|'s|’s)?"
_KEYWORD_CACHE_SIZE = 500_000
_KEYWORD_CACHES: dict[tuple[tuple[str, ...], ...], dict[str, np.ndarray]] = {}


def keyword_pattern(keyword: str) -> str:
    """Regex for a keyword: case-insensitive whole words, simple plural/verb endings."""
    words = [re.escape(w) for w in keyword.split()]
    body = r"[\s\-]+".join(words)
    start = r"(?<!\w)" if keyword[:1].isalnum() else ""
    return start + body + (_SUFFIXES + r"(?!\w)" if keyword[-1:].isalnum() else "")


@dataclass(frozen=True)
class KeywordMatcher:
    """Per-theme keyword regexes (one alternation per theme, longest keywords first)."""

    keywords: tuple[tuple[str, ...], ...]
    patterns: tuple[re.Pattern[str] | None, ...]
    _cache: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    # Per theme, the case-folded longest word of each keyword: a text holding none of them
    # cannot match, so most texts skip the (slow) regex.
    prefixes: tuple[tuple[str, ...], ...] = ()

    def __getstate__(self) -> dict:
        # The cache is keyed by comment text: a saved model must not carry it.
        return {**self.__dict__, "_cache": {}}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @classmethod
    def build(cls, themes: Sequence[Theme]) -> KeywordMatcher:
        keywords, patterns = [], []
        for theme in themes:
            kws = tuple(sorted(theme.keywords, key=lambda kw: (-len(kw), kw)))
            keywords.append(kws)
            alternation = "|".join(f"({keyword_pattern(kw)})" for kw in kws)
            patterns.append(re.compile(alternation, re.IGNORECASE) if kws else None)
        signature = tuple(keywords)
        # Share counts between fits with the same keywords (e.g. retraining after new labels).
        cache = _KEYWORD_CACHES.pop(signature, {})
        _KEYWORD_CACHES[signature] = cache
        while len(_KEYWORD_CACHES) > 8:
            _KEYWORD_CACHES.pop(next(iter(_KEYWORD_CACHES)))
        prefixes = tuple(
            tuple(dict.fromkeys(max(kw.split(), key=len).casefold() for kw in kws if kw.split()))
            for kws in keywords
        )
        return cls(signature, tuple(patterns), cache, prefixes)

    def _found(self, text: str, k: int, folded: str | None = None) -> dict[int, str]:
        """Keyword index -> first matching span of ``text``, for theme ``k``.

        ``folded`` is ``text.casefold()`` when the caller has it already.
        """
        pattern = self.patterns[k]
        found: dict[int, str] = {}
        if pattern is None or not text:
            return found
        folded = text.casefold() if folded is None else folded
        if not any(prefix in folded for prefix in self.prefixes[k]):
            return found
        for match in pattern.finditer(text):
            found.setdefault(match.lastindex or 0, match.group(0))
        return found

    def counts(self, texts: Sequence[str]) -> np.ndarray:
        """``(n, n_themes)`` number of distinct keywords of each theme found in each text.

        Rows are remembered per text, so re-scoring unchanged comments is a lookup.
        """
        out = np.zeros((len(texts), len(self.patterns)), dtype=np.float32)
        for i, text in enumerate(texts):
            row = self._cache.get(text)
            if row is None:
                folded = text.casefold()
                row = np.array(
                    [len(self._found(text, k, folded)) for k in range(len(self.patterns))],
                    dtype=np.float32,
                )
                if len(self._cache) < _KEYWORD_CACHE_SIZE:
                    self._cache[text] = row
            out[i] = row
        return out

    def matches(self, text: str, k: int) -> list[str]:
        """Keyword matches of theme ``k`` in ``text``, as written in the text."""
        return list(self._found(text, k).values())
