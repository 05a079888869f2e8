"""qualifier.rounding: an approximation or bound word that contradicts the number."""
from __future__ import annotations

import re
from typing import Iterator

from factcheck.checks._tolerance import PAIR_WINDOW, distinct, fmt_interval, interval, value_of
from factcheck.link.claims import subject_key
from factcheck.checks.context import CheckContext
from factcheck.link.linkers import family
from factcheck.link.linkers import sentence_span, set_against
from factcheck.model import Figure, Finding
from factcheck.rules_engine.registry import Param, check_kind


def _key(ctx: CheckContext, f: Figure):
    c = ctx.graph.claim_of(f.id)
    if c is None or not (c.subject or ctx.graph.metric_of(f.id)):
        return None
    return (subject_key(c.subject) or "", ctx.graph.metric_of(f.id), ctx.period_of(f), family(f),
            dict(c.roles).get(f.id), c.direction, ctx.basis_of(f))


def _said(ctx: CheckContext, f: Figure) -> str:
    """The figure with its bound word, as the text says it."""
    if f.qualifier and f.qualifier.lower() not in f.text.lower():
        return f"{f.qualifier}{'' if f.lang == 'zh' else ' '}{f.text}"
    return f.text


@check_kind("qualifier.bounds",
            params={"max_relative_gap": Param(float, 0.15, min=0, doc="values further apart are different quantities (a bound word misused is a rounding slip, not a 20% gap)")})
def bounds(ctx: CheckContext, rule) -> Iterator[Finding]:
    """Two statements of one quantity whose bound words exclude each other ("近0.5%" / "超0.5%")."""
    figs = [f for f in ctx.body() if f.kind in ("percent", "percentage_points", "money", "number", "count")
            and isinstance(f.value, (int, float))]
    groups: dict[tuple, list[Figure]] = {}
    for f in figs:
        k = _key(ctx, f)
        if k is not None:
            groups.setdefault(k, []).append(f)
    for k, fs in groups.items():
        fs = distinct(fs)
        for i, a in enumerate(fs):
            for b in fs[i + 1:i + 1 + PAIR_WINDOW]:
                if a.bound == "exact" and b.bound == "exact":
                    continue
                ia, ib = interval(a), interval(b)
                if ia is None or ib is None or ia & ib:
                    continue
                if float(a.value) * float(b.value) < 0 or set_against(ctx.folded, a, b) \
                        or ctx.itemized(a) or ctx.itemized(b):
                    continue          # "5%以上" and "-5%以下": a rise and a fall, two thresholds
                if _subset(ctx.folded, a, b) or _average(ctx.folded, a) != _average(ctx.folded, b) \
                        or _listed(ctx.folded, a, b) or _other_period(ctx.folded, a, b) \
                        or _intraday(ctx.folded, a) != _intraday(ctx.folded, b):
                    continue          # "平均收益仅为2.14%，其中766只产品的回报低于2%": a mean and some of the items
                va, vb = abs(float(a.value)), abs(float(b.value))
                if max(va, vb) == 0 or abs(va - vb) / max(va, vb) > rule.params["max_relative_gap"]:
                    continue          # far apart: two different quantities, not one with two bounds
                qa, qb = _said(ctx, a), _said(ctx, b)
                yield rule.finding(
                    f"\"{qa}\" and \"{qb}\" cannot both hold for {k[0]}.",
                    f"\"{qa}\" means {fmt_interval(ia, a.unit)}; \"{qb}\" means "
                    f"{fmt_interval(ib, b.unit)}; the ranges do not overlap.",
                    figures=(a.id, b.id), claims=ctx.claim_ids(a, b))


_SUBSET = re.compile(r"其中|当中|\bof\s+(?:which|whom|them)\b|\bamong\s+them\b|\bincluding\b", re.I)
_AVERAGE = re.compile(r"(?:平均|均值|\baverage|\bmean|\bmedian)[^，。,;；\d]{0,8}\Z", re.I)


def _subset(folded: str, a: Figure, b: Figure) -> bool:
    """A subset named between two figures of one passage: the second is some of the first's items."""
    x, y = (a, b) if a.start < b.start else (b, a)
    return y.start - x.end <= 120 and _SUBSET.search(folded, x.end, y.start) is not None


_LIST_JOIN = re.compile(r",\s+and\s+|;\s|，而|；|\bwhile\b|\bwhereas\b")
_PERIOD_CUE = re.compile(r"\b(?:prior|previous|a\s+year\s+(?:earlier|ago|before)|last\s+year|the\s+year\s+before)\b|去年|上年|前年|同期", re.I)


_INTRADAY = re.compile(r"(?:盘中|日内|一度|\bintraday\b|\bat\s+one\s+point\b)[^，。,;；\d]{0,6}\Z", re.I)


def _intraday(folded: str, f: Figure) -> bool:
    """"盘中一度大跌逾400点": the day's extreme, not its close."""
    return _INTRADAY.search(folded, max(0, f.start - 14), f.start) is not None


def _listed(folded: str, a: Figure, b: Figure) -> bool:
    """Two items of one sentence's list ("manufacturing about 235 mln, and engineering about
    200 mln"): two quantities, each with its own bound."""
    x, y = (a, b) if a.start < b.start else (b, a)
    between = folded[x.end:y.start]
    return len(between) <= 160 and not _SENTENCE_BREAK.search(between) and _LIST_JOIN.search(between) is not None


def _other_period(folded: str, a: Figure, b: Figure) -> bool:
    """The later figure's sentence names another period before it ("In the prior year it
    earned … on sales of 45.1 mln"): a value of another year, not a second reading."""
    y = b if b.start > a.start else a
    s = sentence_span(folded, y.start)[0]
    return _PERIOD_CUE.search(folded, max(s, y.start - 200), y.start) is not None


_SENTENCE_BREAK = re.compile(r"[。！？!?]|\.(?=\s)")


def _average(folded: str, f: Figure) -> bool:
    return _AVERAGE.search(folded, max(0, f.start - 14), f.start) is not None


@check_kind("qualifier.intensity",
            params={"big_words": Param(list[str], ["大涨", "暴涨", "飙升", "大跌", "暴跌", "重挫", "soared", "surged",
                                                   "plunged", "plummeted", "tumbled", "skyrocketed", "crashed"],
                                       doc="words that promise a large move"),
                    "min_percent": Param(float, 0.5, min=0, doc="moves below this are not large")})
def intensity(ctx: CheckContext, rule) -> Iterator[Finding]:
    """"大涨0.06%": a word for a big move in front of a tiny one."""
    words = sorted(rule.params["big_words"], key=len, reverse=True)
    pat = re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")\s*(?:了|by|of)?\s*\Z", re.I)
    for f in ctx.body():
        if f.kind != "percent" or value_of(f) is None or f.bound != "exact":
            continue
        before = ctx.folded[max(0, f.start - 18):f.start]
        m = pat.search(before)
        if not m or abs(value_of(f)) >= rule.params["min_percent"]:
            continue
        word = m.group(0).strip()
        yield rule.finding(
            f"\"{word}\" for a move of {f.text}.",
            f"\"{word}\" promises a large move, but {f.text} is below {rule.params['min_percent']:g}%; "
            f"the word and the number disagree.",
            figures=(f.id,), claims=ctx.claim_ids(f))
