"""growth.implied: the yearly growth implied by two figures of one series (CAGR)."""
from __future__ import annotations

from typing import Iterator

from factcheck.checks._tolerance import fmt, interval
from factcheck.checks.context import CheckContext
from factcheck.link import EdgeKind
from factcheck.model import Finding
from factcheck.rules_engine.registry import Param, check_kind


def _years(n: float) -> str:
    return f"{n:g} year" if n == 1 else f"{n:g} years"


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%" if abs(x) >= 0.1 else f"{x * 100:.1f}%"


@check_kind("growth.implied",
            params={"warn_above": Param(float, 1.0, min=0, doc="yearly growth (1.0 = 100%) that is extraordinary"),
                    "min_years": Param(float, 1.0, min=0, doc="shortest span worth a yearly rate"),
                    "warn_min_years": Param(float, 2.0, min=0, doc="a single year's jump is news, not an extraordinary "
                                            "growth claim, unless the later figure is a forecast"),
                    "no_warn_metrics": Param(list[str], ["surplus", "deficit"],
                                             doc="balances that swing rather than grow: their rates are never extraordinary")},
            formula_names=("a", "b", "years"))
def implied(ctx: CheckContext, rule) -> Iterator[Finding]:
    """CAGR = (b / a) ** (1 / years) - 1 over the low and high readings of both figures."""
    for e in ctx.graph.edges(EdgeKind.SERIES):
        a, b = e.a, e.b
        years = float(e.info.get("years") or 0)
        if years < rule.params["min_years"]:
            continue
        ia, ib = interval(a), interval(b)
        if ia is None or ib is None or ia.lo <= 0 or ib.lo <= 0:
            continue
        if ia.hi == float("inf") or ib.hi == float("inf"):
            ia_hi = ia.lo if ia.hi == float("inf") else ia.hi
            ib_hi = ib.lo if ib.hi == float("inf") else ib.hi
        else:
            ia_hi, ib_hi = ia.hi, ib.hi
        mid_a = a.value if isinstance(a.value, (int, float)) else None
        base = float(mid_a) if mid_a else ia.lo
        lo_b = ib.lo
        hi_b = ib_hi
        try:
            if rule.formula is not None:
                lo = float(rule.formula.evaluate({"a": base, "b": lo_b, "years": years}))
                hi = float(rule.formula.evaluate({"a": base, "b": hi_b, "years": years}))
            else:
                lo = (lo_b / base) ** (1 / years) - 1
                hi = (hi_b / base) ** (1 / years) - 1
        except Exception:       # a formula error (division by zero…) means no finding
            continue
        lo, hi = min(lo, hi), max(lo, hi)
        extraordinary = hi > rule.params["warn_above"] and \
            (years >= rule.params["warn_min_years"] or ctx.graph.role(b.id) == "plan") and \
            ctx.graph.metric_of(b.id) not in rule.params["no_warn_metrics"]
        one = _pct(lo) == _pct(hi)           # a range that rounds to one rate is one rate
        span = _pct(lo) if one else f"{_pct(lo)} to {_pct(hi)}"
        msg = (f"{a.text} to {b.text} in {_years(years)} implies {span} a year"
               + (" — extraordinary growth." if extraordinary else "."))
        u = b.unit if b.kind == "money" else None
        expl = (f"({b.text} / {a.text}) ^ (1/{years:g}) - 1: "
                + (f"({fmt(lo_b, u)} / {fmt(base, u)}) ^ (1/{years:g}) - 1 = {_pct(lo)}; "
                   f"({fmt(hi_b, u)} / {fmt(base, u)}) ^ (1/{years:g}) - 1 = {_pct(hi)}"
                   if not one else f"({fmt(lo_b, u)} / {fmt(base, u)}) ^ (1/{years:g}) - 1 = {_pct(lo)}")
                + f" a year" + (f"; above {_pct(rule.params['warn_above'])} a year is extraordinary." if extraordinary else "."))
        f = rule.finding(msg, expl, figures=(a.id, b.id), claims=ctx.claim_ids(a, b))
        if extraordinary:
            from dataclasses import replace

            f = replace(f, severity="warning")
        yield f
