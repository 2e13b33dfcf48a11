"""One background retrainer per store for the whole server (see :mod:`engage.retrain`)."""

from __future__ import annotations

import streamlit as st

from engage.retrain import Retrainer
from engage.store import Store


@st.cache_resource(show_spinner=False)
def retrainer(url: str, embedder: str, _store: Store) -> Retrainer:
    """One retrainer per store for the whole server."""
    return Retrainer(_store, embedder)
