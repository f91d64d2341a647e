"""Claim frames: what a figure says besides its value (docs/NUMBERS.md, "Frames").

A frame is read from the words around one number mention, within its sentence:

- subject: the indicator words nearest before the figure in its own clause part (``出口增长8.2%，
  进口增长2.0%``: 进口 for 2.0%), reaching back to earlier parts only when its own part has none;
- direction: +1 (上涨/增长/rose…) or -1 (下降/减少/fell…), the word nearest before the figure
  in its part, else right after it (``13种上涨``);
- basis: yoy (同比, 比上年同期, from a year earlier), mom (环比, 比上月), avg (年均);
- ref: the month a change is measured against (``比上月`` in a May release = 4, ``比4月`` = 4);
- period: the month, cumulative months (1—5月, 前5个月, 上半年), end of month (截至5月底), ten-day
  period (5月下旬) or year the figure is about;
- sense (multiples only): ratio (是/相当于…N倍) or growth (增长N倍 = ratio − 1).

Everything here is plain string scanning over a bounded window: frames are read for the
mentions of cited sources only, at check time.
"""

from __future__ import annotations

import heapq
import re
from functools import lru_cache
from typing import NamedTuple, Sequence

from draftbot.text.normalize import normalize_width
from draftbot.text.similarity import bigram_similarity

# Faithful rewrites of indicator names: both sides are mapped before subjects are compared.
SYNONYMS = [
    ("居民消费价格指数", "居民消费价格"), ("CPI", "居民消费价格"), ("消费者价格指数", "居民消费价格"),
    ("consumer prices", "居民消费价格"), ("consumer price index", "居民消费价格"),
    ("工业生产者出厂价格指数", "工业生产者出厂价格"), ("PPI", "工业生产者出厂价格"),
    ("producer prices", "工业生产者出厂价格"), ("producer price index", "工业生产者出厂价格"), ("factory-gate prices", "工业生产者出厂价格"),
    ("采购经理指数", "PMI"), ("社零", "社会消费品零售总额"), ("规模以上", "规上"),
    # a small English glossary for wire stories a Chinese draft cites (subjects only)
    ("core inflation", "核心通胀"), ("consumer inflation", "居民消费价格"), ("new energy vehicles", "新能源汽车"), ("NEVs", "新能源汽车"),
    ("NEV", "新能源汽车"), ("Southeast Asia", "东南亚"), ("ASEAN", "东盟"), ("European Union", "欧盟"),
    ("EU", "欧盟"), ("United States", "美国"), ("U.S.", "美国"), ("chips", "芯片"), ("chip", "芯片"),
    ("semiconductors", "芯片"), ("car exports", "汽车出口"), ("cars", "汽车"), ("car", "汽车"),
    ("vehicles", "汽车"), ("crude oil", "原油"), ("iron ore", "铁矿石"), ("pork", "猪肉"),
    ("fresh vegetable", "鲜菜"), ("vegetables", "鲜菜"), ("trade surplus", "贸易顺差"),
    ("battery installations", "动力电池装车量"), ("battery", "动力电池"), ("Nikkei", "日经指数"),
    ("Treasury", "美债"), ("yield", "收益率"), ("spot gold", "黄金"), ("gold", "黄金"), ("金价", "黄金"),
    ("West Texas Intermediate", "WTI"), ("Asia-Pacific shares", "亚太股指"), ("dollar index", "美元指数"),
    ("integrated circuits", "集成电路"), ("integrated circuit", "集成电路"),
    # the activity indicators a China data wire names (industrial output, retail sales, fixed-asset
    # investment, property investment, foreign exchange reserves, new loans, total social financing)
    ("industrial output", "工业增加值"), ("industrial production", "工业增加值"), ("factory output", "工业增加值"),
    ("retail sales", "社会消费品零售总额"), ("fixed asset investment", "固定资产投资"),
    ("fixed-asset investment", "固定资产投资"), ("property investment", "房地产开发投资"),
    ("foreign exchange reserves", "外汇储备"), ("forex reserves", "外汇储备"), ("new yuan loans", "新增人民币贷款"),
    ("total social financing", "社会融资规模"),
    # the ownership groups of a profits or investment wire
    ("state-owned firms", "国有企业"), ("state-owned enterprises", "国有企业"), ("state firms", "国有企业"),
    ("private firms", "私营企业"), ("private-sector firms", "私营企业"), ("foreign firms", "外商投资企业"),
    ("foreign-invested firms", "外商投资企业"), ("foreign-funded firms", "外商投资企业"),
    ("state-controlled firms", "国有控股企业"), ("state-controlled enterprises", "国有控股企业"),
    ("state-controlled", "国有控股"), ("joint-stock enterprises", "股份制企业"), ("joint-stock firms", "股份制企业"),
    ("state-owned", "国有"), ("private", "私营"),
    # wires vary the word: outbound/overseas shipments are exports, inbound shipments imports
    ("outbound shipments", "出口"), ("overseas shipments", "出口"), ("inbound shipments", "进口"),
    ("exports", "出口"), ("export", "出口"), ("imports", "进口"), ("import", "进口"),
    ("non-food", "非食品"), ("food", "食品"),
    ("prices", "价格"), ("price", "价格"),
    ("shipments", "出货量"), ("sales", "销量"), ("output", "产量"), ("production", "产量"),
    ("crude", "原油"), ("oil", "原油"), ("Brent", "布伦特"),
    # a fiscal wire's lines (general public budget revenue, government-managed funds, land sales)
    ("general public budget revenue", "一般公共预算收入"), ("general public revenue", "一般公共预算收入"),
    ("general public budget expenditure", "一般公共预算支出"), ("general public budget spending", "一般公共预算支出"),
    ("fiscal revenue", "财政收入"), ("tax revenue", "税收收入"), ("non-tax revenue", "非税收入"),
    ("government-managed funds", "政府性基金"), ("government funds", "政府性基金"),
    ("sale of state-owned land use rights", "国有土地使用权出让"), ("state-owned land use rights", "国有土地使用权"),
    ("land use rights", "土地使用权"), ("land sales", "土地出让"), ("land-sale", "土地出让"),
    ("value-added tax", "增值税"), ("value added tax", "增值税"), ("VAT", "增值税"),
    ("personal income tax", "个人所得税"), ("individual income tax", "个人所得税"),
    ("corporate income tax", "企业所得税"), ("expenditure", "支出"), ("spending", "支出"),
    ("firms", "企业"), ("companies", "企业"), ("enterprises", "企业"),
    ("industrial", "工业"), ("profits", "利润"), ("profit", "利润"), ("revenue", "收入"),
    ("retail", "零售"), ("unemployment", "失业"), ("trade surplus", "贸易顺差"),
]

_UP = ("上涨 增长 提高 扩大 加快 增加 上升 回升 提升 多增 增至 上扬 走高 攀升 反弹 升 涨 增 "
       "rose rise rises rising gained gains gain up jumped jump climbed climb increased increase "
       "grew grow growth higher surged advanced widened accelerated soared rebounded added climbs "
       "jumps gains edged up risen grown expanded rises increases").split()
_DOWN = ("下降 下跌 减少 回落 收窄 放缓 缩小 降低 下滑 走低 回调 少增 减至 降 跌 减 "
         "fell fall falls falling dropped drop drops declined decline declines down eased ease "
         "slid slide slipped decreased decrease shrank shrink lower narrowed slowed contracted dip dips "
         "dipped slump slumped tumbled plunged sank retreated lost falls fallen shrunk declines").split()
# nouns that carry a direction character but state none (涨幅 = "the rise", as in 涨幅回落)
_NOUNS = "涨幅 降幅 增幅 跌幅 增速 降速 增量 增长率 增加值 增长点 减量 减税 降本 升级 增值 升学 增强 提高到 涨跌 增减 升降 涨落 涨跌幅 增减幅".split()
# a change named without its way (a table's 比上期涨跌 / 增减 column): the figure's sign gives it
# (a two-row header's second row may follow it: 涨跌幅（%） 11月份同比 0.6%)
_SIGNED_CHANGE = re.compile(r"(?:涨跌|增减|升降|涨落)(?:额|幅|值)?\s*(?:[（(][^）)]{0,6}[）)])?\s*(?:[^\s；;，,。：:]{1,12}\s*)?$")
_DIR = {w: 1 for w in _UP} | {w: -1 for w in _DOWN}
_NOUNS_LONGEST_FIRST = sorted(_NOUNS, key=len, reverse=True)

