"""`draft` and `plan` run with fewer garbage collections (commands/gcmode.py) and leave the
process's thresholds as they found them, on success and on failure."""

from __future__ import annotations

import gc

import pytest

from draftbot.commands.gcmode import DAY_WORK, few_collections


def test_raised_inside_restored_after():
    before = gc.get_threshold()
    with few_collections():
        assert gc.get_threshold() == DAY_WORK
    assert gc.get_threshold() == before


def test_restored_after_an_error():
    before = gc.get_threshold()
    with pytest.raises(ZeroDivisionError):
        with few_collections():
            1 / 0
    assert gc.get_threshold() == before


@pytest.mark.parametrize("args", [["plan", "--date", "2026-06-04"], ["draft", "--date", "2026-06-04"]])
def test_a_command_in_process_leaves_the_thresholds(tmp_path, args):
    from typer.testing import CliRunner

    from draftbot.cli import app

    before = gc.get_threshold()
    r = CliRunner().invoke(app, args + ["--store", str(tmp_path / "none")])
    assert r.exit_code != 0  # no store there: one error line
    assert gc.get_threshold() == before


def test_the_runs_survivors_are_not_scanned_on_the_way_out():
    """Objects made during the run move to the oldest generation when it ends: restoring the lower
    threshold does not leave them in the youngest, where the next allocation would start a scan
    of all of them (a command's last ~0.02 s); they stay collectable (a later full collection
    frees their cycles)."""
    import weakref

    class Node:
        pass

    gc.collect()
    with few_collections():
        kept = [[i] for i in range(120_000)]  # survivors: more than the usual youngest threshold
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle only a full collection frees
        probe = weakref.ref(a)
        del a, b
    assert gc.get_count()[0] < 100
    oldest = {id(x) for x in gc.get_objects(generation=2)}
    assert id(kept) in oldest and id(kept[-1]) in oldest
    assert probe() is not None
    gc.collect()
    assert probe() is None


def test_objects_left_at_exit_are_frozen_once_registered(tmp_path):
    """`no_final_collection` (registered once, however often a command asks) freezes what is left
    at interpreter exit, so the exit's full collection scans nothing; until then nothing changes."""
    import os
    import subprocess
    import sys

    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit', gc.get_freeze_count() > 0))\n"
        "from draftbot.commands.gcmode import no_final_collection\n"
        "n = atexit._ncallbacks()\n"
        "no_final_collection(); no_final_collection()\n"
        "print('registered', atexit._ncallbacks() - n, 'frozen now', gc.get_freeze_count() > 0)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.splitlines() == ["registered 1 frozen now False", "frozen at exit True"]
