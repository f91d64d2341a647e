"""The same corpus ingested again: answered from file stats before any reader, the verifier or the
ingest machinery is imported, with the same summary and SKIPPED lines as a full run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from index_fixtures import make_corpus


def _ingest(args, cwd=None):
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "draftbot.cli", "ingest", *args], capture_output=True,
                       text=True, cwd=cwd, env={**os.environ, "NO_COLOR": "1"})
    modules = {m.group(1) for line in p.stderr.splitlines() if (m := re.search(r"\|\s*([\w.]+)$", line.rstrip()))}
    lines = [ln for ln in p.stderr.splitlines() if not ln.startswith("import time:")]
    return p, modules, lines


def _old(path, seconds=120):
    t = os.stat(path).st_mtime - seconds  # older than the racy window, so the stat cache keeps it
    os.utime(path, (t, t))


def test_second_ingest_of_an_unchanged_corpus_imports_no_reader_and_reports_the_same(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 6, sentences=8)
    (docs / "README.md").write_text("# 说明\n这里放当天的来源。\n", encoding="utf-8")
    (docs / "links.txt").write_text("https://www.stats.gov.cn/a.html\nhttps://www.gov.cn/b.html\n", encoding="utf-8")
    for f in docs.rglob("*"):
        _old(f)
    store = tmp_path / "store"
    first, mods1, err1 = _ingest([str(docs), "--store", str(store), "-q"])
    assert first.returncode == 0, first.stderr[-2000:]
    assert "added 6" in first.stdout
    second, mods2, err2 = _ingest([str(docs), "--store", str(store), "-q"])
    assert second.returncode == 0, second.stderr[-2000:]
    assert second.stdout.strip() == "added 0 · updated 0 · unchanged 6 · removed 0 · failed 0"
    skipped = sorted(ln for ln in err1 if ln.startswith("SKIPPED"))
    assert len(skipped) == 2 and skipped == sorted(ln for ln in err2 if ln.startswith("SKIPPED"))
    # the full run loaded readers and the verifier; the no-op run needs none of them
    assert {"draftbot.sources.loader", "draftbot.verify"} <= mods1
    heavy = {"draftbot.sources.loader", "draftbot.verify", "draftbot.index.ingest", "chromadb", "numpy"}
    assert not heavy & mods2, heavy & mods2


def test_an_edited_file_takes_the_full_path(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 4, sentences=6)
    for f in docs.rglob("*"):
        _old(f)
    store = tmp_path / "store"
    assert _ingest([str(docs), "--store", str(store), "-q"])[0].returncode == 0
    target = sorted(docs.rglob("*.md"))[0]
    target.write_text(target.read_text(encoding="utf-8").replace("。", "，另据统计产量增长百分之三。", 1), encoding="utf-8")
    _old(target)
    p, mods, _ = _ingest([str(docs), "--store", str(store), "-q"])
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.startswith("added 0 · updated 1 · unchanged 3"), p.stdout
    assert "draftbot.index.ingest" in mods


# Before the CLI framework: the plain form of a no-op ingest is answered without typer or pydantic
# (they cost it more than statting the corpus); every other form runs the full command.


def test_the_plain_no_op_loads_neither_typer_nor_pydantic_and_prints_what_the_full_command_does(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 5, sentences=6)
    (docs / "README.md").write_text("# 说明\n这里放当天的来源。\n", encoding="utf-8")
    for f in docs.rglob("*"):
        _old(f)
    store = tmp_path / "store"
    assert _ingest([str(docs), "--store", str(store), "-q"])[0].returncode == 0
    quick, mods, err = _ingest([str(docs), "--store", str(store)])
    assert quick.returncode == 0, quick.stderr[-2000:]
    assert not {"typer", "pydantic", "click"} & mods, {"typer", "pydantic", "click"} & mods
    # --rehash is not the plain form: the full command, which reads every file again and agrees
    full, mods_full, err_full = _ingest([str(docs), "--store", str(store), "--rehash"])
    assert "typer" in mods_full and full.returncode == 0
    assert quick.stdout == full.stdout == "added 0 · updated 0 · unchanged 5 · removed 0 · failed 0\n"
    assert [ln for ln in err if ln.startswith("SKIPPED")] == [ln for ln in err_full if ln.startswith("SKIPPED")]
    assert "draftbot: index…" in err  # off a terminal, the stage line a full run prints


def test_the_plain_no_op_reads_the_store_from_the_environment_and_the_project_file(tmp_path, monkeypatch):
    monkeypatch.delenv("DRAFTBOT_STORE")  # (the suite's own store): the project file names it here
    docs = tmp_path / "docs"
    make_corpus(docs, 3, sentences=6)
    for f in docs.rglob("*"):
        _old(f)
    project = tmp_path / "proj"
    project.mkdir()
    (project / "draftbot.toml").write_text('store = "kept"\n', encoding="utf-8")
    first = subprocess.run([sys.executable, "-m", "draftbot.cli", "ingest", str(docs), "-q"], cwd=project,
                           capture_output=True, text=True)
    assert first.returncode == 0 and (project / "kept" / "chroma").is_dir(), first.stderr[-2000:]
    again, mods, _ = _ingest([str(docs), "-q"], cwd=project)
    assert again.stdout.startswith("added 0 · updated 0 · unchanged 3") and "typer" not in mods
    # the environment beats the file: a store that does not exist yet takes the full path and is made
    env = {**os.environ, "DRAFTBOT_STORE": str(tmp_path / "from-env")}
    other = subprocess.run([sys.executable, "-m", "draftbot.cli", "ingest", str(docs), "-q"], cwd=project,
                           capture_output=True, text=True, env=env)
    assert other.stdout.startswith("added 3"), other.stdout + other.stderr[-2000:]
    assert (tmp_path / "from-env" / "chroma").is_dir()
    # a misspelt key in the file is the full command's one-line error, not a quiet no-op
    (project / "draftbot.toml").write_text('store = "kept"\nstroe = "x"\n', encoding="utf-8")
    bad, _, err = _ingest([str(docs), "-q"], cwd=project)
    assert bad.returncode != 0 and any("unknown setting 'stroe'" in ln for ln in err), err[-5:]
    assert "Traceback" not in "\n".join(err)


def test_only_the_plain_form_is_answered_before_the_framework():
    from draftbot.commands.ingest_noop import parse

    plain = parse(["ingest", "a", "b/", "--store", "s", "-q", "--prune"])
    assert plain is not None and (plain.paths, plain.store, plain.quiet, plain.prune) == (["a", "b/"], "s", True, True)
    assert parse(["ingest", "--store=s", "--", "-odd-name.md"]).paths == ["-odd-name.md"]
    for argv in (["ingest"], ["ingest", "--store", "s"], ["search", "x"], ["ingest", "a", "--rehash"],
                 ["ingest", "a", "--repair"], ["ingest", "a", "--strict"], ["ingest", "a", "--follow-symlinks"],
                 ["ingest", "a", "--chroma-url", "http://127.0.0.1:8000"], ["ingest", "https://www.gov.cn/a.html"],
                 ["ingest", "a", "--urls", "list.txt"], ["ingest", "a", "-h"], ["ingest", "a", "--store="]):
        assert parse(argv) is None, argv


def test_the_plain_folder_no_op_agrees_with_the_full_walk_and_notices_each_kind_of_change(tmp_path):
    """One plain folder is answered by a one-pass listing; an added, edited, touched or removed
    file still takes the full command, which reports it."""
    docs = tmp_path / "docs"
    make_corpus(docs, 5, sentences=6)
    for f in docs.rglob("*"):
        _old(f)
    store = tmp_path / "store"
    assert _ingest([str(docs), "--store", str(store), "-q"])[0].returncode == 0
    quick, mods, _ = _ingest([str(docs), "--store", str(store), "-q"])
    assert quick.stdout.strip() == "added 0 · updated 0 · unchanged 5 · removed 0 · failed 0"
    assert "typer" not in mods
    files = sorted(docs.rglob("*.md"))
    os.utime(files[0], (os.stat(files[0]).st_atime, os.stat(files[0]).st_mtime - 60))  # touched
    p, mods, _ = _ingest([str(docs), "--store", str(store), "-q"])
    assert "typer" in mods and p.stdout.startswith("added 0 · updated 0 · unchanged 5"), p.stdout
    (docs / "extra.md").write_text(files[1].read_text(encoding="utf-8").replace("。", "，另有新数据。", 1), encoding="utf-8")
    _old(docs / "extra.md")
    p, mods, _ = _ingest([str(docs), "--store", str(store), "-q"])
    assert "typer" in mods and p.stdout.startswith("added 1 · updated 0 · unchanged 5"), p.stdout
    files[2].unlink()
    p, mods, _ = _ingest([str(docs), "--store", str(store), "-q", "--prune"])
    assert "typer" in mods and "removed 1" in p.stdout, p.stdout
    again, mods, _ = _ingest([str(docs), "--store", str(store), "-q", "--prune"])
    assert again.stdout.strip() == "added 0 · updated 0 · unchanged 5 · removed 0 · failed 0"
    assert "typer" not in mods