_BASIS = [
    # 比一季度回落1.3个百分点, 增速较1—9月加快: compared with an earlier period of the same year
    ("prev", r"(?:比|较)\s?(?:一季度|二季度|三季度|前三季度|上半年"
             r"|1\s?[—–\-至~～]\s?(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s?月份?"
             r"|前(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九两])个月)"
             # narrower than that in the first 10 months / than in the January-October period
             r"|than (?:that |those |it was )?in the (?:first (?:1[01]|[2-9]|two|three|four|five|six|seven|eight|nine|ten|eleven)"
             r" months|(?:January|Jan)\.?[-–—](?:February|March|April|May|June|July|August|September|October|November"
             r"|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov)\.? period)"),
    ("yoy", r"同比|比上年同期|比上年同月|比去年同期|比去年同月|较上年同期|较上年同月|较去年同期|与上年同期相比"
            r"|year[- ]on[- ]year|from a year earlier|from a year ago|y/y|yoy|over the same period last year"),
    ("mom", r"环比|比上月|较上月|比上个月|与上月相比|from (?:January|February|March|April|May|June|July|August"
            r"|September|October|November|December)\b|(?:比|较)\s?(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s?月(?!份?平均)"
            r"|month[- ]on[- ]month|from the previous month|m/m"
            r"|than (?:that |those |it was )?in (?:January|February|March|April|May|June|July|August|September|October"
            r"|November|December)\b(?![-–—])"
            r"|from a month earlier|sequentially"),
    # 比前一周上涨3.1%: a weekly price release's change on the week before
    ("wow", r"(?:比|较)\s?(?:前一周|上周|上一周)|周环比|week[- ]on[- ]week|from a week earlier|from the previous week|w/w"),
    ("avg", r"年均|(?<!全)年平均|average annual|annual average|a year on average"),
    # 比上年末净增73.2万个, 比年初增加: the change since the end of last year, not on a year earlier
    ("ytd", r"(?:比|较)\s?(?:上年末|上年底|去年末|去年底|上年年末|年初)|since the end of last year"),
]
_BASIS_RE = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _BASIS), re.I)

_CN_M = r"(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
# January-February, Jan-Mar: an English cumulative span (the first two, three… months)
_EN_MON = (r"(?:February|March|April|May|June|July|August|September|October|November|December"
           r"|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_MONTH_NAMES = ("january february march april may june july august september october november "
                "december").split()
_PERIOD_RE = re.compile(
    rf"(?P<cum>(?:1|一)\s?[—–\-~～〜至到]\s?(?P<cm>{_CN_M})\s?月)"
    rf"|(?P<first>前(?P<fm>{_CN_M}|[两])个月)"
    rf"|(?P<half>上半年|一季度|第一季度|前三季度|二季度|第二季度|三季度|第三季度|四季度|第四季度"
    rf"|(?<![上去前])全年"  # 全年 is 1—12月 (上年全年 is a base, read by the basis)
    # an editor's 江苏去年规上工业增加值…: last year as a whole (not 去年同期, 去年12月, 去年底)
    rf"|(?<![比较与同和跟])去年(?:全年)?(?!同期|同月|年?[末底]|以来|\s?(?:\d|[一二三四五六七八九十上下前第])))"
    rf"|(?P<asof>(?:截至|截止|到)\s?(?:\d{{4}}\s?年\s?)?(?P<am>{_CN_M})\s?月(?:底|末|份)?)"
    rf"|(?P<mon>(?P<mm>{_CN_M})\s?月(?:份)?\s?(?P<xun>上旬|中旬|下旬)?(?:末|底)?)"
    # the year's end (2026年末, 年底; not 上年末, a base) is December's end
    rf"|(?P<yend>(?:(?P<ye>(?:19|20)\d\d)\s?|(?<![上去前]))年(?:末|底))"
    rf"|(?P<year>(?P<yy>(?:19|20)\d\d)\s?年(?!\s?(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s?月))"
    rf"|(?P<enrange>\b(?:January|Jan)\.?\s?(?:[-–—/]|and|through|to)\s?(?P<enr2>{_EN_MON})\b)"
    # In 2026, for 2026 (not 2026-2030, 2026/27): the year, as 2026年
    rf"|(?P<enyear>\b(?i:in|for|during)\s(?P<eyy>(?:19|20)\d\d)\b(?!\s?[-–—/]\s?\d))"
    rf"|(?P<en>\b(?i:in|for|during)\s(?P<enm>January|February|March|April|May|June|July|August|September"
    rf"|October|November|December)\b(?!\s?(?:[-–—/]|and|through|to)\s?[A-Z]))"
    rf"|(?P<enpos>\b(?P<enpm>January|February|March|April|May|June|July|August|September"
    rf"|October|November|December)(?:'s|’s))"
    rf"|(?P<enq>\b(?P<enqn>first|second|third|fourth)[- ]quarter\b)"
    rf"|(?P<enh>\bfirst half\b)"
    rf"|(?P<enfirst>first\s(?P<efn>two|three|four|five|six|seven|eight|nine|ten|eleven|1[01]|[2-9])\smonths)",
)
_REL_MONTH = re.compile(r"(?:比|较|与|than|from)\s?(?P<w>上月|上个月|上一个月|前一个月|the previous month|a month earlier"
                        rf"|(?P<m>{_CN_M})\s?月(?:份)?)")
_CN_VAL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
           "十": 10, "十一": 11, "十二": 12}
_EN_NUM = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven".split())}
_HALF = {"全年": ("cum", 12), "去年": ("cum", 12), "去年全年": ("cum", 12), "上半年": ("cum", 6), "一季度": ("cum", 3), "第一季度": ("cum", 3), "前三季度": ("cum", 9),
         "二季度": ("q", 2), "第二季度": ("q", 2), "三季度": ("q", 3), "第三季度": ("q", 3),
         "四季度": ("q", 4), "第四季度": ("q", 4)}
_XUN = {"上旬": 1, "中旬": 2, "下旬": 3}

_BASE_BEFORE = re.compile(r"(?:与|比|较|同|和|跟|than|from)\s?$")
_BASE_AFTER = re.compile(r"\s?(?:相比|比较|相较|同期)")
_NEAR = re.compile(r"(?:近|接近|将近|nearly|almost|close to)\s?[$¥€£]?\s?$", re.I)
_CONTINUES = re.compile(r"\s*(?:其中|同期|同时|此外|分\S{1,4}看|in the same period|of which"
                        # 食品中，/在食品烟酒价格中，…: a category of the sentence before, broken down
                        r"|在?[^\s，。；,;]{0,14}(?:价格|类|业|品|行业|企业|城市|地区|省份|品种|项目|领域|指标|板块|部门)中[，,])")
_HIGH_LOW = re.compile(r"(?:比|较|于).{0,12}?([高低快慢多少大小])(?:出|了)?\s?$|([高低快慢])(?:出)\s?$")
# 预期 as a noun of policy text (稳定市场预期，…; 稳预期; 引导预期) governs no figure: only 预期 the verb
_NOUN_EXPECT = r"(?<!稳定)(?<!稳)(?<!引导)(?<!改善)(?<!提振)(?<!管理)"
_EXPECT_ZH = re.compile(r"预计|" + _NOUN_EXPECT + r"预期(?![，。；、,.;）)\s])|预测|有望|调查显示.{0,6}将")
_EXPECT_EN = re.compile(r"\b(?:expected|expect|expects|expectations?|forecast|forecasts|predicted|estimated|seen|poll)\b", re.I)
_LEVEL_TO = re.compile(r"(?:至|到|\bto)\s?(?:an?\s|the\s)?(?:annual\s)?[$¥€£]?\s?$", re.I)
_SIZE_NOUN = re.compile(r"降幅|(?<![涨升])跌幅|涨幅|(?<!减)增幅|增速")  # (涨跌幅 is a signed change: its sign tells)
_SIZE_DIR = {"降幅": -1, "跌幅": -1, "涨幅": 1, "增幅": 1, "增速": 1}
_SIGNED_PAIR = re.compile(r"[(（]\s*[+＋]\s*[)）]\s*[/／、]?\s*[\u4e00-\u9fff]{1,4}\s*[(（]\s*[-－−]\s*[)）]"
                          r"|[(（]\s*[+＋]\s*[/／]\s*[-－−]\s*[)）]")
_DATEISH = re.compile(r"[年月日]$|\bmonths$|^(?:January|February|March|April|May|June|July|August|September|October"
                      r"|November|December)")
_RELATIVE = re.compile(r"\s*(?:which|who|whose|where|as|according)\b", re.I)
# an English part that compares the figure with the one before it (beating the 1.9% increase
# expected, against a forecast of 1.5% growth, compared with $103.7 billion expected): its
# indicator is that figure's
_COMPARED_EN = re.compile(r"\s*(?:and\s)?(?:beating|beat|beats|topping|topped|missing|missed|matching|matched|against|versus|vs\.?"
                          r"|compared\s(?:with|to)|after|following|"
                          r"above|below|exceeding|short of|up from|down from"
                          # …, quickened from the 2.9-percent gain in the first 11 months
                          r"|(?:[a-z]+ed|rose|fell|grew|picked up)\s(?:sharply\s|slightly\s)?from)\b", re.I)
# a share of a whole (占全国的76.6%, 比重为30%, accounting for 30% of): not a rate of change
_SHARE = re.compile(r"占|比重|占比|份额|share of|accounting for|accounted for|accounts for", re.I)
_JOINED = re.compile(r"(?:和|及|与|以及|、)\s*$")
_RATIO_CUE = re.compile(r"(?:是|为|相当于|达到?|等于|的)\s?$")
_GROWTH_CUE = re.compile(r"(?:增长|增加|提高|上涨|上升|增|涨)了?\s?$")

