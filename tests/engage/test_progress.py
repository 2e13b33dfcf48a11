"""Progress for long commands: one line per step when the output is not a terminal."""

from __future__ import annotations

import io

from engage.progress import progress_bar


def test_piped_progress_writes_each_step_once_with_its_percentage() -> None:
    out = io.StringIO()
    with progress_bar(out) as progress:
        progress("Reading the comments (0 of 4,000 done)", 0.0)
        progress("Reading the comments (0 of 4,000 done)", 0.1)  # same step: no new line
        progress("Reading the comments (2,000 of 4,000 done)", 0.275)
        progress("Done", 1.0)
    assert out.getvalue().splitlines() == [
        "[  0%] Reading the comments (0 of 4,000 done)",
        "[ 28%] Reading the comments (2,000 of 4,000 done)",
        "[100%] Done",
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_it_draws_a_bar_with_the_current_step() -> None:
    out = _Terminal()
    with progress_bar(out) as progress:
        progress("Learning the themes", 0.55)
        progress("Done", 1.0)
    drawn = out.getvalue()
    assert "Learning the themes" in drawn and "Done" in drawn and "|" in drawn
