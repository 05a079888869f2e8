"""arithmetic.change and growth.doubling: a stated change against the values it describes."""
from __future__ import annotations

import bisect
import re
from typing import Iterator

from factcheck.checks._tolerance import Interval, fmt, fmt_interval, interval, ratio_interval, value_of
from factcheck.checks.context import CheckContext
from factcheck.link import EdgeKind
from factcheck.link.linkers import _comparable, family, multiple_states_change
from factcheck.model import Figure, Finding
from factcheck.rules_engine.registry import Param, check_kind


def _implied_pct(before: Interval, after: Interval) -> Interval | None:
    r = ratio_interval(after, before)
    if r is None:
        return None
    return Interval((r.lo - 1) * 100, (r.hi - 1) * 100)


def _stated_pct(f: Figure, direction: str | None) -> Interval | None:
    i = interval(f)
    if i is None:
        return None
    if direction == "fall" and (value_of(f) or 0) > 0:
        return Interval(-i.hi, -i.lo)
    return i


def _direction(ctx: CheckContext, f: Figure) -> str | None:
    c = ctx.graph.claim_of(f.id)
    from factcheck.link.claims import direction_near

    d = direction_near(ctx.folded, max(c.start if c else 0, f.start - 30), f.start)
    if d is None:
        d = direction_near(ctx.folded, f.end, min(len(ctx.folded), f.end + 10))
    return d


def _before_after(ctx: CheckContext, edge) -> tuple[Figure | None, Figure]:
    before = ctx.graph.figure(edge.info["before"]) if edge.info.get("before") else None
    return before, edge.b


@check_kind("arithmetic.change",
            params={"min_gap_pp": Param(float, 0.5, min=0, doc="percentage points beyond tolerance before firing")})
def stated_change(ctx: CheckContext, rule) -> Iterator[Finding]:
    """A percent (or amount) change stated beside its before and after values must match them."""
    gap = rule.params["min_gap_pp"]
    for e in ctx.graph.edges(EdgeKind.CHANGE):
        ch = e.a
        before, after = _before_after(ctx, e)
        if ch.kind == "multiplier":
            continue
        ia = interval(after)
        if ia is None:
            continue
        direction = e.info.get("direction") or _direction(ctx, ch)
        if before is None:
            # "回吐2.07美元或1.89%至231.78美元": the amount changed gives the before value
            absolute = _absolute_partner(ctx, ch, after)
            if absolute is None or ch.kind not in ("percent",):
                continue
            iabs = interval(absolute)
            if iabs is None or direction not in ("rise", "fall"):
                continue
            ib = Interval(ia.lo + iabs.lo, ia.hi + iabs.hi) if direction == "fall" else Interval(ia.lo - iabs.hi, ia.hi - iabs.lo)
            implied = ratio_interval(iabs, ib)
            if implied is None:
                continue
            implied = implied.scaled(100)
            stated = interval(ch)
            if stated is None or stated & Interval(implied.lo - gap, implied.hi + gap):
                continue
            bmid = (ib.lo + ib.hi) / 2
            yield rule.finding(
                f"A change of {absolute.text} to {after.text} is {fmt_interval(implied, '%')}, not {ch.text}.",
                f"Before = {after.text} {'+' if direction == 'fall' else '-'} {absolute.text} = {fmt(bmid, after.unit)}; "
                f"{absolute.text} / {fmt(bmid, after.unit)} = {fmt_interval(implied, '%')}; the text says {ch.text}.",
                figures=(absolute.id, ch.id, after.id), claims=ctx.claim_ids(absolute, ch, after))
            continue
        ib = interval(before)
        if ib is None or not _comparable(before, after):
            continue
        if e.info.get("absolute"):
            ic = interval(ch)
            if ic is None:
                continue
            diff = Interval(ia.lo - ib.hi, ia.hi - ib.lo)
            if direction == "fall":
                diff = Interval(-diff.hi, -diff.lo)
            if ic & diff or ic & Interval(-diff.hi, -diff.lo):
                continue
            yield rule.finding(
                f"{before.text} to {after.text} is a change of {fmt_interval(diff, after.unit)}, not {ch.text}.",
                f"{after.text} - {before.text} = {fmt_interval(diff, after.unit)}; the text states {ch.text}.",
                figures=(ch.id, before.id, after.id), claims=ctx.claim_ids(ch, before, after))
            continue
        if ch.kind == "percentage_points" and after.kind == before.kind == "percent":
            diff = Interval(ia.lo - ib.hi, ia.hi - ib.lo)
            st = interval(ch)
            if st is None:
                continue
            if direction == "fall":
                st = Interval(-st.hi, -st.lo)
            if st & Interval(diff.lo - 0.05, diff.hi + 0.05):
                continue
            yield rule.finding(
                f"{before.text} to {after.text} is {fmt_interval(diff, 'pp')}, not {ch.text}.",
                f"{after.text} - {before.text} = {fmt_interval(diff, 'pp')}; the text says {ch.text}.",
                figures=(ch.id, before.id, after.id), claims=ctx.claim_ids(ch, before, after))
            continue
        if ch.kind != "percent":
            continue
        implied = _implied_pct(ib, ia)
        stated = _stated_pct(ch, direction)
        if implied is None or stated is None:
            continue
        widened = Interval(implied.lo - gap, implied.hi + gap)
        if stated & widened or Interval(-stated.hi, -stated.lo) & widened and direction is None:
            continue
        mid = (implied.lo + implied.hi) / 2
        yield rule.finding(
            f"{before.text} to {after.text} is a {'rise' if mid >= 0 else 'fall'} of about {abs(mid):.1f}%, not {ch.text}.",
            f"({after.text} - {before.text}) / {before.text} = {fmt_interval(implied, '%')}; "
            f"the text states {ch.text}{' (a fall)' if direction == 'fall' else ''}.",
            figures=(ch.id, before.id, after.id), claims=ctx.claim_ids(ch, before, after))
    yield from _above(ctx, rule, gap)


