"""The vocabulary every stage shares: frozen records, no behaviour beyond serialisation.

Offsets are Unicode code points into ``Document.text``, end exclusive, everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "factcheck.report/1"

KINDS = ("money", "percent", "percentage_points", "count", "quantity", "multiplier",
         "duration", "date", "ratio", "number")
BOUNDS = ("exact", "about", "at_least", "more_than", "at_most", "less_than", "range")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Document:
    """Decoded article text plus what ingest learned about it."""

    text: str
    source: str = "<string>"
    published: str | None = None          # ISO date
    published_from: str | None = None     # "option" | "front-matter" | "dateline" | "meta" | None
    format: str = "text"                  # text | markdown | html | docx
    carry_text: bool = False              # report carries "text" (html/docx: offsets are into extracted text)
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure found in the text, normalised.

    ``value`` is the number as written (a written minus sign only), money in currency
    units, percent as 1.12 for 1.12%, dates as ISO strings ("2030", "2025-11", "2025-11-06",
    or "start/end" for periods). Vague amounts and ranges have ``value`` None and low/high.
    ``step`` is half the last written digit's place in value units (1.12% -> 0.005): the
    rounding a reader grants the figure; checks use it for tolerance.
    """

    id: str
    start: int
    end: int
    text: str
    kind: str
    value: float | int | str | None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    bound: str = "exact"
    step: float | None = None
    scale: float | None = None            # the scale word's factor (1e9 for "billion", 1e8 for 億)
    lang: str = "en"                      # language of the pattern that matched
    weekday: int | None = None            # a weekday written beside a date (Mon=0)
    qualifier: str | None = None          # the bound word as written ("nearly", "逾")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text,
                "kind": self.kind, "value": self.value, "low": self.low, "high": self.high,
                "unit": self.unit, "bound": self.bound}


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extract stage returns for one document."""

    document: Document
    language: str                         # en | zh | mixed
    figures: tuple[Figure, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"schema": SCHEMA, "source": self.document.source,
                             "language": self.language, "published": self.document.published,
                             "published_from": self.document.published_from,
                             "figures": [f.to_dict() for f in self.figures]}
        if self.document.carry_text:
            d["text"] = self.document.text
        return d


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence or clause that carries figures: who, what metric, when."""

    id: str
    start: int
    end: int
    text: str
    figures: tuple[str, ...]
    subject: str | None = None
    metric: str | None = None
    period: str | None = None
    roles: tuple[tuple[str, str], ...] = ()        # (figure id, role)
    direction: str | None = None                   # rise | fall | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text,
                "figures": list(self.figures), "subject": self.subject, "metric": self.metric,
                "period": self.period, "roles": {f: r for f, r in self.roles},
                "direction": self.direction}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing an editor should look at, with its arithmetic."""

    id: str                    # rule id + figure ids: stable across runs
    rule: str
    category: str
    severity: str
    message: str
    explanation: str
    figures: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "rule": self.rule, "category": self.category,
                "severity": self.severity, "message": self.message,
                "explanation": self.explanation, "figures": list(self.figures),
                "claims": list(self.claims)}


@dataclass(frozen=True, slots=True)
class Link:
    """A typed link of the claim graph between two figures (``factcheck claims`` shows them)."""

    kind: str                  # same_quantity | series | part_of | before_after | ...
    a: str                     # figure ids
    b: str
    info: tuple[tuple[str, Any], ...] = ()   # e.g. (("years", 5),)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "a": self.a, "b": self.b, **dict(self.info)}


@dataclass(frozen=True, slots=True)
class Report:
    """Everything known about one document: the contract's JSON object."""

    extraction: Extraction
    claims: tuple[Claim, ...] = ()
    findings: tuple[Finding, ...] = ()
    figure_claim: tuple[tuple[str, str], ...] = ()   # (figure id, claim id)
    links: tuple[Link, ...] = ()                     # filled by ``claims``, not by ``check``

    def to_dict(self) -> dict[str, Any]:
        d = self.extraction.to_dict()
        owner = dict(self.figure_claim)
        for f in d["figures"]:
            f["claim"] = owner.get(f["id"])
        d["claims"] = [c.to_dict() for c in self.claims]
        d["findings"] = [x.to_dict() for x in self.findings]
        if self.links:
            d["links"] = [x.to_dict() for x in self.links]
        return d
