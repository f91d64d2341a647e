"""Who published a page: the domain table, names found in bylines, and what is *not* a publisher.

The domain table maps a host (or any parent domain of it) to the name 参考文献 should show. Longer
suffixes win, so `data.stats.gov.cn` is 国家统计局 and `www.gov.cn` is 中国政府网. Provincial portals
are listed by their own domain; an unknown `*.gov.cn` is left unnamed rather than guessed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

DOMAINS: dict[str, str] = {
    "stats.gov.cn": "国家统计局",
    "gov.cn": "中国政府网",
    "www.gov.cn": "中国政府网",
    "ndrc.gov.cn": "国家发展改革委",
    "miit.gov.cn": "工业和信息化部",
    "mof.gov.cn": "财政部",
    "mofcom.gov.cn": "商务部",
    "pbc.gov.cn": "中国人民银行",
    "customs.gov.cn": "海关总署",
    "most.gov.cn": "科学技术部",
    "nda.gov.cn": "国家数据局",
    "samr.gov.cn": "国家市场监督管理总局",
    "mohrss.gov.cn": "人力资源社会保障部",
    "mee.gov.cn": "生态环境部",
    "mot.gov.cn": "交通运输部",
    "moa.gov.cn": "农业农村部",
    "mohurd.gov.cn": "住房城乡建设部",
    "mct.gov.cn": "文化和旅游部",
    "nea.gov.cn": "国家能源局",
    "safe.gov.cn": "国家外汇管理局",
    "csrc.gov.cn": "中国证监会",
    "nfra.gov.cn": "国家金融监督管理总局",
    "sasac.gov.cn": "国务院国资委",
    "chinatax.gov.cn": "国家税务总局",
    "cnipa.gov.cn": "国家知识产权局",
    "cac.gov.cn": "国家网信办",
    "scio.gov.cn": "国务院新闻办公室",
    "english.www.gov.cn": "The State Council of the PRC",
    "tjj.beijing.gov.cn": "北京市统计局",
    "tjj.sh.gov.cn": "上海市统计局",
    "stats.gd.gov.cn": "广东省统计局",
    "tjj.zj.gov.cn": "浙江省统计局",
    "tj.jiangsu.gov.cn": "江苏省统计局",
    "tjj.henan.gov.cn": "河南省统计局",
    "tjj.sc.gov.cn": "四川省统计局",
    "tjj.hubei.gov.cn": "湖北省统计局",
    "tjj.shandong.gov.cn": "山东省统计局",
    "tjj.cq.gov.cn": "重庆市统计局",
    "tjj.fujian.gov.cn": "福建省统计局",
    "tjj.hunan.gov.cn": "湖南省统计局",
    "tjj.ah.gov.cn": "安徽省统计局",
    "beijing.gov.cn": "北京市人民政府",
    "jiangsu.gov.cn": "江苏省人民政府",
    "sc.gov.cn": "四川省人民政府",
    "hubei.gov.cn": "湖北省人民政府",
    "shandong.gov.cn": "山东省人民政府",
    "fujian.gov.cn": "福建省人民政府",
    "hunan.gov.cn": "湖南省人民政府",
    "ah.gov.cn": "安徽省人民政府",
    "sh.gov.cn": "上海市人民政府",
    "gd.gov.cn": "广东省人民政府",
    "zj.gov.cn": "浙江省人民政府",
    "cq.gov.cn": "重庆市人民政府",
    "henan.gov.cn": "河南省人民政府",
    "zhoukou.gov.cn": "周口市人民政府",
    "xinhuanet.com": "新华社",
    "news.cn": "新华社",
    "people.com.cn": "人民网",
    "paper.people.com.cn": "人民日报",
    "cctv.com": "央视网",
    "chinanews.com.cn": "中国新闻网",
    "chinanews.com": "中国新闻网",
    "ce.cn": "中国经济网",
    "caijing.com.cn": "财经网",
    "bbtnews.com.cn": "北京商报",
    "toutiao.com": "今日头条",
    "thepaper.cn": "澎湃新闻",
    "yicai.com": "第一财经",
    "21jingji.com": "21世纪经济报道",
    "english.news.cn": "Xinhua",
    "chinadaily.com.cn": "中国日报网",
    "china.org.cn": "中国网",
    "china.com.cn": "中国网",
    "gmw.cn": "光明网",
    "cnr.cn": "央广网",
    "cri.cn": "国际在线",
    "jjckb.cn": "经济参考报",
    "cs.com.cn": "中国证券报",
    "stcn.com": "证券时报",
    "cnstock.com": "上海证券报",
    "eeo.com.cn": "经济观察网",
    "caixin.com": "财新网",
    "sina.com.cn": "新浪网",
    "163.com": "网易",
    "qq.com": "腾讯网",
    "ifeng.com": "凤凰网",
    "sohu.com": "搜狐网",
    "jiemian.com": "界面新闻",
    "guancha.cn": "观察者网",
    "en.people.cn": "People's Daily Online",
    "globaltimes.cn": "Global Times",
    "caixinglobal.com": "Caixin Global",
    "scmp.com": "South China Morning Post",
    "theguardian.com": "The Guardian",
    "afp.com": "AFP",
    "cnbc.com": "CNBC",
    "wsj.com": "The Wall Street Journal",
    "nikkei.com": "Nikkei Asia",
    "asia.nikkei.com": "Nikkei Asia",
    "reuters.com": "Reuters",
    "bloomberg.com": "Bloomberg",
    "apnews.com": "AP",
    "ft.com": "Financial Times",
    "cna.com.tw": "中央社",
    "rthk.hk": "香港電台",
}

# Wire and paper names as they appear in bylines and title suffixes -> the name we store.
ALIASES: dict[str, str] = {
    "新华社": "新华社",
    "新華社": "新华社",
    "人民日报": "人民日报",
    "人民網": "人民网",
    "人民网": "人民网",
    "中央社": "中央社",
    "路透社": "Reuters",
    "路透": "Reuters",
    "reuters": "Reuters",
    "bloomberg": "Bloomberg",
    "thomson reuters": "Reuters",
    "xinhua": "Xinhua",
    "xinhua news agency": "Xinhua",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "法新社": "AFP",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "美联社": "AP",
    "中新社": "中国新闻社",
    "中国新闻社": "中国新闻社",
    "中国新闻网": "中国新闻网",
    "中国政府网": "中国政府网",
    "国家统计局": "国家统计局",
    "今日头条": "今日头条",
    "财经网": "财经网",
}


# Only the site itself, not every subdomain: a county portal under gov.cn is not 中国政府网.
_EXACT_ONLY = {"gov.cn"}


def publisher_from_url(url: str | None) -> str:
    host = _host(url)
    exact = True
    while host:
        if host in DOMAINS and (exact or host not in _EXACT_ONLY):
            return DOMAINS[host]
        exact = False
        _, _, host = host.partition(".")
        if "." not in host:
            return ""
    return ""


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") and host != "www.gov.cn" else host


def canonical_publisher(name: str) -> str:
    """A known alias's stored name (路透社 -> Reuters); otherwise the name, trimmed and without any
    rights notice it was written with (`中国汽车工业协会 All Rights Reserved` -> `中国汽车工业协会`)."""
    name = strip_rights(" ".join(name.split())).strip(" 　:：,，。")
    name = _CHANNEL.sub("", name) or name
    return ALIASES.get(name, ALIASES.get(name.lower(), name))


# a site's channel after its name is not the publisher: 人民网－经济·科技频道, 中国经济网-宏观频道
_CHANNEL = re.compile(r"(?<=[网網站])\s*[－\-—–]\s*[\u4e00-\u9fff·・A-Za-z]{1,12}频道$")


# A rights notice is never part of a name: © / Copyright / (c) and the years after it, All Rights
# Reserved, 版权所有, 保留所有权利. Footers write them before, after and around the site's name:
#   版权所有 © 2015-2026 中国某某协会　All Rights Reserved      Copyright © 2026 某某网 版权所有
#   某某科技 Copyright 2003-2013 All Rights Reserved            某某公司 版权所有 保留所有权利
_YEARS = r"(?:19|20)\d{2}(?:\s*[-–—－~至]\s*(?:19|20)\d{2})?"
RIGHTS = re.compile(
    r"(?:copy\s*right[sc]?(?![a-z])|©|Ⓒ|\([cC]\)|（[cC]）|all\s+rights\s+reserved|版权所有|版權所有|"
    r"(?:并|並)?保留(?:所有|一切)(?:权利|權利))"
    rf"(?:[\s,.:：]*{_YEARS}(?![\d年]))?",
    re.I,
)
_EDGE_YEARS = re.compile(rf"^{_YEARS}(?![\d年])\s*|\s+{_YEARS}$")


def strip_rights(name: str) -> str:
    """`name` without the rights notice around it; the first piece of it that is left (the name is
    written before the notice or after it), or "" when it was all notice."""
    if not RIGHTS.search(name):
        return name
    for part in RIGHTS.split(name):
        part = _EDGE_YEARS.sub("", part.strip(" 　.,，。;；:：|｜-–—·")).strip(" 　.,，。;；:：|｜-–—·")
        if part:
            return part
    return ""


# A real publisher is an organisation: a wire, paper, site or government body. Editors' names
# (two or three Han characters with no organisation word), bare ids and e-mail addresses are not.
_ORG_WORD = re.compile(r"[社报网局部委院厅会府台司署办处站心所馆行组室中团刊网]|频道|日报|集团|政府|银行|新闻|统计|财经|电视|研究")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
_EN_ORG = re.compile(
    r"\b(?:Global|News|Times|Daily|Post|Press|Group|Agency|Journal|Review|Media|Online|Network|Bank|Bureau|"
    r"Ministry|Council|Office|Institute|Association|Commission|Administration|Herald|Tribune|Weekly|Wire|Insider|Economist)\b"
)
_ID = re.compile(r"^[\w\-./]*\d[\w\-./]*$")


_CMS_ACCOUNT = re.compile(r"(?:系统|网站|超级|信息)?管理员|admin(?:istrator)?|webmaster|编辑员|录入员", re.I)


def looks_like_publisher(name: str) -> bool:
    name = name.strip()
    if not name or len(name) > 40 or "@" in name or "http" in name.lower():
        return False
    if _ID.fullmatch(name) and not re.search(r"[A-Za-z]{3}", name):
        return False  # a CMS id such as 101_2024_0511
    if _CMS_ACCOUNT.fullmatch(name):
        return False  # 发布机构：系统管理员: the site's account that pressed publish, not a body
    if _PERSON.fullmatch(name) and not _ORG_WORD.search(name):
        return False  # 张伟, 王小明: an editor
    if canonical_publisher(name) in ALIASES.values():
        return True
    if _EN_ORG.search(name):
        return True  # Caixin Global, China Daily, Global Times: an organisation's words
    if re.fullmatch(r"(?:By\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}", name) and name.lower() not in ALIASES:
        return False  # an English personal name (a reporter), not a wire
    return True


# A 来源 line on a government page often names the office inside the body that wrote it, not the
# body: 国库司 on the finance ministry's site, 工业统计处 / 综合处 on a statistics bureau's, 新闻办 or
# 政策研究室 or 新闻发布中心 on the NDRC's. A citation names the body, so with the site's own name on the page the
# publisher is the site (see resolve.py). A division's name is short and carries no place or body
# word; a full name (国务院办公厅, 财政部办公厅, 安徽省人民政府办公厅) is a body in its own right.
_DIVISION = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:办公厅|办公室|司|处|科|室|办|中心)$")
# a body's word before the division: a place or level at the start (省政府办公厅 is handled apart), a
# ministry, bureau or government inside (财政部办公厅, 安徽省统计局综合处); 市场 / 城市 / 区域 are words
_BODY_WORD = re.compile(r"^(?:省|市(?!场)|县|区(?!域)|国务院|国家|中央|中共|中国|中华|全国)"
                        r"|(?<=.)(?:省|(?<!城)市(?!场)|县|部|委|局|院|署|厅|政府)(?=.)")
# short forms that are bodies, not divisions: 国新办, 国台办, 中央网信办, 港澳办 …
_STANDALONE = {"国新办", "国办", "中办", "国台办", "国侨办", "港澳办", "网信办", "外办", "侨办", "台办", "编办", "扶贫办"}
# 省政府办公厅 / 市政府办公室 / 区人民政府办公室: a government's general office with its place left out
_SHORT_GOV_OFFICE = re.compile(r"^(省|市|县|区|州|自治区)(?:人民)?政府(办公厅|办公室)$")
_PLACE = re.compile(r"^(?:中华人民共和国)?([\u4e00-\u9fff]{2,12}?(?:自治区|省|市|县|区|州))")


def is_division(name: str) -> bool:
    """An office or division named without its body: 国库司, 工业统计处, 综合处, 新闻办, 办公室."""
    name = name.strip()
    return (len(name) >= 2 and bool(_DIVISION.fullmatch(name)) and not _BODY_WORD.search(name)
            and name not in _STANDALONE and name not in ALIASES and name not in DOMAINS.values())


# A division written after its body: 国家统计局某某调查总队价格调查处, 某某省统计局综合处, 某某县统计局
# 综合科. The body is the name up to the first place where what follows is a bare division ending in
# 处 / 科 / 室 (not 办公室, a body's general office that issues in its own name, nor an office 驻… /
# 办事处 away from its body); a ministry's 司 stays (中国人民银行调查统计司 is how such pages are cited).
_BODY_END = re.compile(r"(?:局|厅|委|委员会|(?<![内外全局])部|署|总队|调查队|政府|办公厅|办公室)$")
_SUB_DIVISION = re.compile(r"(?:处|科|室)$")
_NOT_SUB_DIVISION = re.compile(r"^驻|办公室$|办事处$|联络处$")
# 国家统计局某某调查总队 / 国家统计局某某调查队: a survey team is part of the national bureau and is cited
# with it, however the 来源 shortens it (某某调查总队居民收支调查处) or what follows it (…网站, a division)
_SURVEY_TEAM = re.compile(r"^(?:国家统计局)?([\u4e00-\u9fff]{2,8}?调查(?:总)?队)(?=[\u4e00-\u9fff]*$)")
# a body's own site named as the source: 国家统计局网站, 某某省人民政府门户网站
# or its disclosure platform's: 中华人民共和国交通运输部 政府信息公开 (a logo's alt text)
_SITE_WORD = r"(?:门户网站|官方网站|网站|官网|政府信息公开(?:平台|专栏|网)?|信息公开(?:平台|专栏|网)?|政务公开)"
_OWN_SITE = re.compile(rf"^(.{{3,24}}?)\s*{_SITE_WORD}$")


def named_body(name: str) -> str:
    """The body to cite for a 来源 that names a body together with something below or beside it
    (a division, a survey team's short form, the body's website), or "" when `name` is no such name:
    国家统计局某某调查总队价格调查处 / 某某调查总队居民收支调查处 / 国家统计局某某调查总队网站 ->
    国家统计局某某调查总队; 某某省统计局综合处 -> 某某省统计局; 国家统计局网站 -> 国家统计局."""
    name = name.strip()
    team = _SURVEY_TEAM.match(name)
    if team and not re.match(r"^(?:统计|国家|经济|社会|城市|农村|住户)", team.group(1)):
        rest = name[team.end():]
        if not rest or re.fullmatch(_SITE_WORD, rest) or _is_sub_division(rest):
            return "国家统计局" + team.group(1)
    site = _OWN_SITE.fullmatch(name)
    if site and _BODY_END.search(site.group(1)):
        return named_body(site.group(1)) or site.group(1)
    for at in range(3, len(name) - 1):
        body, rest = name[:at], name[at:]
        if _BODY_END.search(body) and _is_sub_division(rest):
            return body
    return ""


# a release's title that opens with the body issuing it: 国家外汇管理局公布…, 国家统计局关于…的公告
_TITLE_BODY = re.compile(
    r"^((?:中华人民共和国)?[\u4e00-\u9fff]{2,14}?(?:局|部|委员会|委|署|银行|政府|办公厅))(?=关于|公布|发布|印发|召开|举行|就)")


def body_in_title(title: str) -> str:
    """The body a title opens with (国家外汇管理局公布… -> 国家外汇管理局), or ""."""
    m = _TITLE_BODY.match(title.strip())
    return m.group(1) if m and not is_division(m.group(1)) else ""


# a document's own title names who issued it: 国务院办公厅关于…的若干措施, 某某市人民政府办公厅关于印发…的通知
_ISSUED = re.compile(r"关于.{2,80}(?:通知|意见|决定|办法|规定|方案|措施|批复|公告|通告|细则|规划|计划|指导意见|实施意见)$")


def issuer_in_title(title: str) -> str:
    """The body a document's title says issued it (…关于…的通知), or ""."""
    t = title.strip()
    m = _TITLE_BODY.match(t)
    return m.group(1) if m and _ISSUED.match(t, m.end()) and not is_division(m.group(1)) else ""