# a semicolon joins the parallel clauses of one sentence (…第二季度11.68亿；第三季度12.90亿):
# the period and the subject the later ones leave out are read across it
_SENT_END = "。！？!?\n"
_PART_END = "，,、：:；;（）()“”\"" + _SENT_END
_STOP = re.compile(
    # how a figure was computed names no indicator (初步核算，GDP…亿元，按不变价格计算，增长5.2%: the
    # subject is the GDP two parts back); 以美元计价 is kept, it tells two figures of one indicator apart
    r"按(?:不变|可比|现行|当年)价格计算|按现价计算|扣除价格因素(?:影响)?|初步核算|经季节调整|"
    # a price quoted per unit (报每桶71.40美元, 收报每盎司…) names the unit, not what is priced
    r"(?:收报|报收|报)?每(?:桶|吨|盎司|克|千克|公斤|斤|平方米|立方米|千瓦时|度|张|只|头)|"
    r"同比|环比|比上年同期|比上年同月|较上年同期|比去年同期|比上年|较上年|比去年|较去年|比上月|较上月|比上期|较上期|比上周|较上周|"
    r"年均|分别|其中|全国|我国|共|约|近|超过|"
    r"相当于|保持|维持|达到|达|为|是|的|了|从|由|到|至|和|与|及|以上|以下|左右|在|占|将|已|每|"
    # a target's modal (数控化率要提升到75%, 力争达到): the plan's voice, no indicator
    r"力争|确保|争取|(?<![主重纲摘概必只需])要(?=[提达实增突降控保超稳不])|"
    r"上涨|增长|提高|扩大|加快|增加|上升|回升|提升|下降|下跌|减少|回落|收窄|放缓|缩小|降低|下滑|升|涨|增|降|跌|减|"
    r"第?[一二三四]季度|前三季度|[上下]半年|全年|季度|前?(?:两|[一二三四五六七八九十]{1,3})个月|"
    r"月份|月|年|日|旬|上旬|中旬|下旬|底|末|截至|前|个|"
    r"\b(?:the|a|an|of|in|on|by|to|from|at|and|was|were|is|are|its|their|for|as|with|year|month|percent|per|cent"
    r"|while|which|after|before|also|than|earlier|ago|previous|last|this|over|about|some|nearly|more|less"
    r"|held|stood|remained|reached|hit|came|showed|said|data|official|at|basis|level|index"
    # a wire's verbs of having (raked in, posted, logged, saw their … climb) name no indicator
    r"|raked|posted|recorded|reported|logged|registered|booked|totaled|totalled|saw|had|has|have|been|alone"
    r"|" + "|".join(w for w in _UP + _DOWN if w.isascii()) + r")\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z\u3400-\u9fff]")
_DIGITISH = re.compile(r"[0-9０-９.,%％]+")


class Frame(NamedTuple):
    subject: str  # indicator words (normalised: synonyms mapped, stop words out)
    part_words: str  # every word of the figure's own clause part, normalised the same way
    context: str  # every word from the sentence start to the end of its own part (what an
    # elliptical part inherits: 家用电器和音像器材类增长15.1% after …通讯器材类零售额…)
    respectively: bool  # the sentence pairs lists (分别, respectively): its subjects are unreliable
    quote_start: int  # where the source's own words for this figure begin (for findings)
    quote_end: int  # and end (past the figure when its direction word follows it: 13种价格上涨)
    direction: int  # +1, -1, 0 (none stated)
    basis: str  # yoy | mom | avg | "" (none stated)
    period: tuple | None  # ("m", 5) ("cum", 5) ("asof", 5) ("xun", 5, 3) ("q", 2) ("y", 2025) …
    year: int | None  # the year the figure is about, when stated
    ref: int | None  # month compared against (比上月 resolved, 比4月)
    sense: str  # ratio | growth | "" (multiples only)
    near: bool  # written 近/接近/将近/nearly X: the fact must be just below X
    expect: bool = False  # a forecast or expectation (预计, expected, forecast), not an outcome
    share: bool = False  # stated as a share of a whole (占…的, 比重, 占比, share of), not a rate of change
    currency: str = ""  # usd | cny: the currency a rate is computed in (以美元计价 / an amount in 亿美元 before it)
    scope: str = ""  # the words of the numbered heading its section is under (二、中国非制造业采购经理指数运行情况)


_SYN = {a.lower(): b for a, b in SYNONYMS}
# English names only as whole words (EU is not the "eu" of Reuters)
_SYN_RE = re.compile("|".join((rf"(?<![a-z]){re.escape(a)}(?![a-z])" if a.isascii() else re.escape(a))
                              for a in sorted(_SYN, key=len, reverse=True)), re.I)
# a direction word; English ones only as whole words
_DIR_RE = re.compile("|".join(
    (rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w))
    for w in sorted(_DIR, key=len, reverse=True)))


# a Chinese name's English gloss (特别提款权（SDRs）, 外汇储备（Foreign currency reserves）): the name again, in
# words a Chinese draft does not use; only a gloss of several words (an acronym, （LNG）, may be how a draft
# names the thing; a gloss the glossary maps, （CPI）, was mapped before; M2 keeps its digit)
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\s?[（(][A-Za-z][A-Za-z.,'’&/-]*(?: [A-Za-z.,'’&/-]+)+[）)]")
_NAME_DIGITS = re.compile(r"(?<=[A-Za-z])\d{1,2}(?![\d.])")
_DIGIT_NAMES = str.maketrans("0123456789", "零一二三四五六七八九")


# a source's subjects recur (the same indicator for each figure, the same passage read by the
# draft's verifier and again by its check); the synonym pattern costs ~30 us a call
@lru_cache(maxsize=16384)
def _clean_subject(text: str) -> str:
    t = _SYN_RE.sub(lambda m: _SYN[m.group().lower()], normalize_width(text))
    t = _GLOSS.sub("", t)
    # the digits of a name (M2, M0, 5G's letters' digits) tell indicators apart: kept as characters
    t = _NAME_DIGITS.sub(lambda m: m.group().translate(_DIGIT_NAMES), t)
    t = _DIGITISH.sub(" ", t)
    t = _STOP.sub(" ", t)
    return "".join(_WORD.findall(t)).lower()


def _mask_nouns(text: str) -> str:
    for n in _NOUNS_LONGEST_FIRST:  # 涨跌幅 before its 跌幅
        if n in text:
            text = text.replace(n, "\0" * len(n))
    return text


def _direction_in(text: str, last: bool) -> int:
    """Direction of the direction word in `text` (the last one when `last`, else the first)."""
    hits = _DIR_RE.findall(_mask_nouns(text).lower())
    if not hits:
        return 0
    return _DIR[hits[-1] if last else hits[0]]


def _first_direction_end(text: str) -> int:
    """End offset of the first direction word in `text` (0 when none)."""
    m = _DIR_RE.search(_mask_nouns(text).lower())
    return m.end() if m else 0


def _basis_in(text: str, last: bool) -> str:
    hits = list(_BASIS_RE.finditer(text))
    if not hits:
        return ""
    return (hits[-1] if last else hits[0]).lastgroup or ""


def _en_month(name: str) -> int:
    low = name.lower()
    return next(i + 1 for i, full in enumerate(_MONTH_NAMES) if full.startswith(low[:3]))


def _cn_month(s: str) -> int | None:
    s = s.strip()
    if s.isdigit():
        v = int(s)
    else:
        v = _CN_VAL.get(s, 0)
    return v if 1 <= v <= 12 else None


def _periods(text: str) -> list[tuple[int, tuple, int | None]]:
    """(end offset, period, year) of every period expression in `text`, in order."""
    out = []
    last_year = None
    for m in _PERIOD_RE.finditer(text):
        g = m.lastgroup
        if _BASE_BEFORE.search(text, max(0, m.start() - 6), m.start()) or _BASE_AFTER.match(text, m.end()):
            continue  # 与5月中旬相比, 比4月, than in January: the base of a comparison, not the figure's period
        p = None
        if m.group("cum"):
            mo = _cn_month(m.group("cm"))
            p = ("cum", mo) if mo else None
        elif m.group("first"):
            mo = 2 if m.group("fm") == "两" else _cn_month(m.group("fm"))
            p = ("cum", mo) if mo else None
        elif m.group("half"):
            p = _HALF[m.group("half")]
        elif m.group("asof"):
            mo = _cn_month(m.group("am"))
            p = ("asof", mo) if mo else None
        elif m.group("mon"):
            mo = _cn_month(m.group("mm"))
            if mo:
                p = ("xun", mo, _XUN[m.group("xun")]) if m.group("xun") else ("m", mo)
                if not m.group("xun") and m.group("mon").endswith(("末", "底")):
                    p = ("asof", mo)  # 12月末: a level at the month's end, as 截至12月底 (a year's stock)
        elif m.group("yend"):
            if m.group("ye"):
                last_year = int(m.group("ye"))
                out.append((m.end(), ("y", last_year), last_year))
            p = ("asof", 12)
        elif m.group("year"):
            last_year = int(m.group("yy"))
            p = ("y", last_year)
        elif m.group("enyear"):
            last_year = int(m.group("eyy"))
            p = ("y", last_year)
        elif m.group("enrange"):
            p = ("cum", _en_month(m.group("enr2")))
        elif m.group("en"):
            p = ("m", _MONTH_NAMES.index(m.group("enm").lower()) + 1)
        elif m.group("enpos"):
            p = ("m", _MONTH_NAMES.index(m.group("enpm").lower()) + 1)
        elif m.group("enq"):
            n = ("first", "second", "third", "fourth").index(m.group("enqn").lower()) + 1
            p = ("cum", 3) if n == 1 else ("q", n)
        elif m.group("enh"):
            p = ("cum", 6)
        elif g == "enfirst" or m.group("enfirst"):
            efn = m.group("efn")
            p = ("cum", int(efn) if efn.isdigit() else _EN_NUM[efn])
        if p is not None:
            out.append((m.end(), p, last_year))
    return out