_OR = re.compile(r"\s*(?:[,，]\s*)?(?:或|or|,|，)\s*")
_SENTENCE_END = re.compile(r"[。！？!?]|\.(?=\s)")
_SENTENCE_STOP = re.compile(r"[。！？!?]|\.\s")


def _absolute_partner(ctx: CheckContext, pct: Figure, after: Figure) -> Figure | None:
    """The amount stated with a percent: "2.07美元或1.89%", "6.3 dollars or 2.75%"."""
    for f in ctx.graph.figures_starting(pct.start - 200, pct.start):
        if f.end <= pct.start and pct.start - f.end <= 6 and family(f) == family(after) and \
                _OR.fullmatch(ctx.folded, f.end, pct.start):
            return f
        # "下跌125.26点，跌幅2.94%，报4148.89点": the amount, then its size as a percent
        if f.end <= pct.start and pct.start - f.end <= 10 and family(f) == family(after) and \
                _AMPLITUDE.fullmatch(ctx.folded, f.end, pct.start):
            return f
    return None


_AMPLITUDE = re.compile(r"\s*[，,]\s*(?:涨幅|跌幅|增幅|降幅|幅度|升幅)(?:为|达|约)?\s*")


_ABOVE = re.compile(r"\s*(?:above|higher than|more than|below|lower than|less than|over|up on|down on)\s+"
                    r"(?:the\s+)?(?:previous|prior|last)?\s*(?:record|year'?s?|level|figure)?\s*[-–,]?\s*"
                    r"(?:\d{4}'s\s+\w+\s+of\s+|the\s+\w+\s+of\s+)?\Z", re.I)


def _above(ctx: CheckContext, rule, gap: float) -> Iterator[Finding]:
    """"X was 24.4% above 2003's imbalance of $496.5bn": X is the metric's headline value."""
    body = ctx.body()
    for i, p in enumerate(body):
        if p.kind != "percent":
            continue
        c = ctx.graph.claim_of(p.id)
        if c is None or not c.metric:
            continue
        for y in body[i + 1:i + 3]:
            if y.kind != "money" or y.start - p.end > 60:
                continue
            between = ctx.folded[p.end:y.start]
            m = re.match(r"\s*(above|higher than|below|lower than)\b", between, re.I)
            if not m:
                continue
            below = m.group(1).lower() in ("below", "lower than")
            candidates = [x for x in body if x.kind == "money" and x.unit == y.unit and x.id != y.id
                          and x.start < p.start and ctx.graph.metric_of(x.id) == c.metric
                          and not any(ed.b.id == x.id for ed in ctx.graph.linked(x.id, EdgeKind.CONVERSION))]
            if not candidates:
                continue
            x = candidates[-1]
            ix, iy, ip = interval(x), interval(y), interval(p)
            if ix is None or iy is None or ip is None:
                continue
            implied = _implied_pct(iy, ix)
            if implied is None:
                continue
            if below:
                implied = Interval(-implied.hi, -implied.lo)
            if ip & Interval(implied.lo - gap, implied.hi + gap):
                continue
            expected = (value_of(y) or 0) * (1 + (value_of(p) or 0) / 100 * (-1 if below else 1))
            yield rule.finding(
                f"{x.text} against {y.text} is {fmt_interval(implied, '%')}, not {p.text}.",
                f"({x.text} - {y.text}) / {y.text} = {fmt_interval(implied, '%')}; the text says {p.text}. "
                f"{p.text} {'below' if below else 'above'} {y.text} would be {fmt(expected, y.unit)}.",
                figures=(x.id, p.id, y.id), claims=ctx.claim_ids(x, p, y))
            break


