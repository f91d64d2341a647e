"""A notice page's information table (索引号 / 主题分类 / 发文机关 / 成文日期 / 标题 / 发文字号 / 发布日期 /
有效性) says what the page is, not what the notice says. It was rendered into the body as prose lines
(`标　　题：…的通知。`, `索引号：…；主题分类：…。`) and an offline drafter copied `标 题：…的通知` into a
briefing as a sentence of news. The table is the record's metadata now: out of the body text (which
drafters select sentences from), kept on the loaded source (`LoadedSource.form`), and still read
for the date (发布日期 before 成文日期) and the issuer (发文机关 / 发布机构).

Every fixture is invented (names, figures, dates); only the shapes are those of real pages.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from draftbot.sources.loader import load_file
from draftbot.sources.tables import is_form_row, split_form

D = dt.date
TITLE = "青禾部办公厅关于做好2027年元旦春节期间市场供应工作的通知"
BODY = [
    "各省、自治区、直辖市商务主管部门：",
    "为做好2027年元旦春节期间市场供应工作，保障重要民生商品供应充足、价格基本稳定，现将有关事项通知如下。",
    "一、加强市场监测。各地要对粮油、肉类、蔬菜等重要生活必需品开展日监测，重点监测样本企业增加到3200家。",
    "青禾部办公厅",
    "2026年12月8日",
]
CELLS = [("索引号", "000099999/2026-01187"), ("主题分类", "国内贸易"), ("发文机关", "青禾部办公厅"), ("成文日期", "2026-12-08"),
         ("标　　题", TITLE), ("发文字号", "青办运函〔2026〕412号"), ("发布日期", "2026-12-10"), ("有效性", "有效")]


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def table_html(title: str = TITLE) -> str:
    cells = [(k, title if k.startswith("标") else v) for k, v in CELLS]
    rows = "".join(f"<tr><td>{a}：</td><td>{x}</td><td>{b}：</td><td>{y}</td></tr>" for (a, x), (b, y) in zip(cells[::2], cells[1::2]))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_青禾部</title></head><body>
<div class="nav">首页 机构 新闻 政务公开 政务服务 数据 互动交流</div>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<div class="article"><table class="xxgk">{rows}</table>
<h1>{title}</h1>{''.join(f'<p>{p}</p>' for p in BODY).replace('3200家', '3200家' if title == TITLE else '3200家')}</div>
<div class="footer">主办单位：青禾部　京ICP备00000000号</div></body></html>"""


def assert_metadata_not_text(s, issuer="青禾部办公厅"):
    assert (s.publisher, s.date) == (issuer, D(2026, 12, 10))  # 发布日期, not 成文日期
    for bit in ("索引号", "主题分类", "标题：", "标 题", "发文字号", "有效性", "000099999"):
        assert bit not in s.text
    assert "3200家" in s.text and "2026年12月8日" in s.text  # the notice's own text and signature stay
    form = "\n".join(s.form)
    assert "成文日期：2026-12-08" in form and "发布日期：2026-12-10" in form and "发文字号：青办运函〔2026〕412号" in form


def test_a_notice_pages_information_table_is_metadata_not_body(tmp_path):
    s = load_file(write(tmp_path / "notice.html", table_html()))
    assert s.title == TITLE
    assert_metadata_not_text(s)
    assert any(line.startswith("标题：" + TITLE) for line in s.form)


def test_a_table_with_a_long_title_cell_is_read_the_same(tmp_path):
    # a title over 60 characters: the table is laid out as blocks, one cell a line
    long = "青禾部办公厅关于进一步做好2027年元旦春节期间粮油肉蛋奶果蔬等重要民生商品市场供应和价格基本稳定以及应急保障有关工作的通知"
    assert len(long) > 60
    s = load_file(write(tmp_path / "notice.html", table_html(long)))
    assert s.title == long
    assert_metadata_not_text(s)


def test_a_copied_notice_page_loses_its_table_cells_one_a_line(tmp_path):
    cells = "\n".join(f"{k}：\n{v}" for k, v in CELLS)
    text = f"青禾部\n首页 机构 新闻 政务公开 政务服务 数据 互动交流\n无障碍\n登录 | 注册\n当前位置：首页 > 政务公开 > 通知公告\n{cells}\n{TITLE}\n" + "\n".join(BODY) + "\n"
    s = load_file(write(tmp_path / "notice.txt", text))
    assert s.title == TITLE
    assert_metadata_not_text(s)
    assert not s.text.startswith("青禾部\n")


