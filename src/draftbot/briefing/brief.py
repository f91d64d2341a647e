"""The brief: a publication's format (title block, section style, planning, 摘要, 今日判断,
references) as data. A brief is not a day: the day's sections come from its outline
(`draftbot.outline`), planned from the day's sources or edited by hand."""

from __future__ import annotations

import string

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from draftbot.errors import UserError
from draftbot.outline.model import PlanSpec
from draftbot.yamlfile import read_yaml_mapping, validation_error


class _Spec(BaseModel):
    # A typo in a brief (evidence_budjet) should fail loudly, not silently use a default.
    model_config = ConfigDict(extra="forbid")


# Caps (issue 27): every brief value is read into prompts and documents, so a 2 MB guidance or a
# 1 MB heading would cost minutes; these are far above any real publication's format.
MAX_GUIDANCE = 4000
MAX_LINE = 200
MAX_TARGET = 20000


def _one_line(v: str) -> str:
    if "\n" in v or "\r" in v or v.lstrip().startswith("#"):
        raise ValueError("a heading or title-block line is one line of text, not starting with '#' "
                         "(it would read back as another heading)")
    return v


Heading = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE, strip_whitespace=True),
                    AfterValidator(_one_line)]
Guidance = Annotated[str, StringConstraints(max_length=MAX_GUIDANCE)]


class BackgroundSpec(_Spec):
    """Which older sources a day's draft may cite.

    `days`/`kinds`: background documents (e.g. policies) of these kinds up to `days` before the date.
    `recent_days`: sources of any kind up to this many days before the date still count as the day's
    news (a notice published the evening before, like the seed's Hubei item of 2026-06-03).
    """

    days: int = Field(default=0, ge=0, le=36500)
    kinds: list[Annotated[str, StringConstraints(max_length=MAX_LINE)]] = Field(default_factory=list, max_length=50)
    recent_days: int = Field(default=1, ge=0, le=3650)


class SummarySpec(_Spec):
    heading: Heading = "摘要"
    guidance: Guidance = ""
    target_chars: int = Field(default=200, gt=0, le=MAX_TARGET)


class SectionStyle(_Spec):
    """How every topical section is written, whatever the day's topics are."""

    guidance: Guidance = ""
    evidence_budget: int = Field(default=8, gt=0, le=100)
    evidence_tokens: int = Field(default=1500, gt=0, le=100000)
    target_chars: int = Field(default=380, gt=0, le=MAX_TARGET)
    # the most characters a section may run to, however much material it has (the sample human
    # briefing's longest section is 541 characters; docs/OUTLINE.md)
    budget_chars: int = Field(default=560, gt=0, le=MAX_TARGET)


class SectionSpec(SectionStyle):
    """One section as the backends see it (from an outline section and the brief's style); in an
    old brief's `sections:` list, a fixed section (such a brief is read as a fixed outline)."""

    id: Annotated[str, StringConstraints(max_length=MAX_LINE)]
    heading: Heading
    queries: list[Annotated[str, StringConstraints(max_length=1000)]] = Field(min_length=1, max_length=50)


class SynthesisSpec(_Spec):
    # the plain label; an LLM adds its own one-line judgement after it (今日判断：…)
    heading: Heading = "今日判断"
    guidance: Guidance = ""
    target_chars: int = Field(default=300, gt=0, le=MAX_TARGET)


class ReferencesSpec(_Spec):
    heading: Heading = "参考文献"
    line: Annotated[str, StringConstraints(max_length=MAX_LINE)] = "{n}. {publisher}，《{title}》，{date}，{usage}。"

    @field_validator("line")
    @classmethod
    def _template(cls, v: str) -> str:
        """A reference line is written and read back with this template: it needs {n} (the number a
        citation names) and {title} (what resolves it to a source), and no other placeholder."""
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(v) if f is not None]
            v.format(n=1, publisher="", title="", date="", usage="")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"bad placeholder ({exc}); use {{n}} {{publisher}} {{title}} {{date}} {{usage}}") from None
        for need in ("n", "title"):
            if need not in fields:
                raise ValueError(f"the template has no {{{need}}}: a draft written with it could not be checked")
        if "\n" in v:
            raise ValueError("a reference line is one line")
        return v


