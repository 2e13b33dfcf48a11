"""Multi-label theme assignment: a framework prior that works with no labels, plus learning.

With no labels, each theme's score comes from the framework's own words: how close a comment
(or any sentence in it) is, in embedding space, to the theme's description and example
statements, less a penalty when another theme fits the sentence better, calibrated against the
other themes' statements so that "no theme" is a real answer, plus matched keywords. With
labels, a per-theme logistic regression on ``[embeddings | TF-IDF | prior log-odds]`` is
learned (from the labels and the framework's own statements) and blended with the prior,
weighted by how many positive labels the theme has, so a theme nobody has labelled yet still
falls back to the prior. A share of the learned part comes from the labels of the most similar
labelled comments (nearest neighbours in embedding space), which catches local patterns a
linear model misses.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from os import PathLike

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import expit, logit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from themes.embeddings import Embedder, TfidfSvdEmbedder, get_embedder
from themes.framework import Framework, load_framework, theme_texts
from themes.keywords import KeywordMatcher
from themes.reference import GENERAL_STATEMENTS, REFERENCE_STATEMENTS
from themes.sentences import split_sentences
from themes.targets import label_matrix
from themes.texts import as_texts

_WORD = re.compile(r"(?u)\b\w\w+\b")
_LETTER = re.compile(r"[^\W\d_]")
_NO_CONTENT_LOGIT = -20.0
_MAX_SEGMENTS = 8
# How strongly a theme's prior is pushed down for trailing the best theme of a sentence
# (sentences usually make one point), in units of similarity.
_COMPETITION = 2.0
_MIN_GAP = 0.02
# A general statement (themes.reference.GENERAL_STATEMENTS) at least this similar to one of the
# framework's own statements is the framework's business, not a competitor (development splits).
_GENERAL_COVERED = 0.6
# Where between the out-of-theme and in-theme mean similarity of the framework's statements the
# prior says 50%. Below halfway: comments resemble the statements less than the statements
# resemble each other (chosen on development splits of two data sets, with and without
# examples and keywords in the framework; see benchmarks/themes_quality.py).
_CENTRE = 0.35
# Learned features: embeddings scaled up (unit vectors are otherwise over-regularised next to
# TF-IDF), TF-IDF, and the prior's log-odds (scaled down: at full scale they make lbfgs crawl).
_EMBED_SCALE = 3.0
_PRIOR_FEATURE_SCALE = 0.25
# lbfgs tolerance: looser than sklearn's default, ample for 0/1 decisions and much faster.
_TOL = 1e-3
# ``max_themes="auto"``: the most themes per comment that covers this share of the reviewers'
# themed comments, learned once at least ``_MIN_THEMED_FOR_CAP`` labelled comments have a theme.
_CARDINALITY_COVERAGE = 0.95
_MIN_THEMED_FOR_CAP = 20
# Until then, at most this many themes per comment: people rarely make more points in one
# comment, and the prior's extra themes were mostly false alarms (on development splits of
# real feedback with 9 and 36 themes, and of a multi-theme fictional set).
_UNLEARNED_MAX_THEMES = 3
# Neighbour votes: similarity-weighted with weights exp(_NEIGHBOUR_SHARPNESS * similarity), and
# each theme's vote share kept within [_NEIGHBOUR_FLOOR, 1 - _NEIGHBOUR_FLOOR] before log-odds.
_NEIGHBOUR_SHARPNESS = 15.0
_NEIGHBOUR_FLOOR = 0.02
# With learned themes, how far a theme's score moves towards that of the comment's sentence
# that carries it most (1 = all the way); halfway helped multi-theme comments without adding
# false alarms on one-theme coding (development splits, see benchmarks/themes_quality.py).
_SENTENCE_SHARE = 0.5
# How sure a theme nobody has labelled can be (a keyword and a close example statement once
# gave "Waiting room is too small" 100% for a "waiting" theme).
_UNLEARNED_SURE = 0.9
_UNLEARNED_LOGIT = float(logit(_UNLEARNED_SURE))
_REMEMBERED_FLOOR = 0.03  # how unsure a remembered label stays (3%..97%), reviewers being human
_SPACES = re.compile(r"\s+")


def same_words(text: str) -> str:
    """``text`` as compared with labelled comments: letter case, runs of spaces and the
    punctuation at either end do not count ("Staff are lovely." is "staff are lovely")."""
    return _SPACES.sub(" ", text.casefold()).strip(" .,!?;:'\"()-…")


def _remember(texts: list[str], Y: np.ndarray) -> dict[str, np.ndarray]:
    """Each labelled wording with a letter in it, and the share of its labels with each theme."""
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if _LETTER.search(text):
            groups.setdefault(same_words(text), []).append(i)
    return {words: Y[rows].mean(axis=0) for words, rows in groups.items()}


def _segments(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Sentences of multi-sentence texts, and the index of the text each came from."""
    pieces: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        parts = [s.text for s in split_sentences(text) if len(s.text.split()) >= 3]
        if len(parts) > 1:
            parts = parts[:_MAX_SEGMENTS]
            pieces.extend(parts)
            owners.extend([i] * len(parts))
    return pieces, np.asarray(owners, dtype=int)


