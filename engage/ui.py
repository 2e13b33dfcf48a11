"""Start the Streamlit review app on localhost."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

APP = Path(__file__).resolve().parent.parent / "app_streamlit.py"


def launch(url: str, port: int = 8501) -> NoReturn:
    """Run the app with ``streamlit run`` on localhost only, offline, with ``ENGAGE_DB=url``
    (in this process's place: it does not return)."""
    env = dict(os.environ, ENGAGE_DB=url, HF_HUB_OFFLINE="1")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--theme.primaryColor",
        "#005eb8",
        "--client.toolbarMode",
        "minimal",
    ]
    print(f"Review app on http://127.0.0.1:{port} (Ctrl+C to stop)", flush=True)
    # Streamlit takes this process's place, so stopping it (Ctrl+C, or ``kill PID`` from a
    # service manager) stops the app, not just a wrapper around it.
    os.execve(sys.executable, command, env)
