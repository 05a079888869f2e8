"""The claim graph: figures and claims as nodes, typed links between figures as edges.

networkx does the storage (it is imported here and nowhere else); checks see only this
façade, with ``EdgeKind`` values instead of raw attribute strings.
"""
from __future__ import annotations

import bisect

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterator, Mapping

from factcheck.model import Claim, Figure


class EdgeKind(str, Enum):
    """How two figures are related."""

    SAME = "same_quantity"          # the same subject, metric and period, mentioned twice
    SERIES = "series"               # one subject and metric over two periods (a -> b in time)
    PART = "part_of"                # a is a part (or a share) of the whole b
    PAIR = "before_after"           # a is the value before, b the value after ("from a to b")
    CHANGE = "stated_change"        # a is a stated change (%, x, or amount) of the pair ending in b
    TOTAL_RATE = "total_rate"       # a is a total over a duration, b an annual rate beside it
    CONVERSION = "conversion"       # b restates a in another currency ("$671.7bn (£484bn)")
    DURATION = "over_duration"      # a (an amount or a date) is tied to the duration b


@dataclass(frozen=True, slots=True)
class Edge:
    kind: EdgeKind
    a: Figure
    b: Figure
    info: Mapping[str, Any] = field(default_factory=dict)


class ClaimGraph:
    """Figures, claims and the typed links between figures of one document."""

    def __init__(self, figures: tuple[Figure, ...], claims: tuple[Claim, ...],
                 figure_claim: Mapping[str, str], furniture: frozenset[str] = frozenset(),
                 text: str = "", published: str | None = None,
                 metrics: Mapping[str, str | None] | None = None):
        import networkx as nx

        self._g = nx.MultiDiGraph()
        self.text = text
        self.published = published
        self.figures = figures
        self.claims = claims
        self.furniture = furniture
        self._fig = {f.id: f for f in figures}
        self._claim = {c.id: c for c in claims}
        self._role = {fid: r for c in claims for fid, r in c.roles}
        self._owner = dict(figure_claim)
        self._adj: dict[str, list[Edge]] = {}      # figure id -> its edges (a fast index beside networkx)
        self._by_kind: dict[EdgeKind, list[Edge]] = {}
        self._keys: set[tuple[str, str, EdgeKind]] = set()
        self._metric = dict(metrics or {})
        self._fig_order = sorted(figures, key=lambda f: f.start)
        self._fig_starts = [f.start for f in self._fig_order]
        self._claim_order = sorted(claims, key=lambda c: c.start)
        self._claim_starts = [c.start for c in self._claim_order]
        for f in figures:
            self._g.add_node(f.id, node="figure")
        for c in claims:
            self._g.add_node(c.id, node="claim")
            for fid in c.figures:
                self._g.add_edge(c.id, fid, kind="has")

    def add(self, kind: EdgeKind, a: Figure, b: Figure, **info: Any) -> None:
        """Link two figures; the same link twice is kept once."""
        if a.id == b.id:
            return
        key = (a.id, b.id, kind)
        if key in self._keys:
            return
        self._keys.add(key)
        data = dict(info)
        self._g.add_edge(a.id, b.id, kind=kind, info=data)
        edge = Edge(kind, a, b, data)
        self._adj.setdefault(a.id, []).append(edge)
        self._adj.setdefault(b.id, []).append(edge)
        self._by_kind.setdefault(kind, []).append(edge)

    def edges(self, kind: EdgeKind) -> Iterator[Edge]:
        """Every link of one kind, in the order it was added."""
        yield from list(self._by_kind.get(kind, ()))

    def linked(self, fid: str, kind: EdgeKind) -> Iterator[Edge]:
        """Edges of ``kind`` touching figure ``fid`` in either direction."""
        for e in self._adj.get(fid, ()):
            if e.kind is kind:
                yield e

    def figures_starting(self, lo: int, hi: int) -> list[Figure]:
        """Figures that start in [lo, hi), in text order (a window, not a scan)."""
        return self._fig_order[bisect.bisect_left(self._fig_starts, lo):bisect.bisect_left(self._fig_starts, hi)]

    def claims_starting(self, lo: int, hi: int) -> list[Claim]:
        """Claims that start in [lo, hi), in text order."""
        return self._claim_order[bisect.bisect_left(self._claim_starts, lo):bisect.bisect_left(self._claim_starts, hi)]

    def figure(self, fid: str) -> Figure:
        return self._fig[fid]

    def claim_of(self, fid: str) -> Claim | None:
        cid = self._owner.get(fid)
        return self._claim.get(cid) if cid else None

    def metric_of(self, fid: str) -> str | None:
        """The metric this figure measures: the nearest metric word before it in its
        sentence, else its claim's."""
        if fid in self._metric:
            return self._metric[fid]
        c = self.claim_of(fid)
        return c.metric if c else None

    def role(self, fid: str) -> str | None:
        return self._role.get(fid)

    def in_body(self, fid: str) -> bool:
        return fid not in self.furniture

    def to_dict(self) -> dict[str, Any]:
        return {"edges": [{"kind": d["kind"].value, "a": u, "b": v, **d.get("info", {})}
                          for u, v, d in self._g.edges(data=True) if isinstance(d.get("kind"), EdgeKind)]}
