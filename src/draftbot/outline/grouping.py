"""Grouping the day's sources into topics: average-link agglomeration of similar sources, bounded
by the section range, with standing themes as labels that keep topics apart and pull together.

Themes do not swallow sources by keyword: on the sample day, a 统计数据 theme seeded that way put
four unrelated NBS reports into one section. Instead each source carries the theme it names most;
groups of two different themes never merge on similarity, and when the section range forces a
merge, a group folds into one of its own theme first."""

from __future__ import annotations

import re
from typing import AbstractSet, Sequence

from draftbot.outline.model import Theme
from draftbot.outline.sources import PlanSource
from draftbot.text.normalize import normalize_width

# Topic closeness (body + title cosine, 0..2) at which two groups are one topic; set between the
# closest pair of different topics and the loosest pair of one topic on the eval days (docs/OUTLINE.md).
MERGE_AT = 0.18


class Group:
    """Members are indices into the planner's source list; `theme` is the group's theme, if any;
    `regions` the economies its releases report (see `release_regions`)."""

    def __init__(self, members: list[int], theme: Theme | None = None, regions: frozenset[str] = frozenset()):
        self.members = members
        self.theme = theme
        self.regions = regions

    def __repr__(self) -> str:
        return f"Group({self.members}, theme={self.theme.name if self.theme else None})"


def theme_hits(s: PlanSource, theme: Theme) -> int:
    """How many of a theme's keywords (and its name) a source's title, summary, keywords or lead name."""
    text = normalize_width(" ".join([s.title, s.summary, " ".join(s.keywords), s.lead])).lower()
    terms = {normalize_width(k).lower() for k in [theme.name, *theme.keywords] if k.strip()}
    return sum(1 for k in terms if k in text)


def best_theme(s: PlanSource, themes: Sequence[Theme]) -> Theme | None:
    """The theme a source names most (the earlier theme on a tie), or None when it names none."""
    hits = [(theme_hits(s, t), -k) for k, t in enumerate(themes)]
    best = max(hits) if hits else (0, 0)
    return themes[-best[1]] if best[0] > 0 else None


NATIONAL = "全国"


# a report's title saying it is about the whole country (前三季度，全国规模以上…; China's exports…)
_NATIONWIDE = re.compile(r"全国|我国|^中国|\bChina'?s?\b|\bChinese\b")


def release_regions(s: PlanSource) -> frozenset[str]:
    """The economy a statistics or agency release reports: the provinces its publisher and title
    name, else the nation. A report's (wire, paper, commentary) only when its title says it: the
    Chinese province names (an English one is spelt otherwise), else the nation for 全国/我国/China's,
    else empty (it joins by content): a paper's 全国规模以上工业增加值… is not the Henan release's
    story. Notices join by content."""
    from draftbot.outline.source_types import is_report, source_type
    from draftbot.text.regions import regions

    if is_report(s):
        named = frozenset(p for p in regions(s.title) if not p.isascii())
        return named or (frozenset({NATIONAL}) if _NATIONWIDE.search(s.title) else frozenset())
    if source_type(s.kind, s.publisher) != "release":
        return frozenset()
    return regions(s.publisher, s.title) or frozenset({NATIONAL})


def seed_groups(sources: Sequence[PlanSource], themes: Sequence[Theme]) -> list[Group]:
    """One group per source, labelled with the theme it names most and the economy it reports."""
    return [Group([i], best_theme(s, themes), release_regions(s)) for i, s in enumerate(sources)]


def _other_economies(a: Group, b: Group) -> bool:
    """Two groups whose releases report different economies (全国 and 广东 October data) are two
    topics however alike their words: they stay apart unless the section range forces a merge."""
    return bool(a.regions) and bool(b.regions) and not (a.regions & b.regions)


def linkage(a: Group, b: Group, sim: Sequence[Sequence[float]], commentaries: AbstractSet[int] = frozenset()) -> float:
    """Average closeness of two groups, each by its other sources when it holds any besides
    `commentaries` (indices of `source_types.is_commentary`): a commentary citing the CPI and the
    loan figures never bridges the CPI release to the loans release, nor to a wire on loans."""
    xs, ys = _core(a, commentaries) or a.members, _core(b, commentaries) or b.members
    return sum(sim[i][j] for i in xs for j in ys) / (len(xs) * len(ys))


def _core(g: Group, commentaries: AbstractSet[int]) -> list[int]:
    return [m for m in g.members if m not in commentaries]


