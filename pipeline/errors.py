"""Errors pressmon expects (bad input, a missing file, a refused change): their message is one clear
sentence for the person who ran the command or clicked the button, never a traceback.

They say what went wrong, not how the caller was invoked: the command line maps them to exit codes
(``pressmon.cli``) and the dashboard to Vietnamese messages (``dashboard.texts``).
"""

from __future__ import annotations


class PressmonError(Exception):
    """An expected problem with the input or the environment; the message is shown as is."""


class AlreadyRunning(PressmonError):
    """Another run holds the lock this one needs."""


class MissingRegistry(PressmonError):
    """The source registry file is not where the settings say."""


class TooFewLabels(PressmonError):
    """Training was given too few labelled items to learn from."""