@lru_cache(maxsize=65536)
def _term_regex(term: str) -> re.Pattern[str]:
    """A vectorizer term's pattern, compiled once (``re``'s own cache holds only 512)."""
    # Words of a phrase stand apart by spaces only: a phrase across punctuation ("and, months",
    # "[PHONE] or") is not a phrase of the comment.
    pattern = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w\[]){pattern}(?![\w\]])", re.IGNORECASE)


def _recalibrate(
    z: np.ndarray, y: np.ndarray, *, penalty: float, balanced: bool
) -> tuple[float, float]:
    """Scale and shift of prior log-odds ``z`` that best fit 0/1 labels ``y``.

    Penalised logistic regression of ``y`` on ``z`` with a Gaussian penalty pulling towards
    ``(1, 0)``, the prior unchanged; ``penalty`` is worth that many labels. ``balanced``
    weighs positives and negatives towards equal totals, as the learned models do with
    ``class_weight="balanced"``, so both speak the same log-odds. The balance grows with the
    evidence: the balanced weights are raised to the power ``n_pos / (n_pos + 1)`` (half the
    balance for one positive label, four fifths for four), so one positive among hundreds of
    negatives does not outweigh all of them (which made the theme flood the suggestions after
    its first label). The scale stays within [0.05, 4] (the prior is never turned upside down)
    and the shift within [-10, 10].
    """
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float)
    if z.size == 0:
        return 1.0, 0.0
    lam = max(float(penalty), 1e-3)
    weight = np.ones_like(y)
    n_pos = y.sum()
    if balanced and 0 < n_pos < y.size:
        weight = np.where(y > 0, y.size / (2.0 * n_pos), y.size / (2.0 * (y.size - n_pos)))
        weight = weight ** (n_pos / (n_pos + 1.0))

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        a, b = params
        t = a * z + b
        p = expit(t)
        value = (weight * (np.logaddexp(0.0, t) - y * t)).sum()
        value += 0.5 * lam * ((a - 1.0) ** 2 + b**2)
        residual = weight * (p - y)
        grad = np.array([(residual * z).sum() + lam * (a - 1.0), residual.sum() + lam * b])
        return float(value), grad

    result = minimize(
        loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B",
        bounds=[(0.05, 4.0), (-10.0, 10.0)],
    )
    return float(result.x[0]), float(result.x[1])


def _padded(phrase: str) -> str:
    """``phrase`` in lower case, single-spaced, with a space either end: a phrase's words are
    inside another's when its padded form is a substring of the other's."""
    return f" {' '.join(phrase.lower().split())} "


