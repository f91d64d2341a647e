"""A real `chroma run` server on loopback for tests (session-scoped fixture `chroma_server`).

Import the fixture into a test module with `from chroma_server import chroma_server`.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def chroma_executable() -> Path:
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        pytest.skip(f"`chroma` executable not found next to {sys.executable}")
    return exe


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = path.parent / "chroma-server.log"
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 30.0) -> None:
        self.proc = subprocess.Popen(
            [str(chroma_executable()), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited early ({self.proc.returncode}); see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as r:
                    r.read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not answer within {wait}s; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def reset(self) -> None:
        """Drop draftbot's collections so each test starts from an empty server store."""
        import chromadb

        client = chromadb.HttpClient(host="127.0.0.1", port=self.port)
        for name in ("draftbot_chunks", "draftbot_sources", "draftbot_lease"):
            try:
                client.delete_collection(name)
            except Exception:
                pass


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("chroma-server")
    server = ChromaServer(root / "data")
    server.start()
    yield server
    server.stop()
