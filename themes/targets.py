"""Theme labels in the shapes people hold them, as the 0/1 matrix the classifier learns from.

A team's coding arrives as a 0/1 array in framework order, a table with one column per theme,
a sparse matrix, a list of theme lists (``[["access", "crisis"], [], ...]``, as
scikit-learn's ``MultiLabelBinarizer`` takes) or one theme per comment (``["access", None,
...]``; ``"access;crisis"`` for two, as ``engage export comments`` writes them). Themes may be
given by id or by name (letter case and spacing aside). Anything that could be misread
(columns that are not themes, an unknown theme, a wrong length) is an error that says what was
found, never a silent misalignment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from themes.framework import Framework
from themes.texts import is_missing


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def theme_lookup(framework: Framework) -> dict[str, str]:
    """Theme id for each theme's id or name, folded (case and spacing aside)."""
    lookup: dict[str, str] = {}
    for theme in framework.themes:
        lookup.setdefault(_fold(theme.name), theme.id)
    for theme in framework.themes:
        lookup[_fold(theme.id)] = theme.id
    return lookup


def _resolve(value: Any, lookup: Mapping[str, str], framework: Framework, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(
            f"{where}: expected a theme id or name, got {type(value).__name__} {value!r}"
        )
    try:
        return lookup[_fold(value)]
    except KeyError:
        raise ValueError(
            f"{where}: unknown theme {value!r}; the framework's themes are "
            f"{', '.join(framework.ids)}"
        ) from None


def split_themes(cell: str, names_a_theme: Callable[[str], bool]) -> list[str]:
    """One cell's themes: none when blank, the cell itself when it names a theme, else its
    ``;``-separated parts, as ``engage export comments`` writes several (``access;crisis``)."""
    if not cell.strip():
        return []
    if ";" not in cell or names_a_theme(cell):
        return [cell]
    return [part.strip() for part in cell.split(";") if part.strip()]


def _from_table(y: Any, framework: Framework, lookup: Mapping[str, str]) -> np.ndarray:
    """A DataFrame with one column per theme (named by id or name), in any order."""
    columns = [str(c) for c in y.columns]
    ids = [lookup.get(_fold(c)) for c in columns]
    unknown = [c for c, theme_id in zip(columns, ids, strict=True) if theme_id is None]
    if unknown:
        raise ValueError(
            f"label columns {unknown} are not themes of the framework "
            f"({', '.join(framework.ids)}); keep only one column per theme"
        )
    if len(set(ids)) != len(ids):
        raise ValueError(f"two label columns name the same theme: {columns}")
    missing = [t for t in framework.ids if t not in ids]
    if missing:
        raise ValueError(f"no label column for themes {missing}; add them (0 where absent)")
    return np.asarray(y.to_numpy())[:, [ids.index(t) for t in framework.ids]]


def _from_lists(items: list[Any], framework: Framework, lookup: Mapping[str, str]) -> np.ndarray:
    """One theme (or None) per comment, or an iterable of themes per comment."""
    Y = np.zeros((len(items), len(framework.ids)), dtype=int)
    column = {theme_id: k for k, theme_id in enumerate(framework.ids)}
    for i, item in enumerate(items):
        if is_missing(item) or (isinstance(item, str) and not item.strip()):
            continue
        themes = (split_themes(item, lambda t: _fold(t) in lookup) if isinstance(item, str)
                  else list(item))
        for value in themes:
            if is_missing(value) or (isinstance(value, str) and not value.strip()):
                continue
            Y[i, column[_resolve(value, lookup, framework, f"labels[{i}]")]] = 1
    return Y


def _holds_themes(items: list[Any]) -> bool:
    """Whether a list's entries are theme names/lists rather than 0/1 rows."""
    for item in items:
        if is_missing(item):
            continue
        if isinstance(item, str):
            return True
        if isinstance(item, (list, tuple, set, frozenset)):
            return not item or any(isinstance(v, str) for v in item)
        return False
    return True  # only missing values: no themes anywhere


def label_matrix(y: Any, framework: Framework, n_comments: int) -> np.ndarray:
    """Labels ``y`` as an ``(n_comments, n_themes)`` 0/1 int matrix in framework order.

    Raises ``ValueError`` naming the problem when ``y`` cannot be read unambiguously.
    """
    lookup = theme_lookup(framework)
    n_themes = len(framework.ids)
    if sp.issparse(y):
        Y = y.toarray()
    elif hasattr(y, "columns") and hasattr(y, "to_numpy"):
        Y = _from_table(y, framework, lookup)
    else:
        items = y.tolist() if isinstance(y, np.ndarray) and y.dtype == object else y
        if isinstance(items, str):
            raise TypeError("expected labels for a list of comments, got a single string")
        if not isinstance(items, np.ndarray):
            items = list(items)
            if _holds_themes(items):
                items = _from_lists(items, framework, lookup)
        Y = np.asarray(items)
        if Y.ndim == 1 and n_themes == 1:
            Y = Y.reshape(-1, 1)
    if Y.ndim != 2 or Y.shape != (n_comments, n_themes):
        raise ValueError(
            f"labels must have shape (n_comments, n_themes) = ({n_comments}, {n_themes}), "
            f"got {Y.shape}; or give each comment's themes as a list of theme ids"
        )
    if Y.size and not np.isin(Y, (0, 1, True, False)).all():
        raise ValueError("labels must be 0/1")
    return Y.astype(int)
