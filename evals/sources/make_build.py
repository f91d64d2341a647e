"""Writes the build part of the sources measure: evals/sources/shapes/* and its expected.yaml.

    python evals/sources/make_build.py

Each file is one story (stories.py) dressed the way a publisher's page, a printed page, a DOCX
notice or a pasted text really looks (shapes noted from real public pages: header logo, menu,
breadcrumb, 来源/发布时间 line, dateline, share tools, editor line, copyright footer, print header
and footer). PDFs use the test suite's hand-built PDF writer; DOCX files python-docx.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))
sys.path.insert(0, str(HERE))
from real_sources_make import pdf_bytes  # noqa: E402
from stories import EN, ZH  # noqa: E402

OUT = HERE / "shapes"
MONTHS = "January February March April May June July August September October November December".split()


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def _md(s: str) -> str:
    d = _d(s)
    return f"{d.month}月{d.day}日"


def _en(s: str) -> str:
    d = _d(s)
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _ps(paras: list[str]) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paras)


# ------------------------------------------------------------------ page shapes


def stats_html(site, host, story, date, variant="source", source=None):
    title, paras = story
    info = (f"<div class='info'>发布时间：{date} 09:30　　来源：{source or site}　　【字号：大 中 小】</div>" if variant == "source"
            else f"<div class='info'>{date.replace('-', '/')} 09:30 | Aa 字体：</div>")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_{site}</title>
<link rel="canonical" href="https://{host}/sj/zxfb/{date[:7].replace('-', '')}/t{date.replace('-', '')}_19{len(title)}.html"></head>
<body><div class="logo"><img src="/images/logo.png" alt="{site}"></div>
<ul class="nav"><li>首页</li><li>新闻</li><li>数据</li><li>政务公开</li><li>互动交流</li></ul>
<div class="crumb">当前位置：首页 &gt; 数据 &gt; 数据发布</div>
<h1>{title}</h1>{info}<div class="TRS_Editor">{_ps(paras)}</div>
<div class="share">分享到：微信 微博</div>
<div class="footer">版权所有：{site}　地址：某市某路1号　京ICP备05034670号</div></body></html>"""


def gov_html(site, host, story, date, source=None, trs=False, signer=None, signdate=None, docnum=None):
    title, paras = story
    meta = f"<meta name='ArticleTitle' content='{title}'><meta name='PubDate' content='{date} 10:00'>" if trs else ""
    meta += f"<meta name='ContentSource' content='{source}'>" if trs and source else ""
    src_line = f"<div class='pages-date'>{date} 10:00　来源：{source}</div>" if source and not trs else f"<div class='pages-date'>{date} 10:00</div>"
    body = ([f"<p>{docnum}</p>"] if docnum else []) + [f"<p>{p}</p>" for p in paras]
    if signer:
        body += [f"<p style='text-align:right'>{signer}</p>", f"<p style='text-align:right'>{signdate}</p>"]
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_{site}</title>{meta}
<meta property="og:url" content="https://{host}/art/{date[:4]}/{date[5:7]}/{date[8:]}/art_{len(title)}.html"></head>
<body><div class="header"><div class="logo">{site}</div>
<div class="nav">首页 政务公开 政务服务 互动交流 数据发布</div></div>
<div class="position">您的位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<h1>{title}</h1>{src_line}<div class="article">{''.join(body)}</div>
<div class="tools">【打印本页】【关闭窗口】</div>
<div class="footer">主办单位：{site}　网站标识码1100000088　ICP备05070218号</div></body></html>"""


def wire_html(portal, host, agency, city, story, date, with_source=True):
    title, paras = story
    src = f"<span>来源：{agency}</span>" if with_source else ""
    first = f"{agency}{city}{_md(date)}电（记者 周明）{paras[0]}"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}-{portal}</title>
<link rel="canonical" href="https://{host}/fortune/{date.replace('-', '')}/c8f2a{len(title)}/c.html"></head>
<body><div class="logo"><a href="/">{portal}</a></div><div class="nav">首页 时政 国际 财经 科技 视频</div>
<div class="head"><h1>{title}</h1><div class="info"><span>{date} 11:20:05</span> {src}</div></div>
<div id="detail">{_ps([first] + paras[1:])}</div>
<div class="editor">【责任编辑：陈晨】</div>
<div class="foot">Copyright © 2000-2025 {portal} All Rights Reserved.</div></body></html>"""


