"""Sentence embeddings cached in the store, so unchanged text is never embedded twice."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from engage.models import EmbeddingRecord
from themes.embeddings import BATCH_SIZE

CHUNK = 500


def text_hash(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def stored_vectors(session: Session, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
    """The stored vectors of ``model`` for these text hashes (those it has), by hash."""
    found: dict[str, np.ndarray] = {}
    for i in range(0, len(hashes), CHUNK):
        for key, blob in session.execute(
            select(EmbeddingRecord.text_hash, EmbeddingRecord.vector).where(
                EmbeddingRecord.model == model,
                EmbeddingRecord.text_hash.in_(list(hashes[i : i + CHUNK])),
            )
        ):
            found[key] = np.frombuffer(blob, dtype=np.float32)
    return found


class StoreCachedEmbedder:
    """Wraps an embedder (``encode(texts)``); vectors persist in the ``embedding`` table."""

    def __init__(self, inner: object, engine: Engine) -> None:
        self.inner = inner
        self.engine = engine
        self.name = str(getattr(inner, "name", type(inner).__name__))
        self.dim = int(getattr(inner, "dim", 0))
        self._memory: dict[str, np.ndarray] = {}
        self.n_loaded = 0
        self.n_computed = 0

    def __deepcopy__(self, memo: dict) -> StoreCachedEmbedder:
        return self  # shared, like the model it wraps

    def _load(self, hashes: list[str]) -> None:
        with Session(self.engine) as s:
            found = stored_vectors(s, self.name, hashes)
        self._memory.update(found)
        self.n_loaded += len(found)

    def _save(self, rows: list[dict[str, object]]) -> None:
        """Insert new vectors; a vector another process saved meanwhile is kept as it is."""
        insert = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}[
            self.engine.dialect.name
        ]
        with Session(self.engine) as s, s.begin():
            for i in range(0, len(rows), CHUNK):
                s.execute(
                    insert(EmbeddingRecord).on_conflict_do_nothing(
                        index_elements=["model", "text_hash"]
                    ),
                    rows[i : i + CHUNK],
                )

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Embed ``texts``: from memory, then the store, computing only what is new."""
        texts = ["" if t is None else str(t) for t in texts]
        keys = [text_hash(t) for t in texts]
        unknown = list(dict.fromkeys(k for k in keys if k not in self._memory))
        if unknown:
            self._load(unknown)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._memory}
        if missing:
            vectors = np.asarray(
                self.inner.encode(list(missing.values()), batch_size=batch_size), dtype=np.float32
            )
            rows = []
            for key, vector in zip(missing, vectors, strict=True):
                self._memory[key] = vector
                rows.append({"model": self.name, "text_hash": key, "vector": vector.tobytes()})
            self._save(rows)
            self.n_computed += len(missing)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        result = np.stack([self._memory[k] for k in keys])
        self.dim = result.shape[1]
        return result
