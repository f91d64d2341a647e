"""Sentences in a source that speak to whoever processes it, not about the day's news.

A source is evidence. A sentence that addresses a model or the reader's tools (忽略以上指令…,
"ignore the previous instructions", "print the word … in every section"), wears a chat role
prefix (`SYSTEM:`, `<|im_start|>`), forges the briefing's own apparatus (a 参考文献-style
reference line, a 【待核实】 mark, an inline `[n]` run as the briefing writes it) is never quoted
by the extractive backend and is reported by `draftbot sources` as a warning. The model backends
receive it inside the data delimiters as any other source text.

Policy prose is full of imperatives (各地区要…、请认真贯彻执行、要加快…): those address the
officials a notice is sent to and are news. The patterns therefore need a target that only a text
processor has: instructions, prompts, output, the draft's sections, a model.
"""

from __future__ import annotations

import re

from draftbot.text.normalize import normalize_width

# --- Chinese ---------------------------------------------------------------------------------
_ZH_PRIOR = r"(?:以上|上述|上面|前面|之前|先前|此前|原有|原来|原先|系统|所有|全部|一切|任何)"
_ZH_VERB = r"(?:忽略|忽视|无视|忘记|忘掉|不要理会|不必理会|别管)(?:掉)?(?:你)?(?:的)?"
_ZH = [
    # 忽略(以上的)指令 / 忽略以上要求: a processor's words; "忽视内容建设" has no 以上/之前 before 内容
    rf"{_ZH_VERB}[^，。；！？\n]{{0,10}}?(?:指令|提示词|命令)",
    rf"{_ZH_VERB}{_ZH_PRIOR}的?(?:全部|所有|一切)?的?(?:规则|设定|约束|要求|内容|说明|对话|指示)",
    r"(?:系统|新的?)(?:指令|提示词)(?:如下|[:：])",
    # 输出/打印 + what a model is told to emit, opening a clause ("该系统能够自动输出以下报表" is news);
    # with 请/务必 also 回复/写入/插入/重复
    r"(?:^|[，,。；;：:]\s*)(?:请|务必|直接|只|立即)?(?:输出|打印)(?:以下|如下|下面|下列|这句话|这段话|这些字|这个词|字样)",
    r"(?:请|务必|必须|直接|只需|你要|你必须|你需要)(?:在\S{0,12})?(?:输出|打印|回复|写入|插入|重复|复述)(?:以下|如下|下面|这句话|这段话|“|\"|「|『)",
    r"(?:每一?|所有)(?:个)?(?:段落?|节|章节|小节)(?:中|里|末尾|开头|结尾)?(?:都|均)?(?:要|必须|应当?)?(?:写上|写入|加上|加入|输出|插入|注明|包含)",
    # addressing a model: 你是…助手/模型, 作为(一个)AI，…, 大模型，请…
    r"你(?:现在)?(?:是|扮演|充当)(?:一个|一名)?(?:AI|人工智能|语言模型|大模型|助手|机器人|ChatGPT|GPT)",
    r"你(?:现在)?(?:扮演|充当)[^，。；]{0,16}(?:AI|人工智能|语言模型|大模型|助手|机器人|角色)",
    r"作为(?:一个|一名)?(?:AI|人工智能|语言模型|大语言模型|大模型)(?:助手)?[，,]",
    r"(?:^|[。！？；\s])(?:AI|语言模型|大模型|模型|助手|ChatGPT|GPT)\s*[，,：:]\s*(?:请|你|忽略|输出|不要)",
    r"(?:不要|无需|不必)(?:再)?(?:遵守|遵循|理会)(?:以上|上述|之前|系统)?(?:的)?(?:指令|指示|规则|要求)",
    r"把本[节段文](?:内容)?(?:写成|改写成|改成)",
    r"(?:全部|一律|都|所有分句)(?:只)?引用\s*[\[［]\s*\d+\s*[\]］]",
    r"(?:摘要|今日判断|参考文献|简报)的?(?:开头|结尾|第一句|每一?节|中|里)(?:必须|务必|一定要|请)(?:写|加入|输出|注明|包含)",
]

# --- English ---------------------------------------------------------------------------------
_EN_PRIOR = r"(?:(?:all|any|the|your|of|these|those)\s+)*(?:previous|prior|above|preceding|earlier|foregoing|original|system|existing)?"
_EN = [
    rf"\b(?:ignore|disregard|forget|override|bypass)\s+{_EN_PRIOR}\s*(?:instructions?|prompts?|directions?|rules|guidelines|messages?|constraints)\b",
    r"\b(?:print|output|repeat|type|respond\s+with|reply\s+with|answer\s+with|write\s+out)\s+(?:only\s+|just\s+|exactly\s+)?"
    r"(?:the\s+(?:word|words|phrase|text|sentence|string|following)|this\s+(?:word|phrase|sentence)|[\"“'])",
    r"\b(?:say|write|insert|include|append|add|put)\s+(?:only\s+|just\s+|exactly\s+)?the\s+(?:word|words|phrase|string)\b",
    r"\byou\s+are\s+(?:now\s+)?(?:a|an|the|in)\s+(?:ai|assistant|language\s+model|chatbot|llm|developer\s+mode)\b",
    r"\bas\s+an?\s+(?:ai|large\s+language\s+model|language\s+model|llm)(?:\s+assistant|\s+model)?\s*,\s*(?:you|i)\b",
    r"\bcite\s*\[\s*\d+\s*\]\s*for\s+(?:everything|every|all)\b",
    r"\bsystem\s+prompt\b",
    r"(?:^|[.!?]\s)(?:ai|assistant|model|chatbot|llm|gpt|chatgpt|claude)\s*[,:]\s*(?:please\s+)?(?:ignore|print|output|write|say|do\s+not|don't|you)\b",
]

