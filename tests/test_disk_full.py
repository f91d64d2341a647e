"""A full disk is a state, not a crash: on a real full filesystem (tmpfs) every command either
works or says in one line that the store needs space, and after space is freed ingest completes
and the answers are the store's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DRAFTBOT = [sys.executable, "-m", "draftbot.cli"]
DAY = "2026-06-04"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*DRAFTBOT, *args], capture_output=True, text=True, env=env, timeout=180, cwd=cwd)


def _fill(folder: Path) -> None:
    # unbuffered: a buffered file's close re-raised ENOSPC whenever the free space was not a
    # multiple of the write size (the bytes left in its buffer)
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * (1 << 16))
    except OSError:
        pass
    finally:
        os.close(fd)


def test_every_command_on_a_full_disk_works_or_says_so_in_one_line(tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        for name in ("2026-06-04_nbs-consumption.md", "2026-06-04_nbs-services.md"):
            shutil.copy(REPO / "corpus" / name, corpus / name)
        more = tmp_path / "more"
        more.mkdir()
        shutil.copy(REPO / "corpus" / "2026-06-04_nbs-new-industrialization.md", more)
        store = mnt / "store"
        assert run(["ingest", str(corpus), "--store", str(store), "-q"], tmp_path).returncode == 0
        draft = tmp_path / "b.md"
        assert run(["draft", "--date", DAY, "-o", str(draft), "--store", str(store), "-q"], tmp_path).returncode == 0
        _fill(mnt)
        commands = [["sources"], ["search", "消费"], ["plan", "--date", DAY], ["check", str(draft)],
                    ["draft", "--date", DAY, "-o", str(tmp_path / "c.md")], ["ingest", str(corpus)], ["ingest", str(more)]]
        tracebacks = 0
        for cmd in commands:
            r = run([*cmd, "--store", str(store), "-q"], tmp_path)
            tracebacks += "Traceback" in r.stderr
            if r.returncode not in (0, 1):
                errors = [ln for ln in r.stderr.splitlines() if ln.startswith("draftbot: error:")]
                assert len(errors) == 1 and ("space" in errors[0] or "disk" in errors[0]), (cmd, r.stderr)
        assert tracebacks == 0
        (mnt / "filler").unlink()
        r = run(["ingest", str(corpus), str(more), "--store", str(store), "-q"], tmp_path)
        assert r.returncode == 0, r.stderr
        r = run(["sources", "--json", "--store", str(store)], tmp_path)
        assert r.returncode == 0 and len(json.loads(r.stdout)) == 3, r.stdout
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
