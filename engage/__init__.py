"""Engagement store, workflow, reports and command line for the engage toolkit."""

__version__ = "0.1.0"
