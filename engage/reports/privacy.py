"""Small-number suppression for published breakdowns.

A count of 1 to 4 people in a breakdown by group or locality is shown as "fewer than 5". When
totals are published too, one hidden cell in a row or column could be worked out by
subtraction, so the next smallest cell there is hidden as well ("not shown"); so is it when
several "fewer than 5" cells add up to a sum only one set of values gives (4 and 4 make 8).
When nothing else can be hidden, the cells are "withheld" and the breakdown must be left out.

>>> [f.text for f in suppress_counts([3, 20, 0, 40])]
['fewer than 5', 'not shown', '0', '40']

A count that is not a group of people ("Not known": people who did not say their group) is
never hidden for being small: it points to nobody. It is hidden only as a last resort, when
no group's count can be hidden instead to keep a small group from being worked out.

>>> [f.text for f in suppress_counts([3, 20, 2], unrecorded=[2])]
['fewer than 5', 'not shown', '2']
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

SMALL = 5

# The redactor's placeholders (surveys.redact.PLACEHOLDERS, not imported here: that module
# loads spaCy). A value holding one ("[ADDRESS], Diss [POSTCODE]", "[NAME] (admin)") was a
# personal detail: it is never published as a category or an answer.
PLACEHOLDER_NAMES = ("NAME", "NHS_NUMBER", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "DOB",
                     "URL", "HANDLE", "NI_NUMBER", "ID_NUMBER", "VEHICLE_REG")
PLACEHOLDER = re.compile(r"\[(?:" + "|".join(PLACEHOLDER_NAMES) + r")\]")


def has_placeholder(value: object) -> bool:
    """True when ``value`` holds a redaction placeholder such as ``[ADDRESS]``."""
    return isinstance(value, str) and bool(PLACEHOLDER.search(value))


def placeholders(value: object) -> int:
    """How many redaction placeholders ``value`` holds (0 for anything but text)."""
    return len(PLACEHOLDER.findall(value)) if isinstance(value, str) else 0


@dataclass(frozen=True)
class Figure:
    """A publishable count. ``value`` is None when hidden; ``percent`` only when shown."""

    value: int | None
    percent: float | None = None
    # "small" | "secondary" | "withheld" (its line's total would tell it whatever else were
    # hidden: a caller must leave the whole breakdown out, see :func:`breakdown_safe`)
    hidden: str | None = None

    @property
    def text(self) -> str:
        """The count as words for a table cell."""
        if self.value is None:
            return f"fewer than {SMALL}" if self.hidden == "small" else "not shown"
        return f"{self.value:,}"

    @property
    def text_with_percent(self) -> str:
        """``"12 (34%)"``, or the hidden wording."""
        if self.value is None or self.percent is None:
            return self.text
        return f"{self.text} ({self.percent:.0f}%)"


def _primary(value: int) -> bool:
    return 0 < value < SMALL


def suppress_matrix(
    matrix: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    column_bases: Sequence[int] | None = None,
    hide_small_margins: bool = True,
    unrecorded: Collection[tuple[int, int]] = (),
) -> list[list[Figure]]:
    """Figures for a table of counts, with primary and secondary suppression.

    Parameters
    ----------
    matrix : rows of int
    row_totals, column_totals : bool, default=True
        Whether each row's / column's total is published (or can be worked out).
    column_bases : sequence of int, optional
        Denominators for percentages, one per column (e.g. people in a group who answered).
    hide_small_margins : bool, default=True
        Hide every cell (zeros too) of a row or column whose total is 1 to 4: otherwise its
        zeros would tell what the few people in it said.
    unrecorded : collection of (row, column), optional
        Cells that count no group of people (the group or place was not recorded): never
        hidden for being small, and hidden to protect another cell only when no other cell
        can be.
    """
    values = [list(map(int, row)) for row in matrix]
    unrecorded = set(unrecorded)
    hidden = [
        ["small" if _primary(v) and (r, c) not in unrecorded else None for c, v in enumerate(row)]
        for r, row in enumerate(values)
    ]
    if hide_small_margins and values:
        width = max(len(row) for row in values)
        for r, row in enumerate(values):
            if _primary(sum(row)):
                hidden[r] = ["small"] * len(row)
        for c in range(width):
            column = [r for r in range(len(values)) if c < len(values[r])]
            if _primary(sum(values[r][c] for r in column)):
                for r in column:
                    hidden[r][c] = "small"

    def pinned(cells: list[tuple[int, int]]) -> bool:
        """True when the line's total (published) tells a hidden count exactly: one cell
        hidden, or only "fewer than 5" cells whose sum leaves them one possible value each
        (two hidden cells adding up to 8 are 4 and 4)."""
        marked = [(r, c) for r, c in cells if hidden[r][c]]
        if not marked:
            return False
        if len(marked) == 1:
            return True
        if any(hidden[r][c] == "secondary" for r, c in marked):
            return False  # a hidden count of any size: the sum pins nothing down
        rest = sum(values[r][c] for r, c in marked)
        lowest = sum(1 if values[r][c] > 0 else 0 for r, c in marked)
        return rest in (lowest, (SMALL - 1) * len(marked))

    def fix(cells: list[tuple[int, int]]) -> bool:
        if not pinned(cells):
            return False
        spare = [
            ((r, c) in unrecorded, values[r][c], r, c)
            for r, c in cells
            if not hidden[r][c] and values[r][c] > 0
        ]
        if not spare:
            unprotected.update(cells)
            return False
        *_, r, c = min(spare)
        hidden[r][c] = "secondary"
        return True

    unprotected: set[tuple[int, int]] = set()
    changed = True
    while changed:
        changed = False
        unprotected.clear()
        if row_totals:
            for r, row in enumerate(values):
                changed |= fix([(r, c) for c in range(len(row))])
        if column_totals and values:
            for c in range(max(len(row) for row in values)):
                changed |= fix([(r, c) for r in range(len(values)) if c < len(values[r])])
    for r, c in unprotected:  # nothing left to hide with it: the breakdown must not be shown
        hidden[r][c] = "withheld"
    out = []
    for r, row in enumerate(values):
        figures = []
        for c, value in enumerate(row):
            if hidden[r][c]:
                figures.append(Figure(None, None, hidden[r][c]))
                continue
            base = column_bases[c] if column_bases is not None else None
            percent = 100 * value / base if base else None
            figures.append(Figure(value, percent))
        out.append(figures)
    return out


def breakdown_safe(figures: Sequence[Figure]) -> bool:
    """False when a breakdown cannot be published: its total would give away a hidden count
    whatever else were hidden (a theme raised by 1 person, who is a carer)."""
    return not any(f.hidden == "withheld" for f in figures)


def suppress_counts(
    counts: Sequence[int],
    *,
    total_published: bool = True,
    base: int | None = None,
    unrecorded: Collection[int] = (),
) -> list[Figure]:
    """Figures for one breakdown (e.g. people by group); percentages of ``base`` if given.
    ``unrecorded`` are the positions of counts that are no group ("Not known")."""
    rows = suppress_matrix(
        [counts],
        row_totals=total_published,
        column_totals=False,
        hide_small_margins=False,
        column_bases=[base or 0] * len(counts) if base else None,
        unrecorded={(0, c) for c in unrecorded},
    )
    return rows[0]
