"""Linking: figures into claims (who, what, when) and claims into one graph per document.

Knows extraction's output and nothing of rules or reports.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from factcheck.link import claims as cl
from factcheck.link.graph import ClaimGraph, Edge, EdgeKind
from factcheck.model import Claim, Extraction, Figure

__all__ = ["Linked", "link", "ClaimGraph", "Edge", "EdgeKind"]


@dataclass(frozen=True)
class Linked:
    extraction: Extraction
    claims: tuple[Claim, ...]
    figure_claim: tuple[tuple[str, str], ...]
    graph: ClaimGraph


def link(extraction: Extraction) -> Linked:
    """Claims for every clause with figures in the article body, and the links between them."""
    from factcheck.link import linkers
    from factcheck.text.fold import fold
    from factcheck.text.segment import clauses, sentences
    from factcheck.text.zones import kinds_at, zones

    doc = extraction.document
    text = doc.text
    folded = fold(text)
    figs = extraction.figures
    kinds = kinds_at(zones(text), [f.start for f in figs])
    furniture = frozenset(f.id for f, k in zip(figs, kinds) if k == "furniture")
    datelines = {f.id for f, k in zip(figs, kinds) if k == "dateline"}
    body = [f for f in figs if f.id not in furniture]
    claims: list[Claim] = []
    owner: dict[str, str] = {}
    sents = _cap(text, sentences(text), MAX_SENTENCE)
    fi = 0
    prev_subject: str | None = None
    prev_metric: str | None = None
    sentence_of: dict[str, tuple[int, int]] = {}
    for s, e in sents:
        in_sent = []
        while fi < len(body) and body[fi].start < e:
            if body[fi].start >= s:
                in_sent.append(body[fi])
            fi += 1
        if not in_sent:
            continue
        for f in in_sent:
            sentence_of[f.id] = (s, e)
        sent_starts = [f.start for f in in_sent]
        parts = clauses(text, s, e) or [(s, e)]
        if _LIST_SPLIT.search(text, s, e):        # most sentences list nothing: one search decides
            parts = _split_lists(text, parts, in_sent)
        parts = _cap(text, parts)
        sent_metric, _ = cl.metric_in(folded, s, e)
        cjk = cl._CJK.search(folded, s, e) is not None      # else no clause needs the Chinese reader
        sent_period = _period([f for f in in_sent if f.id not in datelines])
        inherited_subject, inherited_metric, inherited_period = None, None, None
        inherited_direction = None
        prev_a = s
        for a, b in parts:
            part_a, prev_a = prev_a, a
            cf = in_sent[bisect.bisect_left(sent_starts, a):bisect.bisect_left(sent_starts, b)]
            if not cf:
                m, _ = cl.metric_in(folded, a, b)
                inherited_metric = m or inherited_metric
                subj = _subject(text, folded, a, b, b, (), cjk)
                if subj is None and cjk:
                    # "海丰国际继续耀眼，2017年创造市值…": the name before the clause's first verb
                    mv = cl.lexicon().zh_verb_re.search(folded, a + 2, b)
                    subj = _subject(text, folded, a, mv.start(), b, (), cjk) if mv else None
                inherited_subject = subj or inherited_subject
                continue
            first_val = next((f for f in cf if f.kind not in ("date", "duration")), cf[0])
            metric, _ = cl.metric_in(folded, a, b)
            metric = metric or inherited_metric or sent_metric
            if metric is None and prev_metric and (
                    _PRONOUN.match(folded, s) or cl.lexicon().metric_stand_in_re.search(folded, a, first_val.start)):
                metric = prev_metric              # "It had 302 million at the end of 2024.", 这一数字升至13.8亿
            lo = bisect.bisect_left(sent_starts, first_val.start - 240)
            hi = bisect.bisect_right(sent_starts, first_val.start)
            spans = tuple((f.start, f.end) for f in in_sent[lo:hi])
            subject = _subject(text, folded, a, first_val.start, b, spans, cjk)
            if not cjk and part_a < a and _RELATIVE.match(text, a):
                # "… by M-2, which rose 1.2 pct": the name just before the relative pronoun
                subject = cl.subject_en(text, part_a, a, folded) or subject
            if subject is None and not cjk:
                subject = cl.attribution_en(text, first_val.end, e)    # "House prices rose 0.9%, Nationwide said"
            if subject is None or cl.is_generic(subject):
                subject = inherited_subject or prev_subject or subject
            if subject is not None and cl.is_generic(subject):
                # 政府將在未來十年投入…: nothing to inherit, so look before the stand-in word
                k = text.rfind(subject, a, first_val.start)
                better = _subject(text, folded, a, k, b, spans, cjk) if k > a else None
                if better and not cl.is_generic(better):
                    subject = better
            if subject is None:
                subject = _subject(text, folded, s, first_val.start, b, spans, cjk) or prev_subject
            own = _period([f for f in cf if f.id not in datelines])
            period = own or inherited_period or sent_period
            if own and not own.startswith("over"):
                inherited_period = own
            if period is None and cl.lexicon().annual_re.search(folded, a, b):
                period = "annualized"
            has_dur = any(f.kind == "duration" for f in cf)
            roles = tuple((f.id, cl.role_of(f, folded, a, b, has_dur)) for f in cf)
            direction = cl.direction_near(folded, a, first_val.start) or cl.direction_near(folded, a, b)
            if direction is None and inherited_direction and not _COPULA.search(folded, a, first_val.start) and all(
                    f.kind in ("percent", "percentage_points", "money") for f in cf if f.kind not in ("date", "duration")):
                direction = inherited_direction   # "Nvidia fell 3.65%, Tesla 3.5% and Amazon 2.86%"
            if direction:
                inherited_direction = direction
            if direction and not cl.direction_near(folded, a, b):
                roles = tuple((fid, "change" if r == "rate" else r) for fid, r in roles)
            cid = f"c{len(claims) + 1}"
            claims.append(Claim(id=cid, start=a, end=b, text=text[a:b], figures=tuple(f.id for f in cf),
                                subject=subject, metric=metric, period=period, roles=roles,
                                direction=direction))
            for f in cf:
                owner[f.id] = cid
            inherited_subject, inherited_metric = subject, metric
        if inherited_subject:
            prev_subject = inherited_subject
        prev_metric = inherited_metric or sent_metric
    metrics = {}
    by_id = {c.id: c for c in claims}
    money_metrics = cl.lexicon().money_metrics
    for f in body:
        if f.id in owner:
            s0 = sentence_of[f.id][0]
            m = cl.metric_before(folded, s0, f.start) or by_id[owner[f.id]].metric
            if m in money_metrics and f.kind in ("count", "quantity", "number"):
                m = None              # "400,000 tonnes" is no spending, "4次" no debt
            metrics[f.id] = m
    graph = ClaimGraph(figs, tuple(claims), owner, furniture, text=text, published=doc.published,
                       metrics=metrics)
    linkers.add_edges(graph, folded, sentence_of)
    return Linked(extraction, tuple(claims), tuple(owner.items()), graph)


_COPULA = re.compile(r"为|是|达|报|约|\b(?:was|is|were|are|at|of|stood|totaled|totalled)\b", re.I)
_PRONOUN = re.compile(r"\s*(?:It|Its|They|Their|The company|The group|The firm|其|该公司|该集团|公司)\b")
_RELATIVE = re.compile(r"\s*(?:which|who|whose)\b")
_LIST_SPLIT = re.compile(r",?\s+(?:and|while|but|whereas)\s+(?=(?:the\s+|its\s+)?[A-Z])|[;；]\s*")


MAX_CLAUSE = 400      # characters: longer runs without punctuation are cut at spaces
MAX_SENTENCE = 1500


def _cap(text: str, parts: list[tuple[int, int]], size: int = MAX_CLAUSE) -> list[tuple[int, int]]:
    """Cut a span longer than ``size`` at whitespace: real clauses and sentences are shorter,
    and a text with no punctuation at all must not become one claim of a million figures."""
    out: list[tuple[int, int]] = []
    for a, b in parts:
        while b - a > size:
            cut = text.rfind(" ", a + size // 2, a + size)
            if cut <= a:
                cut = a + size
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return out


def _split_lists(text: str, parts: list[tuple[int, int]], figs: list[Figure]) -> list[tuple[int, int]]:
    """Split a clause that lists several subjects with their own figures: "the Nasdaq
    dropped 1.9% and the Dow slipped 0.84%", "Tesla 3.5% and Amazon 2.86%"."""
    out: list[tuple[int, int]] = []
    for a, b in parts:
        cuts = [a]
        for m in _LIST_SPLIT.finditer(text, a, b):
            left = any(cuts[-1] <= f.start < m.start() and f.kind != "date" for f in figs)
            if left and any(m.end() <= f.start < b and f.kind != "date" for f in figs):
                cuts.append(m.end())
        if len(cuts) == 1:
            if b > a:
                out.append((a, b))    # the common case: nothing to split
            continue
        cuts.append(b)
        out.extend((x, y) for x, y in zip(cuts, cuts[1:]) if y > x)
    return out


def _subject(text: str, folded: str, a: int, pos: int, b: int,
             spans: tuple[tuple[int, int], ...], cjk: bool = True) -> str | None:
    """The subject named before ``pos``; ``cjk`` False when the sentence has no CJK at all."""
    a = max(a, pos - 240)             # a subject is named near its figure
    if cjk and cl._CJK.search(folded, a, b):
        return cl.subject_zh(text, folded, a, pos, spans)
    return cl.subject_en(text, a, pos, folded)


def _period(figs: list[Figure]) -> str | None:
    for f in figs:
        if f.kind == "date" and f.value:
            return str(f.value)
    for f in figs:
        if f.kind == "duration" and f.value:
            return f"over {f.value:g} {f.unit}" if isinstance(f.value, (int, float)) else None
    return None
