"""Who a source is cited as when its page names the writer below or beside the publisher.

1. A survey team's division: a 来源 such as 国家统计局某某调查总队价格调查处 or 某某调查总队居民收支调查处
   is cited as the team (国家统计局某某调查总队): a 调查总队 / 调查队 is part of 国家统计局, and a
   division (处 / 科 / 室) below a body is not the publisher. The same home as a division named alone
   (国库司 on the finance ministry's site -> 财政部): publishers.body_of_division.
2. A newspaper commentary saved as Markdown or text with no masthead: its paper is read from the lines
   that name it (《某某日报》评论员文章, 某某日报评论员, 某某日报 2026年12月09日 第05版, 原载《某某日报》…,
   来源：某某日报), in the header or the footer. When only 本报评论员 / 本报记者 speak for it, nothing
   names the paper: the publisher stays empty and the warning says why and what to do.
3. A site's statement of its editorial standards under every story (Our Standards: …) is page
   furniture, not the story.

Every fixture is invented (places, names, figures, dates); only the shapes are those of real pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from draftbot.sources.byline import read_byline
from draftbot.sources.loader import load_file
from draftbot.sources.meta_lines import META_LINE
from draftbot.sources.page_chrome import chrome_kind
from draftbot.sources.publishers import body_of_division, named_body

PARAS = (
    "<p>11月份，全省居民消费价格同比上涨0.6%，环比下降0.2%。其中，城市上涨0.5%，农村上涨0.9%。</p>"
    "<p>食品烟酒价格同比上涨1.4%，鲜菜价格上涨6.8%；服务价格上涨0.7%，消费品价格上涨0.5%。</p>"
    "<p>1—11月平均，全省居民消费价格比上年同期上涨0.3%。</p>"
)


def page(source: str, *, logo: str = "", footer: str = "", title: str = "11月份青禾省居民消费价格同比上涨0.6%") -> str:
    top = f'<div class="logo"><img src="/i/logo.png" alt="{logo}"></div>' if logo else ""
    foot = f'<div class="footer"><p>{footer}</p><p>云ICP备00000002号</p></div>' if footer else ""
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head><body>
{top}
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/dcxx/">调查信息</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2026-12-11 09:30　来源：{source}　【字体：大 中 小】</div>
<div class="content">{PARAS}</div></div>
{foot}
</body></html>"""


