"""Reliability and security (issue 6): the fault and hostile-input cases that the module owners'
tests do not already cover. docs/RELIABILITY.md maps every case to the test that exercises it.

Everything here runs the real thing: the `draftbot` CLI as a subprocess, embedded Chroma on disk,
a real full filesystem (tmpfs), a real unprivileged user (setpriv), real loopback HTTP servers.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fakeserver import Empty, FakeLLMServer, Reply, SlowStream, Truncated, fake_llm  # noqa: F401
from index_fixtures import make_corpus, write_source

from draftbot.config import load_settings
from draftbot.index.store import open_store

DRAFTBOT = [sys.executable, "-m", "draftbot.cli"]
KEY = "sk-test-SECRET-1234567890abcdef"
NOBODY = 65534
DAY = "2026-06-04"


def run(args: list[str], env: dict | None = None, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(DRAFTBOT + args, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=timeout, **kw)


def error_lines(stderr: str) -> list[str]:
    """stderr without the plain progress lines ("draftbot: load…") and, where tiktoken's encodings
    are absent (no TIKTOKEN_CACHE_DIR), its one-line fallback notice."""
    return [ln for ln in stderr.splitlines()
            if not (ln.startswith("draftbot: ") and ln.endswith("…")) and not ln.startswith("draftbot: tiktoken ")]


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = error_lines(proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("draftbot: error: "), lines[0]
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def fm(title: str, body: str, publisher: str = "国家统计局", date: str = "2026-06-04") -> str:
    return f"---\ntitle: {title}\npublisher: {publisher}\ndate: {date}\n---\n\n{body}\n"


def stored(store: Path) -> list:
    with open_store(load_settings(store=store)) as st:
        recs = st.sources()
        chunk_sources = {c.rsplit(":", 1)[0] for c in st.chunk_ids()}
    assert chunk_sources == {r.id for r in recs}, "orphan chunks or sources without chunks"
    return recs


# ================================================================= 1. bad source files, via the CLI


def test_ingest_cli_names_every_bad_file_and_ingests_the_good_ones(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    good = {
        "good.md": fm("好文件", "规模以上工业增加值增长5.6%。").encode(),
        "gbk.txt": fm("GBK编码文件", "社会消费品零售总额增长6.4%。").encode("gbk"),
        "gb18030.txt": fm("𠮷字GB18030文件", "服务业增加值增长7.1%。").encode("gb18030"),
        "bom.md": b"\xef\xbb\xbf" + fm("带BOM文件", "出口增长3.2%。").encode(),
    }
    bad = {
        "empty.md": (b"", "empty file"),
        "binary.md": (bytes(range(256)) * 4, "binary file"),
        "nul.txt": (fm("NUL", "正文").encode() + b"\x00\x00tail", "binary file (NUL bytes)"),
        "broken-fm.md": (b"---\ntitle: [x\n---\nbody\n", "front matter: YAML error at line"),
        # (text without front matter is no longer a bad file: tests/test_sources_unlabelled.py)
        "no-close.md": (b"---\ntitle: x\ndate: 2026-06-04\nbody\n", "front matter: no closing '---' line"),
        "bad-date.md": (fm("日期", "正文", date="2026-02-30").encode(), "front matter: date '2026-02-30' is not a valid date"),
    }
    for name, data in good.items():
        (docs / name).write_bytes(data)
    for name, (data, _) in bad.items():
        (docs / name).write_bytes(data)
    os.symlink("loop-b.md", docs / "loop-a.md")
    os.symlink("loop-a.md", docs / "loop-b.md")
    os.symlink("gone.md", docs / "dangling.md")

    r = run(["ingest", str(docs)])
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and error_lines(r.stderr) == []
    lines = r.stdout.splitlines()
    assert lines[0] == f"added {len(good)} · updated 0 · unchanged 0 · removed 0 · failed {len(bad) + 3}"
    failed = dict(ln[len("FAILED "):].split(": ", 1) for ln in lines[1:])
    assert {Path(p).name for p in failed} == set(bad) | {"loop-a.md", "loop-b.md", "dangling.md"}
    by_name = {Path(p).name: reason for p, reason in failed.items()}
    for name, (_, reason) in bad.items():
        assert by_name[name].startswith(reason), (name, by_name[name])
    assert by_name["loop-a.md"] == by_name["loop-b.md"] == "symlink loop"
    assert by_name["dangling.md"].startswith("broken symlink")

    titles = sorted(r.title for r in stored(Path(os.environ["DRAFTBOT_STORE"])))
    assert titles == sorted(["好文件", "GBK编码文件", "𠮷字GB18030文件", "带BOM文件"])  # decoded, no BOM

    again = run(["ingest", str(docs), "-q"])  # nothing new; still exit 1 while files are bad
    assert again.returncode == 1 and again.stdout.startswith(f"added 0 · updated 0 · unchanged {len(good)} ·")


def _big_text(path: Path, mb: int) -> None:
    line = "2025年全国规模以上工业增加值同比增长5.6%，新能源汽车产量达到1652万辆。\n".encode()
    with open(path, "wb") as fh:
        fh.write(fm("五十兆的大文件", "").encode())
        block = line * (1024 * 1024 // len(line) + 1)
        for _ in range(mb):
            fh.write(block)


def test_ingest_cli_50mb_text_is_refused_fast_with_a_size_reason(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _big_text(docs / "big.md", 50)
    (docs / "good.md").write_text(fm("小文件", "集成电路产量4843亿块。"), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = run(["ingest", str(docs), "-q"])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the command: on shared cores its wall time measures the neighbours
    seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "added 1 · updated 0 · unchanged 0 · removed 0 · failed 1"
    assert lines[1] == f"FAILED {docs / 'big.md'}: file too large (50.0 MB; limit 20 MB, set by DRAFTBOT_MAX_SOURCE_MB)"
    assert seconds < 10, f"refusing a 50 MB file took {seconds:.1f}s"
    assert [r.title for r in stored(Path(os.environ["DRAFTBOT_STORE"]))] == ["小文件"]


@pytest.fixture
def nobody_dir():
    """A folder user nobody can enter (pytest's tmp_path is root-only), for setpriv tests."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run a child as user nobody")
    folder = Path(tempfile.mkdtemp(prefix="draftbot-rel-"))
    folder.chmod(0o755)
    probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable,
                            "-c", "import draftbot.cli"], capture_output=True, text=True, cwd=folder)
    if probe.returncode != 0:
        shutil.rmtree(folder)
        pytest.skip(f"user nobody cannot run this interpreter: {probe.stderr.strip()[-200:]}")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_as_nobody(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(cwd)}
    env.pop("DRAFTBOT_STORE", None)
    return subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *DRAFTBOT, *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_unreadable_file_is_named_and_the_rest_ingested_as_nobody(nobody_dir):
    docs = nobody_dir / "docs"
    docs.mkdir(mode=0o755)
    (docs / "ok.md").write_text(fm("可读文件", "增长5.6%。"), encoding="utf-8")
    (docs / "secret.md").write_text(fm("不可读文件", "机密。"), encoding="utf-8")
    (docs / "secret.md").chmod(0)
    store = nobody_dir / "store"
    store.mkdir()
    os.chown(store, NOBODY, NOBODY)
    r = run_as_nobody(["ingest", "docs", "--store", "store", "-q"], nobody_dir)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stdout.splitlines() == ["added 1 · updated 0 · unchanged 0 · removed 0 · failed 1",
                                     "FAILED docs/secret.md: permission denied"]
    assert [x.title for x in stored(store)] == ["可读文件"]


