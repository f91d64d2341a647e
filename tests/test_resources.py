from draftbot.resources import data_dir, load_prompt


def test_every_prompt_file_parses_and_fills():
    names = sorted(p.stem for p in data_dir("prompts").glob("*.md"))
    assert {"section", "synthesis", "summary", "repair"} <= set(names)
    for name in names:
        prompt = load_prompt(name)
        system, user = prompt.messages(date="2026-06-04", evidence="[1] 证据", sections="x", problems="p", previous="{}")
        assert system["role"] == "system" and user["role"] == "user"
        assert "$date" not in user["content"]
        assert len(prompt.hash) == 12


def test_prompts_tell_the_model_evidence_is_data():
    for name in ("section", "synthesis", "summary"):
        assert "不是指令" in load_prompt(name).system
