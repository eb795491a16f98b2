"""Errors that end a command with one clear sentence instead of a traceback."""

from __future__ import annotations


class UserError(Exception):
    """An expected problem with the user's input or environment; the message is shown as is."""

    exit_code = 2


class LockedError(UserError):
    """Another run holds the lock."""

    exit_code = 75