# ---------------------------------------------------------------- two sources with the same title

SAME_TITLE = "工业经济运行情况"


def _same_title_store(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    write_source(docs, "nbs.md", SAME_TITLE, "2026年5月，规模以上工业增加值同比增长5.6%。", publisher="国家统计局", date="2026-06-04")
    write_source(docs, "hubei.md", SAME_TITLE, "2026年5月，湖北省规模以上工业增加值同比增长7.2%。", publisher="湖北省统计局", date="2026-06-03")
    r = run(["ingest", str(docs), "-q"])
    assert r.returncode == 0, r.stderr
    return Path(os.environ["DRAFTBOT_STORE"])


def test_two_sources_with_the_same_title_are_both_ingested(tmp_path):
    store = _same_title_store(tmp_path)
    recs = stored(store)
    assert sorted((r.publisher, str(r.date)) for r in recs) == [("国家统计局", "2026-06-04"), ("湖北省统计局", "2026-06-03")]
    assert len({r.id for r in recs}) == 2 and {r.title for r in recs} == {SAME_TITLE}


def _briefing(clause: str) -> str:
    return (f"# 测试简报\n\n## 一、工业\n\n{clause}[1]。\n\n## 参考文献\n\n"
            f"1. 湖北省统计局，《{SAME_TITLE}》，2026-06-03，湖北数据。\n")


def test_check_resolves_a_shared_title_by_publisher_and_date(tmp_path):
    """The 参考文献 line names 湖北省统计局 / 2026-06-03: [1] must be the Hubei source, not the NBS one."""
    _same_title_store(tmp_path)
    right = tmp_path / "right.md"  # Hubei's own figure, cited to Hubei: clean
    wrong = tmp_path / "wrong.md"  # the NBS figure attributed to Hubei: must be flagged
    right.write_text(_briefing("湖北省规模以上工业增加值同比增长7.2%"), encoding="utf-8")
    wrong.write_text(_briefing("湖北省规模以上工业增加值同比增长5.6%"), encoding="utf-8")
    r = run(["check", str(right), str(wrong), "--json"])
    files = {Path(f["path"]).name: f["findings"] for f in json.loads(r.stdout)["files"]}
    assert files["right.md"] == [], files["right.md"]  # today: a false wrong_source finding
    assert files["wrong.md"], "a figure from the other same-titled source passed silently"  # today: passes


# ================================================================= 2. LLM faults not covered elsewhere


def _chat(server: FakeLLMServer, **kw):
    from pydantic import BaseModel, SecretStr

    from draftbot.llm import OpenAIChat

    class Clause(BaseModel):
        text: str
        source_ids: list[str]

    class Draft(BaseModel):
        clauses: list[Clause]

    chat = OpenAIChat(model="m", base_url=server.base_url, api_key=SecretStr(KEY), max_retries=1,
                      backoff_base=0.01, backoff_max=0.05, **kw)
    return chat, Draft


GOOD = json.dumps({"clauses": [{"text": "国务院常务会议部署稳就业举措。", "source_ids": ["s1"]}]}, ensure_ascii=False)
MSGS = [{"role": "user", "content": "起草第一节。"}]


def test_slow_stream_within_the_timeout_is_read_whole(fake_llm):
    chat, Draft = _chat(fake_llm, timeout=3)
    fake_llm.script([SlowStream(GOOD, delay=0.02, chunk=4)])  # ~0.5 s in total
    res = chat.invoke(MSGS, Draft)
    assert res.parsed.clauses[0].source_ids == ["s1"] and len(fake_llm.chat_requests()) == 1


def test_slow_stream_past_the_timeout_is_one_line_naming_the_endpoint(fake_llm):
    from draftbot.llm import LLMError

    chat, Draft = _chat(fake_llm, timeout=0.4)
    fake_llm.script([SlowStream(GOOD, delay=0.1, chunk=2)] * 2)  # ~3 s each
    t0 = time.monotonic()
    with pytest.raises(LLMError) as ei:
        chat.invoke(MSGS, Draft)
    msg = str(ei.value)
    assert fake_llm.base_url in msg and "timeout" in msg and "\n" not in msg and KEY not in msg
    assert time.monotonic() - t0 < 3


def _refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/v1"


@pytest.mark.parametrize("fault", ["refused", "empty", "truncated", "ignores-schema"])
def test_draft_llm_fault_is_one_line_and_writes_no_file(tmp_path, fault, fake_llm):
    """A fault the client cannot repair ends the draft with one line naming the endpoint; no
    Markdown, JSON or temp file is left behind (never a half-written draft)."""
    docs = tmp_path / "docs"
    write_source(docs, "a.md", "新型工业化报告", "2025年新能源汽车产量达到1652万辆。集成电路产量4843亿块。")
    assert run(["ingest", str(docs), "-q"]).returncode == 0
    replies = {"ignores-schema": lambda b: Reply('{"answer": "好的"}'), "empty": lambda b: Empty(),
               "truncated": lambda b: Truncated(GOOD[:30])}
    url = _refused_url() if fault == "refused" else fake_llm.base_url
    if fault != "refused":
        fake_llm.responder = replies[fault]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    r = run(["draft", "--date", DAY, "--backend", "openai", "--base-url", url, "--model", "m",
             "-o", str(out_dir / "b.md"), "--quiet"],
            env={"OPENAI_API_KEY": KEY, "DRAFTBOT_MAX_RETRIES": "1", "DRAFTBOT_TIMEOUT": "5"}, timeout=60)
    line = assert_one_line_error(r, f"LLM endpoint {url}")
    assert KEY not in r.stderr + r.stdout
    assert list(out_dir.iterdir()) == [], line


# ================================================================= 5. secrets: the embedding endpoint


class _EchoAuth(BaseHTTPRequestHandler):
    """An embeddings endpoint that rejects the key and echoes the Authorization header back."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"error": {"message": f"Incorrect API key provided: {self.headers.get('Authorization')}",
                                     "type": "invalid_request_error"}}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _assert_no_key_in(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for frag in (KEY, KEY[len("sk-test-"):], "1234567890abcdef"):
                assert frag.encode() not in data, f"key fragment in {path}"


def test_openai_embedder_keeps_the_key_out_of_the_store(tmp_path, fake_llm):
    docs = tmp_path / "docs"
    write_source(docs, "a.md", "新型工业化报告", "2025年新能源汽车产量达到1652万辆。")
    env = {"DRAFTBOT_EMBEDDER": "openai:emb", "DRAFTBOT_BASE_URL": fake_llm.base_url, "DRAFTBOT_API_KEY": KEY}
    r = run(["ingest", str(docs)], env=env)
    assert r.returncode == 0, r.stderr
    r = run(["search", "新能源汽车", "--json"], env=env)
    assert r.returncode == 0 and json.loads(r.stdout)[0]["title"] == "新型工业化报告"
    embeds = [q for q in fake_llm.requests if q.path.endswith("/embeddings")]
    assert len(embeds) >= 2 and all(q.headers["Authorization"] == f"Bearer {KEY}" for q in embeds)  # really sent
    _assert_no_key_in(Path(os.environ["DRAFTBOT_STORE"]))


def test_embedding_endpoint_echoing_the_key_is_scrubbed_and_named(tmp_path):
    docs = tmp_path / "docs"
    write_source(docs, "a.md", "新型工业化报告", "2025年新能源汽车产量达到1652万辆。")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _EchoAuth)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
        r = run(["ingest", str(docs)], env={"DRAFTBOT_EMBEDDER": "openai:emb", "DRAFTBOT_BASE_URL": url, "DRAFTBOT_API_KEY": KEY})
        line = assert_one_line_error(r, f"embedding endpoint {url} failed", "401", "Bearer ***")
        assert "1234567890abcdef" not in line + r.stdout
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_store_built_with_another_embedding_endpoint_names_both(tmp_path, fake_llm):
    docs = tmp_path / "docs"
    write_source(docs, "a.md", "新型工业化报告", "2025年新能源汽车产量达到1652万辆。")
    env = {"DRAFTBOT_EMBEDDER": "openai:emb", "DRAFTBOT_BASE_URL": fake_llm.base_url, "DRAFTBOT_API_KEY": KEY}
    assert run(["ingest", str(docs), "-q"], env=env).returncode == 0
    other = "http://127.0.0.1:9/v1"
    r = run(["search", "新能源汽车"], env={**env, "DRAFTBOT_BASE_URL": other})
    assert_one_line_error(r, f"built with embedder openai:emb at {fake_llm.base_url}; you asked for openai:emb at {other}")


# ================================================================= 6. environment faults


def _silent_listener() -> tuple[socket.socket, str]:
    """A port that accepts TCP connections and never answers (a hung or wrong server)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    return s, f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize("case, command", [("refused", "ingest"), ("silent", "search"), ("silent", "draft"),
                                           ("not-chroma", "check")])
def test_chroma_server_down_or_wrong_is_a_clear_error_within_seconds(tmp_path, case, command, fake_llm):
    docs = tmp_path / "docs"
    write_source(docs, "a.md", "报告", "增长5.6%。")
    briefing = tmp_path / "b.md"
    briefing.write_text("# 简报\n\n## 一、工业\n\n增长5.6%[1]。\n\n## 参考文献\n\n1. 国家统计局，《报告》，2026-06-04，数据。\n",
                        encoding="utf-8")
    args = {"ingest": ["ingest", str(docs)], "search": ["search", "增长"], "check": ["check", str(briefing)],
            "draft": ["draft", "--date", DAY, "-o", str(tmp_path / "out.md")]}[command]
    listener = None
    if case == "refused":
        url = _refused_url().removesuffix("/v1")
    elif case == "silent":
        listener, url = _silent_listener()
    else:  # an HTTP server that is not Chroma (here: the fake LLM endpoint)
        url = fake_llm.base_url.removesuffix("/v1")
    try:
        t0 = time.monotonic()
        r = run([*args, "--chroma-url", url])
        seconds = time.monotonic() - t0
    finally:
        if listener:
            listener.close()
    assert_one_line_error(r, f"Chroma server at {url} not reachable")
    assert seconds < 10, f"{command} took {seconds:.1f}s to give up on {url}"
    assert not (tmp_path / "out.md").exists()


def test_store_path_under_a_regular_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    docs = tmp_path / "docs"
    write_source(docs, "a.md", "报告", "增长5.6%。")
    for args in (["ingest", str(docs)], ["search", "增长"]):
        r = run([*args, "--store", str(blocker / "store")])
        assert_one_line_error(r, str(blocker / "store"))
    assert blocker.read_text() == "x"


def test_store_not_writable_as_nobody_is_a_clear_error(nobody_dir):
    docs = nobody_dir / "docs"
    write_source(docs, "a.md", "报告", "增长5.6%。")
    (nobody_dir / "rostore").mkdir(mode=0o755)  # owned by root
    for args in (["ingest", "docs", "--store", "rostore"], ["ingest", "docs", "--store", "rostore/sub"]):
        r = run_as_nobody(args, nobody_dir)
        assert_one_line_error(r, "store folder rostore", "is not writable")
    # a read command never creates a store: an empty folder is no store (issue 25)
    assert_one_line_error(run_as_nobody(["search", "增长", "--store", "rostore"], nobody_dir), "no store at rostore")
    assert list((nobody_dir / "rostore").iterdir()) == []


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True).returncode == 0


def test_disk_full_during_ingest_is_one_line_and_the_rerun_completes(tmp_path):
    """A real full filesystem under the store: the error is one line (not a Chroma traceback),
    and after space is freed the next ingest finishes with every source exactly once."""
    mnt = tmp_path / "small"
    if os.geteuid() != 0 or not _tmpfs(mnt, "1m"):
        pytest.skip("cannot mount a small tmpfs here")
    try:
        docs = tmp_path / "docs"
        make_corpus(docs, 60, sentences=40)
        store = mnt / "store"
        r = run(["ingest", str(docs), "--store", str(store), "-q"], env={"DRAFTBOT_INGEST_BATCH": "64"})
        assert_one_line_error(r, f"store {store}: write failed: no space left on device", "run ingest again")
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        r = run(["ingest", str(docs), "--store", str(store), "-q"])
        assert r.returncode == 0, r.stderr
        assert " · updated 0 · " in r.stdout
        recs = stored(store)
        assert len(recs) == 60 and len({x.path for x in recs}) == 60
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode:  # still busy: detach it
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