_BASE_VALUE = re.compile(rf"(?:比|较|与|低于|高于)\s?({_CN_M})\s?月份?的\s?$")
_SCOPE = re.compile(r"从?(同比|环比)(?:来)?看|按(同比|环比)计算|[Oo]n a (year-on-year|month-on-month) basis")
_SCOPE_REACH = 600


def _scope_basis(text: str, lo: int) -> str:
    """The basis a sentence stating none takes from around it (statistics releases state it once
    for a run of figures): a paragraph's opening 从同比看，…/从环比看，… (until the next such
    phrase); for a 其中/同期 sentence, the sentence it breaks down, when that states one basis
    (…居民消费价格环比下降0.4%。其中，城市下降0.3%); else a numbered heading above stating one
    (二、各类商品及服务价格环比变动情况), up to the next numbered heading."""
    floor = max(0, lo - _SCOPE_REACH)
    para = text.rfind("\n", floor, lo)
    chunk = text[max(floor, para + 1):lo]
    hits = list(_SCOPE.finditer(chunk))
    if hits and _scope_reaches(chunk, hits[-1].start()):
        word = next(g for g in hits[-1].groups() if g)
        return "yoy" if word in ("同比", "year-on-year") else "mom"
    if lo > 0 and _CONTINUES.match(text, lo):
        # the nearest sentence before stating a basis (a breakdown of a breakdown: 分类别看，食品烟酒
        # 价格同比下降0.6%…。在食品烟酒价格中，猪肉价格下降9.7%)
        for sent in reversed(re.split(r"(?<=[。！？!?])", chunk)):
            kinds = {m.lastgroup for m in _BASIS_RE.finditer(sent)}
            if kinds:
                # 同比上涨0.6%，环比下降0.4%。其中，…: which of them it breaks down is not said
                return kinds.pop() if len(kinds) == 1 else ""
    kinds = {m.lastgroup for m in _BASIS_RE.finditer(_heading_above(text, lo))}
    return kinds.pop() if len(kinds) == 1 and kinds <= {"yoy", "mom"} else ""


def _scope_reaches(chunk: str, at: int) -> bool:
    """Does a 从环比看 at `at` of the paragraph so far govern the sentence after it? Only when it
    opens the paragraph (从同比看，一线城市…。二线城市…) and no later sentence opens another breakdown
    (分三大门类看，…): mid-paragraph it is one sentence's (…同比增长5.3%。从环比看，11月份规模以上
    工业增加值增长0.46%。装备制造业增加值增长8.2%: that 8.2% is not 环比)."""
    if chunk[:at].strip():
        return False
    later = re.split(r"(?<=[。！？!?])", chunk[at:])[1:]
    return not any(_OPENS_BREAKDOWN.match(sent) for sent in later)


_OPENS_BREAKDOWN = re.compile(r"\s*(?:[分从][^，。；\n]{1,8}看|按[^，。；\n]{1,8}分)[，,]")


# a rendered table row (乡村：10月 绝对量 310亿元；10月 同比增长 3.4%。) and how many rows up its caption may stand
# (cells are short, each with a figure, and hold no comma: prose with a colon and semicolons is no row)
# (a figure's thousands separator is no comma of prose: 发明专利授权量 118,452件)
_CELL_CHAR = r"(?:[^；\n。，,]|(?<=\d),(?=\d{3}))"
# (a column of words may sit among the figures: …；重点方向 沙戈荒新能源基地、长时储能。)
# (each cell ends at its ；, so the match is linear in the line: a figure somewhere in the cells)
# (a two-column table renders one cell a row: 四川省：提前下达额度 1520亿元。; a label may carry its
# English gloss: 2.基金组织储备头寸（IMF reserve position）：…, and a bracket its commas: 螺纹钢（Φ20mm，HRB400E）)
_TABLE_ROW_LINE = re.compile(rf"(?:[^：:\n。，,（(]|[（(][^（()）\n]{{0,30}}[）)]){{1,48}}[：:](?=[^\n]*\d)(?:{_CELL_CHAR}{{0,51}}；)*"
                             rf"{_CELL_CHAR}{{0,51}}。[ \t]*$")
_CAPTION_ROWS = 40


def _lines_above(text: str, start: int):
    """The lines above the one starting at `start`, nearest first, stripped, `_CAPTION_ROWS` at most."""
    for _ in range(_CAPTION_ROWS):
        if start <= 0:
            return
        prev = text.rfind("\n", 0, start - 1) + 1
        yield text[prev:start - 1].strip()
        start = prev


def _caption_above(text: str, lo: int) -> str:
    """For a figure in a rendered table row, the short lines above it among the table's rows: its
    group labels (按经营地分) and its caption (表1 2026年10月份社会消费品零售总额主要数据), up to the
    first sentence or the second blank line. A row names only its label (乡村), the caption what the
    table measures. "" when the figure's line is no table row."""
    row = _row_line(text, lo)
    if row is None:
        return ""
    found, blanks = [], 0
    for line in _lines_above(text, row[0]):
        if not line:
            blanks += 1
            if blanks > 1:
                break
        elif _TABLE_ROW_LINE.match(line):
            continue
        elif len(line) > 60 or line[-1] in "。！？":
            break
        else:
            found.append(line)
    return " ".join(reversed(found))


# a numbered item's mark (2．/（1）/①): its number is no figure; a row opening with one is an item
_ITEM = r"\s*(?:\d{1,2}\s?[．.、]|[（(]\d{1,2}[)）]|[①-⑳])"
_ITEM_NUMBER = re.compile(_ITEM + r"(?!\d)")
_ITEM_ROW = re.compile(_ITEM + r"\s?[^\d\s]")
_DIGIT = re.compile(r"\d")
_ENUMERATOR = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|其中[：:]\s*)+")


