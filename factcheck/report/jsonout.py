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
