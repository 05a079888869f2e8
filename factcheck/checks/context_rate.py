"""context.rate-vs-total: a total over years set against an annual rate, for scale."""
from __future__ import annotations

from typing import Iterator

from factcheck.checks._tolerance import fmt, value_of
from factcheck.checks.context import CheckContext
from factcheck.link import EdgeKind
from factcheck.model import Finding
from factcheck.rules_engine.registry import Param, check_kind


@check_kind("context.rate-vs-total",
            params={"min_ratio": Param(float, 0.0, min=0, doc="report only when total/years is at least this many times the rate")})
def rate_vs_total(ctx: CheckContext, rule) -> Iterator[Finding]:
    """Total / years = a yearly amount; set beside the annual rate stated nearby."""
    for e in ctx.graph.edges(EdgeKind.TOTAL_RATE):
        total, rate = e.a, e.b
        years = float(e.info.get("years") or 0)
        t, r = value_of(total), value_of(rate)
        if not years or t is None or r is None or r <= 0:
            continue
        per_year = t / years
        ratio = per_year / r
        if ratio < rule.params["min_ratio"]:
            continue
        durs = [x.b.id for x in ctx.graph.linked(total.id, EdgeKind.DURATION)]
        yield rule.finding(
            f"{total.text} over {years:g} years is about {fmt(per_year, total.unit)} a year, "
            f"{ratio:.2f}x the stated {rate.text}.",
            f"{fmt(t, total.unit)} / {years:g} years = {fmt(per_year, total.unit)} a year; "
            f"{fmt(per_year, total.unit)} / {fmt(r, rate.unit)} = {ratio:.2f}.",
            figures=tuple(dict.fromkeys([total.id, *durs, rate.id])), claims=ctx.claim_ids(total, rate))
