"""Browser tests run on shared, sometimes busy CI machines: a Streamlit rerun there can take
several seconds, so Playwright's assertions wait up to 15 s (its default is 5 s) before failing."""

from __future__ import annotations

import pytest

playwright = pytest.importorskip("playwright.sync_api")
playwright.expect.set_options(timeout=15_000)
