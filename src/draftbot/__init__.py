"""draftbot: cited, number-checked first drafts of daily policy briefings."""

__version__ = "0.1.0"
