"""A page copied from a browser as text opens on the site's chrome: its name, a menu, the reader's
account and access tools (登录 注册 / 登录 | 注册 / 我的 / 退出登录 / 无障碍 / Sign In / Register /
Subscribe), a breadcrumb, then the headline over its date/source line or an English byline. The
account line was taken for the headline of a Xinhua copy (`登录 注册`) and a Reuters copy
(`Sign In`). Account, subscription and accessibility words are chrome, never a title nor body
text; an English wire copy is titled by the headline right above its byline / dateline, whatever
section labels (China / Asia Pacific) stand above it.

Every fixture is invented (names, figures, dates); only the shapes are those of real pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from draftbot.sources.loader import load_file
from draftbot.sources.page_chrome import chrome_kind

D = dt.date

ZH_TITLE = "前11个月青禾省服务贸易规模稳步扩大"


def zh_copy(account: str, crumb: str = "新华网 > 财经 > 正文") -> str:
    return f"""新华网
首页 时政 国际 财经 科技 评论 图片 视频
{account}
{crumb}
{ZH_TITLE}
2026-12-15 10:41:06　来源：新华社
新华社北京12月15日电（记者 林一）记者15日从青禾省商务厅获悉，前11个月全省服务进出口总额达到654.3亿元，同比增长7.8%。
青禾省商务厅有关负责人表示，下一步将继续推动服务贸易创新发展，扩大优质服务进口。
【纠错】 责任编辑：张三
"""


EN_TITLE = "China's factory gate prices fall for a fourth month as demand stays soft"


def en_copy(account: list[str], byline: bool = True) -> str:
    lines = ["Skip to main content", "Exclusive news, data and analytics for financial market professionals", "Reuters",
             "World", "Business", "Markets", "Sustainability", *account, "China", "Asia Pacific", EN_TITLE]
    if byline:
        lines.append("By Jane Roe and Li Ming")
    lines += [
        "December 15, 2026 10:27 AM GMT+8 Updated 2 hours ago",
        "Summary",
        "Producer prices down 1.9% year on year in November",
        "Consumer inflation edges up to 0.6%",
        "BEIJING, Dec 15 (Reuters) - China's producer prices fell for a fourth straight month in November, official "
        "data showed on Monday, as weak demand at home weighed on factory margins.",
        "The producer price index fell 1.9% from a year earlier, the statistics bureau said, compared with a 2.1% decline in October.",
        "(Reporting by Jane Roe and Li Ming; Editing by Sam Holmes)",
        "Our Standards: The Thomson Reuters Trust Principles.",
    ]
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("account", ["登录 注册", "登录 | 注册", "登录｜注册", "我的", "退出登录", "无障碍", "无障碍 长者模式",
                                     "登录注册"])
def test_a_chinese_copy_is_titled_by_its_headline_not_the_account_line(tmp_path, account):
    s = load_file(write(tmp_path / "xinhua.txt", zh_copy(account)))
    assert s.title == ZH_TITLE
    assert (s.publisher, s.date) == ("新华社", D(2026, 12, 15))
    assert account not in s.text and "654.3亿元" in s.text


def test_a_path_down_to_the_article_is_a_breadcrumb(tmp_path):
    # no account line, the breadcrumb (site > column > 正文) only: not the title, not text
    text = zh_copy("登录 注册").replace("登录 注册\n", "")
    s = load_file(write(tmp_path / "xinhua.txt", text))
    assert s.title == ZH_TITLE
    assert "> 正文" not in s.text
    # a copy with no date/source line: the headline is still the first line that reads as one
    text = zh_copy("登录 | 注册").replace("2026-12-15 10:41:06　来源：新华社\n", "")
    s = load_file(write(tmp_path / "nodate.txt", text))
    assert s.title == ZH_TITLE
    assert "登录" not in s.text


@pytest.mark.parametrize("account", [["Sign In", "Register"], ["Sign In Register"], ["Subscribe", "Sign in"],
                                     ["My News", "Sign Out"], ["Log in | Register"]])
def test_an_english_wire_copy_is_titled_by_the_headline_above_its_byline(tmp_path, account):
    s = load_file(write(tmp_path / "reuters.txt", en_copy(account)))
    assert s.title == EN_TITLE
    assert (s.publisher, s.date) == ("Reuters", D(2026, 12, 15))
    for chrome in [*account, "Skip to main content", "Exclusive news", "Asia Pacific", "Our Standards"]:
        assert chrome not in s.text
    assert "Producer prices down 1.9%" in s.text  # the Summary's points are the story's
    assert "\nSummary\n" not in f"\n{s.text}\n"


def test_an_english_copy_with_only_a_dateline_is_titled_by_the_line_above_it(tmp_path):
    s = load_file(write(tmp_path / "reuters.txt", en_copy(["Sign In", "Register"], byline=False)))
    assert s.title == EN_TITLE


@pytest.mark.parametrize("line", ["登录 注册", "登录 | 注册", "我的", "退出登录", "无障碍", "Sign In", "Register", "Subscribe",
                                  "Sign In | Register", "Skip to main content",
                                  "Exclusive news, data and analytics for financial market professionals"])
def test_account_and_access_lines_are_chrome(line):
    assert chrome_kind(line) == "account"


@pytest.mark.parametrize("line", ["注册资本增长12.5%的企业达到3200家。", "登录人数超过1.2亿人次", "我的家乡变化大",
                                  "Register of companies grew by 4% in November.", "Subscribers to the service rose 8%",
                                  "Summary of the State Council meeting"])
def test_a_sentence_or_headline_that_mentions_them_is_not(line):
    assert chrome_kind(line) is None


def test_an_english_copy_keeps_its_headline_over_a_standfirst_and_unknown_buttons(tmp_path):
    # buttons no rule knows (Follow / Saved Stories) are a word or two; a standfirst under the
    # headline reads as one too, but the headline comes first
    text = en_copy(["Follow", "Saved Stories"]).replace(
        EN_TITLE + "\n", EN_TITLE + "\nWeak demand at home keeps pressure on factory margins into the new year\n")
    s = load_file(write(tmp_path / "reuters.txt", text))
    assert s.title == EN_TITLE


@pytest.mark.parametrize("line", [
    "本网站所刊载信息，不代表青禾新闻社和青禾网观点。 刊用本网站稿件，务经书面授权。",
    "未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。",
    "转载请注明来源：青禾日报",
])
def test_a_sites_terms_of_reuse_are_footer_though_they_are_sentences(line):
    assert chrome_kind(line) == "footer"


def test_an_article_sentence_on_reuse_rights_is_not_footer():
    assert chrome_kind("新规明确，平台未经作者同意使用作品的，应当依法承担赔偿责任并支付合理报酬。") is None
