"""Exit codes of the command line, and the hints it adds to errors that concern its own options."""

from __future__ import annotations

from pipeline.errors import AlreadyRunning, MissingRegistry, PressmonError, TooFewLabels

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_SOURCES_FAILED = 3
EXIT_DATABASE = 74  # sysexits' EX_IOERR: the database's disk is full, or its file read-only or corrupted
EXIT_LOCKED = 75
EXIT_INTERRUPTED = 130

# Where the fix is an option of this command line, it says which.
_HINTS: dict[type[PressmonError], str] = {
    MissingRegistry: "Pass --sources FILE or set PRESSMON_SOURCES; "
    "data/sources.yaml in the project is the default.",
    TooFewLabels: "Give a labelled JSONL file with --data.",
}


def crawl_exit(all_ok: bool) -> int:
    """0 when every source's crawl ended ``ok``; 3 when some failed while the rest landed."""
    return EXIT_OK if all_ok else EXIT_SOURCES_FAILED


def error_exit(error: PressmonError) -> int:
    """75 when another run holds the lock, else 2 (bad input or configuration)."""
    return EXIT_LOCKED if isinstance(error, AlreadyRunning) else EXIT_BAD_INPUT


def error_message(error: PressmonError) -> str:
    """The error's sentence, with the option that fixes it where there is one."""
    hint = next((text for kind, text in _HINTS.items() if isinstance(error, kind)), "")
    return f"{error} {hint}" if hint else str(error)