def _closest(groups: list[Group], sim, forced: bool, commentaries: AbstractSet[int] = frozenset(),
             apart: AbstractSet[tuple[int, int]] = frozenset()) -> tuple[float, int, int] | None:
    best: tuple[float, int, int] | None = None
    for x in range(len(groups)):
        for y in range(x + 1, len(groups)):
            a, b = groups[x], groups[y]
            if not forced and (not _may_join(a, b) or _kept_apart(a, b, apart)):
                continue
            score = linkage(a, b, sim, commentaries)
            if best is None or score > best[0] + 1e-12:
                best = (score, x, y)
    return best


def _may_join(a: Group, b: Group) -> bool:
    """Two standing themes, or releases of two economies, stay apart unless the section range forces it."""
    if a.theme is not None and b.theme is not None and a.theme is not b.theme:
        return False
    return not _other_economies(a, b)


def _kept_apart(a: Group, b: Group, apart: AbstractSet[tuple[int, int]]) -> bool:
    """Whether the groups hold two sources `apart` names (pairs of member indices, either order):
    one publisher's releases on two subjects (`offline.distinct_releases`)."""
    return bool(apart) and any((i, j) in apart or (j, i) in apart for i in a.members for j in b.members)


def _same_theme(a: Group, b: Group) -> bool:
    return a.theme is not None and a.theme is b.theme


def _merge(groups: list[Group], x: int, y: int) -> None:
    a, b = groups[x], groups[y]
    keep = a.theme or b.theme
    groups[x] = Group(sorted(a.members + b.members), keep, a.regions | b.regions)
    del groups[y]


def agglomerate(groups: list[Group], sim, max_groups: int, size=None, merge_at: float = MERGE_AT,
                commentaries: AbstractSet[int] = frozenset(),
                apart: AbstractSet[tuple[int, int]] = frozenset()) -> list[Group]:
    """Merge the closest pair while it is similar enough; then, while there are too many groups,
    fold the smallest group (by `size(group)`, default its source count) into its closest one,
    so the day's main topics keep their own sections. `commentaries`: see `linkage`; `apart`:
    pairs of sources whose groups never merge on closeness (only when the range forces it)."""
    groups = list(groups)
    while len(groups) > 1:
        best = _closest(groups, sim, forced=False, commentaries=commentaries, apart=apart)
        if best is None or best[0] < merge_at:
            break
        _merge(groups, best[1], best[2])
    size = size or (lambda g: (len(g.members),))
    while len(groups) > max_groups:
        least = min(size(g) for g in groups)
        pairs = [(_same_theme(groups[a], groups[b]), linkage(groups[a], groups[b], sim, commentaries), -a, -b, a, b)
                 for a in range(len(groups)) if size(groups[a]) == least
                 for b in range(len(groups)) if b != a]
        # of the smallest groups, the one with a same-theme partner, else the closest, folds first
        *_, a, b = max(pairs)
        _merge(groups, min(a, b), max(a, b))
    return groups


def topic_groups(seeds: list[Group], sim, commentaries: AbstractSet[int], merge_at: float = MERGE_AT,
                 apart: AbstractSet[tuple[int, int]] = frozenset()) -> list[Group]:
    """The day's topics, unbounded: every source but the commentaries grouped as usual (a wire on
    one event still holds the releases it reports together); then each commentary joins the group
    holding its closest source, so one quoting three releases supports one of their sections
    instead of gluing them into one; commentaries close to no group group among themselves."""
    groups = agglomerate([g for g in seeds if g.members[0] not in commentaries], sim, len(seeds), merge_at=merge_at,
                         apart=apart)
    alone: list[Group] = []
    joins: dict[int, list[Group]] = {}
    for seed in (g for g in seeds if g.members[0] in commentaries):
        # the group holding the source it is closest to: a commentary reads one release most (the
        # average would favour a small group over the one whose release it quotes among others)
        best = max(((max(sim[seed.members[0]][m] for m in g.members), -k, k) for k, g in enumerate(groups)
                    if _may_join(seed, g)), default=None)
        if best is not None and best[0] >= merge_at:
            joins.setdefault(best[2], []).append(seed)
        else:
            alone.append(seed)
    for k, joined in joins.items():  # after all are placed: a commentary's place never depends on another's
        g = groups[k]
        # a group no theme labels takes its commentaries' (one names the bureau its release omits)
        theme = g.theme or next((r.theme for r in joined if r.theme), None)
        groups[k] = Group(sorted(g.members + [m for r in joined for m in r.members]), theme, g.regions)
    return groups + agglomerate(alone, sim, len(seeds), merge_at=merge_at)


def closest_group(vec_sims: Sequence[float], groups: Sequence[Group]) -> tuple[float, int]:
    """(similarity, group index) of the group holding the source most similar to a candidate."""
    best = (-1.0, -1)
    for g, group in enumerate(groups):
        score = max(vec_sims[i] for i in group.members)
        if score > best[0] + 1e-12:
            best = (score, g)
    return best
