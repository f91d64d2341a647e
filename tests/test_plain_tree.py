"""`walk.plain_tree`: the no-op ingest's one-pass listing of a plain folder. Where it answers, it
lists exactly the files `plan_run` would load, keyed as the stat cache keys them; any tree it does
not fully understand (a manifest, a notes file, a symlink, --strict) is left to the full walk."""

from __future__ import annotations

import os

import pytest

from draftbot.sources.walk import plain_tree, plan_run


def _write(root, rel, text="国家统计局今天发布数据，规模以上工业增加值同比增长5.2%。\n" * 3):
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def _plain_corpus(root):
    _write(root, "2026/06/a.md")
    _write(root, "2026/06/b.html", "<html><body><p>正文。</p></body></html>")
    _write(root, "2026/07/c.txt")  # a .txt that reads as a document, not a note
    _write(root, "2026/07/d.pdf", "x")
    _write(root, "2026/07/picture.png", "x")  # not a source: silently not listed by either
    _write(root, ".cache/e.md")  # hidden folder
    _write(root, "2026/~$draft.docx", "x")  # an Office lock file
    _write(root, "2026/.hidden.md")
    _write(root, "notebook.md")  # starts like "notes" but is not a notes name


def _keys(root):
    return sorted(j.key for j in plan_run([root]).jobs)


def test_a_plain_tree_lists_what_the_full_walk_loads_with_the_same_keys(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    _plain_corpus(root)
    files = plain_tree(root)
    assert files is not None
    assert sorted(k for k, _ in files) == _keys(root)
    assert all(st.st_size == os.stat(k).st_size for k, st in files)
    # named relative to the working folder: the same absolute keys
    monkeypatch.chdir(tmp_path)
    assert sorted(k for k, _ in plain_tree("corpus")) == _keys(root)
    assert sorted(k for k, _ in plain_tree("./corpus/../corpus")) == _keys(root)


@pytest.mark.parametrize("extra", ["README.md", "sub/sources.yaml", "NOTES.md", "sub/links.txt", "sub/todo.txt"])
def test_a_tree_with_a_manifest_or_a_notes_file_is_left_to_the_full_walk(tmp_path, extra):
    root = tmp_path / "corpus"
    _plain_corpus(root)
    text = "https://www.stats.gov.cn/a.html\nhttps://www.gov.cn/b.html\n" if extra.endswith(".txt") else "files: {}\n"
    _write(root, extra, text)
    assert plain_tree(root) is None


def test_symlinks_strict_mode_and_non_folders_are_left_to_the_full_walk(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    _plain_corpus(root)
    assert plain_tree(root / "notebook.md") is None
    assert plain_tree(tmp_path / "missing") is None
    monkeypatch.setenv("DRAFTBOT_STRICT_SOURCES", "1")
    assert plain_tree(root) is None
    monkeypatch.delenv("DRAFTBOT_STRICT_SOURCES")
    os.symlink(root / "2026/06/a.md", root / "link.md")
    assert plain_tree(root) is None
    os.remove(root / "link.md")
    os.symlink(root, tmp_path / "alias")
    assert plain_tree(tmp_path / "alias") is None
    assert plain_tree(root) is not None


def test_an_unreadable_folder_is_left_to_the_full_walk(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    root = tmp_path / "corpus"
    _plain_corpus(root)
    locked = root / "2026" / "07"
    locked.chmod(0)
    try:
        assert plain_tree(root) is None
        assert plan_run([root]).failures  # the full walk names it
    finally:
        locked.chmod(0o755)
