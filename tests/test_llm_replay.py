"""The offline prompt loop: a recording names each prompt file's hash, and a replay whose prompt
file was edited since fails naming that file ("prompt changed since recording: section.md — re-record")."""

from __future__ import annotations

import json
import shutil

import pytest
from pydantic import BaseModel

import draftbot.resources as resources
from draftbot.llm.base import LLMError, prompt_key
from draftbot.llm.replay import FORMAT, RecordingChatModel, ReplayChat, shipped_prompts
from draftbot.llm.testing import ScriptedChat
from draftbot.resources import Prompt, content_hash, load_prompt

SECTION = "你是政策简报的撰稿人。只用证据里的事实，每个分句注明[n]。\n=== user ===\n日期：$date\n栏目：$heading\n证据：\n$evidence\n"
SUMMARY = "你为简报写摘要，三句以内。\n=== user ===\n各节：\n$sections\n"


class Out(BaseModel):
    text: str


def section_messages(prompt_text: str, heading: str = "一、装备制造") -> list[dict]:
    return Prompt("section", prompt_text).messages(date="2026-06-04", heading=heading,
                                                   evidence="[1] 新能源汽车产量1652万辆。")


def summary_messages(prompt_text: str) -> list[dict]:
    return Prompt("summary", prompt_text).messages(sections="一、装备制造：产量增长。")


def answer(messages, schema):
    return json.dumps({"text": "回答：" + messages[-1]["content"][:12]}, ensure_ascii=False)


def record(path, prompts: dict[str, str], calls: list[list[dict]], note: str | None = None) -> RecordingChatModel:
    rec = RecordingChatModel(ScriptedChat(answer, model="rec-model"), path, prompts=prompts, note=note)
    for m in calls:
        rec.invoke(m, Out)
    return rec


def test_recording_writes_replies_and_prompt_hashes(tmp_path):
    path = tmp_path / "case" / "replay.json"
    prompts = {"section.md": SECTION, "summary.md": SUMMARY}
    rec = record(path, prompts, [section_messages(SECTION), summary_messages(SUMMARY)], note="hand-written replies")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["model"] == "rec-model" and data["note"] == "hand-written replies"
    assert data["prompts"] == {"section.md": content_hash(SECTION), "summary.md": content_hash(SUMMARY)}
    key = prompt_key("rec-model", section_messages(SECTION), Out, {"temperature": 0.0})
    assert set(data["replies"]) == {key, prompt_key("rec-model", summary_messages(SUMMARY), Out, {"temperature": 0.0})}
    assert rec.recorded == 2


def test_unchanged_prompts_replay_offline(tmp_path):
    path = tmp_path / "replay.json"
    prompts = {"section.md": SECTION, "summary.md": SUMMARY}
    record(path, prompts, [section_messages(SECTION)])
    replay = ReplayChat(path, prompts=prompts)  # the model comes from the recording
    assert replay.model == "rec-model"
    got = replay.invoke(section_messages(SECTION), Out)
    assert got.method == "replay" and got.parsed.text.startswith("回答：")


def test_edited_prompt_fails_naming_the_file(tmp_path):
    path = tmp_path / "replay.json"
    record(path, {"section.md": SECTION, "summary.md": SUMMARY}, [section_messages(SECTION), summary_messages(SUMMARY)])
    edited = SECTION.replace("每个分句注明[n]", "每个分句必须注明[n]，数字照抄")
    replay = ReplayChat(path, prompts={"section.md": edited, "summary.md": SUMMARY})
    with pytest.raises(LLMError) as ei:
        replay.invoke(section_messages(edited), Out)
    assert "prompt changed since recording: section.md — re-record" in str(ei.value)
    assert str(path) in str(ei.value)
    # the unchanged summary prompt still replays
    assert replay.invoke(summary_messages(SUMMARY), Out).method == "replay"


def test_with_two_prompts_edited_the_miss_names_the_one_it_was_built_from(tmp_path):
    path = tmp_path / "replay.json"
    record(path, {"section.md": SECTION, "summary.md": SUMMARY}, [section_messages(SECTION)])
    s2, m2 = SECTION.replace("撰稿人", "资深撰稿人"), SUMMARY.replace("三句", "两句")
    replay = ReplayChat(path, prompts={"section.md": s2, "summary.md": m2})
    with pytest.raises(LLMError, match=r"prompt changed since recording: summary\.md — re-record"):
        replay.invoke(summary_messages(m2), Out)
    with pytest.raises(LLMError, match=r"prompt changed since recording: section\.md — re-record"):
        replay.invoke(section_messages(s2), Out)


def test_a_miss_with_unchanged_prompts_is_not_blamed_on_them(tmp_path):
    path = tmp_path / "replay.json"
    record(path, {"section.md": SECTION}, [section_messages(SECTION)])
    replay = ReplayChat(path, prompts={"section.md": SECTION})
    with pytest.raises(LLMError) as ei:  # other evidence (a changed corpus), same prompt file
        replay.invoke(section_messages(SECTION, heading="二、算力"), Out)
    assert "prompt changed" not in str(ei.value) and "no recorded response" in str(ei.value)


def test_shipped_prompt_edited_in_the_prompts_folder(tmp_path, monkeypatch):
    folder = tmp_path / "prompts"
    shutil.copytree(resources.data_dir("prompts"), folder)
    monkeypatch.setattr(resources, "data_dir", lambda name: folder if name == "prompts" else None)
    path = tmp_path / "replay.json"
    calls = [load_prompt("section").messages(date="2026-06-04", heading="一、装备制造", evidence="[1] 证据。")]
    record(path, shipped_prompts(), calls)  # what `eval --record` does: the installed prompt files
    assert set(json.loads(path.read_text(encoding="utf-8"))["prompts"]) >= {"section.md", "summary.md", "repair.md"}
    assert ReplayChat(path).invoke(calls[0], Out).method == "replay"

    (folder / "section.md").write_text((folder / "section.md").read_text(encoding="utf-8") + "\n补充一条规则。\n",
                                       encoding="utf-8")
    edited = load_prompt("section").messages(date="2026-06-04", heading="一、装备制造", evidence="[1] 证据。")
    with pytest.raises(LLMError, match="prompt changed since recording: section.md — re-record"):
        ReplayChat(path).invoke(edited, Out)


def test_re_recording_after_a_prompt_change_drops_the_stale_replies(tmp_path):
    path = tmp_path / "replay.json"
    record(path, {"section.md": SECTION}, [section_messages(SECTION), section_messages(SECTION, "二、算力")])
    edited = SECTION + "补充。"
    record(path, {"section.md": edited}, [section_messages(edited)])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["replies"]) == 1 and data["prompts"] == {"section.md": content_hash(edited)}
    # same prompts: a second recorder merges
    record(path, {"section.md": edited}, [section_messages(edited, "二、算力")])
    assert len(json.loads(path.read_text(encoding="utf-8"))["replies"]) == 2


def test_first_format_files_still_replay(tmp_path):
    path = tmp_path / "old.json"
    m = section_messages(SECTION)
    path.write_text(json.dumps({prompt_key("m", m, Out, {"temperature": 0.0}): {"raw_text": '{"text": "旧"}'}}),
                    encoding="utf-8")
    assert ReplayChat(path, "m", prompts={"section.md": SECTION}).invoke(m, Out).parsed.text == "旧"
