"""What issue 3 says linking must show, on the seed page and on the English sample.

zh-000-seed.txt (../shared/corpus/dev, published 2025-11-10): the revenue figures 200億美元
(end of 2025, more than) and 數千億美元 (2030) form one series with subject OpenAI and metric
revenue; 1.4萬億美元 is a total over 8 years for the same subject's investment; each index and
stock move has its own subject and a falling direction; the sidebar and footer figures belong
to no claim.

samples/openai-revenue.en.md: the same shapes in English: revenue $20 billion -> hundreds of
billions by 2030 as a series with subject OpenAI; about $1.4 trillion over eight years as a
total_rate against the $20 billion; each index and stock move with its own subject, falling.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "dev" / "zh-000-seed.txt"
SAMPLE_EN = ROOT / "samples" / "openai-revenue.en.md"


def _link(text: str, published: str | None):
    from factcheck.extraction import extract_document
    from factcheck.ingest import load_text
    from factcheck.link import link

    return link(extract_document(load_text(text, published=published)))


def _norm(s: str) -> str:
    from factcheck.text.fold import fold

    return re.sub(r"\s+", " ", fold(s)).strip().casefold()


def _same_subject(expected: str, found: str | None) -> bool:
    if not found:
        return False
    e, f = _norm(expected), _norm(found)
    return bool(f) and (e in f or f in e)


def _period(p) -> str | None:
    return re.sub(r"\b(year|month|week|day)s\b", r"\1", p) if isinstance(p, str) else p


def _fig(linked, needle: str, after: str | None = None):
    """The body figure overlapping the first occurrence of ``needle`` (after ``after``)."""
    text = linked.extraction.document.text
    start = text.index(after) if after else 0
    s = text.index(needle, start)
    e = s + len(needle)
    best = max(linked.extraction.figures, key=lambda f: min(e, f.end) - max(s, f.start))
    _check(min(e, best.end) - max(s, best.start) > 0, f"{needle!r} was not extracted")
    return best


def _periods(linked, f) -> set:
    """The claim's period and the figure's own period (a date written beside it)."""
    from factcheck.link.linkers import figure_period
    from factcheck.text.fold import fold

    g = linked.graph
    c = g.claim_of(f.id)
    return {_period(c.period) if c else None, _period(figure_period(g, fold(g.text), f))}


def _edge(linked, kind, a, b):
    return next((e for e in linked.graph.edges(kind) if e.a.id == a.id and e.b.id == b.id), None)


def _subject_of(linked, f) -> str | None:
    c = linked.graph.claim_of(f.id)
    return c.subject if c else None


def _check(ok, message) -> None:
    """Fail with the message only (no rewritten repr of the whole linked document)."""
    if not ok:
        pytest.fail(str(message), pytrace=False)


def _describe(linked, f) -> str:
    g = linked.graph
    c = g.claim_of(f.id)
    if c is None:
        return f"{f.text!r}: no claim"
    return (f"{f.text!r} in claim {c.text!r}: subject={c.subject!r} metric={g.metric_of(f.id)!r} "
            f"period={c.period!r} direction={c.direction!r} role={g.role(f.id)!r}")


# ====================================================================== zh-000-seed.txt

@pytest.fixture(scope="module")
def seed():
    if not SEED.is_file():
        pytest.skip(f"{SEED} is not here (the shared corpus is outside the repository)")
    return _link(SEED.read_text(encoding="utf-8"), "2025-11-10")


def test_seed_revenue_series(seed):
    from factcheck.link import EdgeKind

    a, b = _fig(seed, "200億美元"), _fig(seed, "數千億美元")
    _check(_edge(seed, EdgeKind.SERIES, a, b), "200億美元 -> 數千億美元 is not a series")
    for f in (a, b):
        _check(_same_subject("OpenAI", _subject_of(seed, f)), _describe(seed, f))
        _check(seed.graph.metric_of(f.id) == "revenue", _describe(seed, f))


def test_seed_revenue_periods_and_bound(seed):
    a, b = _fig(seed, "200億美元"), _fig(seed, "數千億美元")
    _check(a.bound == "more_than", a)
    _check("2025-12-31" in _periods(seed, a), _describe(seed, a))
    _check("2030" in _periods(seed, b), _describe(seed, b))


def test_seed_investment_total_over_8_years(seed):
    from factcheck.link import EdgeKind

    total, dur, rate = _fig(seed, "1.4萬億美元"), _fig(seed, "8年"), _fig(seed, "200億美元")
    g = seed.graph
    c = g.claim_of(total.id)
    _check(c is not None and _same_subject("OpenAI", c.subject), _describe(seed, total))
    _check(g.metric_of(total.id) == "spending", _describe(seed, total))
    _check(g.role(total.id) == "total", _describe(seed, total))
    _check("over 8 year" in _periods(seed, total), _describe(seed, total))
    _check(_edge(seed, EdgeKind.DURATION, total, dur), "1.4萬億美元 is not tied to 8年")
    tr = _edge(seed, EdgeKind.TOTAL_RATE, total, rate)
    _check(tr and tr.info.get("years") == 8, "1.4萬億美元 is not a total_rate against 200億美元 over 8 years")


SEED_MOVES = [("1.12%", "標普500"), ("1.9%", "納斯達克綜合"), ("0.84%", "道瓊斯工業平均"),
              ("3.65%", "英偉達"), ("3.5%", "特斯拉"), ("2.86%", "亞馬遜"), ("2.67%", "臉書"),
              ("1.98%", "微軟")]


@pytest.mark.parametrize("move,subject", SEED_MOVES, ids=[m for m, _ in SEED_MOVES])
def test_seed_move_subject_and_direction(seed, move, subject):
    f = _fig(seed, move, after="截至收盤")
    c = seed.graph.claim_of(f.id)
    _check(c is not None, _describe(seed, f))
    _check(_same_subject(subject, c.subject), _describe(seed, f))
    _check(c.direction == "fall", _describe(seed, f))


def test_seed_moves_have_their_own_subjects(seed):
    claims = [seed.graph.claim_of(_fig(seed, m, after="截至收盤").id) for m, _ in SEED_MOVES]
    assert all(claims)
    subjects = [_norm(c.subject or "") for c in claims]
    _check(len(set(subjects)) == len(subjects), subjects)


def test_seed_sidebar_and_footer_belong_to_no_claim(seed):
    text = seed.extraction.document.text
    cut = text.index("上一篇")
    late = [f for f in seed.extraction.figures if f.start >= cut]
    _check(late, "the related list and footer hold figures (14.79%, 2.6%, 2026-01-19 ...)")
    for f in late:
        _check(seed.graph.claim_of(f.id) is None, _describe(seed, f))
        _check(f.id in seed.graph.furniture, f"{f.text!r} at {f.start} is not furniture")
    for needle in ("14.79%", "2.6%", "2026-01-19", "2026-01-16"):
        _check(any(needle in f.text for f in late), f"{needle!r} was not extracted in the furniture")


def test_seed_navigation_holds_no_claim(seed):
    text = seed.extraction.document.text
    head = text.index("AI巨頭尋求政府擔保")
    for f in seed.extraction.figures:
        if f.start < head:
            _check(seed.graph.claim_of(f.id) is None, _describe(seed, f))


# ====================================================================== samples/openai-revenue.en.md

@pytest.fixture(scope="module")
def sample_en():
    return _link(SAMPLE_EN.read_text(encoding="utf-8"), None)


BODY_EN = "SAN FRANCISCO"


def test_en_revenue_series(sample_en):
    from factcheck.link import EdgeKind

    a = _fig(sample_en, "$20 billion", after=BODY_EN)
    b = _fig(sample_en, "hundreds of billions of dollars", after=BODY_EN)
    _check(_edge(sample_en, EdgeKind.SERIES, a, b), "$20 billion -> hundreds of billions is not a series")
    for f in (a, b):
        _check(_same_subject("OpenAI", _subject_of(sample_en, f)), _describe(sample_en, f))
        _check(sample_en.graph.metric_of(f.id) == "revenue", _describe(sample_en, f))


def test_en_revenue_periods_and_bound(sample_en):
    a = _fig(sample_en, "$20 billion", after=BODY_EN)
    b = _fig(sample_en, "hundreds of billions of dollars", after=BODY_EN)
    _check(a.bound == "more_than", a)
    _check({"2025", "2025-12-31"} & _periods(sample_en, a), _describe(sample_en, a))
    _check("2030" in _periods(sample_en, b), _describe(sample_en, b))


def test_en_total_rate(sample_en):
    from factcheck.link import EdgeKind

    total = _fig(sample_en, "$1.4 trillion", after=BODY_EN)
    dur = _fig(sample_en, "eight years", after=BODY_EN)
    rate = _fig(sample_en, "$20 billion", after=BODY_EN)
    g = sample_en.graph
    _check(_same_subject("OpenAI", _subject_of(sample_en, total)), _describe(sample_en, total))
    _check(g.metric_of(total.id) == "spending", _describe(sample_en, total))
    _check(g.role(total.id) == "total", _describe(sample_en, total))
    _check(_edge(sample_en, EdgeKind.DURATION, total, dur), "$1.4 trillion is not tied to eight years")
    tr = _edge(sample_en, EdgeKind.TOTAL_RATE, total, rate)
    _check(tr and tr.info.get("years") == 8, "$1.4 trillion is not a total_rate against $20 billion over 8 years")


EN_MOVES = [("1.12%", "S&P 500"), ("1.9%", "Nasdaq Composite"), ("0.84%", "Dow Jones Industrial Average"),
            ("3.65%", "Nvidia"), ("3.5%", "Tesla"), ("2.86%", "Amazon")]


@pytest.mark.parametrize("move,subject", EN_MOVES, ids=[m for m, _ in EN_MOVES])
def test_en_move_subject_and_direction(sample_en, move, subject):
    f = _fig(sample_en, move, after="Technology shares fell")
    c = sample_en.graph.claim_of(f.id)
    _check(c is not None, _describe(sample_en, f))
    _check(_same_subject(subject, c.subject), _describe(sample_en, f))
    _check(c.direction == "fall", _describe(sample_en, f))


def test_en_moves_have_their_own_subjects(sample_en):
    claims = [sample_en.graph.claim_of(_fig(sample_en, m, after="Technology shares fell").id) for m, _ in EN_MOVES]
    assert all(claims)
    subjects = [_norm(c.subject or "") for c in claims]
    _check(len(set(subjects)) == len(subjects), subjects)


def test_the_graph_as_networkx_matches_the_facade(sample_en):
    """to_networkx() holds every figure and claim as a node, each claim's figures as ``has``
    edges and every link of the façade once, with its kind and info."""
    from factcheck.link import EdgeKind

    graph = sample_en.graph
    g = graph.to_networkx()
    assert g is graph.to_networkx()                     # built once
    kinds = {n: d["node"] for n, d in g.nodes(data=True)}
    assert {f.id for f in graph.figures} == {n for n, k in kinds.items() if k == "figure"}
    assert {c.id for c in graph.claims} == {n for n, k in kinds.items() if k == "claim"}
    has = sorted((u, v) for u, v, d in g.edges(data=True) if d["kind"] == "has")
    assert has == sorted((c.id, fid) for c in graph.claims for fid in c.figures)
    links = sorted((u, v, d["kind"].value) for u, v, d in g.edges(data=True) if d["kind"] != "has")
    facade = sorted((e.a.id, e.b.id, k.value) for k in EdgeKind for e in graph.edges(k))
    assert links == facade and links, "the sample has series, pairs and totals"
    assert len(graph.to_dict()["edges"]) == len(facade)


def test_claims_command_shows_the_links(tmp_path):
    """`factcheck claims` lists the claim graph's links in JSON and in the table."""
    import json
    import subprocess
    import sys

    sample = str(SAMPLE_EN)
    out = subprocess.run([sys.executable, "-m", "factcheck", "claims", sample, "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    rep = json.loads(out)
    text = {f["id"]: " ".join(f["text"].split()) for f in rep["figures"]}     # a line break is a space
    links = {(x["kind"], text[x["a"]], text[x["b"]]) for x in rep["links"]}
    assert ("series", "more than $20 billion", "hundreds of billions of dollars") in links
    assert ("total_rate", "about $1.4 trillion", "more than $20 billion") in links
    assert all(x["a"] in text and x["b"] in text for x in rep["links"])
    table = subprocess.run([sys.executable, "-m", "factcheck", "claims", sample, "--format", "table"],
                           capture_output=True, text=True, check=True).stdout
    assert "links" in table and "series" in table and "hundreds of billions of dollars" in table