class DocumentSpec(_Spec):
    """How the briefing looks as a document (DOCX; `markdown_toc` for Markdown). The defaults follow
    the printed briefing it imitates: A4, a Chinese serif body (宋体) with sans headings (黑体),
    a 目录, page numbers, plain [n] marks."""

    paper: Literal["A4", "Letter"] = "A4"
    body_font: str = "宋体"  # East Asian text of the body (a serif)
    heading_font: str = "黑体"  # title and headings (a sans)
    latin_font: str = "Times New Roman"  # Latin letters and digits of the body
    latin_heading_font: str = "Arial"
    body_size: float = Field(default=12.0, gt=4, le=72)  # points (小四)
    toc: bool = True
    toc_heading: str = "目录"
    markdown_toc: bool = False  # also a contents list (links to the headings) in a Markdown draft
    citations: Literal["plain", "superscript"] = "plain"
    page_numbers: bool = True


class Brief(_Spec):
    id: Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE)]
    title: Heading
    org_lines: list[Heading] = Field(default_factory=list, max_length=20)
    date_offset_days: int = Field(default=1, ge=-366, le=366)  # a briefing dated within a year of its day
    background: BackgroundSpec = Field(default_factory=BackgroundSpec)
    summary: SummarySpec = Field(default_factory=SummarySpec)
    section: SectionStyle = Field(default_factory=SectionStyle)
    plan: PlanSpec = Field(default_factory=PlanSpec)
    # compatibility: an older brief's fixed sections, read as a fixed outline (no planning)
    sections: list[SectionSpec] | None = Field(default=None, min_length=1, max_length=50)
    synthesis: SynthesisSpec = Field(default_factory=SynthesisSpec)
    references: ReferencesSpec = Field(default_factory=ReferencesSpec)
    document: DocumentSpec = Field(default_factory=DocumentSpec)

    @model_validator(mode="after")
    def _headings_apart(self) -> "Brief":
        """The reference heading must not name a body heading (a brief whose references.heading is
        摘要 would turn the 摘要 into the reference list and leave it unchecked), nor the title."""
        from draftbot.briefing.references import is_reference_heading

        ref = self.references.heading
        body = {"summary.heading": self.summary.heading, "synthesis.heading": self.synthesis.heading,
                **{f"sections[{i}].heading": s.heading for i, s in enumerate(self.sections or [])}}
        for field, heading in body.items():
            if is_reference_heading(heading, ref):
                raise ValueError(f"{field} {heading!r} reads as the reference heading {ref!r}: "
                                 "its text would be taken for the reference list and never checked")
        if self.summary.heading == self.synthesis.heading:
            raise ValueError(f"summary.heading and synthesis.heading are both {self.summary.heading!r}")
        if self.title in (ref, self.summary.heading, self.synthesis.heading):
            raise ValueError(f"title {self.title!r} is also a section heading")
        return self

    @model_validator(mode="after")
    def _plan_from_background(self) -> "Brief":
        # `background` is the brief's one statement of which older sources count; the planner
        # reads the same window unless `plan` says otherwise
        given = self.plan.model_fields_set
        bg = self.background
        if "recency_days" not in given:
            self.plan.recency_days = bg.recent_days
        if "background_days" not in given and "days" in bg.model_fields_set:
            self.plan.background_days = bg.days
        if "background_kinds" not in given and "kinds" in bg.model_fields_set:
            self.plan.background_kinds = list(bg.kinds)
        return self


def load_brief(path: Path | str | None = None) -> Brief:
    """Load and validate a brief; None means the shipped default brief."""
    if path is None:
        from draftbot.resources import default_brief_path

        path = default_brief_path()
    path = Path(path)
    data = read_yaml_mapping(path, f"brief {path}")
    try:
        brief = Brief.model_validate(data)
    except ValidationError as exc:
        raise validation_error(f"brief {path}", exc, "brief") from None
    ids = [s.id for s in brief.sections or []]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise UserError(f"brief {path}: field 'sections': duplicate section id {dup[0]!r}")
    return brief
