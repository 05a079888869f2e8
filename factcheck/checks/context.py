"""What every check receives: the claim graph plus small, shared readings of it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factcheck.link import ClaimGraph, Linked
from factcheck.model import Figure
from factcheck.text.fold import fold


@dataclass(frozen=True)
class CheckContext:
    graph: ClaimGraph
    text: str
    folded: str
    published: dt.date | None
    language: str

    @classmethod
    def build(cls, linked: Linked) -> "CheckContext":
        doc = linked.extraction.document
        pub = dt.date.fromisoformat(doc.published) if doc.published else None
        return cls(graph=linked.graph, text=doc.text, folded=fold(doc.text), published=pub,
                   language=linked.extraction.language)

    def body(self) -> list[Figure]:
        """The figures of the article body, in text order (a new list each call; computed once)."""
        cache = self._cache()
        if "body" not in cache:
            cache["body"] = [f for f in self.graph.figures if self.graph.in_body(f.id)]
        return list(cache["body"])

    def period_of(self, f: Figure) -> str | None:
        """The period a figure is for (see ``link.linkers.figure_period``, read once per figure)."""
        from factcheck.link.linkers import figure_period

        return figure_period(self.graph, self.folded, f)

    def basis_of(self, f: Figure) -> str | None:
        """For a stated change, what it is against ("yoy", "sequential" or None): a year-on-year
        and a month-on-month change of one metric are two quantities, not one given twice."""
        memo = self.graph.memo("change_basis")
        if f.id not in memo:
            from factcheck.link.claims import change_basis

            c = self.graph.claim_of(f.id)
            memo[f.id] = None if c is None or self.graph.role(f.id) != "change" else \
                change_basis(self.folded, c.start, c.end, f)
        return memo[f.id]

    def itemized(self, f: Figure) -> bool:
        """Whether ``f`` is one item of a list of three or more amounts of its family in one
        sentence ("interest of 426 mln, an exchange loss of 412 mln and taxes of 235 mln";
        "124,000 shares of series H, 839,000 of series I and 142,000 of series J"): items are
        parts, never a second reading of another figure."""
        if f.kind in ("percent", "percentage_points"):
            return False              # a market wrap lists moves of one index twice over: keep checking them
        memo = self.graph.memo("itemized")
        if f.id not in memo:
            from factcheck.link.linkers import family, sentence_span

            a, b = sentence_span(self.folded, f.start)
            fam = family(f)
            n = sum(1 for x in self.body() if a <= x.start < b and x.kind not in ("date", "duration")
                    and family(x) == fam)
            memo[f.id] = n >= 3
        return memo[f.id]

    def _cache(self) -> dict:
        """Readings shared by every check of this document (the context itself is frozen)."""
        try:
            return self.__dict__["_memo"]
        except KeyError:
            memo: dict = {}
            object.__setattr__(self, "_memo", memo)
            return memo

    def claim_ids(self, *figs: Figure) -> tuple[str, ...]:
        out = []
        for f in figs:
            c = self.graph.claim_of(f.id)
            if c is not None and c.id not in out:
                out.append(c.id)
        return tuple(out)