def _row_line(text: str, pos: int) -> tuple[int, str] | None:
    """(start, line) of the rendered table row holding `pos`, None when its line is no such row."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    return (start, line) if _TABLE_ROW_LINE.match(line) else None


def _row_label(text: str, lo: int, ps: int) -> str:
    """The row label of a figure in a later cell of a rendered table row (乡村：…；1—10月 绝对量
    2954亿元, and its first cell after the colon), "" when the figure is in no such row or its part
    holds the label itself."""
    row = _row_line(text, ps)
    if row is None or ps == row[0]:
        return ""
    start, line = row
    colon = row_colon(line)
    if not colon or start + colon.end() > ps:
        return ""
    # a numbered item (2．跨省) breaks down the row above it that is no item ((二)货运量): 跨省货运量
    parent = _parent_label(text, start) if _ITEM_ROW.match(line) else ""
    return _clean_subject(line[:colon.start()] + parent)


def _parent_label(text: str, start: int) -> str:
    """The label of the nearest row above `start` that is no numbered item, among the rows right
    above it ("" when a line that is no row comes first)."""
    for line in _lines_above(text, start):
        if not _TABLE_ROW_LINE.match(line):
            break
        if not _ITEM_ROW.match(line) and (colon := row_colon(line)):
            return _ENUMERATOR.sub("", line[:colon.start()])
    return ""


def row_colon(line: str):
    """The colon ending a rendered table row's label: the last one before the first cell's figure
    (其中：鲜菜：涨跌幅（%） 11月份同比 6.8%；…: the label is 其中：鲜菜)."""
    numbered = _ITEM_NUMBER.match(line)  # 2．异地：…: an item's number is no figure
    first = _DIGIT.search(line, numbered.end() if numbered else 0)
    colons = list(re.finditer(r"[：:]", line[: first.start() if first else len(line)]))
    return colons[-1] if colons else None



def _heading_above(text: str, lo: int) -> str:
    """The numbered heading whose section `lo` is in ("" when none is within reach). It stands on a
    line of its own above the paragraph; looked for within reach only (a long sentence's figures
    each ask, so an unbounded look back is quadratic)."""
    pstart = text.rfind("\n", max(0, lo - _HEADING_REACH), lo)
    heads = list(_HEADING.finditer(text, max(0, lo - _HEADING_REACH), pstart)) if pstart > 0 else []
    return heads[-1].group() if heads else ""


_OPENS_WITH_PERIOD = re.compile(
    rf"\s*(?:[分从][^，。；\n]{{1,8}}看[，,]|按[^，。；\n]{{1,10}}分[，,])?(?:今年|(?:19|20)\d\d\s?年)?\s?(?:前(?:{_CN_M}|两)个月|1\s?[—–\-至~～]\s?{_CN_M}\s?月份?|{_CN_M}\s?月份?"
    r"|上半年|前三季度|第?[一二三四]季度|全年)(?:以来)?[，,]")


def _opening_period(text: str, lo: int) -> list:
    """The period of the paragraph's last sentence before `lo` that opens with one (10月份，… /
    前10个月，…), as `_periods` gives it; [] when none does."""
    para = text.rfind("\n", max(0, lo - _SCOPE_REACH), lo)
    chunk = text[max(0, lo - _SCOPE_REACH, para + 1):lo]
    for sent in reversed(re.split(r"(?<=[。！？!?])", chunk)):
        if m := _OPENS_WITH_PERIOD.match(sent):
            return _periods(m.group())
    return []


_YEAR_OPEN = re.compile(r"\s*(?:主要目标是[：:]\s*)?(到|至|)\s?(?:19|20)\d\d\s?年(?:底|末)?[，,]")


def _lead(text: str, lo: int) -> str:
    """For a sentence at `lo` that breaks down another (其中，…/同期，…): that sentence, the
    paragraph's last before it that is no breakdown itself; for a plan's later year (到2028年，…
    after 到2027年，…) the sentence before; else ""."""
    if lo <= 0:
        return ""
    year = _YEAR_OPEN.match(text, lo)
    continues = _CONTINUES.match(text, lo)
    if not (year or continues):
        return ""  # (most sentences: no look back)
    para = text.rfind("\n", max(0, lo - _SCOPE_REACH), lo)
    sentences = re.split(r"(?<=[。！？!?])", text[max(0, lo - _SCOPE_REACH, para + 1):lo])
    if not continues:
        # 到2027年，规模以上工业企业…率达到72%左右。到2028年，…率达到75%左右: a plan's later year
        # restates the targets the sentence before named in full
        last = next((x.strip() for x in reversed(sentences) if x.strip()), "")
        opened = _YEAR_OPEN.match(last)
        return last if opened and opened.group(1) == year.group(1) else ""
    return next((s for s in reversed(sentences) if s.strip() and not _CONTINUES.match(s)), "")


# a numbered heading line (一、… / （二）… / 3. …) stating no figure; how far above it still governs
_HEADING = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[、．.](?!\d))"
                      r"[^\n。；;%％]{1,40}$", re.M)
_HEADING_REACH = 5000


_EN_CLAUSE = re.compile(r"\b(?:but|while|whereas|against|compared with|after|than|and (?:down|up) from)\b|,", re.I)
_EN_TAIL_CUT = re.compile(r"\b(?:but|while|whereas|against|compared with|after|than|as|because|amid|on|from|a barrel"
                          r"|an ounce|per)\b|,", re.I)
_ZH_VERB_EXPECT = re.compile(r"预计|预测|" + _NOUN_EXPECT + r"预期(?!的|值|目标|[，。；、,.;）)\s])")
_ZH_OUTCOME = re.compile(r"高于|低于|好于|差于|超过|实际")


def _expected(text: str, lo: int, ps: int, pe: int, start: int, end: int, prev_end: int, next_start: int) -> bool:
    """Is the figure a forecast? English: a cue in its own stretch (the 4.0 percent forecast; had
    expected exports to fall 9.4%), cut at but/while/against. Chinese: 预期的5.0% in its part, or a
    预计 earlier in the sentence governing it (路透调查预计出口增长1.9%，进口增长1.5%) unless an
    outcome word intervenes."""
    before = text[max(ps, prev_end, lo):start]
    after = text[end:min(pe, next_start)]
    if re.search(r"[A-Za-z]{3}", before + after):
        cuts = list(_EN_CLAUSE.finditer(before))
        seg = before[cuts[-1].start():] if cuts else before
        # after the figure only its own noun phrase (a 5.0% forecast, a $81.8 billion surplus
        # expected): "$69.85 a barrel as traders weighed forecasts" is no forecast
        tail = after[:m.start()] if (m := _EN_TAIL_CUT.search(after)) else after
        tail = tail[:40]  # the 2.2% rise economists had predicted
        return bool(_EXPECT_EN.search(seg) or _EXPECT_EN.search(tail))
    if _EXPECT_ZH.search(text[ps:start]):
        return not _ZH_OUTCOME.search(text[ps:start]) or bool(re.search(r"预(?:期|测|计)(?:的|为)?\s?$", text[ps:start]))
    back, hops = ps, 0
    while back > lo and hops < 3:
        if text[back - 1] in "；;":  # a 预计 in the clause before a semicolon governs that clause only
            break
        prev = _part_start(text, lo, back - 1)
        chunk = text[prev:back]
        if _ZH_OUTCOME.search(chunk):
            return False
        if _ZH_VERB_EXPECT.search(chunk):
            return True
        back, hops = prev, hops + 1
    return False


def _before_parenthesis(text: str, lo: int, ps: int) -> int:
    """The part start before a short parenthesis that ends right at `ps` ((不含农户), (M2)), else `ps`."""
    if ps <= lo or text[ps - 1] not in ")）":
        return ps
    op = max(text.rfind("(", lo, ps - 1), text.rfind("（", lo, ps - 1))
    inner = text[op + 1:ps - 1] if op > lo else ""
    if op > lo and ps - op <= 20 and (not re.search(r"[A-Za-z]", inner) or re.fullmatch(r"[A-Z0-9]{1,6}", inner)):
        return _part_start(text, lo, op)
    return ps


def _joined_name(text: str, lo: int, ps: int, start: int) -> int:
    """The start of a name whose words a 、 joins (计算机、通信和其他电子设备制造业; 电力、热力生产和
    供应业), when the figure's part starts right after that 、: the words before it hold no figure,
    and the part after it joins them with 和/及 into one thing, not one item of a list."""
    if ps <= lo or text[ps - 1] != "、" or not _NAME_JOIN.match(text, ps, start):
        return ps
    before = _part_start(text, lo, ps - 1)
    piece = text[before:ps - 1]
    return before if 1 <= len(piece) <= 8 and not _DIGIT.search(piece) and _CJK_ONLY.fullmatch(piece) else ps


# …和其他…业, …和…供应业: the part after a 、 that makes one name of the words before it
_NAME_JOIN = re.compile(r"[\u4e00-\u9fff]{1,10}(?:和|及)(?:其他)?[\u4e00-\u9fff]{0,12}?业")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _ends(text: str, i: int, marks: str) -> bool:
    """Is text[i] a boundary? `marks`, or an English full stop (". " before a capital or a line end)."""
    ch = text[i]
    if ch in marks:
        return True
    return ch == "." and (i + 1 == len(text) or (text[i + 1] in " \n" and (
        i + 2 >= len(text) or not text[i + 2].islower())))


def _sentence_bounds(text: str, start: int, end: int, reach: int = 240) -> tuple[int, int]:
    lo = start
    floor = max(0, start - reach)
    while lo > floor and not _ends(text, lo - 1, _SENT_END):
        lo -= 1
    hi = end
    ceil = min(len(text), end + reach)
    while hi < ceil and not _ends(text, hi, _SENT_END):
        hi += 1
    return lo, hi


def _part_start(text: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and not _ends(text, i - 1, _PART_END):
        i -= 1
    return i


def _part_end(text: str, pos: int, hi: int) -> int:
    i = pos
    while i < hi and not _ends(text, i, _PART_END):
        i += 1
    return i


_BRACKET_OPEN = re.compile(r"\s*[（(]\s*(?:约|合|折合|即|约合)?\s*")
_FIGURE_TAIL = re.compile(r"^[-+−]?[\d.,，\s]+")


def _restated(text: str, lo: int, start: int, end: int, others: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The mention that the one at text[start:end] restates in brackets in another unit
    (6775.4万吨（1355.08亿斤）, 1.2万亿美元（约8.6万亿元）), or None."""
    if start - lo < 2 or text[start - 1] not in "（(" and not _BRACKET_OPEN.search(text, max(lo, start - 5), start):
        return None
    for s, e in others:
        if lo <= s and e < start and _BRACKET_OPEN.fullmatch(text, e, start):
            unit = _FIGURE_TAIL.sub("", text[s:e])
            mine = _FIGURE_TAIL.sub("", text[start:end])
            # another unit (not 增长5.3%（4.1%）, a figure beside its own kind); both with one
            return (s, e) if unit and mine and unit != mine and "%" not in unit + mine else None
    return None


