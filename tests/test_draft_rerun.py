"""A draft that fails after its sections were answered keeps them: the re-run (against another
server process, the first one killed) asks the model only for the calls that are still missing,
counted on the servers."""

from __future__ import annotations

from fakeserver import FakeLLMServer, Status

from tests.chains_fixtures import Writer, draft, llm_store, store  # noqa: F401  (fixtures)


def test_rerun_after_the_model_server_died_makes_only_the_missing_calls(tmp_path, store):
    out = tmp_path / "b.md"
    first = Writer(hooks={k: (lambda body: Status(503, message="model gone")) for k in ("synthesis", "summary")})
    with FakeLLMServer(model="test-model") as dying:
        dying.responder = first
        res = draft(out, dying, env={"DRAFTBOT_MAX_RETRIES": "0"})
        assert res.exit_code == 2 and "HTTP 503" in res.stderr, res.output
        sections = len(first.of("section"))
        print(f"first run: {len(first.seen)} requests ({sections} sections answered)")
        assert sections >= 3 and not out.exists()
    # `dying` is closed (its port refuses connections); a new model server takes over
    second = Writer()
    with FakeLLMServer(model="test-model") as fresh:
        fresh.responder = second
        res = draft(out, fresh, quiet=False)
        assert res.exit_code == 0, res.output
        asked = [s.kind for s in second.seen]
    assert "section" not in asked, asked  # every finished section came from the store's cache
    assert sorted(set(asked)) == ["summary", "synthesis"] and len(asked) == 2, asked
    assert out.is_file()
    print(f"re-run: {len(asked)} requests {asked}")
