"""An ingest killed mid-round leaves local.sqlite with a hot journal (its transaction's pages
already spilled to the file): readers still find every text a round committed before it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from draftbot.index import localdb

KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from draftbot.index import localdb
    w = localdb.Writer(Path(sys.argv[1]))
    w.add_chunks([(f"kept{i:04d}:0000", f"第{i}段已提交的正文。" * 20, {"source_id": f"kept{i:04d}"}, None)
                  for i in range(50)])
    w.checkpoint()  # a round committed
    w.con.execute("PRAGMA cache_size=2")  # the next round's pages spill to the file before its commit
    w.add_chunks([(f"lost{i:05d}:0000", f"未提交的第{i}段。" * 40, {"source_id": f"lost{i:05d}"}, None)
                  for i in range(3000)])
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_texts_committed_before_a_kill_are_read_through_the_hot_journal(tmp_path):
    root = tmp_path / "lexical"
    root.mkdir()
    p = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(root)], capture_output=True, text=True)
    assert p.returncode < 0, p.stderr[-2000:]
    assert (root / (localdb.FILE + "-journal")).is_file()  # hot: its writer is gone
    ids = [f"kept{i:04d}:0000" for i in range(50)] + ["lost00001:0000"]
    got = localdb.rows(root, ids)
    assert sorted(got) == ids[:50]  # every committed text; nothing of the killed round
    assert got["kept0007:0000"][0].startswith("第7段已提交的正文。")
    assert not (root / (localdb.FILE + "-journal")).exists()  # rolled back, as a writer would
