"""Claim suite for the checker: seed errors into correct drafts and count what is caught.

Suites: the sample day (evals/checker/correct_draft.md over corpus/, the lists below) and every
folder of evals/claims/ (its corpus/, draft.md and mutations.yaml: Chinese releases, English
wires). Each error replaces one exact, unique span of a correct draft; the checker must report at
least one finding more than on the correct draft (informational notes do not count). Each
faithful rewrite says the same thing another way (separators, Chinese numerals, another scale,
比上年同月 for 同比, 下跌 for 下降, CPI for 居民消费价格, 突破1200万 for 1280万); it must produce no
finding. Errors are counted per kind: value, unit, source, direction, period, subject,
approximation, multiple. `draftbot eval --checker` calls `run_mutation_suite(lib)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from draftbot.verify.library import SourceLibrary
from draftbot.verify.report import check_markdown

CHECKER_DIR = Path(__file__).resolve().parents[3] / "evals" / "checker"
CLAIMS_DIR = CHECKER_DIR.parent / "claims"
KINDS = ("value", "unit", "scale", "source", "direction", "period", "basis", "subject", "approximation", "multiple",
         "derived", "translation", "mixed", "pending")
# the sample suite's categories, as claim kinds
KIND_OF = {"digits": "value", "percent": "value", "chinese": "value", "date": "value", "scale": "unit",
           "pp": "unit", "qualifier": "approximation", "citation": "source", "reference": "source",
           "pending": "pending", "rewrite": "rewrite"}


@dataclass(frozen=True)
class Mutation:
    name: str
    category: str  # digits | scale | percent | pp | chinese | date | qualifier | citation | reference | rewrite
    old: str
    new: str


# (old must occur exactly once in the correct draft; the first mutations name the classic cases)
ERRORS: list[Mutation] = [
    Mutation("digit swap 1652→1625 万辆", "digits", "1652 万辆", "1625 万辆"),
    Mutation("digit swap 41.7→47.1 万亿元", "digits", "41.7 万亿元", "47.1 万亿元"),
    Mutation("digit swap 4843→4834 亿块", "digits", "4843 亿块", "4834 亿块"),
    Mutation("digit swap 483.8→438.8 万个", "digits", "483.8 万个", "438.8 万个"),
    Mutation("digit swap 521.1→512.1 万台", "digits", "521.1 万台", "512.1 万台"),
    Mutation("digit swap 80.9→89.0 万亿元", "digits", "80.9 万亿元", "89.0 万亿元"),
    Mutation("digit swap 131→113 个赛题", "digits", "131 个赛题", "113 个赛题"),
    Mutation("digit swap 8200→2800 多家", "digits", "8200 多家", "2800 多家"),
    Mutation("digit swap 16→61 年", "digits", "连续 16 年", "连续 61 年"),
    Mutation("digit swap 71.40→74.10 美元", "digits", "71.40 美元", "74.10 美元"),
    Mutation("distractor figure 13→21 种", "digits", "13 种价格上涨", "21 种价格上涨"),
    Mutation("scale 亿块→万块", "scale", "4843 亿块", "4843 万块"),
    Mutation("scale 2614 亿块→万块", "scale", "2614 亿块", "2614 万块"),
    Mutation("scale 万亿元→亿元", "scale", "31.1 万亿元", "31.1 亿元"),
    Mutation("scale 万套→亿套", "scale", "77.3 万套", "77.3 亿套"),
    Mutation("scale 万辆→辆", "scale", "1652 万辆", "1652 辆"),
    Mutation("scale 25.3 万亿元→万元", "scale", "25.3 万亿元", "25.3 万元"),
    Mutation("percent 57.7→57.1", "percent", "57.7%", "57.1%"),
    Mutation("percent 61.4→64.1", "percent", "61.4%", "64.1%"),
    Mutation("percent 30.9→39.0", "percent", "30.9%", "39.0%"),
    Mutation("percent 13.1→31.1", "percent", "13.1%", "31.1%"),
    Mutation("percent 52→25", "percent", "52%", "25%"),
    Mutation("percent 28→38 以上", "percent", "28% 以上", "38% 以上"),
    Mutation("% → 个百分点 (57.7)", "pp", "57.7%", "57.7 个百分点"),
    Mutation("% → 个百分点 (1.8)", "pp", "1.8%", "1.8 个百分点"),
    Mutation("% → 个百分点 (13.1)", "pp", "13.1%", "13.1 个百分点"),
    Mutation("Chinese numerals 一千六百二十五万辆", "chinese", "1652 万辆", "一千六百二十五万辆"),
    Mutation("Chinese numerals 百分之五十七点一", "chinese", "57.7%", "百分之五十七点一"),
    Mutation("Chinese numerals 十二点三倍", "chinese", "11.3 倍", "十二点三倍"),
    Mutation("Chinese numerals 二十个部门", "chinese", "22 个部门", "二十个部门"),
    Mutation("date 6 月 3 日→6 月 5 日", "date", "湖北分赛 6 月 3 日", "湖北分赛 6 月 5 日"),
    Mutation("date 6 月 4 日→6 月 14 日", "date", "国家统计局 6 月 4 日发布", "国家统计局 6 月 14 日发布"),
    Mutation("qualifier 超过 50%→超过 60%", "qualifier", "超过 50%", "超过 60%"),
    Mutation("qualifier 8200 多家→8200 家", "qualifier", "8200 多家", "8200 家"),
    Mutation("citation moved: services [3]→[2]", "citation", "对经济增长贡献率达到 61.4%[3]", "对经济增长贡献率达到 61.4%[2]"),
    Mutation("citation moved: NEV [1]→[2]", "citation", "是 2020 年的 11.3 倍[1]", "是 2020 年的 11.3 倍[2]"),
    Mutation("citation moved: Chongqing [5]→[6]", "citation", "131 个赛题[5]", "131 个赛题[6]"),
    Mutation("citation moved: prices [4]→[1]", "citation", "1 种持平[4]", "1 种持平[1]"),
    Mutation("citation moved: Brent [8]→[9]", "citation", "金价上涨[8]", "金价上涨[9]"),
    Mutation("citation removed: 28%", "citation", "居世界首位[1]", "居世界首位"),
    Mutation("citation removed: 50.1 万亿元", "citation", "首次突破 50 万亿元[2]", "首次突破 50 万亿元"),
    Mutation("citation removed: Hubei", "citation", "共同推进[6]", "共同推进"),
    Mutation("citation to a missing reference [10]", "reference", "部分原因与中东航运风险有关[9]", "部分原因与中东航运风险有关[10]"),
    Mutation("reference to a non-existent source (title)", "reference",
             "《2026年“数据要素×”大赛重庆分赛启幕》", "《2026年“数据要素×”大赛四川分赛启幕》"),
    Mutation("reference to a non-existent source (Reuters)", "reference",
             "《NY Fed global supply chain pressure index stays elevated in May on Middle East shipping risks》",
             "《Reuters poll: China factory output seen slowing in June》"),
    Mutation("pending mark left in", "pending", "年均增长 30.9%[1]", "年均增长 30.9%【待核实：年均增速口径】[1]"),
]

REWRITES: list[Mutation] = [
    Mutation("thousands separator 1,652万辆", "rewrite", "1652 万辆", "1,652万辆"),
    Mutation("Chinese numerals 一千六百五十二万辆", "rewrite", "1652 万辆", "一千六百五十二万辆"),
    Mutation("mixed numerals 1千6百52万辆", "rewrite", "1652 万辆", "1千6百52万辆"),
    Mutation("full-width digits １６５２万辆", "rewrite", "1652 万辆", "１６５２万辆"),
    Mutation("other scale 417000 亿元", "rewrite", "41.7 万亿元", "417000 亿元"),
    Mutation("百分之五十七点七", "rewrite", "57.7%", "百分之五十七点七"),
    Mutation("52.0%", "rewrite", "52%", "52.0%"),
    Mutation("no space 4843亿块", "rewrite", "4843 亿块", "4843亿块"),
    Mutation("Chinese numerals 三十一点一万亿元", "rewrite", "31.1 万亿元", "三十一点一万亿元"),
    Mutation("Chinese numerals 十三种", "rewrite", "13 种价格上涨", "十三种价格上涨"),
    Mutation("full date 2026 年 6 月 4 日", "rewrite", "国家统计局 6 月 4 日发布", "国家统计局 2026 年 6 月 4 日发布"),
    Mutation("71.4 美元", "rewrite", "71.40 美元", "71.4 美元"),
    Mutation("full-width percent ５７．７％", "rewrite", "57.7%", "５７．７％"),
    Mutation("两个引用合一 [1][3]", "rewrite", "年均增长 30.9%[1]", "年均增长 30.9%[1][3]"),
    Mutation("marker after the full stop", "rewrite", "首次突破 50 万亿元[2]。", "首次突破 50 万亿元。[2]"),
]


class MutationOutcome(BaseModel):
    name: str
    category: str
    suite: str = "sample-day"
    kind: str = ""  # claim kind (KINDS) for errors, "rewrite" for rewrites
    kinds: list[str] = Field(default_factory=list)  # finding kinds produced
    details: list[str] = Field(default_factory=list)


class MutationReport(BaseModel):
    caught: int
    total_errors: int
    false_alarms: int  # rewrites that produced a finding
    total_rewrites: int
    clean_findings: int  # findings on the unmodified draft
    missed: list[str] = Field(default_factory=list)
    flagged_rewrites: list[str] = Field(default_factory=list)
    errors: list[MutationOutcome] = Field(default_factory=list)
    rewrites: list[MutationOutcome] = Field(default_factory=list)
    by_kind: dict[str, list[int]] = Field(default_factory=dict)  # kind -> [caught, total]
    suites: list[str] = Field(default_factory=list)

    @property
    def catch_rate(self) -> float:
        return self.caught / self.total_errors if self.total_errors else 1.0

    @property
    def min_kind_rate(self) -> float:
        rates = [c / t for c, t in self.by_kind.values() if t]
        return min(rates) if rates else 1.0

    def kind_line(self) -> str:
        return ", ".join(f"{k} {c}/{t}" for k, (c, t) in sorted(self.by_kind.items(), key=lambda kv: KINDS.index(kv[0])
                                                                  if kv[0] in KINDS else 99))

    def line(self) -> str:
        return (f"errors caught {self.caught}/{self.total_errors} ({self.catch_rate:.1%}; {self.kind_line()}), "
                f"rewrites flagged {self.false_alarms}/{self.total_rewrites}, "
                f"findings on the correct drafts {self.clean_findings}")

    def merge(self, other: "MutationReport") -> None:
        self.caught += other.caught
        self.total_errors += other.total_errors
        self.false_alarms += other.false_alarms
        self.total_rewrites += other.total_rewrites
        self.clean_findings += other.clean_findings
        self.missed += other.missed
        self.flagged_rewrites += other.flagged_rewrites
        self.errors += other.errors
        self.rewrites += other.rewrites
        self.suites += other.suites
        for k, (c, t) in other.by_kind.items():
            cur = self.by_kind.setdefault(k, [0, 0])
            cur[0] += c
            cur[1] += t


def apply(text: str, m: Mutation) -> str:
    count = text.count(m.old)
    if count != 1:
        raise ValueError(f"mutation {m.name!r}: {m.old!r} occurs {count} times in the draft (need exactly 1)")
    return text.replace(m.old, m.new)


def correct_draft(path: Path | None = None) -> str:
    return Path(path or CHECKER_DIR / "correct_draft.md").read_text(encoding="utf-8")


def run_mutation_suite(lib: SourceLibrary, draft: str | None = None, errors: list[Mutation] | None = None,
                       rewrites: list[Mutation] | None = None, claims: bool = True) -> MutationReport:
    """The sample-day suite against `lib` (the sample corpus, ingested), then (unless `claims`
    is False) every claim suite of evals/claims/ over its own corpus. `errors`/`rewrites`
    replace the sample-day lists only."""
    text = draft if draft is not None else correct_draft()
    rep = run_suite("sample-day", text, lib, ERRORS if errors is None else errors,
                    REWRITES if rewrites is None else rewrites)
    if claims:
        for suite in claim_suites():
            rep.merge(run_claim_suite(suite))
    return rep


def run_suite(name: str, text: str, lib: SourceLibrary, errors: list[Mutation],
              rewrites: list[Mutation]) -> MutationReport:
    clean = check_markdown(text, lib)
    base = len(clean.findings)
    rep = MutationReport(caught=0, total_errors=len(errors), false_alarms=0, total_rewrites=len(rewrites),
                         clean_findings=base, suites=[name])
    for m in errors:
        res = check_markdown(apply(text, m), lib)
        kind = KIND_OF.get(m.category, m.category)
        rep.errors.append(MutationOutcome(name=m.name, category=m.category, suite=name, kind=kind,
                                          kinds=[f.kind for f in res.findings],
                                          details=[f.detail for f in res.findings]))
        tally = rep.by_kind.setdefault(kind, [0, 0])
        tally[1] += 1
        if len(res.findings) > base:
            rep.caught += 1
            tally[0] += 1
        else:
            rep.missed.append(f"{name}: {m.name}")
    for m in rewrites:
        res = check_markdown(apply(text, m), lib)
        rep.rewrites.append(MutationOutcome(name=m.name, category=m.category, suite=name, kind="rewrite",
                                            kinds=[f.kind for f in res.findings],
                                            details=[f.detail for f in res.findings]))
        if len(res.findings) > base:
            rep.false_alarms += 1
            rep.flagged_rewrites.append(f"{name}: {m.name}")
    return rep


# ------------------------------------------------------------------------------- claim suites


class _Edit(BaseModel):
    old: str
    new: str
    kind: str = "rewrite"
    name: str = ""


class _SuiteFile(BaseModel):
    errors: list[_Edit] = Field(default_factory=list)
    rewrites: list[_Edit] = Field(default_factory=list)


def claim_suites(root: Path | None = None) -> list[Path]:
    root = Path(root or CLAIMS_DIR)
    return sorted(p for p in root.iterdir() if (p / "mutations.yaml").is_file()) if root.is_dir() else []


def load_claim_suite(folder: Path) -> tuple[str, list[Mutation], list[Mutation]]:
    """(correct draft, errors, rewrites) of one claims folder."""
    from draftbot.yamlfile import read_yaml_mapping

    data = _SuiteFile.model_validate(read_yaml_mapping(folder / "mutations.yaml", "claim suite"))
    for e in data.errors:
        if e.kind not in KINDS:
            raise ValueError(f"{folder / 'mutations.yaml'}: unknown kind {e.kind!r} (one of {', '.join(KINDS)})")

    def mk(e: _Edit, kind: str) -> Mutation:
        return Mutation(e.name or f"{e.old} → {e.new}", kind, e.old, e.new)

    text = (folder / "draft.md").read_text(encoding="utf-8")
    return text, [mk(e, e.kind) for e in data.errors], [mk(e, "rewrite") for e in data.rewrites]


def run_claim_suite(folder: Path) -> MutationReport:
    """One claims folder: its corpus loaded (no store needed), its draft mutated."""
    from draftbot.sources import load_paths

    text, errors, rewrites = load_claim_suite(folder)
    lib = SourceLibrary.from_sources(load_paths([folder / "corpus"]).sources)
    return run_suite(folder.name, text, lib, errors, rewrites)