def _is_sub_division(rest: str) -> bool:
    return bool(_SUB_DIVISION.search(rest)) and not _NOT_SUB_DIVISION.search(rest) and is_division(rest)


def body_of_division(name: str, site: str = "") -> str:
    """The name to cite for a 来源 that names `name` (on a page of the site `site`, when the page
    names its site), or "" when no rule applies. A name that carries its body gives that body, site
    or not (see `named_body`). A bare division gives the site's body (国库司 on 财政部's site ->
    财政部); a government's general office with its place left out takes the place from the site's
    name (省政府办公厅 on 安徽省人民政府's site -> 安徽省人民政府办公厅). The site must be a body's
    name (not itself a bare division)."""
    name, site = name.strip(), site.strip()
    body = named_body(name)
    if body and body != name:
        return body
    if not site or site == name or is_division(site):
        return ""
    short = _SHORT_GOV_OFFICE.fullmatch(name)
    if short:
        place = _PLACE.match(site)
        if place and place.group(1).endswith(short.group(1)) and (
            short.group(1) != "区" or not place.group(1).endswith("自治区")):
            return f"{place.group(1)}人民政府{short.group(2)}"
        return ""
    return site if is_division(name) or _inner_bureau(name, site) else ""


# a ministry's own 局 named bare (运行监测协调局 on 工业和信息化部's site): no place or nation before it
_MINISTRY = re.compile(r"(?:部|委员会|委|总署|银行)$")


def _inner_bureau(name: str, site: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,8}局", name)) and not _BODY_WORD.search(name) \
        and not _PLACE.match(name) and bool(_MINISTRY.search(site))