def frame_at(text: str, start: int, end: int, kind: str, value: float,
             others: Sequence[tuple[int, int]] = (), ref_month: int | None = None) -> Frame:
    """The frame of the mention at text[start:end]. `others` are the (start, end) of the other
    mentions of `text` (so a neighbour's words are not taken for this one's); `ref_month` is the
    month a relative 上月 is resolved from when the sentence states none (the source's period)."""
    lo, hi = _sentence_bounds(text, start, end)
    said = _restated(text, lo, start, end, others)
    if said is not None:
        # 比上年增加36.2万吨（7.24亿斤）: the bracketed figure is the one before it in another unit
        rest = [o for o in others if o != said] + [(start, end)]
        f = frame_at(text, said[0], said[1], kind, value, rest, ref_month)
        return f._replace(quote_end=max(f.quote_end, end))
    # (a date before the figure is its period, not a neighbour: Retail sales in January and
    # February grew 6.7%; 华北2027年底指导规模 names 华北)
    prev_end = max((e for s, e in others if e <= start and s >= lo and not _DATEISH.search(text[s:e])),
                   default=lo)
    next_start = min((s for s, e in others if s >= end and s < hi), default=hi)
    ps = _part_start(text, lo, start)
    pe = _part_end(text, end, hi)

    # 全国固定资产投资(不含农户)494082亿元: a parenthesis qualifies the words before it, it does
    # not start the figure's part
    ps = _before_parenthesis(text, lo, ps)
    ps = _joined_name(text, lo, ps, start)
    # subject: own part after the previous figure, else the words right after the figure
    # (8200多家先进级智能工厂), else the whole own part, else earlier parts
    subj_from = max(ps, prev_end)
    subject = _clean_subject(text[subj_from:start])
    part_words = _clean_subject(_strip_mentions(text, ps, pe, [*others, (start, end)]))
    context = _clean_subject(_strip_mentions(text, lo, pe, [*others, (start, end)]))
    if lead := _lead(text, lo):
        # 其中，城市上涨0.7%: a breakdown's figures are of what its lead sentence names (居民消费价格)
        context = _clean_subject(_DIGITISH.sub("", lead)) + context
    # a 分别 pairs the figures after it, an English "respectively" the ones before it
    respectively = "分别" in text[lo:start] or "respectively" in text[end:hi]
    after_words = _clean_subject(text[end:min(pe, next_start)])
    if len(after_words) >= 2 and (len(subject) < 2 or _JOINED.search(text, subj_from, start)) \
            and not _LEVEL_TO.search(text, subj_from, start):
        # 8200多家先进级智能工厂和15家领航级智能工厂: after 和 the words before a figure are its
        # neighbour's; this figure's indicator follows it (not a level reached: rose 2.6 percent
        # to 6.85 trillion yuan in the first 11 months names profits before it)
        subject = after_words
    if len(subject) < 2:
        subj_from = ps
        subject = _clean_subject(_strip_mentions(text, ps, start, others))
    back = ps
    hops = 0
    while len(subject) < 2 and back > lo and hops < 3:
        prev_back, back = back, _part_start(text, lo, back - 1)
        back = _joined_name(text, lo, _before_parenthesis(text, lo, back), start)
        # a part of figures and periods alone (第二季度11.68亿；第三季度12.90亿) names nothing and
        # is not counted: parallel clauses inherit the subject named before them
        hops += bool(_clean_subject(_strip_mentions(text, back, prev_back, others)))
        if _RELATIVE.match(text, back):
            continue  # Core inflation, which strips out food and fuel, held at 0.6%
        subj_from = back
        subject = _clean_subject(_strip_mentions(text, back, start, others))
    if (label := _row_label(text, lo, ps)) and label not in subject:
        subject = label + subject  # a table cell (1—10月 绝对量 2954亿元) is its row's (乡村)
    if label and label not in part_words:
        part_words = label + part_words  # and its part's words name it too (铁路, not only 货运量)

    if _COMPARED_EN.match(text, ps) and not _CJK.search(subject):
        subject = _compared_subject(text, lo, ps, others) or subject

    before = text[max(ps, prev_end):start]
    after = text[end:min(pe, next_start)]
    direction = _direction_in(before, last=True)
    quote_end = end
    if not direction:
        # 降幅较4月的2.5%扩大: the figure is the size of a fall, whatever happens to it next
        nm = _SIZE_NOUN.findall(text[ps:start])
        direction = _SIZE_DIR[nm[-1]] if nm else 0
    if not direction:
        direction = _direction_in(after[:12], last=False)
        if direction:
            quote_end = end + _first_direction_end(after[:12])
    if not direction and (hl := _HIGH_LOW.search(before)):
        # 比上月高0.02个百分点 / 低于: higher or lower than the base
        direction = 1 if (hl.group(1) or hl.group(2)) in "高快多大" else -1
    if direction and _LEVEL_TO.search(before):
        # eased to 4.1 percent, 回落至4.1%: the figure is the level reached, not the size of the
        # move; a rate of change reached is a rise of that size (inflation eased to 4.1 percent:
        # prices rose 4.1 percent), any other level states no direction
        direction = 1 if kind == "percent" and value > 0 else 0
    base = max(prev_end, lo)  # (looked for after the previous figure only: linear in the sentence)
    cell = max(text.rfind("；", base, start), text.rfind(";", base, start), base)
    if _SIGNED_PAIR.search(text, cell, start):
        # 同比多增(+)/少增(-) +420亿元: a column naming both directions by sign; the sign tells
        direction = 1 if value else 0
    if direction and value < 0:
        direction = -direction  # 增长-2.7% is a fall
    elif not direction and value and _SIGNED_CHANGE.search(text[ps:start]):
        direction = 1 if value > 0 else -1  # 比上期涨跌 -61.3元: a change column, its sign the direction
    elif not direction and value < 0 and kind in ("percent", "pp"):
        direction = -1

    sent_before = text[lo:start]
    # the basis after the figure, in its part: English words are longer (a decline 0.4 percentage
    # points narrower than that in the first 10 months)
    reach = 40 if _CJK.search(text, end, end + 40) else 64
    basis = _basis_in(text[ps:start], last=True) or _basis_in(text[end:min(pe, end + reach)], last=False)
    back = ps
    while not basis and back > lo:
        # an elliptical part (出口2.25万亿元，增长6.3%) or an opening phrase without figures
        # (On a month-on-month basis, …) carries the basis of what follows
        prev = _part_start(text, lo, back - 1)
        figures = [(s, e) for s, e in others if prev <= s < back and not _DATEISH.search(text[s:e])]
        if figures and len(_clean_subject(text[ps:start])) >= 2:
            break
        basis = _basis_in(text[prev:back], last=True)
        if figures:
            break
        back = prev

    if not basis:
        # a list continuing its sentence's one stated basis (采矿业增加值同比增长4.1%，制造业增长
        # 5.8%) before any scope from sentences around it (a 从环比看 sentence just before)
        kinds = {m.lastgroup for m in _BASIS_RE.finditer(sent_before)} & {"yoy", "mom"}
        basis = kinds.pop() if len(kinds) == 1 and not re.search(r"[A-Za-z]{3}", sent_before) else ""
    if not basis:
        basis = _scope_basis(text, lo)
    periods = _periods(sent_before)
    if periods and re.search(r"[A-Za-z]{3}", sent_before):
        # English puts a figure's period after it (up from 1.8% in December): a period in an
        # earlier figure's own tail is that figure's, not this one's
        tails = [(e - lo, _part_end(text, e, hi) - lo) for s, e in others
                 if lo <= s and e <= start and not _DATEISH.search(text[s:e])]
        periods = [p for p in periods if not any(a < p[0] <= b for a, b in tails)]
    semi = max(text.rfind("；", lo, start), text.rfind(";", lo, start))
    if semi >= lo:
        # a clause after a semicolon takes neither the period nor the year of the clauses before
        # it (a 摘要 or 今日判断 lists several topics: …三季度增长4.8%；第二，秋粮已收获9.32亿亩); a
        # release's 其中 sentence still takes the sentence before's (below)
        periods = _periods(text[semi + 1:start])
    if not periods and lo > 0 and not _CONTINUES.match(text, lo):
        # 前10个月，…增长较快。工业机器人…产量分别增长28.4%: a period opening an earlier sentence
        # of the paragraph is the period of the sentences after it that state none
        periods = _opening_period(text, lo)
        if periods and semi >= lo and (own := _OPENS_WITH_PERIOD.match(text, lo)):
            # … unless the figure's own sentence opens with one: 11月份,…。1至11月份,服务零售额…;
            # 全国固定资产投资…亿元 is 1至11月份's, the nearer opening
            periods = _periods(text[lo:own.end()]) or periods
    if not periods and lo > 0 and _CONTINUES.match(text, lo):
        # 其中，…/同期，…: the figures of the sentence before, broken down; same period
        plo, _ = _sentence_bounds(text, lo - 1, lo - 1)
        periods = _periods(text[plo:lo])
    period = periods[-1][1] if periods else None
    # English puts the period after the figure (after a 0.1% rise in April): one stated in the
    # figure's own stretch of words wins over one earlier in the sentence
    # ... but not the next figure's (a forecast 1.6% rise and 1.3% in August)
    following = heapq.nsmallest(2, ((s, e) for s, e in others if end <= s < hi and not _DATEISH.search(text[s:e])))
    if following and _LEVEL_TO.search(text, end, following[0][0]):
        # … rose 2.6 percent to 6.85 trillion yuan in the first 11 months: the level the change
        # reached is the same figure's, and so is the period following it
        reach = following[1][0] if len(following) > 1 else hi
        later = _periods(text[end:min(pe, reach, following[0][1] + 40)])
    else:
        later = _periods(text[end:min(pe, following[0][0] if following else hi, end + 40)])
    if later:
        period = later[0][1]
    if (bm := _BASE_VALUE.search(text, max(lo, start - 12), start)) and (mo := _cn_month(bm.group(1))):
        period = ("m", mo)  # 较11月的4.2%: the figure is the base month's own
    # the year a figure is about, only when the sentence names one year before it: with two
    # (从2020年的…增长到2025年的…, 是2020年的…倍) which one is meant is structure, not words
    # nor across a semicolon (…2025年社会消费品零售总额…；重庆分赛设17个赛道: not a 2025 figure)
    years = {p[1] for _, p, _ in (periods if semi < lo else _periods(text[semi + 1:start])) if p[0] == "y"}
    year = years.pop() if len(years) == 1 else None
    if period is not None and period[0] == "y":
        period = None  # years are compared through `year`
    ref = None
    rm = None
    for rm in _REL_MONTH.finditer(text[ps:min(pe, next_start)]):
        pass
    if rm is not None:
        if rm.group("m"):
            ref = _cn_month(rm.group("m"))
        else:
            cur = period[1] if period is not None and period[0] in ("m", "cum", "asof", "xun") else ref_month
            ref = (cur - 1 if cur and cur > 1 else 12 if cur == 1 else None)
    sense = ""
    if kind == "multiple":
        pre = text[max(ps, prev_end):start]
        if _GROWTH_CUE.search(pre):
            sense = "growth"
        elif re.match(r"\s?(?:the|as\s)", text[end:end + 4]):
            sense = "ratio"  # 2.9 times the level a year earlier
        elif _RATIO_CUE.search(pre) or "相当于" in pre or "是" in pre:
            sense = "ratio"
    if respectively:
        paired = _respective_subject(text, lo, start, end, subject, others) or \
            _list_subject(text, lo, start, end, others)
        if paired is not None:
            subject, respectively = paired, False
            if (resp := text.rfind("分别", lo, start)) >= 0:
                # the quote shows the list its item is named in (新能源汽车、…、集成电路产量分别增长18.7%),
                # not the last item's words alone
                while subj_from > lo and text[subj_from - 1] not in _LIST_STOP and subj_from > resp - 60:
                    subj_from -= 1
    quote_start = subj_from
    while quote_start < start and text[quote_start] in " \t，,、：:":
        quote_start += 1
    near = bool(_NEAR.search(text, max(0, start - 10), start))
    # a forecast (预计, 预期的, expected, forecast): English in the figure's own part, Chinese
    # anywhere before it in the sentence (路透调查预计出口增长1.9%，进口增长1.5%)
    expect = _expected(text, lo, ps, pe, start, end, prev_end, next_start)
    # (the later items of a list, 分别占…的6.7%、91.4%和1.9%, are shares as its first is)
    share = kind in ("percent", "fraction") and bool(
        _SHARE.search(text, ps, start)
        or (prev_end > lo and _LIST_GAP.fullmatch(text, prev_end, start)
            and _SHARE.search(text, max(lo, prev_end - _SHARE_REACH), prev_end)))
    return Frame(subject, part_words, context, respectively, quote_start, quote_end, direction, basis, period,
                 year, ref, sense, near, expect, share, _currency(text, lo, start) if kind in ("percent", "pp") else "",
                 _clean_subject(_DIGITISH.sub("", _heading_above(text, lo) + _caption_above(text, lo))))


