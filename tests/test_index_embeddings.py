from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
import json

import chromadb
import numpy as np
import pytest
from chromadb.utils.embedding_functions import config_to_embedding_function

from draftbot.errors import UserError
from draftbot.config import load_settings
from draftbot.index.embeddings import HashEmbedding, OpenAIEmbedding, make_embedder


def test_hash_embedding_is_unit_length_and_ranks_related_text_higher():
    ef = HashEmbedding()
    docs = ["2025年新能源汽车产量达到1652万辆", "湖北分赛由22个部门共同推进", "Brent crude fell 1.8% as gold rose"]
    m = ef.embed_matrix(docs)
    assert m.shape == (3, 256) and m.dtype == np.float32  # NEW_STORE_DIM
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-5)
    q = ef.embed_matrix(["新能源汽车产量"])[0]
    assert int(np.argmax(m @ q)) == 0
    q2 = ef.embed_matrix(["gold and crude oil prices"])[0]
    assert int(np.argmax(m @ q2)) == 2
    assert not ef.embed_matrix([""]).any()  # empty text: zero vector, no NaN


def test_hash_embedding_is_stable_across_processes():
    """Python's hash() is salted per process; ours must not be."""
    code = "from draftbot.index.embeddings import HashEmbedding;import sys;sys.stdout.write(repr(HashEmbedding(64)(['数据要素 x 大赛 2026'])[0].round(6).tolist()))"
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout for _ in range(2)}
    assert len(outs) == 1
    assert repr(HashEmbedding(64)(["数据要素 x 大赛 2026"])[0].round(6).tolist()) in outs


def test_registered_with_chroma_and_rebuilt_from_config(tmp_path):
    ef = HashEmbedding(dim=256)
    rebuilt = config_to_embedding_function({"name": ef.name(), "config": ef.get_config()})
    assert isinstance(rebuilt, HashEmbedding) and rebuilt.dim == 256
    client = chromadb.PersistentClient(path=str(tmp_path / "c"))
    client.get_or_create_collection("tcol", embedding_function=ef).add(ids=["a"], documents=["集成电路产量"])
    # reopened without passing an embedder: Chroma rebuilds ours from the persisted config
    col = chromadb.PersistentClient(path=str(tmp_path / "c")).get_collection("tcol")
    res = col.query(query_texts=["集成电路"], n_results=1)
    assert res["ids"] == [["a"]]


def test_make_embedder_parses_spec():
    assert isinstance(make_embedder(load_settings(embedder="hash")), HashEmbedding)
    assert make_embedder(load_settings(embedder="hash:512")).dim == 512
    e = make_embedder(load_settings(embedder="openai:text-embedding-3-small", base_url="http://127.0.0.1:9/v1"))
    assert isinstance(e, OpenAIEmbedding) and e.get_config() == {"model": "text-embedding-3-small", "base_url": "http://127.0.0.1:9/v1"}
    with pytest.raises(UserError, match="unknown embedder"):
        make_embedder(load_settings(embedder="bert"))


def test_openai_embedder_refuses_remote_hosts_when_loopback_only():
    e = OpenAIEmbedding("m", base_url="https://api.example.com/v1", api_key="k")
    with pytest.raises(UserError, match="loopback"):
        e(["x"])


class _EmbeddingsHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        inputs = body["input"]
        data = [{"object": "embedding", "index": i, "embedding": [float(len(t)), 1.0, 0.0]} for i, t in enumerate(inputs)]
        out = json.dumps({"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *a):
        pass


def test_openai_embedder_calls_a_loopback_endpoint():
    srv = HTTPServer(("127.0.0.1", 0), _EmbeddingsHandler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        e = OpenAIEmbedding("m", base_url=f"http://127.0.0.1:{srv.server_port}/v1", api_key="k")
        vecs = e(["ab", "abcd"])
        assert [v.tolist()[:2] for v in vecs] == [[2.0, 1.0], [4.0, 1.0]]
    finally:
        srv.shutdown()