def reprint_html(portal, host, site_name, credited, story, date, form="来源"):
    title, paras = story
    credit = {"来源": f"来源：{credited}", "转自": f"本文转自：{credited}", "span": f"<span class='source'>来源：{credited}</span>"}[form]
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_{portal}</title>
<meta property="og:site_name" content="{site_name}"><meta property="og:url" content="https://{host}/article/{date.replace('-', '')}/A{len(title)}.html"></head>
<body><div class="topbar">{portal}首页 | 新闻 | 财经 | 科技 | 汽车 | 房产</div>
<h1>{title}</h1><div class="post_info">{date} 07:45:12　{credit}</div>
<div class="post_body">{_ps(paras)}</div><p class="ep-editor">责任编辑：王蕾</p>
<div class="footer">{portal} 版权所有 © 1997-2025</div></body></html>"""


def paper_html(paper, host, story, date, agency=None, city="北京"):
    title, paras = story
    first = f"{agency}{city}{_md(date)}电　{paras[0]}" if agency else f"本报记者　李航　{paras[0]}"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - {paper}</title>
<meta property="og:url" content="http://{host}/paper/html/{date[:7]}/{date[8:]}/nw.D110000_{len(title)}.htm"></head>
<body><div class="logo">{paper}</div><div class="nav">首页 要闻 经济 评论 国际 图片</div>
<h1>{title}</h1><div class="article">{_ps([first] + paras[1:])}</div>
<p class="date">《{paper}》（ {date[:4]}年{date[5:7]}月{date[8:]}日 02 版）</p>
<div class="footer">{paper}社 版权所有</div></body></html>"""


def en_wire_html(site, host, agency, city, story, date, saved=True):
    title, paras = story
    d = _d(date)
    first = f"{city}, {MONTHS[d.month - 1][:3]} {d.day} ({agency}) - {paras[0]}"
    saved_line = f"<!-- saved from url=(0090)https://{host}/world/china/story-{date}/ -->" if saved else ""
    return f"""<!DOCTYPE html>{saved_line}<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title></head>
<body><nav><a>World</a> <a>Business</a> <a>Markets</a> <a>Tech</a></nav><main><article>
<h1>{title}</h1><div class="byline">By Liz Lee</div>
{_ps([first] + paras[1:])}<p>(Reporting by Liz Lee; Editing by Ros Russell)</p></article></main>
<footer>© {d.year} {site}. All rights reserved.</footer></body></html>"""


def en_site_html(site, host, story, date, credit_line=None):
    """An English site named only in its <title> suffix and its address (saved-from comment)."""
    title, paras = story
    credit = f"<div class='info'>{credit_line}</div>" if credit_line else f"<div class='info'>Updated: {_en(date)}</div>"
    return f"""<!DOCTYPE html>
<!-- saved from url=(0080)https://{host}/a/{date[:7].replace('-', '')}/{date[8:]}/WS68{len(title)}.html -->
<html lang="en"><head><meta charset="utf-8"><title>{title} - {site}</title></head>
<body><div class="topnav">Home | China | World | Business | Opinion | Culture</div>
<h1>{title}</h1>{credit}<div id="Content">{_ps(paras)}</div>
<div class="share">Share Print Email</div></body></html>"""


def printed_pdf(lines_top, headline, meta, paras, tail, url, printed):
    lines = [printed, *lines_top, headline, meta, "【字体：大 中 小】 打印本页 分享到", *paras, "[图] 现场图片（资料图）", *tail, f"{url} 1/1"]
    return pdf_bytes([lines], author="user", created="D:20250701083000+08'00'")  # created: the print day, never the answer


def docx_file(paragraphs, created):
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.core_properties.author = "Administrator"
    d.core_properties.created = created
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def txt_title(title, meta, paras, tail=()):
    return "\n\n".join([title, meta, *paras, *tail]) + "\n"


# ------------------------------------------------------------------ the set


