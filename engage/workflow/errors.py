"""What the review library raises when something asked for cannot be done."""

from __future__ import annotations


class WorkflowError(ValueError):
    """Something the person asked for cannot be done; the message says why in plain words."""


class ThemeChanged(WorkflowError):
    """Someone else changed the theme since it was opened: the change was not saved."""


class NotReviewable(WorkflowError):
    """The comment is hidden while personal details are removed, so it cannot be labelled."""
