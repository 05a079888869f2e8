"""The contract's JSON: one object per file, one line each (JSON Lines for several files)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factcheck.model import Report
from factcheck.report import RenderOptions, dumps_json


def render(reports: Sequence[Report], rules: Sequence[Any] | None = None,
           options: RenderOptions | None = None) -> str:
    """``Report.to_dict()`` per line, UTF-8 text kept readable; rules and options unused."""
    return "".join(dumps_json(r.to_dict()) + "\n" for r in reports)


def render_one(report: Report, extra: dict[str, Any] | None = None) -> str:
    """One report's line, with ``extra`` top-level fields after the contract's (a batch run's
    suppressions): encoded once, as a batch writes one line per file."""
    data = report.to_dict()
    if extra:
        data.update(extra)
    return dumps_json(data) + "\n"
