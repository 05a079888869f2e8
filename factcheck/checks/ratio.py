"""arithmetic.ratio: a stated share that disagrees with the figures it comes from."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Iterator

from factcheck.checks._tolerance import Interval, fmt_interval, interval, ratio_interval, value_of
from factcheck.checks.context import CheckContext
from factcheck.link import EdgeKind
from factcheck.link.claims import metric_in
from factcheck.link.linkers import sentence_span
from factcheck.model import Figure, Finding
from factcheck.rules_engine.registry import Param, check_kind

_SHARE = re.compile(r"\s*[-–—,，(（]?\s*(?:or|or about|representing|accounting for|about|约占|占|相当于)?\s*\Z", re.I)
_OF_TOTAL = re.compile(r"\s*(?:of\s+(?:the\s+)?(?:total|overall|all|whole)(?P<noun>\s+[a-z]+)?|of\s+(?:its|the)\s+(?P<noun2>[a-z]+))", re.I)


# a word naming an amount as the whole, just before it ("总营收", "total revenue of", "合计")
_TOTAL_BEFORE = re.compile(r"(?:总|總|合计|合計|全部|\btotal\b|\boverall\b|\bin all\b)[^，。,；;\d]{0,12}\Z", re.I)

POOL_WINDOW = 4000        # the whole a share is of is looked for this many characters either side

_RESPECTIVELY = re.compile(r"分别|respectively", re.I)
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_ZH_SHARE = re.compile(r"(?:约占|占|相当于)(?P<noun>[^，。,；;\d%]{0,10}?)的?(?:比重|比例|份额)?(?:为|达|约为|约|近)?\s*\Z")


def _amount(x: Figure) -> bool:
    """Money, or a count or quantity with its unit (万辆, barrels): what a share can be of."""
    return x.kind == "money" or (x.kind in ("count", "quantity") and x.unit is not None)


def _zh_share(ctx: CheckContext, body: list[Figure], i: int, converted: set[str]) -> tuple[Figure, str] | None:
    """"营收120亿元，占总营收的30%": the part before 占 and the noun naming the whole."""
    p = body[i]
    c = ctx.graph.claim_of(p.id)
    if c is None:
        return None
    m = _ZH_SHARE.search(ctx.folded, max(c.start - 40, p.start - 16), p.start)
    if not m or _RESPECTIVELY.search(ctx.folded, m.start(), p.start):
        return None                   # 占…的比例分别为62%、95%…: a list of shares, each of its own whole
    part = None
    for j in range(i - 1, -1, -1):          # back from the percent, no further than 20 before 占
        x = body[j]
        if x.end < m.start() - 20:
            break
        if _amount(x) and x.id not in converted and x.end <= m.start():
            if not _SENTENCE_END.search(ctx.folded, x.end, m.start()):
                part = x              # "…少3143亿元。1-11月份，表内信贷新增占…": another sentence's amount
            break
    if part is None:
        return None
    return part, m.group("noun").lstrip("总總全部整体")


@check_kind("arithmetic.share",
            params={"error_above_pp": Param(float, 1.0, min=0, doc="a gap larger than this is an error, smaller is rounding (info)"),
                    "min_gap_pp": Param(float, 0.02, min=0, doc="gaps below this are ignored")})
def share(ctx: CheckContext, rule) -> Iterator[Finding]:
    """"A, or P% of the total": P must be A / total."""
    body = ctx.body()
    converted = {e.b.id for e in ctx.graph.edges(EdgeKind.CONVERSION)}
    money = [x for x in body if _amount(x) and x.id not in converted]
    starts = [x.start for x in money]
    for i, p in enumerate(body):
        if p.kind != "percent" or value_of(p) is None:
            continue
        k = bisect.bisect_left(starts, p.start)
        part = money[k - 1] if k else None
        m = _OF_TOTAL.match(ctx.folded, p.end)
        if part is not None and p.start - part.end <= 30 and _SHARE.search(ctx.folded[part.end:p.start]) and m:
            noun = (m.group("noun") or m.group("noun2") or "").strip()
        else:
            zh = _zh_share(ctx, body, i, converted)
            if zh is None:
                continue
            part, noun = zh
        metric = metric_in(noun, 0, len(noun))[0] if noun else None
        if part.kind != "money" and metric is None:
            continue                  # a count's whole must be named ("占总销量的"): counts of other things abound
        near = money[bisect.bisect_left(starts, p.start - POOL_WINDOW):bisect.bisect_right(starts, p.start + POOL_WINDOW)]
        sent_end = sentence_span(ctx.folded, p.start)[1]
        over = (value_of(p) or 0) > 100         # "投资收益1257万，占利润总额158.44%": the whole is the smaller
        pool = [x for x in near if x.unit == part.unit and x.kind == part.kind and x.id != part.id
                and value_of(x) and (value_of(x) < (value_of(part) or 0) if over else value_of(x) > (value_of(part) or 0))
                and (part.kind == "money" or ctx.graph.role(x.id) not in ("plan", "change"))
                and x.start < sent_end]           # a whole is named before the share, or in its sentence
        if (period := ctx.period_of(part)) is not None:
            # "11月住户贷款新增6205亿元，占比新增贷款比例达55.4%": November's loans, not October's
            pool = [x for x in pool if ctx.period_of(x) in (None, period)]
        if metric:
            pool = [x for x in pool if ctx.graph.metric_of(x.id) == metric]
        elif (own := ctx.graph.metric_of(part.id)) is not None:
            # "of the total" names no metric: the whole measures what the part does (data-center
            # sales of $115.2bn, or 88% of the total: total revenue, not the $5 trillion market value)
            pool = [x for x in pool if ctx.graph.metric_of(x.id) == own] or pool
        if noun and part.kind != "money":
            # "800,000 shares, or 10 pct of the stock then outstanding": the whole must be
            # named by that noun, not just be a bigger count of shares nearby
            word = noun.split()[0].lower()
            if word.isascii():
                word = word[:max(4, len(word) - 3)]      # deliveries ~ delivered
            pool = [x for x in pool if word in ctx.folded[max(0, x.start - 40):x.end + 40].lower()]
        if not pool:
            continue
        totals = [x for x in pool if _TOTAL_BEFORE.search(ctx.folded, max(0, x.start - 24), x.start)]
        if over and not totals:
            continue                  # more than the whole: only a whole named as the total will do
        if totals:                    # "总营收318.6亿元…占比9%": the amount named as the total
            best = min(totals, key=lambda x: abs(x.start - part.start))
        else:
            values = Counter(value_of(x) for x in pool)
            best = max(pool, key=lambda x: (values[value_of(x)], value_of(x) if not metric else 0, -x.start))
        ipart, iwhole, ip = interval(part), interval(best), interval(p)
        r = ratio_interval(ipart, iwhole) if ipart and iwhole else None
        if r is None or ip is None:
            continue
        implied = r.scaled(100)
        gap = max(ip.lo - implied.hi, implied.lo - ip.hi)
        if gap <= rule.params["min_gap_pp"]:
            continue
        from dataclasses import replace

        f = rule.finding(
            f"{part.text} of {best.text} is {fmt_interval(implied, '%')}, not {p.text}.",
            f"{part.text} / {best.text} = {fmt_interval(implied, '%')}; the text says {p.text} "
            f"(off by {gap:.2f} percentage points beyond rounding).",
            figures=(part.id, p.id, best.id), claims=ctx.claim_ids(part, p, best))
        if gap <= rule.params["error_above_pp"]:
            f = replace(f, severity="info", message=f.message + " (rounding)")
        yield f


@check_kind("arithmetic.conversion-rate",
            params={"slack": Param(float, 0.1, min=0, max=1, doc="relative slack on each implied rate, beyond rounding")})
def conversion_rate(ctx: CheckContext, rule) -> Iterator[Finding]:
    """Conversions in brackets ("300m euros (£281m)") that imply different exchange rates for
    one pair of currencies within one article: at most one of them can be right."""
    slack = rule.params["slack"]
    rates: dict[tuple[str, str], list[tuple[Interval, Figure, Figure]]] = {}

    def add(pair: tuple[str, str], r: Interval, a: Figure, b: Figure) -> None:
        """r: units of pair[1] per unit of pair[0], widened by the slack; a and b as written."""
        rates.setdefault(pair, []).append((Interval(r.lo * (1 - slack), r.hi * (1 + slack)), a, b))

    targets: dict[str, list[Figure]] = {}
    for e in ctx.graph.edges(EdgeKind.CONVERSION):
        a, b = e.a, e.b
        targets.setdefault(a.id, []).append(b)
        if not a.unit or not b.unit or a.unit == b.unit or a.kind != "money" or b.kind != "money":
            continue
        # the amount converted is the source, taken as written; the bracketed one is its rounding
        va, ib = value_of(a), interval(b)
        if a.bound not in ("exact", "about") or not va or va <= 0 or ib is None or ib.lo <= 0 or ib.hi == float("inf"):
            continue
        if a.unit < b.unit:           # one direction per pair: units of the second per unit of the first
            add((a.unit, b.unit), Interval(ib.lo / va, ib.hi / va), a, b)
        else:
            add((b.unit, a.unit), Interval(va / ib.hi, va / ib.lo), a, b)
    # one amount in two currencies ("6bn euros ($8bn; £6bn)") also states the rate between those two
    for bs in targets.values():
        for i, b1 in enumerate(bs):
            for b2 in bs[i + 1:]:
                i1, i2 = interval(b1), interval(b2)
                if not b1.unit or not b2.unit or b1.unit == b2.unit or i1 is None or i2 is None \
                        or min(i1.lo, i2.lo) <= 0 or max(i1.hi, i2.hi) == float("inf"):
                    continue
                x, y, ix, iy = (b1, b2, i1, i2) if b1.unit < b2.unit else (b2, b1, i2, i1)
                r = ratio_interval(iy, ix)
                if r is not None:
                    add((x.unit, y.unit), r, x, y)
    for (c1, c2), items in rates.items():
        if len(items) < 2:
            continue
        for i, (ri, a, b) in enumerate(items):
            others = [x for j, x in enumerate(items) if j != i]
            if any(ri & rj for rj, _, _ in others):
                continue              # agrees with another conversion of the article
            if len(items) == 2 and i == 1:
                continue              # two that disagree: reported once, on the first
            ref = others[0]
            mid = (ri.lo + ri.hi) / 2
            ref_mid = (ref[0].lo + ref[0].hi) / 2
            yield rule.finding(
                f"{a.text} ({b.text}) implies {mid:.3g} {c2} per {c1}, but {ref[1].text} ({ref[2].text}) "
                f"implies {ref_mid:.3g}.",
                f"Conversions in one article use one exchange rate. {a.text} = {b.text} gives about {mid:.3g} "
                f"{c2} per {c1}; {ref[1].text} = {ref[2].text} gives about {ref_mid:.3g}"
                + (f", as do {len(others) - 1} other conversion(s)" if len(others) > 1 else "")
                + f". One of the converted amounts is likely wrong.",
                figures=(a.id, b.id, ref[1].id, ref[2].id), claims=ctx.claim_ids(a, b, ref[1], ref[2]))
