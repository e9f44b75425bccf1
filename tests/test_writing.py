import os

import pytest

from pipeline.writing import atomic_file, write_atomic


def test_write_replaces_whole_files(tmp_path):
    target = tmp_path / "deep" / "a.md"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.md", "deep"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.md"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as stream:
        stream.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.md"]


def test_written_files_get_the_usual_permissions(tmp_path):
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.pdf", b"x")
    finally:
        os.umask(previous)
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644
