"""The review library: what the review app does, as plain functions over a session.

Modules, one job each:

- :mod:`~engage.workflow.errors`: what is raised when a request cannot be done.
- :mod:`~engage.workflow.writes`: safe writes (retry when the database is busy), data versions.
- :mod:`~engage.workflow.visibility`: what reviewers may see while personal details are hidden.
- :mod:`~engage.workflow.items`: comments as reviewers see them.
- :mod:`~engage.workflow.queue`: the review queue and its filters.
- :mod:`~engage.workflow.labelling`: labelling (every decision goes through
  :func:`engage.labels.save_coding`).
- :mod:`~engage.workflow.flags`: safeguarding and missed-personal-details flags, re-redaction.
- :mod:`~engage.workflow.themeboard`: the theme board and which comments are in each theme.
- :mod:`~engage.workflow.themeedits`: versioned theme changes with optimistic locking.
- :mod:`~engage.workflow.topics`: emergent topics, kept, dismissed or promoted to themes.
- :mod:`~engage.workflow.samples`: double-coding samples.
- :mod:`~engage.workflow.agreement`: Cohen's and Fleiss' kappa, model-versus-human agreement.

Reviewers only ever see ``Comment.text`` (the redacted text). A comment with an open
"personal details" flag is hidden from reviewers until :func:`reredact` has masked them again.

Callers use the package (``from engage import workflow; workflow.review_queue(...)``); the
modules import from each other's modules, never from this one.
"""

from __future__ import annotations

from engage.workflow.agreement import (
    AgreementReport,
    agreement,
    cohen_kappa,
    disputed_comments,
    fleiss_kappa,
    kappa,
    model_vs_human,
)
from engage.workflow.errors import NotReviewable, ThemeChanged, WorkflowError
from engage.workflow.flags import (
    CONCERN_WORDS,
    MISSED_CATEGORY,
    NOT_ENGLISH,
    REVIEWER_CATEGORY,
    URGENCY_WORDS,
    clear_flag,
    concern_reason,
    flag_personal_details,
    flag_urgency,
    language_note,
    language_of_note,
    open_flags,
    raise_safeguarding,
    reredact,
)
from engage.workflow.items import (
    ColleagueCoding,
    FlagInfo,
    ReviewItem,
    colleague_codings,
    comment_by_id,
    comment_by_pk,
    review_items,
)
from engage.workflow.labelling import (
    MAX_NOTE,
    accept_suggestion,
    add_theme,
    code_comment,
    correct_sentiment,
    no_theme_fits,
    reject_suggestion,
)
from engage.workflow.queue import (
    QueueFilter,
    QueuePage,
    filter_options,
    rank_informative,
    review_queue,
    working_now,
)
from engage.workflow.samples import Sample, assign_sample, assigned_comments, samples
from engage.workflow.themeboard import (
    QUOTE_CHARS,
    Membership,
    ThemeCard,
    membership,
    overview_frame,
    theme_board,
    theme_members,
)
from engage.workflow.themeedits import (
    confirm_theme,
    edit_theme,
    merge_themes,
    restore_theme,
    retire_theme,
    retired_themes,
    split_theme,
)
from engage.workflow.topics import promote_topic, set_topic_status, topics_frame
from engage.workflow.visibility import (
    HIDDEN_TEXT,
    PERSONAL,
    SAFEGUARDING,
    hidden_pks,
    is_hidden,
    shown_text,
)
from engage.workflow.writes import analysis_version, data_version, is_retryable, run_write

__all__ = [
    # errors
    "NotReviewable",
    "ThemeChanged",
    "WorkflowError",
    # safe writes
    "analysis_version",
    "data_version",
    "is_retryable",
    "run_write",
    # what reviewers may see
    "HIDDEN_TEXT",
    "PERSONAL",
    "SAFEGUARDING",
    "hidden_pks",
    "is_hidden",
    "shown_text",
    # comments as reviewers see them
    "ColleagueCoding",
    "FlagInfo",
    "ReviewItem",
    "colleague_codings",
    "comment_by_id",
    "comment_by_pk",
    "review_items",
    # the review queue
    "QueueFilter",
    "QueuePage",
    "filter_options",
    "rank_informative",
    "review_queue",
    "working_now",
    # labelling
    "MAX_NOTE",
    "accept_suggestion",
    "add_theme",
    "code_comment",
    "correct_sentiment",
    "no_theme_fits",
    "reject_suggestion",
    # flags and re-redaction
    "CONCERN_WORDS",
    "NOT_ENGLISH",
    "MISSED_CATEGORY",
    "REVIEWER_CATEGORY",
    "concern_reason",
    "clear_flag",
    "flag_personal_details",
    "flag_urgency",
    "URGENCY_WORDS",
    "language_note",
    "language_of_note",
    "open_flags",
    "raise_safeguarding",
    "reredact",
    # the theme board
    "QUOTE_CHARS",
    "Membership",
    "ThemeCard",
    "membership",
    "overview_frame",
    "theme_board",
    "theme_members",
    # theme changes
    "confirm_theme",
    "edit_theme",
    "merge_themes",
    "restore_theme",
    "retire_theme",
    "retired_themes",
    "split_theme",
    # emergent topics
    "promote_topic",
    "set_topic_status",
    "topics_frame",
    # double-coding and agreement
    "AgreementReport",
    "Sample",
    "agreement",
    "assign_sample",
    "assigned_comments",
    "cohen_kappa",
    "disputed_comments",
    "fleiss_kappa",
    "kappa",
    "model_vs_human",
    "samples",
]
