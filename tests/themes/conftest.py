"""Shared, session-scoped fixtures for theme assignment tests (built once, reused)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from themes.classifier import ThemeClassifier
from themes.embeddings import TfidfSvdEmbedder
from themes.framework import Framework, load_framework, theme_texts

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "themes"


@dataclass(frozen=True)
class LabelledComments:
    """Fictional multi-label comments coded to the strategy framework, split train/test."""

    texts: list[str]
    Y: np.ndarray
    split: np.ndarray
    theme_ids: list[str]

    def part(self, name: str) -> tuple[list[str], np.ndarray]:
        rows = np.flatnonzero(self.split == name)
        return [self.texts[i] for i in rows], self.Y[rows]


@pytest.fixture(scope="session")
def strategy() -> Framework:
    return load_framework("strategy")


@pytest.fixture(scope="session")
def mh_comments(strategy: Framework) -> LabelledComments:
    with (FIXTURES / "mh_comments.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids = strategy.ids
    Y = np.array(
        [[int(t in row["themes"].split(";")) for t in ids] for row in rows], dtype=int
    )
    return LabelledComments(
        texts=[row["text"] for row in rows],
        Y=Y,
        split=np.array([row["split"] for row in rows]),
        theme_ids=ids,
    )


@pytest.fixture(scope="session")
def tfidf_embedder(mh_comments: LabelledComments, strategy: Framework) -> TfidfSvdEmbedder:
    """Fallback embedder fitted once on the fixture comments and the framework's words."""
    anchors = [text for theme in strategy.themes for text in theme_texts(theme)]
    return TfidfSvdEmbedder(n_components=128).fit(mh_comments.texts + anchors)


@pytest.fixture(scope="session")
def zero_label_model(
    mh_comments: LabelledComments, tfidf_embedder: TfidfSvdEmbedder, strategy: Framework
) -> ThemeClassifier:
    train, _ = mh_comments.part("train")
    return ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(train)


@pytest.fixture(scope="session")
def fitted_model(
    mh_comments: LabelledComments, tfidf_embedder: TfidfSvdEmbedder, strategy: Framework
) -> ThemeClassifier:
    train, Y = mh_comments.part("train")
    return ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(train, Y)
