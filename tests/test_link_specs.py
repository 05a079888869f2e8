"""Linking specs: hand-written cases in tests/specs/link/{en,zh}.json.

Each case is a sentence or short article with the claims its figures belong to (subject,
metric, period, role, direction) and the typed edges of the claim graph between them, plus
edges that must NOT be there and figures that sit in page furniture. The test runs
``link(extract_document(load_text(input, published=...)))`` and reports every
disagreement of a case at once. Format, matching rules and how to add a case:
tests/specs/link/README.md.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

SPEC_DIR = Path(__file__).parent / "specs" / "link"
LANGS = ("en", "zh")
MIN_CASES = 60                       # per language (the floor)
EDGE_KINDS = ("same_quantity", "series", "part_of", "before_after", "stated_change",
              "total_rate", "conversion", "over_duration")
CASE_KEYS = {"id", "input", "published", "claims", "edges", "no_edges", "furniture", "comment", "not_supported"}
CLAIM_KEYS = {"figure", "start", "subject", "metric", "period", "direction", "role", "bound"}
EDGE_KEYS = {"kind", "a", "b", "a_start", "b_start", "info"}
ROLES = ("value", "change", "share", "rate", "total", "part", "duration", "date", "plan")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for lang in LANGS:
        path = SPEC_DIR / f"{lang}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path}: a spec file is a JSON array of cases"
        for i, case in enumerate(data):
            cases.append((f"{lang}/{case.get('id', i)}", case))
    return cases


CASES = _load()


# ---------------------------------------------------------------- the spec files themselves

def test_spec_volume():
    """The issue asks for at least 60 linking cases per language."""
    for lang in LANGS:
        n = sum(1 for i, _ in CASES if i.startswith(lang + "/"))
        assert n >= MIN_CASES, f"{lang}: {n} cases"


def test_spec_ids_unique():
    ids = [i for i, _ in CASES]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, f"duplicate case ids: {sorted(dup)}"


def _check_ref(text: str, name: str, start: int | None) -> None:
    assert isinstance(name, str) and name, "a figure is named by its text"
    if start is not None:
        assert text[start:start + len(name)] == name, f"{name!r} is not at {start}"
    else:
        assert text.count(name) == 1, f"{name!r} occurs {text.count(name)} times: give start"


@pytest.mark.parametrize("case", [pytest.param(c, id=i) for i, c in CASES])
def test_spec_case_is_well_formed(case):
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    text = case["input"]
    assert isinstance(text, str) and text
    published = case.get("published")
    assert published is None or ISO_DAY.match(published), published
    assert case.get("claims") or case.get("edges") or case.get("no_edges") or case.get("furniture"), \
        "a case checks something"
    for c in case.get("claims", []):
        assert set(c) <= CLAIM_KEYS, f"unknown keys {set(c) - CLAIM_KEYS}"
        assert set(c) - {"figure", "start"}, f"{c}: name at least one field to check"
        _check_ref(text, c["figure"], c.get("start"))
        if "direction" in c:
            assert c["direction"] in ("rise", "fall", None), c
        if "role" in c:
            assert c["role"] in ROLES, c
    for key in ("edges", "no_edges"):
        for e in case.get(key, []):
            assert set(e) <= EDGE_KEYS, f"unknown keys {set(e) - EDGE_KEYS}"
            assert e["kind"] in EDGE_KINDS, e
            _check_ref(text, e["a"], e.get("a_start"))
            _check_ref(text, e["b"], e.get("b_start"))
    for name in case.get("furniture", []):
        _check_ref(text, name, None)


# ---------------------------------------------------------------- the linker against them

def _run(case: dict[str, Any]):
    from factcheck.extraction import extract_document
    from factcheck.ingest import load_text
    from factcheck.link import link

    return link(extract_document(load_text(case["input"], published=case.get("published"))))


def _norm(s: str) -> str:
    from factcheck.text.fold import fold

    return re.sub(r"\s+", " ", fold(s)).strip().casefold()


def _subject_agrees(expected: str, found: str | None) -> bool:
    if not found:
        return False
    e, f = _norm(expected), _norm(found)
    return bool(f) and (e in f or f in e)


def _period(p: Any) -> Any:
    """'over 8 years' and 'over 8 year' are one period."""
    if isinstance(p, str):
        return re.sub(r"\b(year|month|week|day|quarter)s\b", r"\1", p.strip())
    return p


def _figure_at(linked, text: str, name: str, start: int | None):
    """The extracted figure that overlaps the named span most (None: not extracted)."""
    s = start if start is not None else text.index(name)
    e = s + len(name)
    best, best_overlap = None, 0
    for f in linked.extraction.figures:
        overlap = min(e, f.end) - max(s, f.start)
        if overlap > best_overlap:
            best, best_overlap = f, overlap
    return best


def _figure_period(linked, f) -> str | None:
    """The figure's own period where linking knows one (a date written next to it)."""
    try:
        from factcheck.link.linkers import figure_period
        from factcheck.text.fold import fold
    except ImportError:                      # pragma: no cover - an internal helper moved
        return None
    return figure_period(linked.graph, fold(linked.graph.text), f)