def _next_sentence(ctx: CheckContext, a: Figure, b: Figure) -> bool:
    """b is in the sentence right after a's ("a doubling in profit. Earnings were 77m, up from 55m")."""
    return len(_SENTENCE_END.findall(ctx.folded, a.end, b.start)) == 1


def _same_sentence(ctx: CheckContext, a: Figure, b: Figure) -> bool:
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    return not _SENTENCE_STOP.search(ctx.folded, lo, hi)


@check_kind("growth.doubling",
            params={"tolerance": Param(float, 0.15, min=0, max=1, doc="relative slack on the multiple"),
                    "window": Param(int, 600, min=0, doc="characters after the multiple to look for its values")})
def doubling(ctx: CheckContext, rule) -> Iterator[Finding]:
    """"Doubled", "翻倍", "tripled", "N-fold" against the before/after values of the same metric."""
    tol = rule.params["tolerance"]
    window = rule.params["window"]
    pairs = sorted(ctx.graph.edges(EdgeKind.PAIR), key=lambda e: e.b.start)
    pair_starts = [e.b.start for e in pairs]
    body = ctx.body()
    body_starts = [f.start for f in body]
    done: set[tuple[str, str]] = set()
    mults = [f for f in body if f.kind == "multiplier" and isinstance(f.value, (int, float))]
    for m in mults:
        cm = ctx.graph.claim_of(m.id)
        if cm is None or not multiple_states_change(ctx.folded, cm.start, m):
            continue                  # "PAH 9.1倍的交易价格": a valuation multiple, no move
        # only what lies within the window either side can share m's sentence or follow it
        near = pairs[bisect.bisect_left(pair_starts, m.start - window):bisect.bisect_right(pair_starts, m.end + window)]
        same_sentence = [e for e in near if _same_sentence(ctx, m, e.b)]
        stated = {ed.b.id for ed in ctx.graph.linked(m.id, EdgeKind.CHANGE) if ed.a.id == m.id}
        if stated:                    # "doubled in February to 4.55 billion from 2.25 billion and …": its own pair
            same_sentence = [e for e in same_sentence if e.b.id in stated] or same_sentence
        around = body[bisect.bisect_left(body_starts, m.start - window):bisect.bisect_right(body_starts, m.end + window)]
        alone = not any(f.kind in ("money", "count", "number", "quantity", "percent") and _same_sentence(ctx, m, f)
                        for f in around if f.id != m.id)
        nxt = [e for e in near if e.b.start > m.end and _next_sentence(ctx, m, e.b)] if alone else []
        for e in same_sentence or nxt:
            before, after = e.a, e.b
            ma, mm = ctx.graph.metric_of(after.id), ctx.graph.metric_of(m.id) or cm.metric
            if not same_sentence and not (ma and mm and ma == mm):
                continue
            if same_sentence and ma and mm and ma != mm and ctx.graph.claim_of(after.id) is not cm:
                continue              # "注册资本从240亿元增至1000亿元，…净利润均较上一年度翻番": another metric
            if (before.id, after.id) in done:
                continue
            ib, ia = interval(before), interval(after)
            if ib is None or ia is None:
                continue
            r = ratio_interval(ia, ib)
            if r is None:
                continue
            want = float(m.value)
            lo, hi = want * (1 - tol), want * (1 + tol)
            if m.bound in ("more_than", "at_least"):
                hi = float("inf")
                lo = want * (1 - tol / 3)
            if r & Interval(lo, hi):
                done.add((before.id, after.id))
                continue
            done.add((before.id, after.id))
            rmid = (r.lo + r.hi) / 2
            yield rule.finding(
                f"\"{m.text}\" but {before.text} to {after.text} is {rmid:.2f}x.",
                f"{after.text} / {before.text} = {r.lo:.2f}–{r.hi:.2f}x; \"{m.text}\" means about {want:g}x "
                f"({lo:.2f}–{hi:.2f}x allowed).",
                figures=tuple(dict.fromkeys([m.id] + [x.id for x in mults if x.id != m.id
                                                      and ctx.graph.claim_of(x.id) and ctx.graph.claim_of(x.id).metric == cm.metric]
                                            + [after.id, before.id])),
                claims=ctx.claim_ids(m, before, after))
