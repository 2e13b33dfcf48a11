"""Themes engine: frameworks, theme assignment, sentiment, emergent topics, safeguarding flags."""
