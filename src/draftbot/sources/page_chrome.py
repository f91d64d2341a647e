"""Lines of a page that are the site around the article, not the article: what a browser prints
(or a writer copies) along with the story. Used for printed PDFs, pasted text and page bodies.

    首页 政务公开 办事服务 互动交流 数据发布          <- navigation (short items, no sentence)
    当前位置：首页 > 数据 > 数据解读                  <- breadcrumb
    分享到：微信 微博   【打印】【关闭】  字号：大 中 小  <- share / tools
    [图] 港口集装箱码头（资料图）   FILE PHOTO: ...    <- image captions
    登录 注册   我的   无障碍   Sign In   Register      <- the reader's account, access tools
    Skip to main content                              <- the site's own lines for screen readers
    版权所有：国家统计局  京ICP备05034670号  © 2025 Reuters  <- footer
    Our Standards: The Thomson Reuters Trust Principles.     <- footer (the site's editorial standards)
    2025/9/9 10:23  页面标题_国家统计局                 <- a browser's print header (print time)
    https://www.stats.gov.cn/sj/zxfb/202509/t2025..  1/3  <- its print footer (the address)

Each rule is about the shape of a line (separators, tool words, a footer mark), never one site.
A line that reads as a sentence is never chrome.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from .doc_head import collapse_spaced

_BREADCRUMB = re.compile(
    r"^(?:当前位置|您的位置|您当前的位置|您当前位置|您现在的位置|你的位置|你当前的位置|你现在的位置|现在位置|所在位置|位置)\s*[:：]|"
    r"(?:首页|首\s+页|主页|网站首页)\s*(?:>|＞|»|›|/|-{1,2}>?)|^(?:Home|HOME)\s*(?:>|»|›)|"
    # 新华网 > 财经 > 正文: the site's path down to the article it stands over
    r"^[^。！？]{1,60}(?:>|＞|»|›)\s*(?:正文|正\s+文|内容|详情|文章)\s*$|"
    # 人民网>>经济·科技 / 中国经济网 > 宏观 > 数据: only short names joined by path arrows, from a
    # site's name or across three levels (收入>支出 alone is no path)
    r"^[\u4e00-\u9fffA-Za-z·・ ]{1,11}(?:网|網|站|局|部|委|厅|政府|频道|报|社|台)(?:\s*(?:>>?|＞＞?|»|›)\s*[\u4e00-\u9fffA-Za-z·・ ]{1,12}){1,5}\s*(?:>>?|＞＞?|»|›)?$|"
    r"^[\u4e00-\u9fffA-Za-z·・ ]{2,12}(?:\s*(?:>>?|＞＞?|»|›)\s*[\u4e00-\u9fffA-Za-z·・ ]{1,12}){2,5}\s*(?:>>?|＞＞?|»|›)?$",
)
_TOOLS = re.compile(
    r"分享到|分享至|扫一扫|扫描二维码|打印本页|关闭窗口|收藏本页|复制链接|【\s*(?:打印|关闭|大|中|小|收藏|纠错)\s*】|"
    r"\[\s*(?:打印|关闭|收藏)\s*\]|字号\s*[:：]?\s*(?:[大中小]|[AＡ]\s*[+\-＋－])|字体\s*[:：]?\s*[大中小]|"
    r"^(?:[AＡ]\s*[+\-＋－]?\s*){2,4}$|^(?:分享|打印|关闭|返回顶部|返回|上一篇|下一篇|扫码阅读)(?:\s*[:：]|\s|$)|"
    r"^(?:Share|Share this article|Print|Email|Tweet|Save|Listen(?: to this article)?)"
    r"(?:\s*[|·•/]?\s*(?:Share|Print|Email|Tweet|Save|Facebook|Twitter|X|LinkedIn|WhatsApp|Copy link))*$"
)
_FOOTER = re.compile(
    r"版权所有|版權所有|ICP\s*[备證证]|公网安备|网站标识码|主办单位|承办单位|主办\s*[:：]|承办\s*[:：]|技术支持\s*[:：]|"
    r"联系我们|网站地图|网站声明|隐私政策|Copyright|©|All [Rr]ights [Rr]eserved|Terms of (?:Use|Service)|Privacy Policy|Cookie|"

    # the site's statement of its editorial standards under every story: Our Standards: The Thomson
    # Reuters Trust Principles. / Editorial Standards / Learn more about our editorial guidelines
    r"^(?:Our|Editorial) (?:Standards|Principles|Guidelines|Policies)\b|\bTrust Principles\b|"
    r"^(?:Learn|Read) more about (?:our|how we) (?:editorial )?(?:standards|principles|guidelines|policies)"
)
# the site's terms of reuse under every story (刊用本网站稿件，务经书面授权; 未经授权禁止转载…;
# 本网站所刊载信息，不代表…观点): full sentences, but never the article's
_TERMS = re.compile(r"务经书面授权|未经(?:书面)?(?:授权|许可)[，,]?\s*(?:禁止|不得|严禁)|转载请注明|依法追究(?:其)?法律责任"
                    r"|本(?:网|网站|站)所刊(?:载|登)的?(?:信息|内容|稿件)|不代表本?\S{0,12}(?:观点|立场)")
_CAPTION = re.compile(
    r"^(?:\[图\]|【图】|\[图片\]|图\s*[:：]|图为|（图片来源|\(图片来源|（资料图|\(资料图|FILE PHOTO|File photo|Photo\s*:|PHOTO\s*:|"
    r"图片来源\s*[:：]|摄影\s*[:：])|REUTERS/[A-Z]|\b(?:Getty Images|AFP via Getty)\b"
)
_EDITOR = re.compile(r"^[（(【\[]?\s*(?:责任编辑|責任編輯|编辑|編輯|校对|审核|Editor)\s*[:：]|^\(?(?:Reporting|Writing|Editing) by\b")
# The reader's account and the page's access tools, never the article: 登录 注册 / 登录 | 注册 / 我的 /
# 退出登录 / 无障碍 / 长者模式 / Sign In / Register / Subscribe / My News, a line of nothing else; and a
# site's own lines for screen readers and its tagline over every page (Skip to main content).
_ACCOUNT_WORDS = (
    "登录", "登陆", "注册", "免费注册", "立即注册", "立即登录", "请登录", "登录注册", "注册登录", "我的", "我的账户", "我的账号",
    "我的订阅", "我的收藏", "个人中心", "用户中心", "会员中心", "退出", "退出登录", "注销", "订阅", "订阅号", "无障碍",
    "无障碍浏览", "无障碍阅读", "长者模式", "关怀版", "关怀模式", "适老化", "老年版", "读屏", "读屏专用", "游客",
    "Sign In", "Sign in", "Sign Out", "Sign out", "Sign Up", "Sign up", "Log In", "Log in", "Login", "Log Out", "Log out",
    "Logout", "Register", "Subscribe", "Subscribe now", "Subscribe Now", "My Account", "My account", "Account", "My News",
    "My View", "My Profile", "Profile", "Newsletters", "Accessibility", "Create account", "Create an account",
)
_ACCOUNT = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(_ACCOUNT_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s*(?:[|｜/·•、]\s*)?(?:" + "|".join(re.escape(w) for w in sorted(_ACCOUNT_WORDS, key=len, reverse=True)) + r"))*$"
)
_SITE_LINE = re.compile(
    r"^(?:Skip to (?:main )?content|Skip to (?:main )?navigation|Skip navigation|Jump to content|跳过导航|跳转到主要内容|"
    r"Exclusive news, data and analytics for financial market professionals)\.?$",
    re.I,
)
# a copied page's label over the wire's bullet points under its headline: the points are the story's
_SECTION_LABEL = re.compile(r"^(?:Summary|Key points|Highlights)$")
_RELATED = re.compile(r"^(?:相关新闻|相关阅读|相关链接|相关稿件|延伸阅读|推荐阅读|热点推荐|热门推荐|猜你喜欢|Related(?: coverage| stories| articles)?|Read more|More from|Most read|Recommended)\s*[:：]?$", re.I)
_PRINT_HEAD = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?(?:\s+\S.*)?$")
_META_WORDS = re.compile(r"来源|來源|(?:发布|發布|更新)(?:时间|時間|日期)|(?:时间|時間|日期)\s*[:：]|作者|记者|编辑|浏览|阅读|Source\s*:|\bBy ", re.I)
_PRINT_URL = re.compile(
    r"^(?:(?:原文链接|原文地址|原文網址|Original Article URL|Source URL|URL)\s*[:：]\s*)?((?:https?://|www\.)\S+)(?:\s+\d{1,3}\s*/\s*\d{1,3})?$|^about:blank"
)
_SENTENCE = re.compile(r"[。！？!?；;]|[a-z]{2,}[.,] [a-z]")
_NAV_WORDS = {
    "首页", "新闻", "要闻", "资讯", "政务公开", "信息公开", "办事服务", "网上办事", "互动交流", "政民互动", "数据", "数据发布",
    "统计数据", "数据查询", "统计知识", "机构", "机构职能", "走进", "专题", "专题专栏", "视频", "图片", "国内", "国际",
    "财经", "时政", "评论", "社会", "科技", "English", "无障碍", "登录", "注册", "搜索", "繁体", "简体", "手机版", "客户端",
    "政策", "政策文件", "解读", "政策解读", "通知公告", "公告", "工作动态", "领导信息", "新闻发布", "数据解读", "地方",
    "Home", "News", "World", "Business", "Markets", "Economy", "Sport", "Sports", "Opinion", "Tech", "Technology",
    "Politics", "Video", "Life", "Culture", "Travel", "Menu", "Search", "Subscribe", "Sign", "in", "Sign in", "Log in",
    "China", "Asia", "Europe", "Americas", "Africa", "Finance", "Science", "Health", "Live", "Podcasts", "Newsletters",
}
_NAV_SPLIT = re.compile(r"\s*[|｜·•/]\s*|\s{2,}|\t|\s+")


class Chrome(BaseModel):
    """A page's lines sorted into the article and the rest."""

    kept: list[str] = Field(default_factory=list)
    kept_at: list[int] = Field(default_factory=list)  # where each kept line was in the input
    dropped: list[str] = Field(default_factory=list)
    # furniture above the body's first paragraph, but not the browser's print header: the line
    # that carries the page's date and source (`2026-10-20 10:00　来源：X　字号：大 中 小`)
    head: list[str] = Field(default_factory=list)
    print_url: str = ""  # the address a browser printed at the foot of the page


