"""Tables behind the overview charts, from :func:`engage.export.comments_frame` (pandas only)."""

from __future__ import annotations

import pandas as pd

from app_pages.common import group_name, source_name, tone_name

GAP_SHARE = 0.05
NOT_SAID = {"not said", "prefer not to say", "unknown", "other", "not known"}


def _themes(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One row per (comment, theme) with the theme's name."""
    rows = frame.assign(theme=frame["themes"].fillna("").str.split(";")).explode("theme")
    rows = rows[rows["theme"].astype(str) != ""]
    return rows.assign(theme=rows["theme"].map(lambda t: names.get(t, t)))


def counts(frame: pd.DataFrame, column: str, label: str, namer=None) -> pd.DataFrame:  # noqa: ANN001
    """How many comments have each value of ``column`` (largest first)."""
    values = frame[column].fillna("").astype(str) if column in frame else pd.Series(dtype=str)
    if namer is not None:
        values = values.map(lambda v: namer(v or None))
    else:
        values = values.replace("", "Not said")
    table = values.value_counts().rename_axis(label).reset_index(name="Comments")
    return table.sort_values(["Comments", label], ascending=[False, True], ignore_index=True)


def who(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Comments by respondent group, locality and source."""
    return {
        "group": counts(frame, "respondent_group", "Who", group_name),
        "locality": counts(frame, "locality", "Where"),
        "source": counts(frame, "source", "How they told us", source_name),
    }


def gaps(table: pd.DataFrame, label: str) -> list[str]:
    """Values with under 5% of the comments (voices we may be missing)."""
    total = table["Comments"].sum()
    if not total:
        return []
    unknown = table[label].str.casefold().isin(NOT_SAID)
    few = table[(table["Comments"] / total < GAP_SHARE) & ~unknown]
    return few[label].tolist()


def theme_sizes(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Comments per theme (largest first); a comment can be in several themes."""
    rows = _themes(frame, names)
    table = rows["theme"].value_counts().rename_axis("Theme").reset_index(name="Comments")
    return table.sort_values(["Comments", "Theme"], ascending=[False, True], ignore_index=True)


def tone_by_theme(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Long table: theme, tone, comments."""
    rows = _themes(frame, names)
    rows = rows.assign(Tone=rows["sentiment"].map(lambda v: tone_name(v or None)))
    table = rows.groupby(["theme", "Tone"]).size().reset_index(name="Comments")
    return table.rename(columns={"theme": "Theme"})


def themes_by(frame: pd.DataFrame, names: dict[str, str], column: str, label: str,
              namer=None) -> pd.DataFrame:  # noqa: ANN001
    """Wide table: one row per theme, one column per group (or locality), comment counts."""
    rows = _themes(frame, names)
    values = rows[column].fillna("").astype(str)
    rows = rows.assign(by=values.map(lambda v: namer(v or None)) if namer else
                       values.replace("", "Not said"))
    table = pd.crosstab(rows["theme"], rows["by"])
    table.index.name = "Theme"
    table.columns.name = label
    return table.reset_index()


def over_time(frame: pd.DataFrame) -> pd.DataFrame:
    """Comments per month, from the survey date or else the event date."""
    dates = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    for column in ("submitted", "event_date"):
        if column in frame:
            dates = dates.fillna(pd.to_datetime(frame[column], errors="coerce"))
    dates = dates.dropna()
    if dates.empty:
        return pd.DataFrame(columns=["Month", "Comments"])
    months = dates.dt.to_period("M").dt.to_timestamp()
    table = months.value_counts().sort_index().rename_axis("Month").reset_index(name="Comments")
    table["Month"] = table["Month"].dt.strftime("%B %Y")
    return table
