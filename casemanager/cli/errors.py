"""The command line's own error: bad input that is not about the data."""


class UsageError(Exception):
    """Bad command-line input that is not about the data (a missing file, say)."""
