"""pipeline.files: ``--output`` writes only regular files, replaces one only when allowed, keeps its mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pipeline.errors import PressmonError
from pipeline.files import OutputExists, output_file, write_file


def test_a_fifo_is_refused_and_left_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(PressmonError, match="is a FIFO; pressmon writes only regular files"):
        write_file(fifo, b"x", replace=True)  # opening it would block: refused before that
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlink_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    with pytest.raises(PressmonError, match="is a symbolic link"):
        write_file(link, b"x", replace=True)
    assert link.is_symlink() and target.read_text() == "keep me"


def test_a_directory_and_a_device_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PressmonError, match="is a directory"):
        write_file(tmp_path, b"x", replace=True)
    with pytest.raises(PressmonError, match="is a character device"):
        write_file(Path("/dev/null"), b"x", replace=True)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_an_existing_file_needs_replace_and_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    existing = tmp_path / "export.csv"
    existing.write_bytes(b"old")
    existing.chmod(mode)
    with pytest.raises(OutputExists, match="exists; pass --force to replace it"):
        write_file(existing, b"new", replace=False)
    assert existing.read_bytes() == b"old"
    write_file(existing, b"new", replace=True)
    assert existing.read_bytes() == b"new" and stat.S_IMODE(existing.stat().st_mode) == mode


def test_a_new_file_gets_the_usual_mode_not_the_temporary_files(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_file(tmp_path / "new.md", b"x", replace=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    existing = tmp_path / "r.xlsx"
    existing.write_bytes(b"old")
    with pytest.raises(RuntimeError), output_file(existing, replace=True) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert existing.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
