"""The claim graph: figures and claims as nodes, typed links between figures as edges.

Checks see only this façade, with ``EdgeKind`` values instead of raw attribute strings, and
read its own indexes (by figure, by kind, by offset). The same graph as a networkx
MultiDiGraph (networkx is imported here and nowhere else) is built on demand by
``to_networkx()``: building it for every document cost a fifth of the linking time while no
check walked it.
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
        self._nx: Any = None                        # the networkx graph, built when asked for
        self._memo: dict[str, dict[str, Any]] = {}
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

    def add(self, kind: EdgeKind, a: Figure, b: Figure, **info: Any) -> None:
        """Link two figures; the same link twice is kept once."""
        if a.id == b.id:
            return
        key = (a.id, b.id, kind)
        if key in self._keys:
            return
        self._keys.add(key)
        edge = Edge(kind, a, b, dict(info))
        self._nx = None
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

    def has_link(self, fid: str, kind: EdgeKind) -> bool:
        """Whether figure ``fid`` has any edge of ``kind``."""
        return any(e.kind is kind for e in self._adj.get(fid, ()))

    def figures_starting(self, lo: int, hi: int) -> list[Figure]:
        """Figures that start in [lo, hi), in text order (a window, not a scan)."""
        return self._fig_order[bisect.bisect_left(self._fig_starts, lo):bisect.bisect_left(self._fig_starts, hi)]

    def claims_starting(self, lo: int, hi: int) -> list[Claim]:
        """Claims that start in [lo, hi), in text order."""
        return self._claim_order[bisect.bisect_left(self._claim_starts, lo):bisect.bisect_left(self._claim_starts, hi)]

    def memo(self, name: str) -> dict[str, Any]:
        """A per-document cache for one reading of the graph (figure id -> value): the graph
        does not change once the linkers are done, and within a linker a reading only
        depends on the claims, which are fixed."""
        return self._memo.setdefault(name, {})

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

    def to_networkx(self) -> Any:
        """The graph as a networkx MultiDiGraph, for analysis: figure and claim nodes
        (``node="figure"|"claim"``), claim -> figure ``has`` edges, and one edge per link
        with ``kind`` (an EdgeKind) and ``info``. Built on first use: the checks read the
        typed index above and never need it."""
        if self._nx is None:
            import networkx as nx

            g = nx.MultiDiGraph()
            g.add_nodes_from((f.id for f in self.figures), node="figure")
            g.add_nodes_from((c.id for c in self.claims), node="claim")
            g.add_edges_from(((c.id, fid, {"kind": "has"}) for c in self.claims for fid in c.figures))
            g.add_edges_from((e.a.id, e.b.id, {"kind": e.kind, "info": e.info})
                             for edges in self._by_kind.values() for e in edges)
            self._nx = g
        return self._nx

    def to_dict(self) -> dict[str, Any]:
        """Every link, grouped by kind in the order the linkers add them."""
        return {"edges": [{"kind": e.kind.value, "a": e.a.id, "b": e.b.id, **e.info}
                          for edges in self._by_kind.values() for e in edges]}
