"""Charts with their numbers: every chart is followed by a table of the same figures."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd
import streamlit as st

BAR = "#005eb8"
INK = "#0b0c0c"
# A chart's menu saves it as a picture, and nothing else: no "Open in Vega Editor" (which would
# send the chart's numbers to a website) and no chart code, which means nothing to a reviewer.
CHART_MENU = {"embedOptions": {"actions": {"export": True, "source": False, "compiled": False,
                                           "editor": False}}}


def _describe(frame: pd.DataFrame, category: str, value: str) -> str:
    top = frame.sort_values(value, ascending=False).head(3)
    parts = [f"{row[category]}: {row[value]}" for _, row in top.iterrows()]
    return f"Bar chart. Largest: {'; '.join(parts)}. The full numbers are in the table below."


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    *,
    title: str,
    key: str,
    keep_order: bool = False,
) -> None:
    """Horizontal bars, each labelled with its number, then the table (largest first unless
    ``keep_order``, e.g. for months)."""
    if frame.empty:
        st.info("Nothing to show yet.")
        return
    base = alt.Chart(frame).encode(
        y=alt.Y(
            f"{category}:N",
            sort=frame[category].tolist() if keep_order else "-x",
            title=None,
            axis=alt.Axis(labelLimit=320, labelOverlap=False),
        ),
        x=alt.X(f"{value}:Q", title=value),
        tooltip=[category, value],
    )
    chart = base.mark_bar(color=BAR) + base.mark_text(align="left", dx=4, fontSize=14).encode(
        text=f"{value}:Q"
    )
    st.altair_chart(
        chart.properties(title=title, height=alt.Step(34), usermeta=CHART_MENU).configure_axis(
            labelFontSize=14, titleFontSize=14, labelColor=INK, titleColor=INK
        ),
        alt=_describe(frame, category, value),
        key=f"chart-{key}",
    )
    table(frame, key)


def split_bars(
    frame: pd.DataFrame, category: str, split: str, value: str, *, title: str, key: str
) -> None:
    """One small bar chart per value of ``split`` (named above it, not told by colour)."""
    if frame.empty:
        st.info("Nothing to show yet.")
        return
    order = sorted(frame[category].unique())
    st.html(f"<p><strong>{html.escape(title)}</strong></p>")
    splits = list(dict.fromkeys(frame[split]))
    # One chart per column: Streamlit stacks columns on a narrow (phone) screen.
    for column, part in zip(st.columns(len(splits)), splits, strict=True):
        rows = frame[frame[split] == part]
        base = alt.Chart(rows).encode(
            y=alt.Y(f"{category}:N", sort=order, title=None,
                    axis=alt.Axis(labelLimit=260, labelOverlap=False)),
            x=alt.X(f"{value}:Q", title=value),
            tooltip=[category, split, value],
        )
        layered = alt.layer(
            base.mark_bar(color=BAR),
            base.mark_text(align="left", dx=4, fontSize=13).encode(text=f"{value}:Q"),
        )
        column.altair_chart(
            layered.properties(title=str(part), height=alt.Step(34),
                               usermeta=CHART_MENU).configure_axis(
                labelFontSize=13, titleFontSize=13, labelColor=INK, titleColor=INK
            ).configure_title(fontSize=15, color=INK),
            alt=f"{title}, {part}: one bar per {category.lower()}. The numbers are in the "
                "table below.",
            key=f"chart-{key}-{part}",
        )
    wide = frame.pivot_table(index=category, columns=split, values=value, fill_value=0)
    table(wide.reset_index(), key)


def table(frame: pd.DataFrame, key: str) -> None:
    """The figures as a table (the chart's text alternative)."""
    with st.expander("The numbers in this chart", expanded=False):
        st.dataframe(frame, hide_index=True, key=f"table-{key}")