# 以美元计价，出口增长6.8% / 以人民币计价 / in dollar terms: the currency a trade rate is computed in;
# without one, the amount the figure's sentence states before it (出口3528亿美元，增长6.8%)
_CURRENCY_SAID = re.compile(r"(?:以|按)(美元|人民币)计(?:价|算)?|in (?:U\.S\. )?(dollar|yuan) terms", re.I)
_CURRENCY_AMOUNT = re.compile(r"\d(?:[\d.,]*)\s*(?:万亿|亿|万|千)?\s*(美元|元)")
_CURRENCY_NAMES = {"美元": "usd", "dollar": "usd", "人民币": "cny", "yuan": "cny", "元": "cny"}


def _currency(text: str, lo: int, start: int) -> str:
    said = list(_CURRENCY_SAID.finditer(text, lo, start))
    if said:
        return _CURRENCY_NAMES[(said[-1].group(1) or said[-1].group(2)).lower()]
    amounts = list(_CURRENCY_AMOUNT.finditer(text, lo, start))
    return _CURRENCY_NAMES[amounts[-1].group(1)] if amounts else ""


_CJK = re.compile(r"[\u3400-\u9fff]")
_SHARE_REACH = 60  # how far before a list's earlier item its 占/比重 may stand
_LIST_GAP = re.compile(r"\s*(?:[、,，]|和|及|以及|and|,? and)\s*")


def _compared_subject(text: str, lo: int, ps: int, others: Sequence[tuple[int, int]]) -> str:
    """The indicator words (glossary-mapped) of the clause of the last figure before part `ps`."""
    prev = [(s, e) for s, e in others if lo <= s < ps and not _DATEISH.search(text[s:e])]
    for s, _ in reversed(prev):  # (up from a 4.3% increase in December names none: the figure before it)
        frm = _part_start(text, lo, s)
        words = "".join(_CJK.findall(_clean_subject(_strip_mentions(text, frm, ps, others))))
        if len(words) >= 2:
            return words
    return ""


_PAIRED = {"产销": ("产量", "销量"), "进出口": ("进口", "出口")}
_AND_PAIR = re.compile(r"([\u4e00-\u9fff]{1,8})(?:和|与|、)([\u4e00-\u9fff]{1,8})(?:分别|各)")


_LIST_SEP = re.compile(r"、|和|与|及|以及|,|and")
_LIST_STOP = "，,；;。！？!?\n：:"


def _list_subject(text: str, lo: int, start: int, end: int, others: Sequence[tuple[int, int]]) -> str | None:
    """东部、中部、西部、东北地区收入分别同比增长8.1%、6.1%、12.5%、12.5%: the figures after 分别 are
    paired with the items before it, in order, when the counts agree (the i-th figure's subject
    is the i-th item). None when they do not."""
    resp = text.rfind("分别", lo, start)
    if resp < 0:
        return None
    stop = end
    while stop < len(text) and text[stop] not in _LIST_STOP:
        stop += 1
    spans = sorted({(s, e) for s, e in [*others, (start, end)] if resp <= s < stop and not _DATEISH.search(text[s:e])})
    if (start, end) not in spans:
        return None
    head_from = resp
    while head_from > lo and text[head_from - 1] not in _LIST_STOP:
        head_from -= 1
    head = _strip_mentions(text, head_from, resp, others)
    items = _list_items(head)
    if len(items) < 2:
        # 第二产业、第三产业用电量分别为A和B，同比分别增长x和y: a second 分别 in the sentence
        # pairs its figures with the first one's list
        first = text.find("分别", lo, resp)
        if first >= 0:
            f_from = first
            while f_from > lo and text[f_from - 1] not in _LIST_STOP:
                f_from -= 1
            items = _list_items(_strip_mentions(text, f_from, first, others))
    if len(items) < 2 and head_from > lo and not _strip_mentions(text, head_from, resp, others).strip("，, "):
        # 对示范商圈、示范街区、示范企业，分别给予最高500万元、300万元、100万元: the list is the
        # clause before the one 分别 opens
        prev_from = head_from - 1
        while prev_from > lo and text[prev_from - 1] not in _LIST_STOP:
            prev_from -= 1
        items = _list_items(_strip_mentions(text, prev_from, head_from - 1, others))
    if len(items) < 2:
        items = _clause_subjects(text, lo, head_from, len(spans), others)
    if len(items) != len(spans) or len(items) < 2:
        return None
    return items[spans.index((start, end))]


def _clause_subjects(text: str, lo: int, before: int, n: int, others: Sequence[tuple[int, int]]) -> list[str]:
    """汽车产量261.9万辆，销量259万辆，同比分别增长8.9%和9.8%: a 分别 with no list of its own pairs
    its figures with the subjects of the `n` clauses just before it, when each states one figure."""
    out: list[str] = []
    end = before - 1  # the stop character ending the previous clause
    while len(out) < n and end > lo and text[end] in "，,；;":
        start = end
        while start > lo and text[start - 1] not in _LIST_STOP:
            start -= 1
        figures = [(s, e) for s, e in others if start <= s < end and not _DATEISH.search(text[s:e])]
        words = _clean_subject(_strip_mentions(text, start, end, others))
        if len(figures) != 1 or not words:
            return []
        out.insert(0, words)
        end = start - 1
    return out if len(out) == n else []


def _list_items(head: str) -> list[str]:
    """The items of a 、/和 list, an elided shared ending restored: 中、小型企业PMI is 中型企业PMI
    and 小型企业PMI; 东、中、西部地区 is 东部地区, 中部地区 and 西部地区."""
    items = [x for x in (_clean_subject(x) for x in _LIST_SEP.split(head)) if x]
    items = _shared_preamble(items)
    if len(items) >= 2 and len(items[-1]) > 2:
        items = [_shared_ending(x, items[-1]) for x in items[:-1]] + items[-1:]
        # 新能源汽车、工业机器人、集成电路产量: what the last item measures, every item measures
        # (东部、中部、西部地区投资: from the character they share on, 东部地区投资)
        if (m := _MEASURE_END.search(items[-1])) and len(items[-1]) > len(m.group()):
            items = [_measured(x, items[-1], m.start()) for x in items[:-1]] + items[-1:]
    return items


