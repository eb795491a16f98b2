"""Files written where the user says (``--output``): only ever a regular file, replaced whole.

A target that is a symbolic link, a directory, a FIFO or a device is refused (writing through it
would change what it points to, or block, or fill a disk); an existing file is replaced only when the
caller allows it (``--force`` on the command line), and keeps its permission bits. The data goes to a
temporary file beside the target, renamed into place at the end, so an interrupted write leaves the
old file (or nothing) under the requested name.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PressmonError

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class OutputExists(PressmonError):
    """The output file exists and replacing it was not allowed."""


def check_target(path: Path, replace: bool) -> int | None:
    """The permission bits of the regular file at ``path`` (None when there is none); refuses any
    other kind of file, and an existing file unless ``replace``."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PressmonError(f"Cannot write {path}: {exc.strerror}.") from None
    kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
    if kind is not None or not stat.S_ISREG(info.st_mode):
        raise PressmonError(f"{path} is {kind or 'not a regular file'}; pressmon writes only regular files.")
    if not replace:
        raise OutputExists(f"{path} exists; pass --force to replace it.")
    return stat.S_IMODE(info.st_mode)


def _new_file_mode() -> int:
    """What ``open()`` would give a new file: 0666 less the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def output_file(path: Path, replace: bool) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block ends well
    (with the replaced file's mode, or the usual mode of a new file), deleted otherwise."""
    mode = check_target(path, replace)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise PressmonError(f"Cannot write {path}: {exc.strerror}.") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _new_file_mode() if mode is None else mode)
        check_target(path, replace)  # again: something may have appeared there while writing
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_file(path: Path, data: bytes, replace: bool) -> None:
    """Write ``data`` to ``path`` through :func:`output_file`."""
    with output_file(path, replace) as tmp:
        tmp.write_bytes(data)
