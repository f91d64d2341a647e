"""Lines that say something *about* a story (its source, time, author, date) rather than being its
headline or text: `2025-06-16 09:30 来源：国家统计局`, `发布时间：…`, `作者：…`, `By Jane Doe`,
`Updated: Sept 9, 2025`. Never a title; read by the byline scanner instead."""

from __future__ import annotations

import re

# A commentary's author line: 本报评论员, 本社评论员, 《经济日报》评论员文章, 经济日报评论员, 人民日报社论,
# 本报特约评论员 张三; group "outlet" (in 《》) or "outlet2" is the paper it names, if any (本报/本社 name
# none). A paper's name ends as one (…报, …社, …网, …台, …刊): 如何写好评论员文章 is a headline.
COMMENTATOR = (
    r"[■●◆▲□★☆◎]?\s*(?:作者\s*[:：]\s*)?(?:本报|本報|本社|《(?P<outlet>[^》\s]{2,12})》|"
    r"(?P<outlet2>[\u4e00-\u9fff]{1,10}?(?:报|報|社|网|網|台|刊|新闻|新聞)))\s*"
    r"(?:特约|特約)?(?:评论员|評論員|社论|社論|评论部|評論部)(?:文章)?(?:\s+[\u4e00-\u9fff·]{2,4})?\s*$"
)

META_LINE = re.compile(
    r"^(?:[（(]?\s*)?(?:(?:发布|發布|更新|发表|發表|来源|來源|信息来源|稿件来源|文章来源|新闻来源|作者|记者|編輯|编辑|责任编辑|时间|時間|日期|发文日期|"
    r"浏览|阅读|字号|Source|By|Updated|Published|Posted)\b|(?:发布|發布|更新)?(?:时间|時間|日期)\s*[:：])|"
    r"^[（(]?\s*\d{4}\s*(?:[-/.年])\s*\d{1,2}\s*(?:[-/.月])\s*\d{1,2}\s*(?:日\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?|\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）]?(?:\s|$)|"
    r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|"
    # a reporter's byline alone on its line: 证券时报记者 秦晓岚 / 本报记者 王强 李敏 / 新华社记者 张三 /
    # ■ 本报记者 张三 (a paper's bullet before it)
    r"^[■●◆▲□★☆◎]?\s*[\u4e00-\u9fff]{0,10}(?:记者|記者|通讯员|通訊員)\s*[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,3}$|"
    # who wrote a commentary, alone on its line: 本报评论员 / 《经济日报》评论员文章 / 人民日报评论员 /
    # 本社特约评论员 张三 / 人民日报社论; and the title it first ran under (原标题：…)
    f"^{COMMENTATOR}|"
    r"^(?:原标题|原題|原题)\s*[:：]|"
    # a dateline alone on its line: 新华社北京6月11日电
    r"^[^\s，。]{0,12}?(?:新华社|新華社|中新社|中央社|路透社?|法新社|美联社|本报|本報)[^，。\s]{0,16}?(?:\d{1,2}月)?\d{1,2}日(?:电|電|讯|訊)(?:[（(][^）)]{0,30}[）)])?$",
    re.I,
)
