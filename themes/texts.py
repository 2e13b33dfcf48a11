"""Comments given to the engine, as a list of strings: one check shared by its estimators."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def same_words(text: str) -> str:
    """``text`` with case and spacing aside: the key under which repeated answers ("Nothing",
    "nothing ") are one answer."""
    return " ".join(text.casefold().split())


def is_missing(value: object) -> bool:
    """``None``, NaN or pandas' ``NA``: no comment."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def as_texts(X: object, *, convert: bool = False) -> list[str]:
    """``X`` as a list of strings, missing values as "".

    A single string is refused (it would be read letter by letter), as is a 2-D array. Other
    values are refused too unless ``convert`` (then ``str(value)``).
    """
    if isinstance(X, str):
        raise TypeError("expected a list of texts, got a single string (wrap it in a list)")
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) != 1:
        raise ValueError(f"expected a 1-D list of texts, got an array of shape {np.shape(X)}")
    try:
        items = list(X)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"expected a list of texts, got {type(X).__name__}") from None
    texts = []
    for item in items:
        if is_missing(item):
            texts.append("")
        elif isinstance(item, str):
            texts.append(item)
        elif convert:
            texts.append(str(item))
        else:
            raise TypeError(f"comments must be text, got {type(item).__name__}: {item!r}")
    return texts