def build() -> dict:
    exp: dict = {}
    files: dict[str, bytes | str] = {}

    def add(name, data, shape, title, publisher, date, body, not_in=()):
        files[name] = data
        exp[name] = {"shape": shape, "title": title, "publisher": publisher, "date": date, "body": body, "not_in_body": list(not_in)}

    chrome_zh = ["当前位置", "分享到", "ICP备", "政务公开"]
    s = ZH["cpi"]
    add("b01_nbs_cpi.html", stats_html("国家统计局", "www.stats.gov.cn", s, "2025-06-09"), "stats-national", s[0], "国家统计局", "2025-06-09", "环比下降0.2%", chrome_zh)
    s = ZH["ppi"]
    add("b02_nbs_ppi.html", stats_html("国家统计局", "www.stats.gov.cn", s, "2025-06-09", "nosource"), "stats-national", s[0], "国家统计局", "2025-06-09", "环比下降0.4%", chrome_zh + ["Aa 字体"])
    s = ZH["ind"]
    add("b03_nbs_ind_printed.pdf", printed_pdf(["国家统计局", "首页 机构 新闻 数据 公开 服务 互动 知识"], s[0], "发布时间：2025-06-16 10:00 来源：国家统计局", s[1], ["版权所有：国家统计局 京ICP备05034670号"],
                                               "https://www.stats.gov.cn/sj/zxfb/202506/t20250616_1960199.html", "2025/7/1 08:30 " + s[0] + "_国家统计局"),
        "printed-pdf", s[0], "国家统计局", "2025-06-16", "制造业增长6.2%", ["首页 机构", "版权所有", "[图]", "打印本页", "2025/7/1"])
    s = ZH["retail"]
    add("b04_nbs_retail.txt", txt_title(s[0], "2025-06-16 10:00　来源：国家统计局", s[1]), "text-title", s[0], "国家统计局", "2025-06-16", "41326亿元")
    s = ZH["gd_gdp"]
    add("b05_gd_stats.html", stats_html("广东省统计局", "stats.gd.gov.cn", s, "2025-04-22"), "stats-provincial", s[0], "广东省统计局", "2025-04-22", "33998.96亿元", chrome_zh)
    s = ZH["zj_ind"]
    add("b06_zj_stats.html", stats_html("浙江省统计局", "tjj.zj.gov.cn", s, "2025-06-17", "nosource"), "stats-provincial", s[0], "浙江省统计局", "2025-06-17", "增长9.6%", chrome_zh)
    s = ZH["bj_income"]
    add("b07_bj_stats_printed.pdf", printed_pdf(["北京市统计局", "首页 统计数据 统计分析 政务公开 互动交流"], s[0], "发布日期：2025-07-16 来源：北京市统计局", s[1], ["主办：北京市统计局 京ICP备05060933号"],
                                                "https://tjj.beijing.gov.cn/tjsj_31433/sjjd_31444/202507/t20250716_4145.html", "2025/7/17 09:12 " + s[0]),
        "printed-pdf", s[0], "北京市统计局", "2025-07-16", "44921元", ["首页 统计数据", "京ICP备", "[图]", "2025/7/17"])
    s = ZH["sc_price"]
    add("b08_sc_stats.md", f"# {s[0]}\n\n来源：四川省统计局　发布时间：2025-06-13\n\n" + "\n\n".join(s[1]) + "\n", "markdown", s[0], "四川省统计局", "2025-06-13", "环比下降0.3%")
    s = ZH["cq_invest"]
    add("b09_cq_stats.txt", txt_title(s[0], "发布时间：2025-06-18 15:00　信息来源：重庆市统计局", s[1], ["版权所有：重庆市统计局"]), "text-title", s[0], "重庆市统计局", "2025-06-18", "工业投资增长10.2%", ["版权所有"])
    s = ZH["customs"]
    add("b10_customs.html", gov_html("海关总署", "www.customs.gov.cn", s, "2025-06-09", source="海关总署"), "ministry", s[0], "海关总署", "2025-06-09", "17.94万亿元", ["您的位置", "打印本页", "网站标识码", "政务服务"])
    s = ZH["mof_rev"]
    add("b11_mof_trs.html", gov_html("财政部", "gks.mof.gov.cn", s, "2025-06-20", source="国库司", trs=True), "ministry", s[0], "财政部", "2025-06-20", "96623亿元", ["您的位置", "打印本页"])
    s = ZH["miit_5g"]
    add("b12_miit_printed.pdf", printed_pdf(["工业和信息化部", "首页 新闻发布 政务公开 政务服务 互动交流"], s[0], "发布时间：2025-06-20 来源：运行监测协调局", s[1], ["版权所有：工业和信息化部 京ICP备04000001号"],
                                            "https://www.miit.gov.cn/gxsj/tjfx/txy/art/2025/art_5g.html", "2025/6/21 10:10 " + s[0] + "_工业和信息化部"),
        "printed-pdf", s[0], "运行监测协调局", "2025-06-20", "448.6万个", ["首页 新闻发布", "版权所有", "[图]", "2025/6/21"])
    s = ZH["mofcom_fdi"]
    add("b13_mofcom.html", gov_html("商务部", "www.mofcom.gov.cn", s, "2025-06-19", source="外国投资管理司"), "ministry", s[0], "商务部", "2025-06-19", "24018家", ["您的位置", "打印本页"])
    s = ZH["mohrss_jobs"]
    add("b14_mohrss_copied.txt", "首页 机构概况 政务公开 政务服务 互动交流\n当前位置：首页 > 新闻中心 > 人社新闻\n" + txt_title(s[0], "发布日期：2025-06-25　来源：人力资源社会保障部", s[1], ["【打印本页】【关闭窗口】", "版权所有：中华人民共和国人力资源和社会保障部"]),
        "text-title", s[0], "人力资源社会保障部", "2025-06-25", "542万人", ["当前位置", "打印本页", "版权所有", "机构概况"])
    s = ZH["pbc_tsf"]
    add("b15_pbc.md", f"# {s[0]}\n\n2025-06-13 17:00 来源：中国人民银行调查统计司\n\n" + "\n\n".join(s[1]) + "\n", "markdown", s[0], "中国人民银行调查统计司", "2025-06-13", "426.16万亿元")
    s = ZH["nea_solar"]
    add("b16_nea.txt", txt_title(s[0], "2025-06-23　来源：国家能源局", s[1], ["主办单位：国家能源局　京ICP备11044902号"]), "text-title", s[0], "国家能源局", "2025-06-23", "197.85吉瓦", ["主办单位"])
    s = ZH["henan_plan"]
    add("b17_henan_notice.docx", docx_file(["河 南 省 人 民 政 府", s[0], "豫政〔2025〕21号", *s[1], "河南省人民政府", "2025年6月10日"], dt.datetime(2025, 6, 12, 9)),
        "docx", s[0], "河南省人民政府", "2025-06-10", "培育省级智能工厂500个")
    s = ZH["js_notice"]
    add("b18_js_notice.html", gov_html("江苏省人民政府", "www.jiangsu.gov.cn", s, "2025-06-06", trs=True, signer="江苏省人民政府", signdate="2025年6月4日", docnum="苏政发〔2025〕45号"),
        "provincial-gov", s[0], "江苏省人民政府", "2025-06-06", "8000亿元", ["您的位置", "打印本页"])
    s = ZH["hb_grain"]
    add("b19_hb_reprint.html", gov_html("湖北省人民政府", "www.hubei.gov.cn", s, "2025-06-27", source="湖北日报"), "provincial-gov", s[0], "湖北日报", "2025-06-27", "517.6万吨", ["您的位置", "打印本页"])
    s = ZH["sh_trade"]
    add("b20_sh_gov.html", gov_html("上海市人民政府", "www.shanghai.gov.cn", s, "2025-06-20", source="上海海关"), "provincial-gov", s[0], "上海海关", "2025-06-20", "4.35万亿元", ["您的位置"])
    s = ZH["xh_tourism"]
    add("b21_xinhua_wire.html", wire_html("新华网", "www.news.cn", "新华社", "北京", s, "2025-06-02"), "news-agency", s[0], "新华社", "2025-06-02", "427.3亿元", ["责任编辑", "All Rights Reserved", "时政 国际"])
    s = ZH["xh_grain"]
    add("b22_xinhua_wire.docx", docx_file([f"新华社北京{_md('2025-06-11')}电", s[0], *s[1]], dt.datetime(2025, 6, 12, 8)), "docx", s[0], "新华社", "2025-06-11", "麦收进度过七成")
    s = ZH["cns_box"]
    add("b23_cns_wire.html", wire_html("中国新闻网", "www.chinanews.com.cn", "中新社", "北京", s, "2025-07-28", with_source=False), "news-agency", s[0], "中国新闻社", "2025-07-28", "1.2亿", ["责任编辑"])
    s = ZH["reprint_power"]
    add("b24_163_reprint.html", reprint_html("网易", "www.163.com", "网易新闻", "新华社", s, "2025-06-20", form="转自"), "portal-reprint", s[0], "新华社", "2025-06-20", "8096亿千瓦时", ["责任编辑", "版权所有"])
    s = ZH["reprint_post"]
    add("b25_toutiao_reprint.html", reprint_html("今日头条", "www.toutiao.com", "今日头条", "人民日报", s, "2025-06-16"), "portal-reprint", s[0], "人民日报", "2025-06-16", "812亿件", ["责任编辑"])
    s = ZH["rmrb_rail"]
    add("b26_rmrb_page.html", paper_html("人民日报", "paper.people.com.cn", s, "2025-07-02"), "newspaper", s[0], "人民日报", "2025-07-02", "21.8亿人次", ["版权所有", "要闻 经济"])
    s = ZH["rmrb_ev"]
    add("b27_rmrb_credits_xinhua.html", paper_html("人民日报", "paper.people.com.cn", s, "2025-06-12", agency="新华社"), "newspaper", s[0], "新华社", "2025-06-12", "569.9万辆", ["版权所有"])
    s = ZH["jjrb_loans"]
    add("b28_jjrb_page.html", paper_html("经济日报", "paper.ce.cn", s, "2025-06-14"), "newspaper", s[0], "经济日报", "2025-06-14", "35.6万亿元", ["版权所有"])

    e = EN["rt_trade"]
    add("b29_reuters_saved.html", en_wire_html("Reuters", "www.reuters.com", "Reuters", "BEIJING", e, "2025-06-09"), "english-wire", e[0], "Reuters", "2025-06-09", "grew 4.8% year-on-year", ["Editing by", "All rights reserved"])
    e = EN["rt_yuan"]
    add("b30_reuters_printed.pdf", printed_pdf(["Reuters", "World Business Markets Sustainability Legal"], e[0], "June 17, 2025 9:40 AM GMT+8", [f"SHANGHAI, June 17 (Reuters) - {e[1][0]}", e[1][1]],
                                                ["© 2025 Reuters. All rights reserved"], "https://www.reuters.com/markets/currencies/yuan-2025-06-17/", "6/17/25, 10:02 AM " + e[0] + " | Reuters"),
        "printed-pdf", e[0], "Reuters", "2025-06-17", "7.1780 per dollar", ["6/17/25", "Sustainability", "All rights reserved", "https://www.reuters.com"])
    e = EN["xh_en_fdi"]
    add("b31_xinhua_en.html", en_site_html("Xinhua", "english.news.cn", e, "2025-06-19", credit_line="(Xinhua) 10:12, June 19, 2025"), "english-site", e[0], "Xinhua", "2025-06-19", "358.24 billion yuan", ["Share Print", "Home | China"])
    e = EN["cd_en_port"]
    add("b32_chinadaily_en.html", en_site_html("Chinadaily.com.cn", "www.chinadaily.com.cn", e, "2025-06-24"), "english-site", e[0], "中国日报网", "2025-06-24", "138 million", ["Share Print", "Home | China"])
    e = EN["cx_en_pmi"]
    add("b33_caixin_en.html", f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e[0]} - Caixin Global</title>
