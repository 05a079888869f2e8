"""Small helpers shared by the benchmark scripts: tables, CPU pinning, the peers."""
from __future__ import annotations

import os
import platform
import sys
import unicodedata
import warnings
from collections.abc import Callable, Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:                      # `python benchmarks/x.py` from anywhere
    sys.path.insert(0, ROOT)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], title: str = "") -> str:
    """A Markdown table (pipes), numbers right-aligned; readable on a terminal as is."""
    cells = [[_fmt(c) for c in r] for r in rows]
    widths = [max(_width(h), *(_width(r[i]) for r in cells)) if cells else _width(h)
              for i, h in enumerate(headers)]
    numeric = [any(_is_num(r[i]) for r in rows) and all(_is_num(r[i]) or r[i] == "" for r in rows)
               for i in range(len(headers))]

    def pad(v: str, w: int, right: bool) -> str:
        fill = " " * (w - _width(v))
        return fill + v if right else v + fill

    def line(vals: Sequence[str]) -> str:
        return "| " + " | ".join(pad(v, w, n) for v, w, n in zip(vals, widths, numeric)) + " |"

    sep = "| " + " | ".join(("-" * (w - 1) + ":") if n else "-" * w for w, n in zip(widths, numeric)) + " |"
    out = [line(list(headers)), sep] + [line(r) for r in cells]
    if title:
        out.insert(0, f"### {title}\n")
    return "\n".join(out)


def _width(s: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _is_num(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _fmt(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):              # callers round; this only adds separators
        return f"{v:,.0f}" if v >= 100_000 else f"{v:,}"
    return str(v)


def pin_one_core() -> str:
    """Run this process on one CPU where the OS allows it; returns a note for the report."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return f"pinned to CPU {cpus[-1]} of {len(cpus)}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def machine() -> str:
    return f"Python {platform.python_version()} on {platform.machine()} {platform.system()}, {os.cpu_count()} CPUs"


# ---- peers --------------------------------------------------------------------------------
# Each peer is (name, family, factory); factory() returns a function text -> number of hits,
# or raises ImportError when the peer is not installed. Building models happens in the
# factory, outside the timed region.

def _quantulum3() -> Callable[[str], int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

    def run(text: str) -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(parser.parse(text))

    return run


def _recognizers(culture_name: str) -> Callable[[], Callable[[str], int]]:
    def factory() -> Callable[[str], int]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from recognizers_date_time import DateTimeRecognizer
            from recognizers_number import NumberRecognizer
            from recognizers_number_with_unit import NumberWithUnitRecognizer
            from recognizers_text import Culture
        culture = getattr(Culture, culture_name)
        num = NumberRecognizer(culture)
        unit = NumberWithUnitRecognizer(culture)
        models = [num.get_number_model(), num.get_percentage_model(), unit.get_currency_model(),
                  unit.get_dimension_model(), DateTimeRecognizer(culture).get_datetime_model()]

        def run(text: str) -> int:
            return sum(len(m.parse(text)) for m in models)

        return run

    return factory


PEERS: list[tuple[str, str, Callable[[], Callable[[str], int]]]] = [
    ("quantulum3", "en", _quantulum3),
    ("recognizers-text (number, percent, currency, dimension, datetime)", "en", _recognizers("English")),
    ("recognizers-text (number, percent, currency, dimension, datetime)", "zh", _recognizers("Chinese")),
]
