"""A source in traditional Chinese (a reprint site's converted release, a Hong Kong source) is made
simplified before its metadata and figures are read; simplified text is left as it is."""

from __future__ import annotations

from draftbot.sources.loader import load_file
from draftbot.sources.script import is_traditional
from draftbot.verify.library import SourceLibrary
from draftbot.verify.numeric import INFORMATIONAL, check_clause

# A reprint page's shape: site furniture, 來源 and 發布時間 lines, the release in traditional
# characters (NBS's March 2025 PMI figures; sentences written for this test).
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>3月份製造業採購經理指數為50.5%_統計信息_行業網</title></head><body>
<div>您當前的位置: 首頁 &gt; 統計信息 &gt; 正文</div>
<h1>3月份製造業採購經理指數為50.5%</h1>
<div>來源: 國家統計局　　發布時間: 2025-03-31 09:30</div>
<div class="content">
<p>3月份，製造業採購經理指數（PMI）為50.5%，比上月上升0.3個百分點，製造業景氣水平繼續回升。</p>
<p>從企業規模看，大型企業PMI為51.2%，比上月下降1.3個百分點；中、小型企業PMI分別為49.9%和49.6%。</p>
<p>非製造業商務活動指數為50.8%，比上月上升0.4個百分點，擴張步伐有所加快。</p>
</div><div>版權所有 行業網</div></body></html>"""


def test_a_traditional_page_is_read_in_simplified_with_its_metadata(tmp_path):
    path = tmp_path / "pmi.html"
    path.write_text(PAGE, encoding="utf-8")
    src = load_file(path)
    assert "制造业采购经理指数（PMI）为50.5%" in src.text and "製造業" not in src.text
    assert src.title.startswith("3月份制造业采购经理指数为50.5%")
    assert src.publisher == "国家统计局" and str(src.date) == "2025-03-31"
    assert any("traditional Chinese converted" in w for w in src.warnings)
    lib = SourceLibrary.from_pairs([(src, src.text)])
    kinds = lambda clause: [f.kind for f in check_clause(clause, [src.id], lib) if f.kind not in INFORMATIONAL]
    assert kinds("3月份，制造业PMI为50.5%，比上月上升0.3个百分点") == []
    assert kinds("中型企业PMI为49.6%") == ["wrong_subject"]


def test_simplified_text_with_a_few_dual_use_characters_is_left_alone():
    text = "乾隆年间的著作记载了此事。" + "全国规模以上工业增加值同比增长6.1%，制造业增加值增长6.8%。" * 20
    assert not is_traditional(text)
    assert is_traditional("製造業採購經理指數為50.5%，比上月上升0.3個百分點，製造業景氣水平繼續回升。" * 2)