def chrome_kind(line: str) -> str | None:
    """What kind of page furniture `line` is, or None when it may be the article."""
    s = " ".join(line.split())
    if not s:
        return None
    if _PRINT_URL.match(s):
        return "print footer"
    if _PRINT_HEAD.match(s) and not _SENTENCE.search(s) and not _META_WORDS.search(s):
        return "print header"
    if _BREADCRUMB.search(s) and len(s) <= 120:
        return "breadcrumb"
    if _ACCOUNT.match(s) or _SITE_LINE.match(s):
        return "account"
    if _SECTION_LABEL.match(s):
        return "label"
    if len(s) <= 80 and _TOOLS.search(s) and not _long_sentence(s):
        return "tools"
    if len(s) <= 160 and (_FOOTER.search(s) and not _long_sentence(s) or _TERMS.search(s)):
        return "footer"
    if _CAPTION.search(s) and len(s) <= 160:
        return "caption"
    if len(s) <= 160 and _EDITOR.match(s):
        return "editor"
    if _is_nav(s):
        return "navigation"
    return None


def strip_chrome(lines: list[str]) -> Chrome:
    """Drop page furniture; after a 相关新闻 / Related heading, drop the short link lines under it."""
    out = Chrome()
    in_related = False
    body = False  # the body's first paragraph was kept
    seen: set[str] = set()
    menu = _site_above(lines)
    for i, line in enumerate(lines):
        s = line.strip()
        if i in menu:
            out.dropped.append(line)
            out.head.append(line)
            continue
        if in_related and s and len(s) <= 60 and not _SENTENCE.search(s[-1:] or ""):
            out.dropped.append(line)
            continue
        in_related = bool(_RELATED.match(s))
        kind = "related" if in_related else chrome_kind(s)
        if kind == "print header" and i >= 2 and s not in seen:
            kind = None  # a time line inside the page (`2025/06/09 09:30 | Aa 字体`): the browser's sits on top
        seen.add(s)
        if kind is None:
            out.kept.append(line)
            out.kept_at.append(i)
            body = body or _long_sentence(s)
            continue
        out.dropped.append(line)
        if not body and kind != "print header":
            out.head.append(line)
        m = _PRINT_URL.match(" ".join(s.split()))
        if kind == "print footer" and m and m.group(1) and not out.print_url:
            url = m.group(1)
            out.print_url = url if url.startswith("http") else "http://" + url
    return out


