"""A coding sheet for teams who code in spreadsheets: the review queue's next comments, with
one blank column per theme, read back by ``engage labels import``."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from engage import workflow
from engage.frameworks import active_themes
from engage.models import Exercise

SENTIMENT_COLUMN = "sentiment"


def labelling_sheet(
    session: Session, exercise: Exercise, reviewer: str, *, n: int = 50
) -> pd.DataFrame:
    """The next ``n`` comments ``reviewer`` should code, most informative first.

    Columns: ``comment_id``, ``question``, ``text`` (redacted), ``flags`` (e.g. safeguarding, so
    the coder sees it), then one blank column per active theme (headed by its name) and a blank
    ``sentiment``. The model's suggestions are left out, as in the app, so the coding is the
    reviewer's own. Comments already coded by the reviewer are not included.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    themes = active_themes(session, exercise)
    page = workflow.review_queue(session, exercise, reviewer, limit=n)
    rows = []
    for item in page.items:
        if item.hidden:
            continue
        row = {
            "comment_id": item.comment_id,
            "question": item.question or "",
            "text": item.text,
            "flags": ";".join(sorted({f.kind for f in item.flags})),
        }
        row.update({theme.name: "" for theme in themes})
        row[SENTIMENT_COLUMN] = ""
        rows.append(row)
    columns = ["comment_id", "question", "text", "flags", *(t.name for t in themes),
               SENTIMENT_COLUMN]
    return pd.DataFrame(rows, columns=columns)
