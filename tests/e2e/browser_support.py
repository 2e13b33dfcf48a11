"""Shared by the browser tests: Debian's chromium, a free port, the real app as a server.

Imported by path (``sys.path`` gets this folder): a ``tests`` package installed in
site-packages would shadow ``tests.e2e``.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Skip without chromium, unless ENGAGE_REQUIRE_BROWSER=1 (then the tests fail instead).
needs_browser = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("ENGAGE_REQUIRE_BROWSER") != "1",
    reason=f"no browser at {CHROMIUM}",
)


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(
    folder: Path,
    port: int,
    env: Mapping[str, str],
    *,
    extra_args: Sequence[str] = (),
    cwd: Path = ROOT,
    timeout: float = 90.0,
) -> Iterator[str]:
    """``streamlit run app_streamlit.py`` headless on ``port``; yields its base URL.

    The server's output goes to ``folder/server.log`` (shown if it fails to start).
    """
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "app_streamlit.py"),
                "--server.address", "127.0.0.1", "--server.port", str(port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none", "--theme.primaryColor", "#005eb8",
                "--client.toolbarMode", "minimal", *extra_args,
            ],
            cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                        if reply.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError(log_path.read_text()) from None
                    time.sleep(0.5)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=20)


def settle(page, timeout: float = 60_000) -> None:  # noqa: ANN001 - Playwright page
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=timeout)
    page.wait_for_timeout(300)


HEADER = ("Response ID", "I am responding as", "What needs to change?")


def survey_store(
    folder: Path, rows: Iterable[Sequence[str]], exercise: str, redactor: Callable
) -> tuple[str, object]:
    """A store in ``folder`` holding a fictional survey of ``rows`` (id, group, comment)
    ingested as ``exercise``: its URL and the open :class:`~engage.store.Store`."""
    from engage.ingest import IngestOptions, ingest_paths
    from engage.store import Store

    survey = folder / "survey.csv"
    with survey.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    url = f"sqlite:///{folder / 'engage.db'}"
    store = Store(url)
    ingest_paths(store, [survey], IngestOptions(exercise=exercise), redactor)
    return url, store


@contextmanager
def chromium_browser() -> Iterator[object]:
    """Debian's chromium, headless, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