_MENU_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z ·・]{1,8}")  # 经济·科技: one item of a channel menu
MENU_RUN = 4
# a table's header cells, one a line in a PDF's text, are no menu
_TABLE_HEAD = re.compile(r"指标|单位|绝对数|增长|增速|比重|同比|环比|合计|总计|项目|名称|数量|金额|累计|本期|上期")


# Ministry of Commerce of the People's Republic of China: a Chinese site's English name under its logo
_EN_ORG = re.compile(r"^(?:[A-Z][\w'.&-]*|of|the|and|for)(?:\s+(?:[A-Z][\w'.&-]*|of|the|and|for))*$")
_EN_ORG_NOUN = re.compile(r"\b(?:Ministry|Bureau|Administration|Commission|Government|Council|Office|Committee|"
                          r"Department|Bank|Customs|Statistics|Municipal|Provincial)\b")


def _site_above(lines: list[str]) -> set[int]:
    """Above the article of a Chinese page copied with its site (Ctrl+A): a menu, runs of at least
    MENU_RUN short lines of words alone (无障碍 / 长者模式 / 繁體 / 首页 / 机构概况 …), one item a
    line; and the site's English name under its logo (an organisation's name in English words)."""
    out: set[int] = set()
    run: list[int] = []
    chinese = len(re.findall(r"[\u4e00-\u9fff]", "".join(lines))) > len("".join(lines)) // 3
    for i, line in enumerate(lines):
        s = line.strip()
        if _long_sentence(s):
            break
        if not s:
            continue
        # (alone, or after the Chinese name on the logo's line: 国家统计局 National Bureau of Statistics)
        english = re.sub(r"^[\u4e00-\u9fff]{2,20}\s+(?=[A-Z])", "", s)
        if chinese and len(english) <= 80 and _EN_ORG.match(english) and _EN_ORG_NOUN.search(english) \
                and (" of " in f" {english} " or english != s):
            out.add(i)
            continue
        if _MENU_ITEM.fullmatch(s) and not _TABLE_HEAD.search(s):
            run.append(i)
            continue
        if len(run) >= MENU_RUN:
            out.update(run)
        run = []
    if len(run) >= MENU_RUN:
        out.update(run)
    return out


