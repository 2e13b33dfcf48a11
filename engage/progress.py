"""Progress for long commands: a bar on a terminal, one line per step otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from tqdm import tqdm


@contextmanager
def progress_bar(
    stream: TextIO | None = None, *, steps: int = 100
) -> Iterator[Callable[[str, float], None]]:
    """Yield a ``progress(message, fraction_done)`` callback drawing on ``stream`` (stderr).

    On a terminal it is a tqdm bar whose description is the current message; when the
    output is a file or a pipe each message is written once, as a line with its percentage.
    """
    stream = stream or sys.stderr
    interactive = bool(getattr(stream, "isatty", lambda: False)())
    bar = tqdm(total=steps, file=stream, disable=not interactive, leave=False,
               bar_format="{l_bar}{bar}| {elapsed}")
    last: list[str] = []

    def progress(message: str, fraction: float) -> None:
        done = max(0, min(steps, round(fraction * steps)))
        if interactive:
            bar.n = done
            bar.set_description_str(message)  # redraws: steps are few, each worth showing
        elif not last or last[-1] != message:
            stream.write(f"[{fraction:4.0%}] {message}\n")
            stream.flush()
        last[:] = [message]

    try:
        yield progress
    finally:
        bar.close()
