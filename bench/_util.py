"""Shared helpers for the bench scripts: measured subprocesses, paths, JSON output."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
WORK = Path(os.environ.get("DRAFTBOT_BENCH_WORK", "/tmp/draftbot-bench"))
PY = sys.executable


def env() -> dict:
    e = dict(os.environ)
    e.setdefault("ANONYMIZED_TELEMETRY", "False")
    shared = REPO.parent / "shared" / "tiktoken"
    if "TIKTOKEN_CACHE_DIR" not in e and shared.is_dir():
        e["TIKTOKEN_CACHE_DIR"] = str(shared)
    for k in ("DRAFTBOT_API_KEY", "OPENAI_API_KEY", "DRAFTBOT_STORE", "DRAFTBOT_CHROMA_URL"):
        e.pop(k, None)  # benchmarks never touch a real endpoint or the user's store
    return e


def draftbot_cmd() -> list[str]:
    exe = Path(PY).with_name("draftbot")
    return [str(exe)] if exe.exists() else [PY, "-m", "draftbot.cli"]


def run_rusage(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run `cmd` in its own process: wall seconds, CPU seconds, peak RSS (MB), stdout, status.

    `os.wait4` gives the rusage of exactly this child (and its waited-for children), so peak
    memory is per run, not the maximum over every child this script ever started.
    """
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(), cwd=cwd)
    # drain pipes without reaping (communicate would reap the child before wait4 can)
    bufs: dict[str, bytes] = {}

    def drain(name, stream):
        bufs[name] = stream.read()

    ts = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", p.stdout), ("err", p.stderr))]
    for t in ts:
        t.start()
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t0
    for t in ts:
        t.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    return {
        "cmd": [str(c) for c in cmd],
        "seconds": round(secs, 3),
        "cpu_seconds": round(ru.ru_utime + ru.ru_stime, 3),
        "max_rss_mb": round(ru.ru_maxrss / 1024, 1),
        "rc": p.returncode,
        "stdout": bufs.get("out", b"").decode(errors="replace"),
        "stderr": bufs.get("err", b"").decode(errors="replace")[-2000:],
    }


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


def corpus_bytes(path: Path) -> tuple[int, int]:
    files = [f for f in path.rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    try:
        load = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        load = []
    # other jobs on the machine inflate wall times: the load average says how busy it was
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "platform": platform.platform(),
            "commit": commit, "loadavg_at_end": load}


def write_result(name: str, data: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    data = {"bench": name, "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine(), **data}
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2))
    return path