def _long_sentence(s: str) -> bool:
    """A real sentence that merely mentions 分享 or © is article text."""
    english = len(re.findall(r"\b[a-z]{2,}\b", s)) >= 6 and s.rstrip().endswith(".")
    return len(s) > 40 and (bool(re.search(r"[。！？]", s)) or english)


def _is_nav(s: str) -> bool:
    if _SENTENCE.search(s) or collapse_spaced(s) != s or len(s) > 120:
        return False
    words = s.split()
    if len(words) == 1:
        return s in _NAV_WORDS
    items = [t for t in _NAV_SPLIT.split(s) if t]
    if len(items) < 3:
        return False
    known = sum(1 for t in items if t in _NAV_WORDS)
    if known * 2 >= len(items):
        return True
    # 经济日报 | 中国经济周刊 | 经济网移动版: short names between bars, the site's other products
    bars = [t for t in re.split(r"\s*[|｜]\s*", s) if t]
    if len(bars) >= 3 and all(len(t) <= 10 and not re.search(r"\d", t) for t in bars):
        return True
    # 首 页 政 务 公 开 …: a menu spaced out for width; or many very short Chinese items
    short = sum(1 for t in items if len(t) <= 6 and not re.search(r"\d", t))
    han = all(re.fullmatch(r"[\u4e00-\u9fff]+", t) for t in items)
    return han and len(items) >= 5 and short == len(items)
