"""Pages of the review app (``app_streamlit.py``); shared UI lives in :mod:`app_pages.common`."""