<meta property="article:published_time" content="2025-06-03T09:45:00+08:00"></head><body><div class="nav">Home Economy Finance Business Tech Opinion</div>
<h1>{e[0]}</h1><div class="artInfo">By Wang Jing | Jun 03, 2025 09:45 AM</div><div id="Main_Content_Val">{_ps(e[1])}</div>
<div class="copyright">Copyright © 2025 Caixin Global Ltd. All Rights Reserved.</div></body></html>""",
        "english-site", e[0], "Caixin Global", "2025-06-03", "fell to 48.3 in May", ["Copyright", "Home Economy"])
    e = EN["afp_en_uk"]
    add("b34_afp_on_portal.html", en_wire_html("France 24", "www.france24.com", "AFP", "LONDON", e, "2025-06-18", saved=False), "english-wire", e[0], "AFP", "2025-06-18", "eased to 3.4 percent", ["Editing by", "All rights reserved"])
    e = EN["bbg_en_steel"]
    add("b35_bloomberg_pasted.txt", txt_title(e[0], "Bloomberg News | June 16, 2025", e[1]), "text-title", e[0], "Bloomberg", "2025-06-16", "86.55 million tons")
    e = EN["ap_en_rates"]
    add("b36_ap.md", f"# {e[0]}\n\nUpdated: June 18, 2025\n\nWASHINGTON (AP) — {e[1][0]}\n\n{e[1][1]}\n", "markdown", e[0], "AP", "2025-06-18", "unchanged at about 4.3%")

    # the same stories as writers also keep them: no title line, month-day datelines, other formats
    s = ZH["customs"]
    add("b37_customs_no_title.txt", f"新华社北京{_md('2025-06-09')}电　{s[1][0]}{s[1][1]}\n\n海关总署有关负责人表示，外贸运行总体平稳。\n\n2025年06月09日 15:31\n",
        "text-no-title", "今年前5个月，我国货物贸易进出口总值17.94万亿元，同比增长2.5%", "新华社", "2025-06-09", "增长7.2%")
    e = EN["rt_trade"]
    add("b38_reuters_no_title.txt", f"June 9, 2025\n\nBEIJING, June 9 (Reuters) - {e[1][0]} {e[1][1]}\n", "text-no-title",
        "China's exports grew 4.8% year-on-year in May, customs data showed on Monday, slowing from an 8.1% rise in", "Reuters", "2025-06-09", "$103.22 billion")
    s = ZH["gd_gdp"]
    add("b39_gd_release.docx", docx_file(["广 东 省 统 计 局", s[0], *s[1], "广东省统计局", "2025年4月22日"], dt.datetime(2025, 5, 6, 11)), "docx", s[0], "广东省统计局", "2025-04-22", "12725.95亿元")
    s = ZH["mof_rev"]
    add("b40_mof_printed.pdf", printed_pdf(["财政部", "首页 机构设置 政务信息 政策发布 在线服务 互动交流"], s[0], "发布时间：2025年06月20日 来源：国库司", s[1], ["版权所有：中华人民共和国财政部 京ICP备05002860号"],
                                          "https://gks.mof.gov.cn/tongjishuju/202506/t20250620_3966.htm", "2025/6/30 14:05 " + s[0] + "_财政部"),
        "printed-pdf", s[0], "中华人民共和国财政部", "2025-06-20", "119524亿元", ["首页 机构设置", "版权所有", "[图]", "2025/6/30"])
    s = ZH["xh_tourism"]
    add("b41_xinhua_printed.pdf", printed_pdf(["新华网", "首页 时政 国际 财经 科技 视频 图片"], s[0], "2025-06-02 18:20:11 来源：新华社", [f"新华社北京6月2日电（记者 周明）{s[1][0]}", s[1][1]], ["Copyright © 2000-2025 XINHUANET.com All Rights Reserved."],
                                              "https://www.news.cn/fortune/20250602/3c1e/c.html", "2025/6/3 07:55 " + s[0] + "-新华网"),
        "printed-pdf", s[0], "新华社", "2025-06-02", "427.3亿元", ["首页 时政", "XINHUANET", "[图]", "2025/6/3"])
    s = ZH["rmrb_rail"]
    add("b42_rmrb_pasted.txt", txt_title(s[0], "来源：人民日报　2025年07月02日", s[1], ["http://paper.people.com.cn/rmrb/pc/content/202507/02/content_30085.html"]),
        "text-title", s[0], "人民日报", "2025-07-02", "25.5亿吨", ["http://"])
    s = ZH["pbc_tsf"]
    add("b43_pbc_no_title.txt", f"{s[1][0]}{s[1][1]}\n\n（来源：中国人民银行　2025-06-13）\n", "text-no-title", "初步统计，5月末社会融资规模存量为426.16万亿元，同比增长8.7%", "中国人民银行", "2025-06-13", "18.63万亿元")
    s = ZH["henan_plan"]
    add("b44_henan_printed.pdf", printed_pdf(["河南省人民政府", "首页 要闻动态 政务公开 政务服务 互动交流 走进河南"], s[0], "发布时间：2025-06-12 来源：河南省人民政府", s[1] + ["河南省人民政府", "2025年6月10日"],
                                             ["主办：河南省人民政府办公厅 豫ICP备05017421号"], "https://www.henan.gov.cn/2025/06-12/3170456.html", "2025/6/15 16:40 " + s[0]),
        "printed-pdf", s[0], "河南省人民政府", "2025-06-12", "数字化改造覆盖率达到80%", ["首页 要闻动态", "豫ICP备", "[图]", "2025/6/15"])
    s = ZH["cns_box"]
    add("b45_cns_copied.txt", txt_title(s[0], "2025年07月28日 16:02　来源：中国新闻网", [f"中新社北京7月28日电 (记者 高凯) {s[1][0]}", s[1][1]], ["【编辑：刘欢】", "本网站所刊载信息，不代表中新社和中新网观点。", "版权所有：中国新闻社"]),
        "text-title", s[0], "中国新闻网", "2025-07-28", "观影人次超过1.2亿", ["【编辑", "版权所有"])
    s = ZH["jjrb_loans"]
    add("b46_jjrb.md", f"{s[0]}\n{'=' * 20}\n\n经济日报　2025年06月14日\n\n" + "\n\n".join(s[1]) + "\n", "markdown", s[0], "经济日报", "2025-06-14", "38.6万亿元")
    s = ZH["zj_ind"]
    add("b47_zj_release.docx", docx_file(["浙江省统计局", s[0], "（2025年6月17日）", *s[1]], dt.datetime(2025, 6, 30, 8)), "docx", s[0], "浙江省统计局", "2025-06-17", "增长7.3%")
    e = EN["cd_en_port"]
    add("b48_chinadaily_printed.pdf", printed_pdf(["Home | China | World | Business | Opinion"], e[0], "Updated: 2025-06-24 10:41", e[1], ["Copyright 1995 - 2025. All rights reserved. China Daily"],
                                                 "https://www.chinadaily.com.cn/a/202506/24/WS685a.html", "6/25/25, 9:03 AM " + e[0] + " - Chinadaily.com.cn"),
        "printed-pdf", e[0], "中国日报网", "2025-06-24", "7.2 billion tons", ["6/25/25", "Home | China", "All rights reserved", "[图]"])
    s = ZH["hn_disclose"]
    table = ("<table class='xxgk'><tr><td>索引号：</td><td>11410000MB0Q49/2025-00087</td><td>发布机构：</td><td>河南省人民政府办公厅</td></tr>"
             "<tr><td>发文日期：</td><td>2025-06-06</td><td>文号：</td><td>豫政办〔2025〕22号</td></tr>"
             f"<tr><td>名称：</td><td colspan='3'>{s[0]}</td></tr></table>")
    add("b49_henan_disclosure.html", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{s[0]}</title></head><body>
<div class="nav">首页 要闻动态 政务公开 政务服务 互动交流 走进河南</div><div class="position">当前位置：首页 &gt; 政务公开 &gt; 省政府办公厅文件</div>
{table}<h1>{s[0]}</h1><div class="content">{_ps(s[1])}<p>河南省人民政府办公厅</p><p>2025年6月4日</p></div>
<div class="footer">主办：河南省人民政府办公厅</div></body></html>""", "provincial-gov", s[0], "河南省人民政府办公厅", "2025-06-06", "提高到46%左右", ["当前位置", "走进河南"])
    e = EN["cd_en_sme"]
    add("b50_chinadaily_byline.html", f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e[0]}</title></head><body>
