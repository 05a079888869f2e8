"""arithmetic.sum: parts that do not add up to their whole.

Three shapes, each its own check kind so rule files can tune them:
- ``arithmetic.identity``: a balance named by metrics (surplus = revenue - spending; trade
  deficit = imports - exports), for figures of one period and currency;
- ``arithmetic.covered-by``: "the deficit will be covered by A and B";
- ``arithmetic.average``: a yearly average beside the averages of its halves or quarters.
"""
from __future__ import annotations

import bisect
import itertools
import re
from typing import Iterator

from factcheck.checks._tolerance import Interval, add, fmt, fmt_interval, interval, value_of
from factcheck.checks.context import CheckContext
from factcheck.link import EdgeKind
from factcheck.model import Figure, Finding
from factcheck.rules_engine.registry import Param, check_kind

_PLAN = re.compile(r"(?:budgeted|forecast|expected|estimated|projected|target|预期|预计|预算|计划|目标)\s*(?:of\s+|at\s+)?\Z", re.I)


# the whole that parts are set against is looked for this many characters either side
WHOLE_WINDOW = 4000


def figure_period(ctx: CheckContext, f: Figure) -> str | None:
    return ctx.period_of(f)


def _candidates(ctx: CheckContext) -> list[tuple[Figure, str, str, str | None]]:
    converted = {e.b.id for e in ctx.graph.edges(EdgeKind.CONVERSION)}
    out = []
    for f in ctx.body():
        if f.kind != "money" or f.id in converted or value_of(f) is None or f.bound != "exact":
            continue
        if _PLAN.search(ctx.folded[max(0, f.start - 24):f.start]):
            continue
        metric = ctx.graph.metric_of(f.id)
        if ctx.graph.claim_of(f.id) is None or not metric or ctx.graph.role(f.id) == "plan":
            continue
        out.append((f, metric, f.unit or "", figure_period(ctx, f)))
    return out


@check_kind("arithmetic.identity",
            params={"whole": Param(str, "surplus", doc="metric of the balance"),
                    "plus": Param(list[str], ["revenue"], doc="metrics added"),
                    "minus": Param(list[str], ["spending"], doc="metrics subtracted"),
                    "tolerance": Param(float, 0.005, min=0, doc="relative slack on the whole")},
            formula_names=("whole", "plus", "minus"))
def identity(ctx: CheckContext, rule) -> Iterator[Finding]:
    """whole = sum(plus) - sum(minus) for one period and currency, read at every rounding."""
    p = rule.params
    cands = _candidates(ctx)
    groups: dict[tuple[str, str], dict[str, list[Figure]]] = {}
    for f, metric, cur, period in cands:
        if period is None:
            continue
        groups.setdefault((period, cur), {}).setdefault(metric, []).append(f)
    befores = {e.a.id for e in ctx.graph.edges(EdgeKind.PAIR)}
    for (period, cur), by_metric in groups.items():
        names = [p["whole"], *p["plus"], *p["minus"]]
        if not all(n in by_metric for n in names):
            continue
        choices = [by_metric[n] for n in names]
        if any(len(c) > 3 for c in choices):
            continue
        consistent, shown, best_gap = False, None, None
        for combo in itertools.product(*choices):
            if len({f.id for f in combo}) < len(combo):
                continue
            whole = interval(combo[0])
            plus = add(interval(f) for f in combo[1:1 + len(p["plus"])])
            minus = add(interval(f) for f in combo[1 + len(p["plus"]):])
            net = Interval(plus.lo - minus.hi, plus.hi - minus.lo)
            slack = abs(value_of(combo[0]) or 0) * p["tolerance"]
            if whole is None or whole & Interval(net.lo - slack, net.hi + slack):
                consistent = True
                break
            # shown: the closest reading, among this period's own values before "from" values
            gap = (sum(f.id in befores for f in combo), abs((value_of(combo[0]) or 0) - (net.lo + net.hi) / 2))
            if best_gap is None or gap < best_gap:
                shown, best_gap = (combo, net), gap
        if consistent or shown is None:
            continue
        combo, net = shown
        w = combo[0]
        plus_t = " + ".join(f.text for f in combo[1:1 + len(p["plus"])])
        minus_t = " - ".join(f.text for f in combo[1 + len(p["plus"]):])
        yield rule.finding(
            f"{p['whole']} of {w.text} does not equal {plus_t} - {minus_t} for {period}.",
            f"{plus_t} - {minus_t} = {fmt_interval(net, cur)} (allowing for rounding); the text gives "
            f"{w.text} as the {p['whole']} for {period}, a gap of about {fmt(abs((value_of(w) or 0) - (net.lo + net.hi) / 2), cur)}.",
            figures=tuple(f.id for f in combo), claims=ctx.claim_ids(*combo))