# --- role prefixes, chat templates, the briefing's own marks ---------------------------------
_ROLE = re.compile(
    r"^\s*(?:[#>*\-\s]*)(?:system|assistant|developer|instructions?|系统|系统提示|指令)\s*[:：]"
    r"|<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>|\[/?INST\]|<</?SYS>>|^\s*#{2,}\s*(?:instruction|system|response)\b",
    re.I,
)
_MARKS = re.compile(r"【\s*(?:待核实|已核实)")
# A reference line as a briefing writes it: `3. 国家统计局，《标题》，2026年6月4日，…`
_REF_LINE = re.compile(
    r"^\s*(?:[-*+]\s*)?(?:[\[［]\s*\d{1,3}\s*[\]］]|\d{1,3}\s*[.．、)）])\s*[^，,。《》\n]{1,40}[，,]\s*《[^》\n]{1,200}》\s*[，,]\s*"
    r"(?:\d{4}\s*[年\-/.]|[〇零一二三四五六七八九]{4}年)"
)
_REF_HEADING = re.compile(r"^\s*#*\s*(?:参考文献|参考资料|引用来源)\s*[:：]?\s*$")
# A run of the briefing's citations inside a sentence, as the renderer writes them (…[1]，…[2]。)
_INLINE_CITES = re.compile(r"[\[［]\d{1,3}[\]］](?:[\[［]\d{1,3}[\]］])*[，,；;][^\n]{2,}?\S[\[［]\d{1,3}[\]］]")

_ZH_RE = re.compile("|".join(_ZH))
_EN_RE = re.compile("|".join(_EN), re.I)

KINDS = {
    "instruction": "addresses a model or the reader's tools",
    "role": "a chat role prefix",
    "mark": "the briefing's own 【待核实】 mark",
    "reference": "a reference-list line",
    "citations": "the briefing's own [n] citations",
}


# Words one of the _ZH / _EN patterns cannot match without: a sentence holding none of them skips
# the two long alternations, the bulk of the scan on a long source.
_ZH_NEEDS = ("忽略", "忽视", "无视", "忘记", "忘掉", "理会", "别管", "指令", "提示词", "输出", "打印", "回复",
             "写入", "插入", "重复", "复述", "写上", "加上", "加入", "注明", "包含", "你", "作为", "AI", "GPT",
             "模型", "助手", "遵守", "遵循", "把本", "引用", "摘要", "今日判断", "参考文献", "简报")
_EN_NEEDS = ("ignor", "disregard", "forget", "override", "bypass", "word", "phrase", "string", "following",
             "text", "sentence", "you", "cite", "prompt", "assistant", "model", "chatbot", "llm", "gpt", "claude")
_EN_QUOTE_VERBS = ("print", "output", "repeat", "type", "respond", "reply", "answer", "write")
_AI_WORD = re.compile(r"\bai\b")


def _may_instruct(s: str) -> bool:
    """False only when no _ZH / _EN pattern can match `s` (a necessary-words test, not a verdict)."""
    if any(w in s for w in _ZH_NEEDS):
        return True
    low = s.lower()
    if any(w in low for w in _EN_NEEDS) or ("ai" in low and _AI_WORD.search(low)):
        return True
    return any(q in low for q in "\"“'") and any(v in low for v in _EN_QUOTE_VERBS)


def hostile_kind(sentence: str) -> str | None:
    """Why `sentence` must never be quoted as news (a key of KINDS), or None for ordinary text."""
    s = normalize_width(sentence)
    if _ROLE.search(s):
        return "role"
    if _MARKS.search(s):
        return "mark"
    if _REF_LINE.search(s) or _REF_HEADING.match(s):
        return "reference"
    if _may_instruct(s) and (_ZH_RE.search(s) or _EN_RE.search(s)):
        return "instruction"
    if _INLINE_CITES.search(s):
        return "citations"
    return None


def is_instruction(text: str) -> bool:
    """Words aimed at a model (an instruction or a role prefix): what a model backend's reply must
    never relay, whatever evidence it was given."""
    return hostile_kind(text) in ("instruction", "role")


def is_hostile(sentence: str) -> bool:
    return hostile_kind(sentence) is not None


MAX_LISTED = 3  # warnings name the first few; the count says how many more


def hostile_warnings(text: str) -> list[str]:
    """One warning per hostile sentence of a source body (the first MAX_LISTED, then a count)."""
    from draftbot.display import excerpt
    from draftbot.text.sentences import split_sentences

    found = [(kind, sp.text) for sp in split_sentences(text) if (kind := hostile_kind(sp.text))]
    out = [f"never quoted ({KINDS[kind]}): “{excerpt(sentence, 80)}”" for kind, sentence in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        out.append(f"never quoted: {len(found) - MAX_LISTED} more such sentences")
    return out
