"""``engage ui`` is the app's process: stopping it with a signal stops the app."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ENGAGE = Path(sys.executable).with_name("engage")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def test_terminating_engage_ui_stops_the_app(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "ENGAGE_EMBEDDER": "tfidf"}
    app = subprocess.Popen(
        [str(ENGAGE), "--db", f"sqlite:///{tmp_path / 'engage.db'}", "ui", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not _healthy(port):
            assert app.poll() is None and time.monotonic() < deadline, app.stdout.read()
            time.sleep(0.5)
        app.send_signal(signal.SIGTERM)  # what a service manager sends to the PID it started
        app.wait(timeout=30)
        time.sleep(1)
        assert not _healthy(port), "the app kept running after engage ui was stopped"
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