def _describe(linked) -> list[str]:
    from factcheck.link import EdgeKind

    g = linked.graph
    out = ["  claims found:"]
    for c in linked.claims:
        roles = ", ".join(f"{g.figure(fid).text!r}={r}" for fid, r in c.roles)
        out.append(f"    {c.text!r}: subject={c.subject!r} metric={c.metric!r} "
                   f"period={c.period!r} direction={c.direction!r} [{roles}]")
    edges = [f"{k.value} {e.a.text!r}->{e.b.text!r}" for k in EdgeKind for e in g.edges(k)]
    out.append("  edges found: " + ("; ".join(edges) if edges else "none"))
    if g.furniture:
        out.append("  furniture: " + ", ".join(repr(g.figure(f).text) for f in sorted(g.furniture)))
    return out


def _has_edge(g, kind, a, b) -> bool:
    return any(e.a.id == a.id and e.b.id == b.id for e in g.edges(kind))


def _marks(case: dict[str, Any]) -> list:
    """A known gap keeps its case (Recognizers-Text's NotSupported): a non-strict xfail with
    the reason, so fixing the linker turns it into an XPASS."""
    reason = case.get("not_supported")
    return [pytest.mark.xfail(reason=reason, strict=False)] if reason else []


@pytest.mark.parametrize("case", [pytest.param(c, id=i, marks=_marks(c)) for i, c in CASES])
def test_link_spec(case):
    from factcheck.link import EdgeKind

    linked = _run(case)
    g = linked.graph
    text = linked.extraction.document.text
    assert text == case["input"], "ingest changed the input text; the spec cannot name spans"
    problems: list[str] = []

    def fig(name: str, start: int | None, what: str):
        f = _figure_at(linked, text, name, start)
        if f is None:
            problems.append(f"{what}: {name!r} was not extracted")
            return None
        s = start if start is not None else text.index(name)
        if 2 * (min(s + len(name), f.end) - max(s, f.start)) <= len(name):
            problems.append(f"{what}: {name!r} was extracted only as {f.text!r}")
            return None
        return f

    for c in case.get("claims", []):
        f = fig(c["figure"], c.get("start"), "claim")
        if f is None:
            continue
        claim = g.claim_of(f.id)
        label = f"{c['figure']!r}"
        if claim is None:
            why = " (in furniture)" if f.id in g.furniture else ""
            problems.append(f"{label}: belongs to no claim{why}")
            continue
        if "subject" in c and not _subject_agrees(c["subject"], claim.subject):
            problems.append(f"{label}: subject {claim.subject!r}, expected {c['subject']!r}")
        if "metric" in c and g.metric_of(f.id) != c["metric"]:
            problems.append(f"{label}: metric {g.metric_of(f.id)!r}, expected {c['metric']!r}")
        if "period" in c:
            want = _period(c["period"])
            own = _figure_period(linked, f)
            if want not in (_period(claim.period), _period(own)):
                problems.append(f"{label}: period {claim.period!r} (figure: {own!r}), "
                                f"expected {c['period']!r}")
        if "direction" in c and claim.direction != c["direction"]:
            problems.append(f"{label}: direction {claim.direction!r}, expected {c['direction']!r}")
        if "role" in c and g.role(f.id) != c["role"]:
            problems.append(f"{label}: role {g.role(f.id)!r}, expected {c['role']!r}")
        if "bound" in c and f.bound != c["bound"]:
            problems.append(f"{label}: bound {f.bound!r}, expected {c['bound']!r}")

    for e in case.get("edges", []):
        a = fig(e["a"], e.get("a_start"), f"edge {e['kind']}")
        b = fig(e["b"], e.get("b_start"), f"edge {e['kind']}")
        if a is None or b is None:
            continue
        kind = EdgeKind(e["kind"])
        found = [x for x in g.edges(kind) if x.a.id == a.id and x.b.id == b.id]
        if not found:
            rev = " (found reversed)" if _has_edge(g, kind, b, a) else ""
            problems.append(f"missing edge {e['kind']} {e['a']!r} -> {e['b']!r}{rev}")
            continue
        for k, v in e.get("info", {}).items():
            got = found[0].info.get(k)
            if not (got == v or (isinstance(v, (int, float)) and isinstance(got, (int, float))
                                 and abs(got - v) < 1e-6)):
                problems.append(f"edge {e['kind']} {e['a']!r} -> {e['b']!r}: info {k}={got!r}, expected {v!r}")

    for e in case.get("no_edges", []):
        a = fig(e["a"], e.get("a_start"), f"no-edge {e['kind']}")
        b = fig(e["b"], e.get("b_start"), f"no-edge {e['kind']}")
        if a is None or b is None:
            continue
        kind = EdgeKind(e["kind"])
        if a.id != b.id and (_has_edge(g, kind, a, b) or _has_edge(g, kind, b, a)):
            problems.append(f"unwanted edge {e['kind']} between {e['a']!r} and {e['b']!r}")

    for name in case.get("furniture", []):
        f = fig(name, None, "furniture")
        if f is None:
            continue
        if f.id not in g.furniture:
            problems.append(f"{name!r}: not in furniture")
        if g.claim_of(f.id) is not None:
            problems.append(f"{name!r}: belongs to claim {g.claim_of(f.id).text!r}")

    if problems:
        lines = [f"input: {case['input']!r}  published={case.get('published')}"]
        lines += ["  " + p for p in problems] + _describe(linked)
        pytest.fail("\n".join(lines), pytrace=False)