def _shared_preamble(items: list[str]) -> list[str]:
    """对新认定的示范商圈、示范街区、示范企业: the words before the first item are the list's, not
    that item's (its subject is 示范商圈, as 示范街区 is the second's), told by the first item's
    ending being like the second item."""
    if len(items) < 2:
        return items
    first = items[0]
    from draftbot.text.regions import regions

    if all(regions(x) and len(x) <= 4 for x in items[1:]) and (place := _last_place(first)):
        return [place] + items[1:]  # …居前三位的是广东、江苏和北京: a list of places, the first one too
    n = len(items[1])
    if n < 2 or len(first) < n + 3:
        return items
    tail = first[-n:]
    if tail[0] != items[1][0] and tail[-1] != items[1][-1]:
        return items
    return [first[-n:]] + items[1:]


def _last_place(text: str) -> str:
    """The province a text ends with (发明专利授权量居前三位的是广东 -> 广东), or ""."""
    from draftbot.text.regions import regions

    for k in range(2, 5):
        tail = text[-k:]
        if regions(tail) and tail.startswith(tuple(regions(tail))):
            return tail
    return ""


def _measured(item: str, last: str, stem_end: int) -> str:
    if _MEASURE_END.search(item) or _ORDINAL.fullmatch(item):
        return item
    at = last.rfind(item[-1], 0, stem_end)
    return item + last[at + 1:] if at >= 0 else item + last[stem_end:]


_ORDINAL = re.compile(r"第?[一二三四五六七八九十\d]+")  # 第二、三产业投资: a prefix shared, not an item measured
_MEASURE_END = re.compile(r"(?:产销量|产量|销量|出口额?|进口额?|进出口额?|增加值|投资|零售额|销售额|营业收入|利润|产值|用电量)$")


def _shared_ending(item: str, last: str) -> str:
    """`item` with the words the list's last item adds after their common ending (中型企业 and
    小型企业PMI: 中型企业PMI); a one-character item takes all of the last one's ending (中 → 中型企业PMI)."""
    if len(item) == 1:
        return item + last[1:]
    for k in range(len(item) - 1):  # the longest ending of `item` (2+ characters) inside `last`
        tail = item[k:]
        at = last.find(tail)
        if at >= 0 and len(tail) >= 2:
            return item + last[at + len(tail):]
    return item


def _respective_subject(text: str, lo: int, start: int, end: int, subject: str,
                        others: Sequence[tuple[int, int]]) -> str | None:
    """汽车产销分别完成264.9万辆和268.6万辆: the second figure is 销量. The figure's place among
    the two figures after the last 分别 picks the item of the pair the subject names (产销 → 产量/
    销量, A和B分别 → A/B). None when the sentence does not pair exactly two of each."""
    resp = text.rfind("分别", lo, start)
    if resp < 0:
        return None
    pe = end  # the figures of the 分别 clause (a 、 separates figures, it does not end the list)
    while pe < len(text) and text[pe] not in _LIST_STOP:
        pe += 1
    spans = sorted({(s, e) for s, e in [*others, (start, end)] if resp <= s < pe})
    if len(spans) != 2 or (start, end) not in spans:
        return None
    i = spans.index((start, end))
    head = text[lo:resp + 2]
    m = None
    for m in _AND_PAIR.finditer(head):
        pass
    if m is not None and m.end() == len(head):
        a, b = _clean_subject(m.group(1)), _clean_subject(m.group(2))
        if a and b and a + b in subject:
            return subject.replace(a + b, (a, b)[i])
    for word, items in _PAIRED.items():
        if word in subject and ("进出口" != word or "分别" in text[lo:start]):
            return subject.replace(word, items[i], 1)
    return None


def _strip_mentions(text: str, a: int, b: int, others: Sequence[tuple[int, int]]) -> str:
    """text[a:b] with the other mentions blanked (their digits and units are not subject words)."""
    chunk = list(text[a:b])
    for s, e in others:
        if e <= a or s >= b:
            continue
        for i in range(max(s, a), min(e, b)):
            chunk[i - a] = " "
    return "".join(chunk)


def subject_words(text: str) -> str:
    """`text` as subjects are compared: synonyms mapped (an English glossary word to its Chinese
    indicator), stop words and marks out."""
    return _clean_subject(text)


def subject_score(claim: str, fact: str) -> float:
    """How well two subjects name the same thing (0..1): the larger of the share of the claim's
    character bigrams found in the fact's and the share of the fact's found in the claim's (a
    draft may say more, 知识密集型服务出口占服务出口比重, or less than the source)."""
    return bigram_similarity(claim, fact)


def main_month(title: str, text: str) -> int | None:
    """The month a release is about: the first month in its title, else in its first lines."""
    for chunk in (title, text[:300]):
        for _, p, _ in _periods(chunk):
            if p[0] in ("m", "cum", "asof", "xun"):
                return p[1]
    return None


def describe_period(p: tuple | None, year: int | None = None) -> str:
    if p is None:
        return "no period"
    k = p[0]
    y = f"{year}年" if year else ""
    if k == "m":
        return f"{y}{p[1]}月"
    if k == "cum":
        return f"{y}1—{p[1]}月"
    if k == "asof":
        return f"截至{p[1]}月底"
    if k == "xun":
        return f"{p[1]}月{'上中下'[p[2] - 1]}旬"
    if k == "q":
        return f"第{p[1]}季度"
    return f"{p[1]}年"


# ---------------------------------------------------------------- what a copied sentence leaves unsaid
# A drafting backend that copies a release's sentence alone (the extractive one) asks what its
# figures take from around it, so the copy can say it: the same readings `frame_at` makes.
_BASIS_WORDS = {"yoy": "同比", "mom": "环比"}


def inherited_basis(text: str, start: int, end: int) -> str:
    """同比 or 环比: the basis the figures of text[start:end] (a sentence, or its clause after a ；)
    take from their context (a paragraph's 从同比看, a breakdown's lead sentence, a numbered heading
    above) when their whole sentence states no basis; "" when it states one, or the context gives
    none or two."""
    lo, hi = _sentence_bounds(text, start, max(start, end - 1))  # (end is past its 。)
    if any(not _RATE_CHANGE.search(text, max(lo, m.start() - 8), m.start()) for m in _BASIS_RE.finditer(text, lo, hi)):
        return ""
    return _BASIS_WORDS.get(_scope_basis(text, lo), "")


# 降幅均比上月收窄: a comparison of the rate's own size, not the basis of the figures before it
_RATE_CHANGE = re.compile(r"(?:涨幅|降幅|增幅|跌幅|增速|降速)(?:均|都|也|分别|已|有所)?\s?$")


def inherited_period(text: str, start: int, end: int) -> str:
    """The words of the period (1—10月份, 前10个月) opening an earlier sentence of the paragraph that
    the figures of text[start:end] take, when it states no period (nor year) and its sentence breaks
    nothing down; "" else."""
    lo, _ = _sentence_bounds(text, start, max(start, end - 1))
    if lo <= 0 or _periods(text[start:end]) or _CONTINUES.match(text, lo) or not _opening_period(text, lo):
        return ""
    if start > lo and (own := _OPENS_WITH_PERIOD.match(text, lo)) and own.end() <= start:
        # a later clause of a sentence that opens with its own period (1至11月份,…;全国固定资产投资…)
        return re.sub(r"^\s*[分从][^，。；\n]{1,8}看[，,]", "", own.group()).strip().rstrip("，,")
    para = text.rfind("\n", max(0, lo - _SCOPE_REACH), lo)
    chunk = text[max(0, lo - _SCOPE_REACH, para + 1):lo]
    for sent in reversed(re.split(r"(?<=[。！？!?])", chunk)):
        if m := _OPENS_WITH_PERIOD.match(sent):
            # the period alone: not the 分地区看， before it nor the comma after it
            return re.sub(r"^\s*[分从][^，。；\n]{1,8}看[，,]", "", m.group()).strip().rstrip("，,")
    return ""


def basis_slot(sentence: str, start: int) -> int | None:
    """Where a basis word goes for the figure at sentence[start:]: before the direction word right
    before it in its clause part (鲜菜价格|下降3.4%; 分别 stays first: 价格|分别下降), None when there
    is none, or the part measures a rate's own change (涨幅, 增速) or compares (比…, 较…)."""
    ps = _part_start(sentence, 0, start)
    words = sentence[ps:start]
    hit = None
    for hit in _DIR_RE.finditer(_mask_nouns(words)):
        pass
    if (hit is None or len(hit.group()) < 2 or _SIZE_NOUN.search(words) or re.search(r"[比较与]", words[:hit.start()])
            or not re.fullmatch(r"\s?(?:了|约|达|近)?\s?", words[hit.end():])):
        return None
    at = ps + hit.start()
    return at - 2 if sentence[max(0, at - 2):at] == "分别" else at
