"""Shared helpers for the index tests: real source files on disk, stores on both backends."""

from __future__ import annotations

import random
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from draftbot.config import load_settings

WORDS = (
    "新能源 汽车 产量 集成电路 工业 机器人 数据 要素 服务业 增加值 消费 零售 价格 生产资料 智能 工厂 "
    "基站 算力 平台 设备 出口 投资 制造业 数字 经济 市场 政策 试点 场景 应用 供应链 物流 能源 金融"
).split()


def write_source(folder: Path, name: str, title: str, body: str, publisher: str = "国家统计局", date: str = "2026-06-04", **extra) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["---", f"title: {title}", f"publisher: {publisher}", f"date: {date}"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    lines += ["---", "", body]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def generated_body(seed: int, sentences: int = 40) -> str:
    """Deterministic Chinese-looking prose with numbers; distinct per seed."""
    rng = random.Random(seed)
    out = []
    for i in range(sentences):
        words = "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        out.append(f"{words}达到{rng.randint(1, 9999)}.{rng.randint(0, 9)}万亿元，同比增长{rng.randint(1, 30)}.{rng.randint(0, 9)}%（编号{seed}-{i}）。")
        if i % 6 == 5:
            out.append("\n\n")
    return "".join(out)


def make_corpus(folder: Path, n: int, sentences: int = 40) -> list[Path]:
    return [
        write_source(folder, f"doc{i:04d}.md", f"生成文档第{i}号", generated_body(i, sentences), date=f"2026-05-{1 + i % 28:02d}")
        for i in range(n)
    ]


@pytest.fixture(params=["embedded", "server"])
def backend(request, tmp_path):
    """Settings for an empty store: embedded in tmp, or a real `chroma run` on loopback."""
    if request.param == "embedded":
        return load_settings(store=tmp_path / "store")
    server = request.getfixturevalue("chroma_server")
    server.reset()
    return load_settings(store=tmp_path / "store", chroma_url=server.url)


FILLER = "新能源 汽车 产量 集成电路 工业 增加值 同比 增长 消费 零售 服务业 数字 经济 制造业 投资 出口 进口 价格".split()


def filler_corpus(folder: Path, n: int, *, steps: tuple[int, int], paras: int, words: int, tail, title: str,
                  publisher: str, date=lambda i: "2026-06-04") -> Path:
    """`n` long Markdown sources of word salad (an ingest that takes a while: interrupt and crash
    tests); `steps` spread the words across files and paragraphs, `tail(i, j)` ends paragraph j of
    file i."""
    folder.mkdir()
    for i in range(n):
        body = ["".join(FILLER[(i * steps[0] + j * steps[1] + k) % len(FILLER)] for k in range(words)) + tail(i, j)
                for j in range(paras)]
        (folder / f"doc{i:04d}.md").write_text(
            f"---\ntitle: {title}{i}\npublisher: {publisher}\ndate: {date(i)}\n---\n\n" + "\n\n".join(body) + "\n",
            encoding="utf-8")
    return folder


def cli_ingested(store: Path, *paths: Path) -> Path:
    """`store` with `paths` ingested by the `draftbot` command (a process of its own)."""
    p = subprocess.run([sys.executable, "-m", "draftbot.cli", "ingest", "--store", str(store), *map(str, paths), "-q"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return store


@contextmanager
def opened(store_dir: Path, reads: str, monkeypatch):
    """The store opened for reading from its local file (`reads="local"`) or from Chroma
    (`"chroma"`: DRAFTBOT_LOCAL_READS=0)."""
    from draftbot.index.store import open_store

    if reads == "chroma":
        monkeypatch.setenv("DRAFTBOT_LOCAL_READS", "0")
    with open_store(load_settings(store=str(store_dir))) as st:
        yield st


@contextmanager
def memory_and_chroma(folder: Path, corpus: Path):
    """(in-memory toy store, Chroma store) each holding `corpus`, the Chroma one under `folder`."""
    from draftbot.index.ingest import ingest
    from draftbot.index.memory_store import MemoryStore
    from draftbot.index.store import open_store

    settings = load_settings(store=folder / "store")
    mem = MemoryStore(settings)
    assert not ingest([corpus], mem).failed
    with open_store(settings, write=True, quiet=True) as st:
        assert not ingest([corpus], st).failed
    chroma = open_store(settings)
    try:
        yield mem, chroma
    finally:
        chroma.close()
