"""Lines that say something *about* a story (its source, time, author, date) rather than being its
headline or text: `2025-06-16 09:30 来源：国家统计局`, `发布时间：…`, `作者：…`, `By Jane Doe`,
`Updated: Sept 9, 2025`. Never a title; read by the byline scanner instead."""

from __future__ import annotations

import re

META_LINE = re.compile(
    r"^(?:[（(]?\s*)?(?:(?:发布|發布|更新|发表|發表|来源|來源|信息来源|稿件来源|作者|记者|編輯|编辑|责任编辑|时间|時間|日期|发文日期|"
    r"浏览|阅读|字号|Source|By|Updated|Published|Posted)\b|(?:发布|發布|更新)?(?:时间|時間|日期)\s*[:：])|"
    r"^[（(]?\s*\d{4}\s*(?:[-/.年])\s*\d{1,2}\s*(?:[-/.月])\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）]?(?:\s|$)|"
    r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|"
    # a reporter's byline alone on its line: 证券时报记者 秦晓岚 / 本报记者 王强 李敏 / 新华社记者 张三
    r"^[\u4e00-\u9fff]{0,10}(?:记者|記者|通讯员|通訊員)\s*[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,3}$|"
    # a dateline alone on its line: 新华社北京6月11日电
    r"^[^\s，。]{0,12}?(?:新华社|新華社|中新社|中央社|路透社?|法新社|美联社|本报|本報)[^，。\s]{0,16}?(?:\d{1,2}月)?\d{1,2}日(?:电|電|讯|訊)(?:[（(][^）)]{0,30}[）)])?$",
    re.I,
)
