"""Keyword matching: whole words, simple endings, any case; the fast pre-check never drops one."""

from __future__ import annotations

import re

import numpy as np

from themes.framework import Theme, load_framework
from themes.keywords import KeywordMatcher, keyword_pattern

TEXTS = [
    "I WAITED months for an Appointment.",
    "She was Self-Harming again and nobody came",
    "The self harm team were kind",
    "Nothing to improve",
    "my Carer's assessment never happened; the carers centre helped",
    "Waitingroom chairs were broken",  # "waiting" must be a whole word
    "",
]


def _plain_counts(matcher: KeywordMatcher, texts: list[str]) -> np.ndarray:
    """Distinct keywords found per theme by the regexes alone (no pre-check)."""
    return np.array(
        [
            [len({m.lastindex for m in p.finditer(t)}) if p is not None else 0
             for p in matcher.patterns]
            for t in texts
        ],
        dtype=np.float32,
    )


def test_the_pre_check_finds_exactly_what_the_regexes_find():
    for name in ("strategy", "six-commitments", "thrive", "jfp-ambition-4"):
        matcher = KeywordMatcher.build(load_framework(name).themes)
        np.testing.assert_array_equal(matcher.counts(TEXTS), _plain_counts(matcher, TEXTS))


def test_keywords_match_whole_words_in_any_case_with_simple_endings():
    themes = [
        Theme(id="access", name="Access", description="Getting seen.",
              keywords=("wait", "appointment")),
        Theme(id="crisis", name="Crisis", description="Urgent help.",
              keywords=("self-harm", "a&e")),
    ]
    matcher = KeywordMatcher.build(themes)
    texts = ["I WAITED for an Appointment", "Waitingroom", "went to A&E after self-harming"]
    counts = matcher.counts(texts)
    assert counts.tolist() == [[2, 0], [0, 0], [0, 2]]
    assert matcher.matches("I WAITED for an Appointment", 0) == ["WAITED", "Appointment"]
    assert re.search(keyword_pattern("wait"), "waits")
