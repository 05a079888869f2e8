"""Tolerance follows the text: the interval of values a written figure stands for.

"12%" stands for 11.5–12.5 (half its last digit); "about 12%" widens that; "nearly 12%"
is just under 12; "more than 12%" is above 12; a vague amount is its low–high range. A check
fires only when no reading inside these intervals makes the text consistent.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from factcheck.model import Figure

# Each figure is compared with at most this many later ones: an article has far fewer, and
# an adversarial text with a million figures must stay linear.
PAIR_WINDOW = 120

NEARLY = frozenset({"nearly", "almost", "close to", "just under", "近", "将近", "接近", "逼近", "不到", "近乎"})


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float

    def __and__(self, other: "Interval") -> bool:
        """Do the intervals share a value? Rounding intervals are half-open: 1.4 (1.35 to
        1.45) and 1.5 (1.45 to 1.55) share none."""
        if self.lo == other.lo and self.hi == other.hi:
            return True
        return self.lo < other.hi and other.lo < self.hi

    def contains(self, v: float) -> bool:
        return self.lo <= v <= self.hi

    def scaled(self, k: float) -> "Interval":
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))


def distinct(figs: list[Figure]) -> list[Figure]:
    """One figure per written value and bound: equal statements never contradict."""
    out, seen = [], set()
    for f in figs:
        k = (f.value, f.low, f.high, f.bound, f.qualifier)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def value_of(f: Figure) -> float | None:
    return float(f.value) if isinstance(f.value, (int, float)) and not isinstance(f.value, bool) else None


def interval(f: Figure, about: float = 0.02, open_eps: float = 1e-9) -> Interval | None:
    """Every value the figure can stand for, as written."""
    v = value_of(f)
    if v is None:
        if f.low is not None and f.high is not None:
            return Interval(float(f.low), float(f.high))
        return None
    step = f.step if f.step is not None else 0.0
    lo, hi = v - step, v + step
    q = (f.qualifier or "").lower()
    if f.bound == "about":
        if q in NEARLY:
            lo, hi = v * (1 - 2 * about) - step, v       # "nearly 50%": just under 50
        else:
            lo, hi = v * (1 - about) - step, v * (1 + about) + step
    elif f.bound in ("more_than", "at_least"):
        lo, hi = (v + open_eps * max(1.0, abs(v)) if f.bound == "more_than" else v), math.inf
    elif f.bound in ("less_than", "at_most"):
        lo, hi = -math.inf, (v - open_eps * max(1.0, abs(v)) if f.bound == "less_than" else v)
    if lo > hi:
        lo, hi = hi, lo
    return Interval(lo, hi)


def ratio_interval(num: Interval, den: Interval) -> Interval | None:
    """num / den over both intervals (den must not straddle zero)."""
    if den.lo <= 0 <= den.hi or math.isinf(den.lo) or math.isinf(den.hi):
        return None
    cands = [num.lo / den.lo, num.lo / den.hi, num.hi / den.lo, num.hi / den.hi]
    if any(math.isinf(c) or math.isnan(c) for c in cands):
        finite = [c for c in cands if not (math.isinf(c) or math.isnan(c))]
        lo = min(finite) if num.lo != -math.inf else -math.inf
        hi = max(finite) if num.hi != math.inf else math.inf
        return Interval(lo, hi)
    return Interval(min(cands), max(cands))


def add(parts: Iterable[Interval]) -> Interval:
    lo = hi = 0.0
    for p in parts:
        lo += p.lo
        hi += p.hi
    return Interval(lo, hi)


def fmt(v: float | None, unit: str | None = None) -> str:
    """A readable number: 20000000000 USD -> 20 billion USD; 1.12 % -> 1.12%."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "?"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    a = abs(v)
    if a >= 1e12:
        s = f"{v / 1e12:.4g} trillion"
    elif a >= 1e9:
        s = f"{v / 1e9:.4g} billion"
    elif a >= 1e6:
        s = f"{v / 1e6:.4g} million"
    else:
        s = f"{v:,.4g}" if a >= 1000 else f"{v:.4g}"
    if unit in ("%", "pp"):
        return s + ("%" if unit == "%" else " pp")
    return f"{s} {unit}" if unit else s


def fmt_interval(i: Interval, unit: str | None = None) -> str:
    if i.lo == i.hi or fmt(i.lo, unit) == fmt(i.hi, unit):
        return fmt((i.lo + i.hi) / 2, unit)
    if math.isinf(i.hi):
        return f"above {fmt(i.lo, unit)}"
    if math.isinf(i.lo):
        return f"below {fmt(i.hi, unit)}"
    return f"{fmt(i.lo, unit)} to {fmt(i.hi, unit)}"
