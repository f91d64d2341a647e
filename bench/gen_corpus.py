"""Deterministic generator of a realistic briefing corpus for the benchmarks.

    python bench/gen_corpus.py --n 5000 --seed 1 --out /tmp/db-bench/corpus
    python bench/gen_corpus.py --out /tmp/db-bench/corpus --mutate 0.01 --seed-mut 7

Each source is Markdown with the project's front matter (title, publisher, date, url, usage, lang,
kind, summary, keywords). About 90% are Chinese statistics releases, notices, policies and news in
the style of 国家统计局 releases (sentences with 万亿元, 万辆, 亿块, %, 个百分点, 倍 ...); about
10% are English wire stories. The same --n/--seed always gives byte-identical files.

The generated sources are distractors for the sample day in `corpus/`: they cover the same
topics (monthly industrial output, producer prices, “数据要素×” regional contests, global
markets) but for other periods and regions, so that the labelled questions of
`retrieval_bench.py` keep one right answer. Excluded on purpose: April 2026 industrial output,
mid/late May 2026 producer prices, the 湖北/重庆 contests, Reuters markets of 2026-05-28 and
2026-06-04, and national annual figures for 2025 (the “十四五” reports of the sample day).

`--mutate RATE --seed-mut K` rewrites RATE of the files already in --out (a changed number and
one added sentence each), for the changed re-ingest run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

PROVINCES = (
    "北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省 福建省 江西省 山东省 "
    "河南省 湖南省 广东省 广西壮族自治区 海南省 四川省 贵州省 云南省 西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区 "
    "新疆维吾尔自治区"
).split()  # 湖北省 and 重庆市 left out: the sample day's contest stories are about them
CITIES = "深圳 杭州 苏州 成都 武汉 西安 合肥 南京 宁波 青岛 长沙 郑州 厦门 无锡 佛山 东莞 济南 福州 昆明 沈阳".split()

# (product, unit, typical monthly value range)
PRODUCTS = [
    ("集成电路", "亿块", (300, 520)),
    ("新能源汽车", "万辆", (60, 160)),
    ("工业机器人", "万套", (3, 9)),
    ("服务机器人", "万套", (80, 160)),
    ("3D打印设备", "万台", (20, 60)),
    ("发电量", "亿千瓦时", (6500, 9000)),
    ("粗钢", "万吨", (7000, 9500)),
    ("水泥", "万吨", (12000, 19000)),
    ("智能手机", "万台", (8000, 11000)),
    ("太阳能电池", "万千瓦", (4000, 7000)),
    ("锂离子电池", "亿只", (20, 45)),
    ("微型计算机设备", "万台", (2500, 3800)),
    ("民用无人机", "万架", (150, 400)),
    ("光纤", "万芯千米", (2500, 3500)),
    ("十种有色金属", "万吨", (600, 700)),
    ("乙烯", "万吨", (250, 300)),
]
# (indicator, unit, range) for amounts
AMOUNTS = [
    ("社会消费品零售总额", "亿元", (30000, 45000)),
    ("实物商品网上零售额", "亿元", (8000, 12000)),
    ("货物贸易进出口总值", "万亿元", (3.0, 4.2)),
    ("规模以上工业企业利润总额", "亿元", (5000, 9000)),
    ("一般公共预算收入", "亿元", (15000, 25000)),
    ("软件业务收入", "亿元", (9000, 14000)),
    ("快递业务量", "亿件", (120, 180)),
    ("全社会用电量", "亿千瓦时", (7000, 9500)),
    ("固定资产投资（不含农户）", "亿元", (40000, 52000)),
    ("服务业生产指数", "点", (100, 120)),
    ("外商直接投资", "亿元", (600, 1200)),
    ("高技术产业投资", "亿元", (4000, 8000)),
]
SECTORS = "采矿业 制造业 电力、热力、燃气及水生产和供应业 高技术制造业 装备制造业 汽车制造业 电子信息制造业 信息传输、软件和信息技术服务业 租赁和商务服务业 批发和零售业 交通运输、仓储和邮政业".split()
FIELDS = "工业制造 现代农业 商贸流通 交通运输 金融服务 科技创新 文化旅游 医疗健康 应急管理 气象服务 城市治理 绿色低碳".split()
PRICE_ITEMS = [
    ("螺纹钢（Φ20mm，HRB400E）", "吨", 3100, 3500),
    ("电解铜（1#）", "吨", 70000, 82000),
    ("液化天然气（LNG）", "吨", 4000, 5200),
    ("普通混煤（4500大卡）", "吨", 500, 700),
    ("聚丙烯（T30S）", "吨", 7000, 8200),
    ("尿素（中小颗粒）", "吨", 1700, 2300),
    ("生猪（外三元）", "千克", 13, 18),
    ("玉米（二等黄玉米）", "吨", 2100, 2500),
]
POLICY_ACTIONS = [
    "加强统筹协调，压实工作责任", "健全工作机制，形成推进合力", "加大财政金融支持力度", "强化数据安全和个人信息保护",
    "推动公共数据有序开放", "完善标准体系和评价机制", "加强典型案例宣传推广", "优化营商环境，激发市场活力",
    "推进数字基础设施建设", "加快传统产业改造升级", "培育壮大新兴产业和未来产业", "扩大有效投资，提振消费",
]
POLICY_GOALS = [
    "确保各项任务落到实处", "推动形成可复制可推广的经验", "为高质量发展提供有力支撑", "更好满足人民群众多样化需求",
    "促进数据要素价值充分释放", "加快发展新质生产力", "推动经济实现质的有效提升和量的合理增长",
]
EN_CITIES = ["LONDON", "NEW YORK", "SINGAPORE", "TOKYO", "HONG KONG", "BEIJING", "SHANGHAI", "FRANKFURT"]
EN_MONTHS = "January February March April May June July August September October November December".split()
EN_TOPICS = [
    ("oil", "Brent crude", "a barrel", (60, 90)),
    ("gold", "Spot gold", "an ounce", (3000, 4400)),
    ("copper", "Three-month copper on the London Metal Exchange", "a ton", (8500, 11500)),
    ("yuan", "The onshore yuan", "per dollar", (6.9, 7.4)),
]
ZH_NUM = "零一二三四五六七八九十"


def _excluded(kind: str, d: dt.date, region: str = "") -> bool:
    """Period/region combinations that belong to the sample day and must not be duplicated."""
    if kind == "industry" and (d.year, d.month) == (2026, 4):
        return True
    if kind == "prices" and (d.year, d.month) == (2026, 5):
        return True
    if kind == "markets" and d in (dt.date(2026, 5, 28), dt.date(2026, 6, 4)):
        return True
    return False


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    # --- small helpers ---------------------------------------------------------------------
    def pick(self, seq):
        return self.r.choice(seq)

    def num(self, lo: float, hi: float, nd: int = 1) -> str:
        v = self.r.uniform(lo, hi)
        return f"{v:.{nd}f}" if nd else str(int(round(v)))

    def pct(self, lo=-5.0, hi=25.0) -> str:
        return f"{self.r.uniform(lo, hi):.1f}"

    def date(self) -> dt.date:
        start = dt.date(2019, 1, 1).toordinal()
        return dt.date.fromordinal(self.r.randint(start, dt.date(2026, 6, 30).toordinal()))

    def period(self, d: dt.date) -> str:
        m = d.month - 1 or 12
        y = d.year if d.month > 1 else d.year - 1
        return self.pick([f"{y}年{m}月份", f"{y}年1—{m}月份" if m > 1 else f"{y}年1月份", f"{y}年{m}月"])

    def grow(self) -> str:
        p = self.r.uniform(-4, 30)
        return f"同比增长{p:.1f}%" if p >= 0 else f"同比下降{-p:.1f}%"

    def pp(self) -> str:
        return f"{self.pick(['加快', '回落', '提高', '下降'])}{self.r.uniform(0.1, 3.0):.1f}个百分点"

    # --- Chinese sentences -----------------------------------------------------------------
    def s_product(self, per: str) -> str:
        name, unit, (lo, hi) = self.pick(PRODUCTS)
        v = self.num(lo, hi, self.pick([0, 1]))
        return self.pick([
            f"{per}，{name}产量{v}{unit}，{self.grow()}。",
            f"分产品看，{per}{name}产量为{v}{unit}，{self.grow()}，增速比上月{self.pp()}。",
            f"{name}生产保持较快增长，{per}产量达到{v}{unit}，{self.grow()}。",
        ])

    def s_amount(self, per: str, region: str) -> str:
        name, unit, (lo, hi) = self.pick(AMOUNTS)
        v = self.num(lo, hi, 2 if unit == "万亿元" else 1)
        return self.pick([
            f"{per}，{region}{name}{v}{unit}，{self.grow()}。",
            f"{per}，{region}{name}为{v}{unit}，{self.grow()}，比上年同期{self.pp()}。",
            f"从累计看，{region}{name}达到{v}{unit}，占全年目标的{self.pct(30, 95)}%。",
        ])

    def s_sector(self, per: str) -> str:
        a, b = self.r.sample(SECTORS, 2)
        return self.pick([
            f"分门类看，{per}{a}增加值{self.grow()}，{b}{self.grow().replace('同比', '')}。",
            f"{a}增加值占规模以上工业增加值的比重为{self.pct(5, 40)}%，比上年同期{self.pp()}。",
            f"{per}，{a}投资{self.grow()}，快于全部投资{self.r.uniform(0.5, 9):.1f}个百分点。",
        ])

    def s_multi(self, region: str) -> str:
        name, unit, (lo, hi) = self.pick(PRODUCTS)
        y1 = self.r.randint(2012, 2019)
        y2 = y1 + self.r.randint(4, 6)
        v1 = self.r.uniform(lo, hi) * self.r.uniform(2, 6)
        x = self.r.uniform(1.3, 12)
        return self.pick([
            f"{region}{name}产量由{y1}年的{v1:.0f}{unit}增加到{y2}年的{v1 * x:.0f}{unit}，相当于{y1}年的{x:.1f}倍。",
            f"{y1}年至{y2}年，{region}{name}产量年均增长{self.pct(3, 35)}%。",
        ])

    def s_price(self) -> str:
        item, unit, lo, hi = self.pick(PRICE_ITEMS)
        v = self.r.uniform(lo, hi)
        ch = self.r.uniform(-0.03, 0.03) * v
        return f"{item}本期价格为每{unit}{v:.1f}元，比上期{'上涨' if ch >= 0 else '下跌'}{abs(ch):.1f}元，涨跌幅为{ch / v * 100:.1f}%。"

    def s_policy(self) -> str:
        return self.pick([
            f"各地区各部门要{self.pick(POLICY_ACTIONS)}，{self.pick(POLICY_GOALS)}。",
            f"下一步，将{self.pick(POLICY_ACTIONS)}，{self.pick(POLICY_ACTIONS)}，{self.pick(POLICY_GOALS)}。",
            f"围绕{'、'.join(self.r.sample(FIELDS, 3))}等领域，{self.pick(POLICY_ACTIONS)}。",
            f"到{self.r.randint(2025, 2030)}年，培育{self.r.randint(50, 500)}个以上典型应用场景，相关产业规模年均增长{self.pct(8, 25)}%以上。",
        ])

    def s_news(self, region: str, d: dt.date) -> str:
        return self.pick([
            f"{d.month}月{d.day}日，{region}召开{self.pick(FIELDS)}工作推进会，{self.r.randint(8, 40)}个部门负责人参加会议。",
            f"据介绍，{region}已累计建成5G基站{self.num(3, 30, 1)}万个，培育国家级专精特新“小巨人”企业{self.r.randint(60, 900)}家。",
            f"截至{d.year}年{d.month}月末，{region}数据交易所累计交易额突破{self.r.randint(10, 300)}亿元，挂牌数据产品{self.r.randint(500, 5000)}个。",
            f"与会代表表示，将{self.pick(POLICY_ACTIONS)}，{self.pick(POLICY_GOALS)}。",
        ])

    # --- documents -------------------------------------------------------------------------
    def doc_industry(self, d: dt.date) -> dict:
        while _excluded("industry", d):
            d = self.date()
        y, m = (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)
        region = self.pick(["", "", ""] + PROVINCES)
        per = f"{m}月份"
        g = self.pct(2, 9)
        title = f"{y}年{m}月份{region}规模以上工业增加值增长{g}%"
        paras = [[f"{per}，{region}规模以上工业增加值同比实际增长{g}%，比上月{self.pp()}；从环比看，{per}规模以上工业增加值比上月增长{self.r.uniform(0.1, 0.9):.2f}%。"]]
        paras += [[self.s_sector(per) for _ in range(self.r.randint(1, 3))] for _ in range(self.r.randint(2, 4))]
        paras += [[self.s_product(per) for _ in range(self.r.randint(2, 4))] for _ in range(self.r.randint(2, 5))]
        paras += [[self.s_amount(per, region) for _ in range(self.r.randint(1, 3))] for _ in range(self.r.randint(1, 3))]
        pub = f"{region}统计局" if region else "国家统计局"
        return dict(title=title, publisher=pub, date=d, kind="release", paras=paras, usage="用于核验工业生产数据",
                    keywords=["规模以上工业增加值", "工业生产", region or "全国"], summary=f"{y}年{m}月份{region or '全国'}工业生产数据。")

    def doc_prices(self, d: dt.date) -> dict:
        while _excluded("prices", d):
            d = self.date()
        part = self.pick(["上旬", "中旬", "下旬"])
        title = f"{d.year}年{d.month}月{part}流通领域重要生产资料市场价格变动情况"
        up = self.r.randint(5, 35)
        flat = self.r.randint(0, 5)
        paras = [[f"据对全国流通领域9大类50种重要生产资料市场价格的监测显示，{d.year}年{d.month}月{part}与上期相比，{up}种产品价格上涨，{50 - up - flat}种下降，{flat}种持平。"]]
        paras += [[self.s_price() for _ in range(self.r.randint(2, 4))] for _ in range(self.r.randint(3, 6))]
        paras.append(["本监测数据来源于全国20多个省（区、市）的近300家批发商、代理商和经销商等经营企业。"])
        return dict(title=title, publisher="国家统计局", date=d, kind="release", paras=paras, usage="用于核验生产资料价格",
                    keywords=["生产资料", "市场价格", "流通领域"], summary=f"{d.year}年{d.month}月{part}生产资料价格。")

    def doc_contest(self, d: dt.date) -> dict:
        region = self.pick(PROVINCES + CITIES)
        y = self.r.randint(2024, 2026)
        d = dt.date(y, self.r.randint(3, 9), self.r.randint(1, 28))
        short = region.rstrip("市省").replace("自治区", "").replace("壮族", "").replace("回族", "").replace("维吾尔", "")
        title = f"{y}年“数据要素×”大赛{short}分赛{self.pick(['启动', '启幕', '正式开赛', '举行颁奖仪式'])}"
        tracks = self.r.randint(8, 20)
        paras = [[f"{d.month}月{d.day}日，{y}年“数据要素×”大赛{short}分赛在{short}举行。本次分赛由{short}数据管理部门会同{self.r.randint(6, 30)}个部门共同主办。",
                  f"分赛围绕{'、'.join(self.r.sample(FIELDS, 4))}等领域设置{tracks}个赛道，共发布{self.r.randint(40, 200)}个赛题。"]]
        paras += [[self.s_news(short, d) for _ in range(self.r.randint(2, 4))] for _ in range(self.r.randint(2, 5))]
        paras += [[self.s_policy() for _ in range(self.r.randint(1, 3))] for _ in range(self.r.randint(1, 3))]
        return dict(title=title, publisher=self.pick([f"{short}日报", "新华网", "人民网", f"{short}数据局"]), date=d, kind="news", paras=paras,
                    usage="用于地方数据要素赛事动态", keywords=["数据要素×", "大赛", short], summary=f"{y}年“数据要素×”大赛{short}分赛动态。")

    def doc_notice(self, d: dt.date) -> dict:
        topic = self.pick(["数字经济高质量发展", "公共数据资源开发利用", "制造业数字化转型", "服务消费提质扩容", "新型基础设施建设",
                           "绿色低碳转型", "中小企业数字化赋能", "智能网联汽车试点", "算力基础设施布局", "工业互联网创新发展"])
        pub = self.pick(["国家发展改革委", "工业和信息化部", "商务部", "国家数据局", "财政部", f"{self.pick(PROVINCES)}人民政府办公厅"])
        kind = self.pick(["notice", "policy"])
        title = self.pick([f"关于推进{topic}的实施意见", f"关于开展{d.year}年{topic}试点工作的通知", f"{topic}行动方案（{d.year}—{d.year + 2}年）"])
        paras = [[f"为深入贯彻落实党中央、国务院决策部署，加快推进{topic}，制定本{'通知' if kind == 'notice' else '方案'}。"]]
        for i in range(self.r.randint(3, 7)):
            paras.append([f"{ZH_NUM[i + 1]}、{self.pick(POLICY_ACTIONS)}。"] + [self.s_policy() for _ in range(self.r.randint(2, 5))])
        return dict(title=title, publisher=pub, date=d, kind=kind, paras=paras, usage="用于政策背景", keywords=[topic, "政策"],
                    summary=f"{pub}印发的{topic}相关文件。")

    def doc_bulletin(self, d: dt.date) -> dict:
        region = self.pick(PROVINCES)
        y = self.r.randint(2019, 2024)  # national/provincial annual figures of 2025 stay the sample day's
        d = dt.date(y + 1, self.r.randint(2, 4), self.r.randint(1, 28))
        per = f"{y}年"
        title = f"{region}{y}年国民经济和社会发展统计公报"
        gdp = self.num(5000, 140000, 1)
        paras = [[f"初步核算，{y}年{region}地区生产总值{gdp}亿元，比上年增长{self.pct(2, 9)}%。"]]
        paras += [[self.s_amount(per, region) for _ in range(self.r.randint(2, 4))] for _ in range(self.r.randint(2, 4))]
        paras += [[self.s_product(per) for _ in range(self.r.randint(2, 4))] for _ in range(self.r.randint(2, 4))]
        paras += [[self.s_multi(region) for _ in range(self.r.randint(1, 3))] for _ in range(self.r.randint(1, 3))]
        paras += [[self.s_sector(per) for _ in range(self.r.randint(1, 3))] for _ in range(self.r.randint(1, 3))]
        return dict(title=title, publisher=f"{region}统计局", date=d, kind="release", paras=paras, usage="用于地方经济数据",
                    keywords=["统计公报", region, "地区生产总值"], summary=f"{region}{y}年经济社会发展主要数据。")

    def doc_english(self, d: dt.date) -> dict:
        while _excluded("markets", d):
            d = self.date()
        city = self.pick(EN_CITIES)
        wd = d.strftime("%A")
        dateline = f"{city}, {EN_MONTHS[d.month - 1]} {d.day} (Reuters) - "
        topic, label, per, (lo, hi) = self.pick(EN_TOPICS)
        sents = []
        for _ in range(self.r.randint(5, 12)):
            t2, l2, p2, (lo2, hi2) = self.pick(EN_TOPICS)
            ch = self.r.uniform(-2.5, 2.5)
            sents.append(self.pick([
                f"{l2} {'rose' if ch >= 0 else 'fell'} {abs(ch):.1f}% to {self.r.uniform(lo2, hi2):,.2f} {p2}.",
                f"China's {self.pick(['exports', 'imports', 'industrial output', 'retail sales', 'new-energy vehicle sales'])} "
                f"{'grew' if ch >= 0 else 'shrank'} {abs(ch) * 4:.1f}% in {EN_MONTHS[(d.month - 2) % 12]} from a year earlier, "
                f"{'beating' if ch > 0 else 'missing'} a forecast of {self.r.uniform(-2, 8):.1f}% in a Reuters poll.",
                f"MSCI's broadest index of world shares was {'up' if ch >= 0 else 'down'} {abs(ch) / 3:.1f}% on {wd}.",
                f"The official purchasing managers' index stood at {self.r.uniform(48, 52):.1f}, {abs(ch) / 5:.1f} points "
                f"{'above' if ch >= 0 else 'below'} the previous month.",
                f"\"{self.pick(['Markets are pricing in a slower path of rate cuts', 'Demand is holding up better than feared', 'Supply risks have not gone away'])},\" "
                f"said an analyst at a {self.pick(['Singapore', 'London', 'New York', 'Hong Kong'])}-based bank.",
            ]))
        half = len(sents) // 2
        paras = [[dateline + sents[0]], sents[1:half], sents[half:]]
        title = f"GLOBAL MARKETS-{label.split(' on ')[0]} {'gains' if self.r.random() > 0.5 else 'slips'} as investors weigh {self.pick(['rate outlook', 'China data', 'supply risks', 'trade talks'])}"
        return dict(title=title, publisher="Reuters", date=d, kind="news", paras=paras, lang="en", usage="用于全球市场背景",
                    keywords=["global markets", topic, "全球市场"], summary=f"路透{d.month}月{d.day}日全球市场综述。")

    def document(self, i: int) -> dict:
        d = self.date()
        if self.r.random() < 0.10:
            return self.doc_english(d)
        maker = self.pick([self.doc_industry, self.doc_industry, self.doc_bulletin, self.doc_bulletin, self.doc_prices,
                           self.doc_contest, self.doc_notice])
        return maker(d)


def render(doc: dict, url_id: str) -> str:
    fm = {
        "title": doc["title"],
        "publisher": doc["publisher"],
        "date": doc["date"].isoformat(),
        "url": f"https://example.org/{doc['date']:%Y%m}/{url_id}.html",
        "usage": doc["usage"],
        "lang": doc.get("lang", "zh"),
        "kind": doc["kind"],
        "summary": doc["summary"],
        "keywords": doc["keywords"],
    }
    lines = ["---"]
    for k, v in fm.items():  # JSON strings and lists are valid YAML flow scalars
        lines.append(f"{k}: {v if k == 'date' else json.dumps(v, ensure_ascii=False)}")
    lines += ["---", "", f"# {doc['title']}", ""]
    if doc.get("lang", "zh") == "zh":
        lines += [doc["publisher"], ""]
    sep = " " if doc.get("lang") == "en" else ""
    for p in doc["paras"]:
        if p:
            lines += [sep.join(p), ""]
    return "\n".join(lines)


def generate(n: int, seed: int, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    g = Gen(seed)
    total = 0
    langs = {"zh": 0, "en": 0}
    for i in range(n):
        doc = g.document(i)
        # pad short documents so the corpus averages about 4 KB per source
        while len(render(doc, "x").encode()) < g.r.randint(3000, 6600) and doc.get("lang", "zh") == "zh":
            doc["paras"].append([g.pick([g.s_policy, lambda: g.s_product("同期"), lambda: g.s_amount("同期", "")])() for _ in range(3)])
        text = render(doc, f"s{seed}-{i:06d}")
        name = f"{doc['date']:%Y-%m-%d}_gen{seed}-{i:06d}.md"
        sub = out / f"{doc['date']:%Y}"
        sub.mkdir(exist_ok=True)
        (sub / name).write_text(text, encoding="utf-8")
        total += len(text.encode())
        langs[doc.get("lang", "zh")] += 1
    return {"files": n, "bytes": total, "langs": langs}


def mutate(out: Path, rate: float, seed: int) -> dict:
    files = sorted(out.rglob("*.md"))
    r = random.Random(seed)
    chosen = r.sample(files, max(1, round(len(files) * rate)))
    for f in chosen:
        text = f.read_text(encoding="utf-8")
        # change the last digit of the last number and add one sentence: a typical correction
        idx = max(i for i, ch in enumerate(text) if ch.isdigit())
        text = text[:idx] + str((int(text[idx]) + 1) % 10) + text[idx + 1 :]
        text += f"\n（更正说明：本文第{r.randint(1, 9)}段数据于{r.randint(1, 28)}日修订。）\n"
        f.write_text(text, encoding="utf-8")
    return {"mutated": len(chosen), "of": len(files)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--mutate", type=float, default=None, help="rewrite this fraction of the files already in --out")
    ap.add_argument("--seed-mut", type=int, default=7)
    a = ap.parse_args(argv)
    if a.mutate is not None:
        res = mutate(a.out, a.mutate, a.seed_mut)
    else:
        res = generate(a.n, a.seed, a.out)
    print(json.dumps(res, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