def test_a_copied_table_with_cells_between_tabs_and_no_colons(tmp_path):
    rows = [f"{a}\t{x}\t{b}\t{y}" for (a, x), (b, y) in zip(CELLS[::2], CELLS[1::2])]
    text = f"{TITLE}\n" + "\n".join(rows) + "\n" + "\n".join(BODY) + "\n"
    body, form = split_form(text)
    assert "索引号" not in body and TITLE in body and BODY[2] in body
    assert len(form) == 4
    rows = [f"{a}：\t{x}\t{b}：\t{y}" for (a, x), (b, y) in zip(CELLS[::2], CELLS[1::2])]
    s = load_file(write(tmp_path / "notice.txt", f"{TITLE}\n" + "\n".join(rows) + "\n" + "\n".join(BODY) + "\n"))
    assert s.title == TITLE
    assert_metadata_not_text(s)


def test_a_docx_notice_with_its_table(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    t = d.add_table(rows=4, cols=4)
    for r, ((a, x), (b, y)) in enumerate(zip(CELLS[::2], CELLS[1::2])):
        for c, v in enumerate((a + "：", x, b + "：", y)):
            t.cell(r, c).text = v
    d.add_paragraph(TITLE)
    for p in BODY:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    s = load_file(write(tmp_path / "notice.docx", buf.getvalue()))
    assert "索引号" not in s.text and "标题：" not in s.text and "3200家" in s.text
    assert "发文字号：青办运函〔2026〕412号" in "\n".join(s.form)


def test_labels_glued_to_their_values_in_traditional_script(tmp_path):
    rows = ["發文機關國務院辦公廳", "發文日期2026年12月08日", "時效性現行有效", "發文字號國辦發〔2026〕88號", "施行日期2026年12月10日"]
    text = "國務院辦公廳關於做好某項工作的通知\n" + "\n".join(rows) + "\n各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：\n為做好某項工作，現將有關事項通知如下。\n"
    s = load_file(write(tmp_path / "notice.txt", text))
    assert "发文字号" not in s.text and "时效性" not in s.text
    assert any(line.startswith("发文字号：国办发") for line in s.form)


@pytest.mark.parametrize("text", [
    "发布日期：2026-12-10\n正文第一段。",  # a page's lone date line stays where the byline reader finds it
    "标题：今天的新闻\n发布日期：2026-12-10\n正文。",  # no label only an information table uses
    "有效性和针对性进一步提升\n主题教育扎实推进\n各地要抓好落实。",  # sentences opening on a label's words
    "索引号：000099999/2026-01187。这一编号由发布单位代码、年份和流水号组成，共计二十一位，是公众查找政府信息的主要依据，各单位须按规则统一编制并在网页显著位置标注，不得随意变更或者重复使用。\n主题分类：按业务内容分为十五类，分别对应各单位职责和主要业务领域，由各单位按照本规范的附表逐项填写并定期更新。",
])
def test_what_is_not_an_information_table_stays(text):
    assert split_form(text) == (text, [])


@pytest.mark.parametrize("sentence,row", [
    ("标　　题：青禾部办公厅关于做好某项工作的通知。", True),
    ("标 题：青禾部办公厅关于做好某项工作的通知", True),
    ("索引号：000099999/2026-01187；主题分类：国内贸易。", True),
    ("发文字号：青办运函〔2026〕412号；发布日期：2026-12-10。", True),
    ("名称变更后的企业共有3家（含分公司）", False),
    ("有效性和针对性进一步提升。", False),
    ("前11个月全省服务进出口总额达到654.3亿元，同比增长7.8%。", False),
    ("标题：这一条下面是一段很长的说明文字。它讲的是某项工作的背景、目标和主要任务，并不是信息公开表格里的一格。", False),
])
def test_a_drafter_can_tell_a_form_row_from_a_sentence(sentence, row):
    assert is_form_row(sentence) is row
