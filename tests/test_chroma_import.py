"""chromadb imported through draftbot skips the `overrides` checks yet works, and can keep them."""

from __future__ import annotations

import os
import subprocess
import sys

_PROBE = """
import sys, overrides
from draftbot.index.chroma_store import ChromaStore  # noqa: F401
from draftbot.index import embeddings  # imports chromadb
import chromadb
from chromadb.api.rust import RustBindingsAPI
client = chromadb.PersistentClient(path=sys.argv[1])
col = client.get_or_create_collection("probe", embedding_function=embeddings.HashEmbedding(dim=16))
col.upsert(ids=["a", "b"], documents=["工业增加值增长", "社会消费品零售总额"])
hit = col.query(query_texts=["工业增加值"], n_results=1)["ids"][0][0]
print(overrides.override.__module__, getattr(RustBindingsAPI._upsert, "__override__", False), hit)
"""


def _probe(tmp_path, **env) -> list[str]:
    run_env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", **env}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(tmp_path / "db")], capture_output=True, text=True,
                         env=run_env, check=True)
    return out.stdout.split()


def test_chromadb_through_draftbot_skips_the_override_checks_and_still_works(tmp_path):
    assert _probe(tmp_path) == ["draftbot.index.chroma_import", "True", "a"]


def test_the_checks_can_be_kept(tmp_path):
    assert _probe(tmp_path, DRAFTBOT_CHROMA_OVERRIDE_CHECKS="1") == ["overrides.overrides", "True", "a"]
