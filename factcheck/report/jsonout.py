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


def render_mode(mode: str, report: Report) -> str:
    """The line of ``factcheck extract`` (figures only), ``claims`` or ``check`` (the last
    with no suppressions to list) for one report."""
    if mode == "extract":
        return dumps_json(report.extraction.to_dict()) + "\n"
    if mode == "check":
        return render_one(report, {"suppressed": [], "unused_suppressions": []})
    return render_one(report)


def render_one(report: Report, extra: dict[str, Any] | None = None) -> str:
    """One report's line, with ``extra`` top-level fields after the contract's (a batch run's
    suppressions): encoded once, as a batch writes one line per file."""
    data = report.to_dict()
    if extra:
        data.update(extra)
    return dumps_json(data) + "\n"


class JsonStream:
    """One file's report object written a section at a time, for inputs too long to hold
    whole (``factcheck.api.check_sections``): figures go straight to ``stream``, claims,
    findings and suppressed findings to temporary files that are copied after them. The
    object has the contract's fields, in the contract's order, as ``render_one`` writes."""

    def __init__(self, stream: Any, first: Report,
                 parts: Sequence[str] = ("claims", "findings", "suppressed")):
        import tempfile

        self.stream = stream
        head = first.extraction.to_dict()
        head.pop("figures")
        self.text = head.pop("text", None)
        self.spools = {k: tempfile.TemporaryFile("w+", encoding="utf-8")
                       for k in parts}
        self.counts = dict.fromkeys(("figures", *self.spools), 0)
        stream.write(dumps_json(head)[:-1] + ', "figures": [')

    def _items(self, key: str, out: Any, items: Sequence[dict[str, Any]]) -> None:
        for d in items:
            out.write((", " if self.counts[key] else "") + dumps_json(d))
            self.counts[key] += 1

    def add(self, report: Report, suppressed: Sequence[Any] = ()) -> None:
        """One section's figures, claims and findings (already filtered)."""
        d = report.to_dict() if self.spools else report.extraction.to_dict()   # extract: figures only
        self._items("figures", self.stream, d["figures"])
        if not self.spools:
            return
        for key, items in (("claims", d["claims"]), ("findings", d["findings"]),
                           ("links", d.get("links", [])),
                           ("suppressed", [s.to_dict() for s in suppressed])):
            if key in self.spools:
                self._items(key, self.spools[key], items)

    def close(self, extra: dict[str, Any] | None = None) -> None:
        """Copy the spools after the figures and end the object (and its line)."""
        import shutil

        w = self.stream.write
        for key, spool in self.spools.items():
            w(f'], "{key}": [')
            spool.seek(0)
            shutil.copyfileobj(spool, self.stream)
            spool.close()
        w("]")
        for key, value in (extra or {}).items():
            w(f", {dumps_json(key)}: {dumps_json(value)}")
        if self.text is not None:
            w(f', "text": {dumps_json(self.text)}')
        w("}\n")
