"""Atomic output: all-or-nothing writes, no overwrite without --force, disk full, killed writer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from draftbot.errors import UserError
from draftbot.draft.output import remove_stale_temps, write_files
from tests.draft_fixtures import DAY, sample_store  # noqa: F401

REPO = Path(__file__).resolve().parent.parent


def test_writes_both_files(tmp_path):
    a, b = tmp_path / "x.md", tmp_path / "x.json"
    write_files({a: "甲\n".encode(), b: b"{}\n"})
    assert a.read_text(encoding="utf-8") == "甲\n" and b.read_bytes() == b"{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json", "x.md"]  # no temp files left


def test_refuses_to_overwrite_without_force(tmp_path):
    a, b = tmp_path / "x.md", tmp_path / "x.json"
    b.write_text("old", encoding="utf-8")
    with pytest.raises(UserError) as e:
        write_files({a: b"new", b: b"new"})
    assert str(b) in str(e.value) and "--force" in str(e.value)
    assert not a.exists() and b.read_text(encoding="utf-8") == "old"
    write_files({a: b"new", b: b"new"}, force=True)
    assert b.read_text(encoding="utf-8") == "new"


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(UserError) as e:
        write_files({tmp_path / "no" / "x.md": b"x"})
    assert str(tmp_path / "no") in str(e.value)


def test_stale_temps_of_dead_writers_are_removed(tmp_path):
    target = tmp_path / "b.md"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".b.md.{int(dead.stdout)}.abc123.tmp"
    mine = tmp_path / f".b.md.{os.getpid()}.def456.tmp"
    stale.write_text("partial")
    mine.write_text("in progress")
    assert remove_stale_temps(target) == 1
    assert not stale.exists() and mine.exists()


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return r.returncode == 0


def test_disk_full_keeps_old_output(tmp_path):
    """A real full filesystem (a small tmpfs; needs root to mount, skipped otherwise)."""
    mnt = tmp_path / "small"
    if os.geteuid() != 0 or not _tmpfs(mnt, "64k"):
        pytest.skip("cannot mount a small tmpfs here")
    try:
        a, b = mnt / "x.md", mnt / "x.json"
        write_files({a: b"old md", b: b"old json"})
        with pytest.raises(UserError) as e:
            write_files({a: b"n" * 200_000, b: b"new json"}, force=True)
        msg = str(e.value)
        assert "no space left" in msg and str(a) in msg and "\n" not in msg
        assert a.read_bytes() == b"old md" and b.read_bytes() == b"old json"
        assert sorted(p.name for p in mnt.iterdir()) == ["x.json", "x.md"]
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode:  # still busy: detach it
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _run_cli(store: Path, cwd: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "DRAFTBOT_API_KEY")}
    env["DRAFTBOT_STORE"] = str(store)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen([sys.executable, "-m", "draftbot.cli", "draft", "--date", DAY, *args],
                            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _is_complete(md: str) -> bool:
    """A whole draft: title first, 参考文献 last, ending with a full reference line and a newline."""
    import re

    lines = md.rstrip("\n").splitlines()
    return (md.startswith("# 新质生产力每日动态\n") and md.endswith("。\n") and "\n## 参考文献\n" in md
            and bool(re.match(r"^\d+\. .+，\d{4}-\d{2}-\d{2}，.+。$", lines[-1])))


@pytest.mark.slow
def test_sigkill_during_draft_leaves_old_or_complete_file(tmp_path, sample_store):
    """Kill the writer at several points; the output is always the old file or a complete draft."""
    out = tmp_path / "briefing.md"
    t0 = time.monotonic()
    p = _run_cli(sample_store, tmp_path, "-o", str(out), "--quiet")
    assert p.wait(timeout=120) == 0, p.stderr.read().decode()
    full = time.monotonic() - t0
    assert _is_complete(out.read_text(encoding="utf-8"))
    old = f"editor's copy {uuid.uuid4()}\n"
    for frac in (0.6, 0.85, 1.0):  # during retrieval/drafting, around the write
        out.write_text(old, encoding="utf-8")
        out.with_suffix(".json").write_text("{}", encoding="utf-8")
        p = _run_cli(sample_store, tmp_path, "-o", str(out), "--quiet", "--force")
        time.sleep(full * frac)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        now = out.read_text(encoding="utf-8")
        # old, or a whole draft (dense retrieval may rank ties differently in another process,
        # so compare structure, not bytes)
        assert now == old or _is_complete(now), f"partial file after kill at {frac:.0%}"
    # the next run cleans the killed writers' temp files
    p = _run_cli(sample_store, tmp_path, "-o", str(out), "--quiet", "--force")
    assert p.wait(timeout=120) == 0
    assert sorted(x.name for x in tmp_path.iterdir()) == ["briefing.json", "briefing.md"]
    assert _is_complete(out.read_text(encoding="utf-8"))