def _phrase_in_text(term: str, text: str) -> str | None:
    """The span of ``text`` that a (lowercased) vectorizer term came from, if any."""
    m = _term_regex(term).search(text)
    return m.group(0) if m else None


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """Assign framework themes to comments; works with zero labels and learns from labels.

    Parameters
    ----------
    framework : Framework, str or path, default=None
        Themes to assign; a bundled name (e.g. ``"strategy"``), a YAML path or a
        :class:`~themes.framework.Framework`. ``None`` means the default ``"strategy"``.
    embedder : object or {"auto", "sentence", "tfidf"}, default=None
        Anything with ``encode(texts) -> (n, d)`` normalised rows. ``None`` means ``"auto"``:
        the offline sentence model, or the TF-IDF+SVD fallback if it is unavailable. An
        unfitted :class:`~themes.embeddings.TfidfSvdEmbedder` is copied and fitted on the
        comments plus framework text; the parameter itself is never changed.
    C : float, default=1.0
        Inverse regularisation strength of each theme's logistic regression.
    prior_weight : float, default=4.0
        How many positive labels the framework prior is worth: a theme with ``n`` positive
        labels blends ``n / (n + prior_weight)`` of the learned model with the prior.
    threshold : float, default=0.5
        Probability at or above which a theme is assigned.
    keyword_weight : float, default=1.0
        Prior log-odds added per matched keyword (up to three keywords count).
    max_themes : int, "auto" or None, default="auto"
        Most themes assigned to one comment (the most probable ones at or above
        ``threshold``). ``"auto"`` learns it from the labels: the smallest number that covers
        95% of the labelled comments that have a theme; three until 20 labelled comments have
        a theme. Teams that code one theme per comment thus get one; teams that code several
        get several. ``None`` never limits.
    class_weight : {"balanced"} or None, default="balanced"
        Passed to each theme's logistic regression.
    n_neighbors : int, default=30
        Labelled comments whose labels vote on a comment's themes (the most similar ones, by
        cosine similarity of embeddings, closer ones counting more). 0 turns the vote off.
    neighbor_weight : float, default=0.3
        Share of the learned part of the score that comes from the neighbours' vote, as
        log-odds against the theme's share of the labelled comments; the rest comes from the
        logistic regression.
    statement_weight : float, default=1.0
        Weight, as labelled comments, of the framework's own statements (each theme's name
        with its description, and its examples) when the learned models are fitted: each is a
        positive of its theme and a negative of the others, so a theme with few labels still
        has examples to learn from. 0 leaves them out. They do not count as labels: learning
        starts, and the learned share of each theme grows, with reviewers' labels only.
    remember_labels : bool, default=True
        A comment in the same words as labelled ones (letter case, spacing and end
        punctuation aside: ten people who wrote "Staff are lovely.") is given their labels
        (each theme's share of them, between 3% and 97%), not the model's own guess.
    max_iter : int, default=1000
        Iterations allowed to each logistic regression (lbfgs).
    random_state : int, default=0
        Seeds the TF-IDF fallback embedder's SVD. Fitting is otherwise deterministic.

    Attributes
    ----------
    framework_ : Framework
    classes_ : ndarray of str
        Theme ids in framework order; columns of ``predict_proba``.
    n_labels_ : int
        Labelled comments used in ``fit`` (0 for zero-label use).
    n_positive_ : ndarray of int
        Positive labels per theme.
    blend_weights_ : ndarray of float
        Weight of the learned model per theme (0 where the prior is used alone).
    max_themes_ : int or None
        The limit :meth:`assign` applies (``None``: no limit).
    prior_scale_, prior_shift_ : ndarray of float
        Per theme, the prior's log-odds are recalibrated to ``scale * prior + shift`` on the
        labelled comments (1 and 0 with no labels). Negative labels count too: a theme the
        prior suggests for many comments that reviewers left without it is pushed down even
        before it has positive labels.
    models_ : list of LogisticRegression or None
    neighbors_ : NearestNeighbors or None
        Index of the labelled comments' embeddings (``None`` without labels or votes).
    neighbor_labels_ : ndarray of shape (n_labels, n_themes)
        Their labels, in the index's order.
    remembered_ : dict of str to ndarray
        With ``remember_labels``, each labelled wording (see :func:`same_words`) and the share
        of its labels that gave each theme.
    general_vectors_, general_centroid_ : ndarray
        Embedded general verdicts ("Good service") that unlearned themes compete with, and
        their normalised mean.
    embedder_, vectorizer_ : fitted embedder and TF-IDF vectorizer.

    Notes
    -----
    A fitted model can be saved with ``pickle``/``joblib`` (a few MB: the sentence model's
    weights are not saved but loaded again from the installed package, and the embedding
    cache is left behind). It still holds its training comments' vocabulary and the labelled
    comments' embeddings: keep a saved model where you would keep the comments themselves.

    Examples
    --------
    >>> clf = ThemeClassifier(embedder="tfidf").fit(["I waited a year to be seen"])
    >>> clf.classes_.tolist()
    ['access', 'integration', 'crisis', 'carers', 'stigma']
    """

    def __init__(
        self,
        *,
        framework: Framework | str | PathLike[str] | None = None,
        embedder: Embedder | str | None = None,
        C: float = 1.0,
        prior_weight: float = 4.0,
        threshold: float = 0.5,
        keyword_weight: float = 1.0,
        max_themes: int | str | None = "auto",
        class_weight: str | None = "balanced",
        n_neighbors: int = 30,
        neighbor_weight: float = 0.3,
        statement_weight: float = 1.0,
        remember_labels: bool = True,
        max_iter: int = 1000,
        random_state: int = 0,
    ) -> None:
        self.framework = framework
        self.embedder = embedder
        self.C = C
        self.prior_weight = prior_weight
        self.threshold = threshold
        self.keyword_weight = keyword_weight
        self.max_themes = max_themes
        self.class_weight = class_weight
        self.n_neighbors = n_neighbors
        self.neighbor_weight = neighbor_weight
        self.statement_weight = statement_weight
        self.remember_labels = remember_labels
        self.max_iter = max_iter
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.required = False
        tags.target_tags.multi_output = True
        tags.classifier_tags.multi_label = True
        tags.non_deterministic = False
        return tags

    # ----------------------------------------------------------------- fitting

    def fit(self, X: Iterable[str], y: object = None) -> ThemeClassifier:
        """Fit on comments ``X`` and optional labels ``y``.

        Parameters
        ----------
        X : list of str
            Comment texts. Without labels they only shape the vocabulary (and a TF-IDF
            fallback embedder); no theme is learned from them.
        y : array-like of shape (n_comments, n_themes), list or DataFrame, default=None
            0/1 labels in framework order (an all-zero row means "no theme applies"); or
            a DataFrame with one 0/1 column per theme (named by id or name, any order);
            or each comment's themes as a list of ids or names (``[]`` or ``None``: no
            theme), or one id or name per comment. See :func:`themes.targets.label_matrix`.

        Returns
        -------
        self : ThemeClassifier
        """
        texts = as_texts(X)
        self._validate_params_values()
        framework = self._resolve_framework()
        statements = [a for theme in framework.themes for a in theme_texts(theme)]
        framework_words = [
            " ".join([*theme.keywords, theme.name, theme.description, *theme.examples])
            for theme in framework.themes
        ]

        self.framework_ = framework
        self.classes_ = np.array(framework.ids, dtype=object)
        self.embedder_ = self._resolve_embedder(texts + statements)
        semantic = not isinstance(self.embedder_, TfidfSvdEmbedder)
        anchors = [theme_texts(theme, clauses=semantic) for theme in framework.themes]
        self.keywords_ = KeywordMatcher.build(framework.themes)
        self.vectorizer_ = TfidfVectorizer(
            ngram_range=(1, 2), min_df=1, sublinear_tf=True, strip_accents="unicode",
            max_features=100_000,
        ).fit([*texts, *(a for group in anchors for a in group), *framework_words])
        self._fit_prior(anchors)
        self.theme_term_weights_ = self._normalise_rows(
            self.vectorizer_.transform(framework_words)
        )

        n_themes = len(framework.themes)
        self.models_: list[LogisticRegression | None] = [None] * n_themes
        self.blend_weights_ = np.zeros(n_themes)
        self.prior_scale_ = np.ones(n_themes)
        self.prior_shift_ = np.zeros(n_themes)
        self.neighbors_: NearestNeighbors | None = None
        self.neighbor_labels_ = np.zeros((0, n_themes), dtype=int)
        Y = None if y is None else label_matrix(y, framework, len(texts))
        self.remembered_ = {} if Y is None or not self.remember_labels else _remember(texts, Y)
        self.max_themes_ = self._learn_max_themes(Y)
        if Y is None:
            self.n_labels_ = 0
            self.n_positive_ = np.zeros(n_themes, dtype=int)
            return self

        self.n_labels_ = int(Y.shape[0])
        self.n_positive_ = Y.sum(axis=0).astype(int)
        if self.n_labels_ == 0:
            return self
        vectors = self._embed(texts)
        # Learned themes leave the general statements out of their prior: reviewers' labels
        # say what is general (competing cost 0.01-0.02 micro-F1 with 100-500 labels on
        # development splits). Themes nobody has labelled keep them.
        learnable = (self.n_positive_ > 0) & (self.n_positive_ < self.n_labels_)
        prior = self._prior_logits(texts, vectors, general=~learnable)
        for k in range(n_themes):
            self.prior_scale_[k], self.prior_shift_[k] = _recalibrate(
                prior[:, k], Y[:, k], penalty=float(self.prior_weight),
                balanced=self.class_weight == "balanced",
            )
        features = self._features(texts, vectors, prior)
        train_Y, weight = Y, np.ones(len(texts))
        if float(self.statement_weight) > 0:
            # The framework's own statements join the labels: each a positive of its theme
            # and a negative of the others, so a theme with few labels still has examples.
            statements, statement_Y = self._statement_rows(framework)
            statement_vectors = self._embed(statements)
            features = sp.vstack([features, self._features(
                statements, statement_vectors,
                self._prior_logits(statements, statement_vectors, general=~learnable),
            )], format="csr")
            train_Y = np.vstack([Y, statement_Y])
            weight = np.r_[weight, np.full(len(statements), float(self.statement_weight))]
        # Only reviewers' labels make a theme learnable and weigh its model against the prior.
        themes = np.flatnonzero(learnable)
        # One theme per core: lbfgs spends its time in numpy/scipy, which release the GIL.
        workers = max(1, min(len(themes), os.cpu_count() or 1))
        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
            fitted = pool.map(
                lambda k: self._new_model().fit(features, train_Y[:, k], sample_weight=weight),
                themes,
            )
            for k, model in zip(themes, fitted, strict=True):
                self.models_[k] = model
        n_pos = self.n_positive_.astype(float)
        self.blend_weights_ = np.where(learnable, n_pos / (n_pos + float(self.prior_weight)), 0.0)
        if int(self.n_neighbors) > 0 and float(self.neighbor_weight) > 0:
            # Euclidean on unit vectors ranks as cosine does, and sklearn's chunked float32
            # search keeps memory flat (its cosine path builds the full distance matrix).
            self.neighbors_ = NearestNeighbors(
                n_neighbors=min(int(self.n_neighbors), self.n_labels_),
                metric="euclidean", algorithm="brute",
            ).fit(vectors)
            self.neighbor_labels_ = Y
        return self

    @staticmethod
    def _statement_rows(framework: Framework) -> tuple[list[str], np.ndarray]:
        """Each theme's name with description and its examples, labelled with the theme."""
        groups = [theme_texts(theme, clauses=False) for theme in framework.themes]
        owner = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
        return [text for group in groups for text in group], np.eye(len(groups), dtype=int)[owner]

    def _neighbour_logits(self, vectors: np.ndarray) -> np.ndarray:
        """Log-odds of each theme from the labels of the most similar labelled comments.

        A similarity-weighted share of the neighbours carrying the theme, against the theme's
        share of all labelled comments (so, like the balanced logistic regressions, a theme as
        common among the neighbours as overall scores 0).
        """
        assert self.neighbors_ is not None
        distance, index = self.neighbors_.kneighbors(vectors)
        similarity = 1.0 - 0.5 * distance**2
        weight = np.exp(_NEIGHBOUR_SHARPNESS * (similarity - similarity.max(axis=1, keepdims=True)))
        votes = np.einsum("nk,nkt->nt", weight, self.neighbor_labels_[index].astype(float))
        share = np.clip(votes / weight.sum(axis=1, keepdims=True),
                        _NEIGHBOUR_FLOOR, 1.0 - _NEIGHBOUR_FLOOR)
        base = np.clip(self.neighbor_labels_.mean(axis=0), _NEIGHBOUR_FLOOR,
                       1.0 - _NEIGHBOUR_FLOOR)
        return logit(share) - logit(base)

    def _new_model(self) -> LogisticRegression:
        return LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            solver="lbfgs",
            max_iter=self.max_iter,
            tol=_TOL,
        )

    def _learn_max_themes(self, Y: np.ndarray | None) -> int | None:
        """The per-comment theme limit: as given, or learned from the labels' cardinality."""
        if self.max_themes != "auto":
            return None if self.max_themes is None else int(self.max_themes)
        n_themes = len(self.classes_)
        sizes = np.zeros(0) if Y is None else Y.sum(axis=1)
        sizes = np.sort(sizes[sizes > 0])
        if sizes.size < _MIN_THEMED_FOR_CAP:
            covered = _UNLEARNED_MAX_THEMES
        else:
            covered = int(sizes[int(np.ceil(_CARDINALITY_COVERAGE * sizes.size)) - 1])
        return covered if covered < n_themes else None

    def _validate_params_values(self) -> None:
        if not 0.0 < float(self.threshold) < 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {self.threshold!r}")
        if float(self.C) <= 0:
            raise ValueError(f"C must be positive, got {self.C!r}")
        if float(self.prior_weight) < 0:
            raise ValueError(f"prior_weight must be >= 0, got {self.prior_weight!r}")
        if float(self.statement_weight) < 0:
            raise ValueError(f"statement_weight must be >= 0, got {self.statement_weight!r}")
        if int(self.n_neighbors) < 0:
            raise ValueError(f"n_neighbors must be >= 0, got {self.n_neighbors!r}")
        if not 0.0 <= float(self.neighbor_weight) <= 1.0:
            raise ValueError(
                f"neighbor_weight must be between 0 and 1, got {self.neighbor_weight!r}"
            )
        limit = self.max_themes
        if not (limit is None or limit == "auto" or (
            isinstance(limit, int | np.integer) and not isinstance(limit, bool) and limit >= 1
        )):
            raise ValueError(f"max_themes must be 'auto', None or an int >= 1, got {limit!r}")

    def _resolve_framework(self) -> Framework:
        framework = (self.framework if isinstance(self.framework, Framework)
                     else load_framework(self.framework))
        if not framework.themes:
            raise ValueError(f"framework {framework.name!r} has no themes to assign")
        return framework

    def _resolve_embedder(self, corpus: list[str]) -> Embedder:
        embedder = self.embedder
        if embedder is None or isinstance(embedder, str):
            kind = embedder or "auto"
            embedder = (
                TfidfSvdEmbedder(random_state=self.random_state)
                if kind == "tfidf"
                else get_embedder(kind)
            )
        if isinstance(embedder, TfidfSvdEmbedder) and not embedder.is_fitted:
            return embedder.fitted_copy(corpus)
        if not hasattr(embedder, "encode"):
            raise TypeError(f"embedder must have an encode(texts) method, got {embedder!r}")
        return embedder

    @staticmethod
    def _normalise_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
        matrix = sp.csr_matrix(matrix, dtype=np.float64)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)

    # ------------------------------------------------------------------ prior

    def _fit_prior(self, anchors: list[list[str]]) -> None:
        """Embed each theme's statements and calibrate the prior on them.

        Every statement is scored against all themes with itself left out; statements of
        theme ``k`` give the "in theme" scores and all other statements the "out of theme"
        scores. As in linear discriminant analysis, the log-odds of theme ``k`` is
        ``(score - midpoint_k) * gap_k / variance``.
        """
        sizes = [len(group) for group in anchors]
        vectors = self.embedder_.encode([a for group in anchors for a in group])
        owner = np.repeat(np.arange(len(anchors)), sizes)
        self.anchor_vectors_ = vectors
        self.anchor_owner_ = owner
        self.centroids_ = self._centroids(vectors, owner, len(anchors))

        scores = self._left_out_similarity(vectors, owner, len(anchors))
        n_themes = len(anchors)
        mean_in, mean_out = np.zeros(n_themes), np.zeros(n_themes)
        residuals = []
        for k in range(n_themes):
            inside, outside = scores[owner == k, k], scores[owner != k, k]
            mean_in[k] = inside.mean() if inside.size else np.nan
            mean_out[k] = outside.mean() if outside.size else np.nan
            residuals.extend([inside - mean_in[k], outside - mean_out[k]])
        if n_themes == 1:  # no other theme's statements: everyday feedback says what "no" is
            outside = self._similarity(self.embedder_.encode(list(REFERENCE_STATEMENTS)))[:, 0]
            mean_out[0] = outside.mean()
            residuals.append(outside - mean_out[0])
        residual = np.concatenate(residuals) if residuals else np.zeros(0)
        variance = float(np.mean(residual**2)) if residual.size > 2 else 0.01
        variance = max(variance, 1e-4)
        mean_in = np.where(np.isnan(mean_in), np.nanmax(mean_in, initial=0.5), mean_in)
        mean_out = np.where(np.isnan(mean_out), np.nanmin(mean_out, initial=0.0), mean_out)
        gap = np.maximum(mean_in - mean_out, _MIN_GAP)
        self.prior_centre_ = mean_out + gap * _CENTRE
        self.prior_slope_ = gap / variance
        general = self.embedder_.encode(list(GENERAL_STATEMENTS))
        covered = (general @ vectors.T).max(axis=1) >= _GENERAL_COVERED
        self.general_vectors_ = general[~covered]
        centroid = self.general_vectors_.sum(axis=0)
        self.general_centroid_ = centroid / max(float(np.linalg.norm(centroid)), 1e-12)

    @staticmethod
    def _left_out_similarity(
        vectors: np.ndarray, owner: np.ndarray, n_themes: int
    ) -> np.ndarray:
        """Similarity of each statement to each theme, with the statement itself left out."""
        sims = (vectors @ vectors.T).astype(np.float64)
        np.fill_diagonal(sims, -np.inf)
        sums = np.zeros((n_themes, vectors.shape[1]))
        np.add.at(sums, owner, vectors)
        out = np.zeros((vectors.shape[0], n_themes))
        for k in range(n_themes):
            members = owner == k
            best = sims[:, members].max(axis=1) if members.any() else np.full(len(owner), -1.0)
            rest = sums[k][None, :] - members[:, None] * vectors
            norms = np.linalg.norm(rest, axis=1)
            centroid = np.where(
                norms > 0, (rest * vectors).sum(axis=1) / np.maximum(norms, 1e-12), 0.0
            )
            best = np.where(np.isfinite(best), best, centroid)
            out[:, k] = 0.5 * best + 0.5 * centroid
        return out

    def _compete(
        self, score: np.ndarray, vectors: np.ndarray, general: np.ndarray
    ) -> np.ndarray:
        """Push down themes that trail the best theme of the same text and, for the themes
        in the ``general`` mask, a general verdict ("Excellent care.") the text is closer to."""
        if score.shape[0] == 0:
            return score
        top = np.repeat(score.max(axis=1, keepdims=True), score.shape[1], axis=1)
        statements = getattr(self, "general_vectors_", None)  # models saved before 2026-12
        if statements is not None and len(statements) and general.any():
            centroid = getattr(self, "general_centroid_", None)  # fitted before 2 Dec
            if centroid is None:
                centroid = statements.sum(axis=0) / max(
                    float(np.linalg.norm(statements.sum(axis=0))), 1e-12)
            like = 0.5 * (vectors @ statements.T).max(axis=1) + 0.5 * (vectors @ centroid)
            top[:, general] = np.maximum(top[:, general], like[:, None])
        return score - _COMPETITION * (top - score)

    @staticmethod
    def _centroids(vectors: np.ndarray, owner: np.ndarray, n_themes: int) -> np.ndarray:
        sums = np.zeros((n_themes, vectors.shape[1]), dtype=np.float64)
        np.add.at(sums, owner, vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (sums / norms).astype(np.float32)

    def _similarity(self, vectors: np.ndarray) -> np.ndarray:
        """``(n, n_themes)`` similarity of embedded rows to each theme's statements."""
        sims = vectors @ self.anchor_vectors_.T
        best = np.full((vectors.shape[0], len(self.classes_)), -1.0, dtype=np.float32)
        for k in range(len(self.classes_)):
            cols = self.anchor_owner_ == k
            best[:, k] = sims[:, cols].max(axis=1)
        return 0.5 * best + 0.5 * (vectors @ self.centroids_.T)

    def _calibrated(self, vectors: np.ndarray, general: np.ndarray) -> np.ndarray:
        """Prior log-odds of each theme from embedding similarity."""
        adjusted = self._compete(self._similarity(vectors), vectors, general)
        return (adjusted - self.prior_centre_) * self.prior_slope_

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder_.encode(texts)

    def prior_logits(self, X: Iterable[str]) -> np.ndarray:
        """Zero-label log-odds of each theme: embedding similarity plus keyword matches."""
        check_is_fitted(self, "anchor_vectors_")
        return self._prior_logits(as_texts(X))

    def _unlearned(self) -> np.ndarray:
        """Mask of the themes without a learned model (all of them before any labels)."""
        models = getattr(self, "models_", None)
        if not models:
            return np.ones(len(self.classes_), dtype=bool)
        return np.array([model is None for model in models], dtype=bool)

    def _sentences(self, texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray | None]:
        """The sentences of multi-sentence texts, each one's text index, and their vectors."""
        pieces, owners = _segments(texts)
        return pieces, owners, self._embed(pieces) if pieces else None

    def _prior_logits(
        self,
        texts: list[str],
        vectors: np.ndarray | None = None,
        sentences: tuple[list[str], np.ndarray, np.ndarray | None] | None = None,
        general: np.ndarray | None = None,
    ) -> np.ndarray:
        """Prior log-odds; ``general`` masks the themes general verdicts compete with (by
        default those without a learned model)."""
        if vectors is None:
            vectors = self._embed(texts)
        if general is None:
            general = self._unlearned()
        logits = self._calibrated(vectors, general)
        pieces, owners, piece_vectors = self._sentences(texts) if sentences is None else sentences
        if pieces:
            best = np.full_like(logits, -np.inf)
            np.maximum.at(best, owners, self._calibrated(piece_vectors, general))
            logits = np.maximum(logits, best)
        hits = np.minimum(self.keywords_.counts(texts), 3.0)
        logits = logits + float(self.keyword_weight) * hits
        empty = np.array([not t.strip() for t in texts], dtype=bool)
        logits[empty] = -10.0
        return np.clip(logits, -20.0, 20.0)

    # -------------------------------------------------------------- learning

    def _features(
        self, texts: list[str], vectors: np.ndarray, prior: np.ndarray
    ) -> sp.csr_matrix:
        return sp.hstack(
            [
                sp.csr_matrix(vectors.astype(np.float64) * _EMBED_SCALE),
                self.vectorizer_.transform(texts),
                sp.csr_matrix(prior * _PRIOR_FEATURE_SCALE),
            ],
            format="csr",
        )

    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """``(n, n_themes)`` blended log-odds of each theme.

        Once themes are learned, each sentence of a longer comment is scored too, and a theme
        one sentence carries more strongly than the whole comment moves part of the way
        (``_SENTENCE_SHARE``) towards that sentence's score: a point made in one sentence of
        several is not lost in the comment's average.
        """
        check_is_fitted(self, "classes_")
        texts = as_texts(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        vectors = self._embed(texts)
        # Split and embed the sentences once: the prior and the sentence scores both use them.
        sentences = self._sentences(texts)
        blended = self._blended(texts, vectors, sentences)
        pieces, owners, piece_vectors = sentences
        if pieces and any(model is not None for model in self.models_):
            best = np.full_like(blended, -np.inf)
            np.maximum.at(best, owners, self._blended(pieces, piece_vectors))
            blended += _SENTENCE_SHARE * np.maximum(best - blended, 0.0)
        # Themes nobody has labelled: the prior's "yes" is not checked against anyone, so it
        # is squashed to at most _UNLEARNED_SURE (smooth and monotone: the 50% line and the
        # order of comments stay as they were; a "no" is left as it is).
        unlearned = self._unlearned()
        part = blended[:, unlearned]
        blended[:, unlearned] = np.where(
            part > 0, _UNLEARNED_LOGIT * np.tanh(part / _UNLEARNED_LOGIT), part
        )
        # A comment without a letter ("", "!!!", "10", emoji) makes no point to theme.
        letterless = np.array([_LETTER.search(t) is None for t in texts])
        blended[letterless] = _NO_CONTENT_LOGIT
        for i, text in enumerate(texts):  # the same words as labelled comments: their labels
            share = getattr(self, "remembered_", {}).get(same_words(text))
            if share is not None:
                blended[i] = logit(_REMEMBERED_FLOOR + (1 - 2 * _REMEMBERED_FLOOR) * share)
        return blended

    def _blended(
        self,
        texts: list[str],
        vectors: np.ndarray,
        sentences: tuple[list[str], np.ndarray, np.ndarray | None] | None = None,
    ) -> np.ndarray:
        """The recalibrated prior, blended with each learned theme's model and neighbours."""
        logits = self._prior_logits(texts, vectors, sentences)
        blended = logits * self.prior_scale_ + self.prior_shift_
        if any(model is not None for model in self.models_):
            features = self._features(texts, vectors, logits)
            neighbours = (
                None if self.neighbors_ is None else self._neighbour_logits(vectors)
            )
            share = float(self.neighbor_weight)
            with threadpool_limits(limits=1, user_api="blas"):
                for k, model in enumerate(self.models_):
                    if model is None:
                        continue
                    w = self.blend_weights_[k]
                    learned = model.decision_function(features)
                    if neighbours is not None:
                        learned = (1.0 - share) * learned + share * neighbours[:, k]
                    blended[:, k] = w * learned + (1.0 - w) * blended[:, k]
        return blended

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """``(n, n_themes)`` probability of each theme (columns in ``classes_`` order)."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(X)))

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """``(n, n_themes)`` 0/1 theme assignments; an all-zero row means no theme."""
        return self.assign(self.predict_proba(X))

    def assign(self, proba: np.ndarray) -> np.ndarray:
        """0/1 themes from :meth:`predict_proba` output: at or above ``threshold``, and at
        most ``max_themes_`` per comment (the most probable; ties keep framework order)."""
        check_is_fitted(self, "classes_")
        self._validate_params_values()  # set_params may have changed them since fit
        proba = np.asarray(proba, dtype=float)
        assigned = proba >= self.threshold
        limit = getattr(self, "max_themes_", None)
        if limit is not None and proba.ndim == 2 and limit < proba.shape[1]:
            rank = np.argsort(np.argsort(-proba, axis=1, kind="stable"), axis=1, kind="stable")
            assigned &= rank < limit
        return assigned.astype(int)

    # ------------------------------------------------------------ explaining

    def explain(
        self, X: Iterable[str], top_k: int = 5, *, assigned: np.ndarray | None = None
    ) -> list[dict[str, list[str]]]:
        """Words and phrases from each comment that drove each assigned theme.

        Returns, per comment, ``{theme_id: [phrase, ...]}`` for the themes :meth:`predict`
        assigns (or the 0/1 matrix ``assigned``, when the caller already has it). Phrases are
        spans of the comment itself: matched keywords first, then the terms with the largest
        weight in the theme's learned model (or, without one, the terms shared with the
        theme's own description and examples), then, if nothing lexical links them, the words
        closest in meaning to the theme's statements.
        """
        check_is_fitted(self, "classes_")
        texts = as_texts(X)
        if not texts:
            return []
        if assigned is None:
            assigned = self.predict(texts)
        elif np.shape(assigned) != (len(texts), len(self.classes_)):
            raise ValueError(
                f"assigned must have shape (n_comments, n_themes) = "
                f"({len(texts)}, {len(self.classes_)}), got {np.shape(assigned)}"
            )
        tfidf = sp.csr_matrix(self.vectorizer_.transform(texts))
        vocab = self.vectorizer_.get_feature_names_out()
        theme_terms = self.theme_term_weights_.toarray()
        results: list[dict[str, list[str]]] = []
        unexplained: list[tuple[int, int, list[str]]] = []
        for i, text in enumerate(texts):
            lo, hi = tfidf.indptr[i], tfidf.indptr[i + 1]
            indices, data = tfidf.indices[lo:hi], tfidf.data[lo:hi]
            explanation: dict[str, list[str]] = {}
            for k in np.flatnonzero(assigned[i]):
                phrases = self._lexical_reasons(
                    text, int(k), indices, data, vocab, theme_terms, top_k
                )
                explanation[str(self.classes_[k])] = phrases
                if not phrases:
                    words = [w for w in dict.fromkeys(_WORD.findall(text))
                             if w.lower() not in ENGLISH_STOP_WORDS]
                    if words:
                        unexplained.append((i, int(k), words))
            results.append(explanation)
        if unexplained:
            # Nothing lexical: the words closest in meaning to the theme, embedded in one batch.
            vocabulary = list(dict.fromkeys(w for _, _, words in unexplained for w in words))
            position = {w: j for j, w in enumerate(vocabulary)}
            sims = self._embed(vocabulary) @ self.centroids_.T
            for i, k, words in unexplained:
                closeness = sims[[position[w] for w in words], k]
                chosen = np.argsort(-closeness, kind="stable")[: min(top_k, 3)]
                results[i][str(self.classes_[k])] = [words[j] for j in chosen]
        return results

    def _lexical_reasons(
        self,
        text: str,
        k: int,
        indices: np.ndarray,
        data: np.ndarray,
        vocab: np.ndarray,
        theme_terms: np.ndarray,
        top_k: int,
    ) -> list[str]:
        """Matched keywords, then the comment's terms weighted towards theme ``k``."""
        phrases: list[str] = []

        def add(phrase: str | None) -> None:
            # One reason per point: a phrase inside one already given adds nothing, and a
            # longer one takes the place of the words it holds ("video calls", not "video,
            # calls, video calls").
            if not phrase:
                return
            words = _padded(phrase)
            if any(words in _padded(p) for p in phrases):
                return
            phrases[:] = [p for p in phrases if _padded(p) not in words]
            phrases.append(phrase)

        for match in self.keywords_.matches(text, k):
            add(match)
        weights = np.zeros(indices.size)
        model = self.models_[k]
        if model is not None:
            n_dense = self.anchor_vectors_.shape[1]
            coef = model.coef_.ravel()[n_dense : n_dense + vocab.size]
            weights += self.blend_weights_[k] * coef[indices] * data
        weights += (1.0 - self.blend_weights_[k]) * theme_terms[k, indices] * data
        for j in np.argsort(-weights, kind="stable"):
            if len(phrases) >= top_k or weights[j] <= 0:
                break
            term = str(vocab[indices[j]])
            ends = term.split()
            if ends[0] in ENGLISH_STOP_WORDS or ends[-1] in ENGLISH_STOP_WORDS:
                continue  # "and caring", "mother and": the word alone says it
            add(_phrase_in_text(term, text))
        return phrases[:top_k]