def _cue_pattern(cue: str) -> str:
    """A cue as a regex: "由…弥补" matches 由 when 弥补 follows in the same clause."""
    if "…" not in cue:
        return re.escape(cue)
    a, _, b = cue.partition("…")
    return re.escape(a) + r"(?=[^。；;!?！？]{0,60}?" + re.escape(b) + ")"


@check_kind("arithmetic.covered-by",
            params={"cues": Param(list[str], ["covered by", "financed by", "funded by", "made up of", "consisting of",
                                              "由…弥补", "由…填补", "由…组成", "由…构成", "由…筹措", "由…支付",
                                              "以…弥补", "以…弥平", "以…填补", "来源于", "包括"],
                                  doc="words that introduce the parts; 'A…B' is A with B later in the clause "
                                      "(由…弥补: not 由 alone, which also starts 由X修正为Y)"),
                    "tolerance": Param(float, 0.002, min=0, doc="relative slack on the whole")})
def covered_by(ctx: CheckContext, rule) -> Iterator[Finding]:
    """"The deficit will be covered by bonds of A and a surplus of B": A + B must be the deficit."""
    cues = sorted(rule.params["cues"], key=len, reverse=True)
    pat = re.compile("|".join(_cue_pattern(c) for c in cues), re.I)
    cands = _candidates(ctx)
    starts = [f.start for f, *_ in cands]
    for c in ctx.graph.claims:
        m = pat.search(ctx.folded, c.start, c.end)
        if not m:
            continue
        metric = ctx.graph.metric_of(c.figures[0]) if c.figures else None
        before_cue = __import__("factcheck.link.claims", fromlist=["metric_before"]).metric_before(ctx.folded, c.start, m.start())
        metric = before_cue or c.metric
        if not metric:
            continue
        parts = [ctx.graph.figure(fid) for fid in c.figures]
        parts = [f for f in parts if f.kind == "money" and f.start > m.end() and value_of(f) is not None]
        # parts may run on into the next clause of the sentence
        for c2 in ctx.graph.claims_starting(c.end, c.end + 3):
            if c2.start >= c.end and c2.start - c.end < 3:
                parts += [ctx.graph.figure(fid) for fid in c2.figures if ctx.graph.figure(fid).kind == "money"]
        if len(parts) < 2:
            continue
        period = c.period
        part_ids = {x.id for x in parts}
        near = cands[bisect.bisect_left(starts, c.start - WHOLE_WINDOW):bisect.bisect_right(starts, c.end + WHOLE_WINDOW)]
        wholes = [f for f, fm, cur, per in near if fm == metric and f.unit == parts[0].unit
                  and f.id not in part_ids and (per == period or period is None or per is None)]
        befores = {ed.a.id for f in wholes for ed in ctx.graph.linked(f.id, EdgeKind.PAIR) if ed.a.id == f.id}
        wholes = [f for f in wholes if f.id not in befores] or wholes
        if not wholes:
            continue
        total = add(interval(f) for f in parts)
        ok = False
        for w in wholes:
            iw = interval(w)
            slack = abs(value_of(w) or 0) * rule.params["tolerance"]
            if iw is None or iw & Interval(total.lo - slack, total.hi + slack):
                ok = True
                break
        if ok:
            continue
        w = min(wholes, key=lambda f: abs((value_of(f) or 0) - (total.lo + total.hi) / 2))
        yield rule.finding(
            f"The parts {' + '.join(f.text for f in parts)} do not make the {metric} of {w.text}.",
            f"{' + '.join(f.text for f in parts)} = {fmt_interval(total, w.unit)}; the {metric} is {w.text}, "
            f"a gap of {fmt(abs((value_of(w) or 0) - (total.lo + total.hi) / 2), w.unit)}.",
            figures=(w.id, *[f.id for f in parts]), claims=ctx.claim_ids(w, *parts))


