"""Start the Streamlit review app on localhost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app_streamlit.py"


def launch(url: str, port: int = 8501) -> None:
    """Run the app with ``streamlit run`` on localhost only, offline, with ``ENGAGE_DB=url``."""
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
        "viewer",
    ]
    print(f"Review app on http://127.0.0.1:{port} (Ctrl+C to stop)")
    subprocess.run(command, env=env, check=False)