def load(tmp_path: Path, text: str, name: str = "p.html"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_file(path)


# ------------------------------------------------------------------ 1. a survey team's division


@pytest.mark.parametrize(
    ("source", "site", "want"),
    [
        # the team's own site names itself in its logo
        ("国家统计局青禾调查总队价格调查处", dict(logo="国家统计局青禾调查总队"), "国家统计局青禾调查总队"),
        # the 来源 shortens the team's name and adds its division
        ("青禾调查总队居民收支调查处", dict(logo="国家统计局青禾调查总队"), "国家统计局青禾调查总队"),
        # a city team's section (科), the site named only in the footer
        ("国家统计局云川调查队综合科", dict(footer="主办单位：国家统计局云川调查队　版权所有"), "国家统计局云川调查队"),
        # the team's website named as the source
        ("国家统计局青禾调查总队网站", dict(logo="国家统计局青禾调查总队"), "国家统计局青禾调查总队"),
        # no site named on the page at all: the 来源 still carries its body
        ("国家统计局青禾调查总队价格调查处", {}, "国家统计局青禾调查总队"),
        ("青禾调查总队", {}, "国家统计局青禾调查总队"),
    ],
)
def test_a_survey_teams_division_is_cited_as_the_team(tmp_path, source, site, want):
    s = load(tmp_path, page(source, **site))
    assert s.publisher == want
    assert source in s.origin["publisher"]  # where it came from stays visible


def test_a_survey_teams_release_reprinted_by_the_provincial_bureau(tmp_path):
    # the provincial bureau's site reprints the team's release: the team published it, the bureau is the via
    s = load(tmp_path, page("青禾调查总队居民收支调查处", logo="青禾省统计局", footer="版权所有：青禾省统计局"))
    assert s.publisher == "国家统计局青禾调查总队"
    assert s.origin.get("via") == "青禾省统计局"


def test_a_survey_teams_division_in_pasted_text(tmp_path):
    text = ("11月份青禾省居民消费价格同比上涨0.6%\n\n发布时间：2026-12-11　来源：青禾调查总队价格调查处\n\n"
            "11月份，全省居民消费价格同比上涨0.6%，环比下降0.2%。\n\n1—11月平均，全省居民消费价格比上年同期上涨0.3%。\n")
    s = load(tmp_path, text, "cpi.txt")
    assert (s.publisher, str(s.date)) == ("国家统计局青禾调查总队", "2026-12-11")


def test_a_bureaus_division_written_with_its_bureau_is_cited_as_the_bureau(tmp_path):
    assert load(tmp_path, page("青禾省统计局综合处", logo="青禾省统计局")).publisher == "青禾省统计局"
    assert load(tmp_path, page("云川县统计局农村科"), "c.html").publisher == "云川县统计局"


@pytest.mark.parametrize(
    "source",
    [
        "国家统计局青禾调查总队",  # the team's full name already
        "中国人民银行调查统计司",  # a ministry's 司 is how such pages are cited
        "国家统计局城市社会经济调查司",  # a department of the bureau, not a team
        "青禾省人民政府办公厅",  # a general office issues in its own name
        "青禾省统计局办公室",
        "国务院研究室",  # a body whose name ends in 室
        "青禾省人民政府驻北京办事处",  # an office away from its body is a body of its own
        "青禾日报",
    ],
)
def test_names_that_are_bodies_stay(tmp_path, source):
    assert load(tmp_path, page(source)).publisher == source


def test_named_bodies():
    assert named_body("国家统计局青禾调查总队价格调查处") == "国家统计局青禾调查总队"
    assert named_body("青禾调查总队居民收支调查处") == "国家统计局青禾调查总队"
    assert named_body("云川调查队") == "国家统计局云川调查队"
    assert named_body("国家统计局网站") == "国家统计局"
    assert named_body("中共青禾省委宣传部新闻处") == "中共青禾省委宣传部"
    assert named_body("青禾省人民政府办公厅秘书处") == "青禾省人民政府办公厅"
    assert named_body("某某局内部审计处") == ""  # 内部 is no body
    assert named_body("国家统计局") == named_body("国库司") == ""
    # a bare division still needs the site; a division with its body does not
    assert body_of_division("国库司", "财政部") == "财政部"
    assert body_of_division("国库司") == ""
    assert body_of_division("青禾调查总队价格调查处") == "国家统计局青禾调查总队"


def test_what_a_writer_typed_stands(tmp_path):
    md = "---\ntitle: 青禾价格\npublisher: 青禾调查总队价格调查处\ndate: 2026-12-11\n---\n\n11月份，全省居民消费价格同比上涨0.6%。\n"
    assert load(tmp_path, md, "typed.md").publisher == "青禾调查总队价格调查处"


# ------------------------------------------------------------------ 2. a commentary with no masthead

BODY = ("近期数据显示，11月份社会消费品零售总额同比增长3.9%，服务零售额增速快于商品零售额。\n\n"
        "扩大内需，既要稳收入、强信心，也要把消费场景做得更丰富、更便利。\n")


@pytest.mark.parametrize(
    ("head", "foot", "want", "date"),
    [
        # the column line above the headline names the paper; it is not the title
        ("《青禾日报》评论员文章\n\n# 让服务消费成为新的增长点\n\n", "", "青禾日报", None),
        ("# 让服务消费成为新的增长点\n\n青禾日报评论员\n\n", "", "青禾日报", None),
        # the paper's page line: name, date, page number
        ("# 让服务消费成为新的增长点\n\n青禾日报 2026年12月09日 第05版\n\n", "", "青禾日报", "2026-12-09"),
        ("# 让服务消费成为新的增长点\n\n《青禾日报》（2026年12月09日 05版）\n\n", "", "青禾日报", "2026-12-09"),
        # the footer says where it first ran
        ("# 让服务消费成为新的增长点\n\n本报评论员\n\n", "\n（原载《青禾日报》2026年12月9日第5版）\n", "青禾日报", None),
        # a 来源 line under the author's note
        ("# 让服务消费成为新的增长点\n\n■ 本报记者 林一木\n\n", "\n（作者系青禾大学经济学院教授）\n\n来源：青禾日报\n", "青禾日报", None),
        # 原标题 and 编辑 lines around it name no paper; the column line does
        ("经济日报评论员文章\n\n# 让服务消费成为新的增长点\n\n原标题：服务消费大有可为\n\n", "\n编辑：林一木\n", "经济日报", None),
    ],
)
def test_a_commentarys_paper_is_read_from_the_lines_that_name_it(tmp_path, head, foot, want, date):
    s = load(tmp_path, head + BODY + foot, "comment.md")
    assert s.publisher == want
    assert s.title == "让服务消费成为新的增长点"
    if date:
        assert str(s.date) == date
    assert not any(w.startswith("no publisher") for w in s.warnings)


@pytest.mark.parametrize(
    ("head", "foot", "said"),
    [
        ("# 让服务消费成为新的增长点\n\n本报评论员\n\n", "", "本报评论员"),
        ("# 让服务消费成为新的增长点\n\n■ 本报记者 林一木\n\n", "\n（作者系青禾大学经济学院教授）\n", "本报记者"),
        ("让服务消费成为新的增长点\n\n本社特约评论员 林一木\n\n", "", "本社特约评论员"),
    ],
)
def test_a_commentary_that_never_names_its_paper_has_no_publisher_and_says_why(tmp_path, head, foot, said):
    s = load(tmp_path, head + BODY + foot, "comment.md")
    assert s.publisher == ""  # not the author's university, not 本报
    assert s.title == "让服务消费成为新的增长点"
    warning = next(w for w in s.warnings if w.startswith("no publisher"))
    assert said in warning and "names no paper" in warning and "sources.yaml" in warning


def test_a_text_that_names_nobody_gets_the_plain_warning(tmp_path):
    s = load(tmp_path, "# 让服务消费成为新的增长点\n\n" + BODY, "plain.md")
    assert s.publisher == ""
    assert "no publisher (set one in sources.yaml)" in s.warnings


def test_commentary_lines_are_no_titles_but_headlines_about_them_are():
    for line in ("本报评论员", "《青禾日报》评论员文章", "青禾日报评论员", "人民日报社论", "本社特约评论员 林一木",
                 "■ 本报记者 林一木", "原标题：服务消费大有可为"):
        assert META_LINE.match(line), line
    for line in ("如何写好评论员文章", "让服务消费成为新的增长点", "青禾日报评论员指出，服务消费潜力很大。"):
        assert not META_LINE.match(line), line


def test_an_authors_affiliation_or_a_sentence_names_no_paper():
    assert read_byline("正文第一段很长很长。\n\n（作者系青禾大学经济学院教授）").publisher == ""
    assert read_byline("青禾日报评论员指出，服务消费潜力很大。\n\n正文。").publisher == ""
    assert read_byline("正文。\n\n此前刊于《消费经济研究》的一篇论文提出了类似观点。").publisher == ""  # no paper's name


# ------------------------------------------------------------------ 3. a site's editorial standards


def test_a_sites_standards_line_is_furniture_but_a_sentence_about_standards_is_not():
    assert chrome_kind("Our Standards: The Thomson Reuters Trust Principles.") == "footer"
    assert chrome_kind("Editorial Standards") == "footer"
    assert chrome_kind("Learn more about our editorial standards") == "footer"
    assert chrome_kind("The ministry said its new standards for export credit insurance would take effect in January.") is None


def test_a_paper_a_sentence_mentions_is_not_the_publisher(tmp_path):
    # the last paragraph cites a paper: the page is still the bureau's own
    html = page("青禾省统计局", logo="青禾省统计局").replace("来源：青禾省统计局", "").replace(
        "</div></div>", "<p>此前，有关专家发表于《青禾日报》的文章也作了类似判断。</p></div></div>")
    assert load(tmp_path, html).publisher == "青禾省统计局"
    assert read_byline("正文第一段。\n\n此前，有关专家发表于《青禾日报》的文章也作了类似判断。").publisher == ""
    assert read_byline("正文第一段。\n\n（本文原载《青禾日报》2026年12月9日第5版）").publisher == "青禾日报"