def _span(v: str) -> tuple[str, str] | None:
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})", v or "")
    if m:
        return m.group(1), m.group(2)
    m = re.fullmatch(r"(\d{4})", v or "")
    if m:
        return f"{v}-01-01", f"{v}-12-31"
    return None


@check_kind("arithmetic.average",
            params={"cues": Param(list[str], ["平均", "average", "均价", "mean"], doc="words that mark an average"),
                    "tolerance": Param(float, 0.002, min=0, doc="relative slack")})
def average(ctx: CheckContext, rule) -> Iterator[Finding]:
    """A whole-period average must be the mean of the averages of its equal parts."""
    cue = re.compile("|".join(re.escape(c) for c in rule.params["cues"]), re.I)
    items = []
    for f in ctx.body():
        if value_of(f) is None or f.kind not in ("money", "number", "percent"):
            continue
        c = ctx.graph.claim_of(f.id)
        if c is None or not cue.search(ctx.folded, max(c.start, f.start - 12), f.start):
            continue
        per = None
        for fid in c.figures:
            d = ctx.graph.figure(fid)
            if d.kind == "date" and d.end <= f.start and isinstance(d.value, str):
                per = d.value
        if per is None:
            per = figure_period(ctx, f)
        sp = _span(per) if per else None
        if sp:
            items.append((f, sp))
    for whole, (ws, we) in items:
        parts = [(f, s) for f, s in items if f.id != whole.id and f.unit == whole.unit and ws <= s[0] and s[1] <= we and s != (ws, we)]
        if len(parts) < 2:
            continue
        covered = sorted(s for _, s in parts)
        if covered[0][0] != ws or covered[-1][1] != we:
            continue
        vals = [interval(f) for f, _ in parts]
        mean = Interval(sum(v.lo for v in vals) / len(vals), sum(v.hi for v in vals) / len(vals))
        iw = interval(whole)
        slack = abs(value_of(whole) or 0) * rule.params["tolerance"]
        if iw is None or iw & Interval(mean.lo - slack, mean.hi + slack):
            continue
        yield rule.finding(
            f"The average {whole.text} is not the mean of its parts ({', '.join(f.text for f, _ in parts)}).",
            f"({' + '.join(f.text for f, _ in parts)}) / {len(parts)} = {fmt_interval(mean, whole.unit)}; "
            f"the text gives {whole.text} for the whole period.",
            figures=(whole.id, *[f.id for f, _ in parts]), claims=ctx.claim_ids(whole, *[f for f, _ in parts]))


@check_kind("arithmetic.parts",
            params={"tolerance": Param(float, 0.005, min=0, doc="relative slack on the whole")})
def parts(ctx: CheckContext, rule) -> Iterator[Finding]:
    """Listed parts against their whole: a complete list ("a combined W", 合计) must add up to
    W; a partial one (其中, "of which") must not exceed it."""
    wholes: dict[str, list] = {}
    for e in ctx.graph.edges(EdgeKind.PART):
        wholes.setdefault(e.b.id, []).append(e)
    for wid, edges in wholes.items():
        w = ctx.graph.figure(wid)
        iw = interval(w)
        ps = [e.a for e in edges]
        if iw is None or any(interval(p) is None for p in ps):
            continue
        total = add(interval(p) for p in ps)
        complete = all(e.info.get("complete") for e in edges)
        slack = abs(value_of(w) or 0) * rule.params["tolerance"]
        if complete:
            if iw & Interval(total.lo - slack, total.hi + slack):
                continue
            verb = "add up to"
        else:
            if total.lo <= iw.hi + slack:
                continue
            verb = "fit within"
        yield rule.finding(
            f"The parts {' + '.join(p.text for p in ps)} do not {verb} {w.text}.",
            f"{' + '.join(p.text for p in ps)} = {fmt_interval(total, w.unit)}; the whole is {w.text}"
            + ("." if complete else ", and the parts listed already exceed it."),
            figures=(w.id, *[p.id for p in ps]), claims=ctx.claim_ids(w, *ps))
