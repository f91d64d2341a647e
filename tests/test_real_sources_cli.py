"""`draftbot ingest` / `sources` / `search --publisher` on the real-source corpus, as subprocesses,
and `draftbot ingest URL` against a loopback HTTP server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from real_sources_make import HERE, build

DRAFTBOT = [sys.executable, "-m", "draftbot.cli"]


def run(args, env=None):
    return subprocess.run(DRAFTBOT + args, capture_output=True, text=True, env=env or os.environ.copy(), timeout=180)


@pytest.fixture
def corpus(tmp_path):
    return build(tmp_path / "real_sources")


def test_ingest_skips_notes_warns_and_sources_json(corpus):
    r = run(["ingest", str(corpus), "-q"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == "added 15 · updated 0 · unchanged 0 · removed 0 · failed 0\n"
    lines = r.stderr.splitlines()  # SKIPPED and WARNING lines are diagnostics
    assert sorted(Path(ln.split(": ")[0].split(" ", 1)[1]).name for ln in lines if ln.startswith("SKIPPED ")) == ["README.md", "SOURCES.md", "links.txt"]
    warned = [ln for ln in lines if ln.startswith("WARNING ")]
    # the two wire stories, and the Taiwan page read in simplified
    assert sorted(ln.split(": ", 1)[1] for ln in warned) == ["English with no Chinese summary"] * 2 + [
        "traditional Chinese converted to simplified"]

    r = run(["sources", "--json"])
    assert r.returncode == 0, r.stderr
    rows = {Path(x["path"]).name: x for x in json.loads(r.stdout)}
    assert len(rows) == 15
    for row in rows.values():
        assert {"title", "publisher", "date", "path", "warnings", "lang", "size", "origin", "url"} <= set(row)
        assert row["size"] > 0 and row["origin"]["title"]
    pdf = rows["zhoukou_communique.pdf"]
    assert (pdf["date"], pdf["publisher"], pdf["origin"]["date"]) == ("2024-03-20", "周口市统计局", "signature date")

    r = run(["sources", "--json", "--date", "2024-05-11"])
    assert sorted(Path(x["path"]).name for x in json.loads(r.stdout)) == ["govcn_nav_heavy.html", "people_two_articles.html", "xinhua_dateline.html"]
    r = run(["sources", "--date", "May 11"])
    assert r.returncode == 2 and r.stderr.startswith("draftbot: error: --date 'May 11' is not a date")


def test_search_publisher_reuters_finds_saved_wire_stories(corpus):
    assert run(["ingest", str(corpus), "-q"]).returncode == 0
    r = run(["search", "exports shipments", "--publisher", "Reuters", "--json", "-k", "5"])
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert {Path(h["path"]).name for h in hits} == {"reuters_saved.html", "wire_reprint_portal.html"}
    assert all(h["publisher"] == "Reuters" for h in hits)


def test_strict_keeps_notes_as_failures(corpus):
    r = run(["ingest", str(corpus), "-q", "--strict"])
    assert r.returncode == 1
    failed = sorted(Path(ln.split(": ")[0].split(" ", 1)[1]).name for ln in r.stdout.splitlines() if ln.startswith("FAILED "))
    assert failed == ["SOURCES.md", "links.txt"]  # README is never a source, as before
    assert "SKIPPED" not in r.stdout + r.stderr


# ---------------------------------------------------------------- URLs, loopback server

GBK_PAGE = (HERE / "henan_gbk.html").read_bytes().replace(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', b"")
PAGES = {
    "/zhengce/2024-05/11/notice.htm": (200, "text/html; charset=utf-8", (HERE / "govcn_nav_heavy.html").read_bytes()),
    "/gbk/2024/0419/report.html": (200, "text/html; charset=GBK", GBK_PAGE),
    "/old": (301, "", b""),
    "/missing": (404, "text/html", b"<html><body>not here</body></html>"),
    "/huge": (200, "text/html; charset=utf-8", b"<html><body>" + "<p>很长的页面。</p>".encode() * 20000 + b"</body></html>"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        status, ctype, body = PAGES.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/zhengce/2024-05/11/notice.htm")
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_ingest_urls_from_loopback_server(server, tmp_path):
    store = Path(os.environ["DRAFTBOT_STORE"])
    url_list = tmp_path / "today.txt"
    url_list.write_text(f"# today\n{server}/gbk/2024/0419/report.html\n\n{server}/missing\n", encoding="utf-8")
    env = {**os.environ, "DRAFTBOT_MAX_SOURCE_MB": "0.2"}
    r = run(["ingest", f"{server}/old", f"{server}/huge", "https://www.stats.gov.cn/sj/zxfb/x.html", "--urls", str(url_list), "-q"], env=env)
    assert r.returncode == 1
    failed = {ln.split(": ", 1)[0].split(" ", 1)[1]: ln.split(": ", 1)[1] for ln in r.stdout.splitlines() if ln.startswith("FAILED ")}
    assert failed[f"{server}/missing"] == "HTTP 404 Not Found"
    assert failed[f"{server}/huge"].startswith("page too large")
    assert "DRAFTBOT_LOOPBACK_ONLY is set" in failed["https://www.stats.gov.cn/sj/zxfb/x.html"]
    assert r.stdout.startswith("added 2 ·")

    rows = {Path(x["path"]).suffix + x["title"][:6]: x for x in json.loads(run(["sources", "--json"]).stdout)}
    notice = rows[".html关于延续实施"]
    assert notice["url"] == f"{server}/zhengce/2024-05/11/notice.htm"  # after the redirect
    assert notice["date"] == "2024-05-11"
    gbk = rows[".html2024年一"]
    assert gbk["publisher"] == "河南省统计局" and gbk["date"] == "2024-04-19"
    # raw bytes kept as served: the GBK page is byte-identical in the store
    assert Path(gbk["path"]).parent == store / "fetched"
    assert Path(gbk["path"]).read_bytes() == GBK_PAGE
    hits = json.loads(run(["search", "地区生产总值", "--json", "-k", "3"]).stdout)
    assert any("15258.67亿元" in h["text"] for h in hits)  # decoded with the header's charset

    again = run(["ingest", f"{server}/gbk/2024/0419/report.html", "-q"])
    assert again.stdout.startswith("added 0 · updated 0 · unchanged 1")