<div class="topnav">Home | China | World | Business | Opinion</div><h1>{e[0]}</h1>
<div class="info">By Zhong Nan (China Daily) Updated: 2025-07-10 09:21</div><div id="Content">{_ps(e[1])}</div>
<div class="share">Share Print Email</div></body></html>""", "english-site", e[0], "China Daily", "2025-07-10", "rose to 89.4", ["Share Print", "Home | China"])
    s = ZH["nbs_pmi"]
    add("b51_nbs_pmi_printed.pdf", pdf_bytes([["2025/7/2 09:15 " + s[0] + "_国家统计局", "国家统计局", "首页 机构 新闻 数据 公开 服务 互动 知识", s[0], "2025/06/30 09:30 | Aa 字体：", *s[1],
                                              "版权所有：国家统计局 京ICP备05034670号", "https://www.stats.gov.cn/sj/zxfb/202506/t20250630_1960410.html 1/1"]], created="D:20250702091500+08'00'"),
        "printed-pdf", s[0], "国家统计局", "2025-06-30", "非制造业商务活动指数为50.5%", ["2025/7/2", "首页 机构", "版权所有"])

    # who a page is cited as when it names the writer below the publisher: a survey team's division
    # (cited as the team, part of 国家统计局); a paper's commentary saved with no masthead (its paper
    # read from the column line and the page line; none when only 本报评论员 speaks for it)
    s = ZH["zj_team_cpi"]
    add("b52_zj_team_division.html", stats_html("国家统计局浙江调查总队", "zjzd.stats.gov.cn", s, "2025-11-10", source="国家统计局浙江调查总队价格调查处"),
        "stats-provincial", s[0], "国家统计局浙江调查总队", "2025-11-10", "环比持平", chrome_zh)
    s = ZH["jjrb_comment"]
    add("b53_jjrb_comment.md", f"《经济日报》评论员文章\n\n# {s[0]}\n\n经济日报 2025年12月09日 第05版\n\n" + "\n\n".join(s[1]) + "\n\n编辑：周舟\n",
        "markdown", s[0], "经济日报", "2025-12-09", "服务零售额同比增长5.6%", ["编辑：周舟"])
    s = ZH["paper_comment"]
    add("b54_paper_comment_unnamed.txt", txt_title(s[0], "本报评论员", s[1], ["（作者系某高校国际贸易学院教授）"]),
        "text-title", s[0], "", None, "民营企业进出口占比提升到56.8%")

    # pages copied with the reader's account line above the headline (登录 | 注册, Sign In / Register),
    # and a notice whose information table sits in the article: the account line is no title, the
    # table's cells (索引号, 标题, 发文字号 …) no body text; its 发布日期 is still the date
    s = ZH["xh_services"]
    add("b55_xinhua_account_copy.txt", "\n".join(["新华网", "首页 时政 国际 财经 科技 评论 图片 视频", "无障碍", "登录 | 注册", "新华网 > 财经 > 正文", s[0],
                                                  "2025-12-15 10:41:06　来源：新华社", f"新华社北京12月15日电（记者 林一）{s[1][0]}", s[1][1],
                                                  "【纠错】 责任编辑：张三", "Copyright © 2000-2025 XINHUANET.com All Rights Reserved."]) + "\n",
        "text-title", s[0], "新华社", "2025-12-15", "增长7.8%", ["登录", "无障碍", "> 正文", "责任编辑"])
    e = EN["rt_ppi_copy"]
    add("b56_reuters_account_copy.txt", "\n".join(["Skip to main content", "Exclusive news, data and analytics for financial market professionals", "Reuters",
                                                   "World", "Business", "Markets", "Sustainability", "Sign In", "Register", "China", "Asia Pacific", e[0],
                                                   "By Jane Roe and Li Ming", "December 15, 2025 10:27 AM GMT+8 Updated 2 hours ago", "Summary",
                                                   "Producer prices fall 1.9% year on year", "Consumer inflation edges up to 0.6%",
                                                   f"BEIJING, Dec 15 (Reuters) - {e[1][0]}", e[1][1], "(Reporting by Jane Roe and Li Ming; Editing by Sam Holmes)",
                                                   "Our Standards: The Thomson Reuters Trust Principles."]) + "\n",
        "text-title", e[0], "Reuters", "2025-12-15", "fell 1.9% in November", ["Sign In", "Register", "Skip to main", "Asia Pacific", "Our Standards"])
    s = ZH["mofcom_supply"]
    cells = [("索引号", "000014349/2025-01187"), ("主题分类", "国内贸易"), ("发文机关", "商务部办公厅"), ("成文日期", "2025-12-08"),
             ("标　　题", s[0]), ("发文字号", "商办运函〔2025〕412号"), ("发布日期", "2025-12-10"), ("有效性", "有效")]
    rows = "".join(f"<tr><td>{a}：</td><td>{x}</td><td>{b}：</td><td>{y}</td></tr>" for (a, x), (b, y) in zip(cells[::2], cells[1::2]))
    add("b57_mofcom_notice_form.html", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{s[0]}_中华人民共和国商务部</title></head>
<body><div class="header"><div class="logo">中华人民共和国商务部</div><div class="nav">首页 机构 新闻 政务公开 政务服务 商务数据 互动交流</div>
<div class="user">登录 | 注册</div></div><div class="position">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<div class="article"><table class="xxgk">{rows}</table><h1>{s[0]}</h1>{_ps(s[1])}<p>商务部办公厅</p><p>2025年12月8日</p></div>
<div class="tools">【打印本页】【关闭窗口】</div><div class="footer">主办单位：中华人民共和国商务部　京ICP备05004093号</div></body></html>""",
        "ministry", s[0], "商务部办公厅", "2025-12-10", "重点监测样本企业增加到3200家", ["索引号", "标 题", "标　　题", "发文字号", "有效性", "登录"])
    return files, exp


def main() -> None:
    OUT.mkdir(exist_ok=True)
    files, exp = build()
    for name, data in files.items():
        path = OUT / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    with open(OUT / "expected.yaml", "w", encoding="utf-8") as fh:
        fh.write("# Generated by evals/sources/make_build.py: the build part of the sources measure.\n")
        yaml.safe_dump(exp, fh, allow_unicode=True, sort_keys=True, width=200)
    print(f"{len(files)} files in {OUT}")


if __name__ == "__main__":
    main()
