"""Extraction specs: hand-written cases in tests/specs/extract/{en,zh}/*.json.

Each case gives an input, an optional publication date and EVERY figure the input holds.
The test checks both directions: each expected figure is found, and nothing else is.
Format, matching rule and how to add a case: tests/specs/extract/README.md.
"""
from __future__ import annotations

import json
import re
import types
from pathlib import Path
from typing import Any

import pytest

from factcheck.model import BOUNDS, KINDS

SPEC_DIR = Path(__file__).parent / "specs" / "extract"
LANGS = ("en", "zh")
REL_TOL = 0.005                      # values agree within 0.5% of the expected value
MIN_CASES = 150                      # per language (the floor)
MIN_NOT_FIGURE_CASES = 25            # per language, in not_figures.json
KIND_GROUPS = ({"percent", "percentage_points"}, {"count", "number"})
CASE_KEYS = {"input", "published", "results", "not_supported", "comment"}
RESULT_KEYS = {"text", "start", "kind", "value", "low", "high", "unit", "bound"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# ISO 8601 dates and periods; "--11-06" / "--11" for a day or month whose year is unknown
DATE_VALUE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?|--\d{2}(-\d{2})?)$")


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for lang in LANGS:
        for path in sorted((SPEC_DIR / lang).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            assert isinstance(data, list), f"{path}: a spec file is a JSON array of cases"
            cases += [(f"{lang}/{path.name}#{i}", case) for i, case in enumerate(data)]
    return cases


CASES = _load()


def _params():
    for case_id, case in CASES:
        marks = ()
        if case.get("not_supported"):
            marks = (pytest.mark.xfail(reason=f"not supported: {case['not_supported']}",
                                       strict=False),)
        yield pytest.param(case, id=case_id, marks=marks)


# ---------------------------------------------------------------- the spec files themselves

def test_spec_volume():
    """The issue asks for at least 150 cases and 25 not-figure cases per language."""
    for lang in LANGS:
        ids = [i for i, _ in CASES if i.startswith(lang + "/")]
        nots = [i for i in ids if i.startswith(f"{lang}/not_figures.json#")]
        assert len(ids) >= MIN_CASES, f"{lang}: {len(ids)} cases"
        assert len(nots) >= MIN_NOT_FIGURE_CASES, f"{lang}: {len(nots)} not-figure cases"


@pytest.mark.parametrize("case", [pytest.param(c, id=i) for i, c in CASES])
def test_spec_case_is_well_formed(case):
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    text = case["input"]
    assert isinstance(text, str) and text
    published = case.get("published")
    assert published is None or ISO_DAY.match(published), published
    assert isinstance(case["results"], list)
    for r in case["results"]:
        assert set(r) <= RESULT_KEYS, f"unknown keys {set(r) - RESULT_KEYS}"
        assert r["kind"] in KINDS, r
        assert r["text"] and r["text"] in text, f"{r['text']!r} is not in the input"
        if "start" in r:
            assert text[r["start"]:r["start"] + len(r["text"])] == r["text"], r
        else:
            assert text.count(r["text"]) == 1, f"{r['text']!r} occurs more than once: give start"
        if "bound" in r:
            assert r["bound"] in BOUNDS, r
        if r.get("bound") == "range":
            assert r.get("value", None) is None and "low" in r and "high" in r, r
        if r["kind"] == "date" and isinstance(r.get("value"), str):
            assert DATE_VALUE.match(r["value"]), r
        if r["kind"] == "count":
            assert "unit" not in r, "counts carry a free noun as unit: leave it out"


# ---------------------------------------------------------------- the extractor against them

def _extract():
    import factcheck
    fn = getattr(factcheck, "extract", None)
    if fn is None:
        pytest.skip("factcheck.extract is not available yet")
    if isinstance(fn, types.ModuleType):
        # The subpackage factcheck.extract shadows the function once it is imported;
        # test_public_extract_is_callable reports that. Here, reach the function anyway
        # so the specs still say something about extraction itself.
        fn = fn.extract
    return fn


def test_public_extract_is_callable():
    """`factcheck.extract(text)` keeps working after the first call (and any submodule import)."""
    import importlib

    import factcheck
    if getattr(factcheck, "extract", None) is None:
        pytest.skip("factcheck.extract is not available yet")
    try:
        importlib.import_module("factcheck.extract")        # the subpackage, where there is one
    except ImportError:
        pass
    assert callable(factcheck.extract), "factcheck.extract is the subpackage, not the function"
    assert factcheck.extract("x").figures == ()


def _span(case: dict[str, Any], r: dict[str, Any]) -> tuple[int, int]:
    start = r["start"] if "start" in r else case["input"].index(r["text"])
    return start, start + len(r["text"])


def _kinds_agree(expected: str, found: str) -> bool:
    return expected == found or any(expected in g and found in g for g in KIND_GROUPS)


def _numbers_agree(expected: Any, found: Any) -> bool:
    if expected is None or found is None:
        return expected is None and found is None
    if isinstance(found, bool) or not isinstance(found, (int, float)):
        return False
    if expected == 0:
        return abs(found) < 1e-9
    return abs(found - expected) <= REL_TOL * abs(expected)


def _value_agrees(expected: Any, found: Any) -> bool:
    if isinstance(expected, str) or isinstance(found, str):
        return expected == found            # dates: the exact ISO string
    return _numbers_agree(expected, found)


def _unit(u: Any) -> Any:
    return re.sub(r"\s+", "", u) if isinstance(u, str) else u


def _disagreements(r: dict[str, Any], fig: Any) -> list[str]:
    """Why found figure `fig` is not expected figure `r` (empty: it is)."""
    out = []
    if not _kinds_agree(r["kind"], fig.kind):
        out.append(f"kind {fig.kind} != {r['kind']}")
    if "value" in r and not _value_agrees(r["value"], fig.value):
        out.append(f"value {fig.value!r} != {r['value']!r}")
    for key in ("low", "high"):
        if key in r and not _numbers_agree(r[key], getattr(fig, key)):
            out.append(f"{key} {getattr(fig, key)!r} != {r[key]!r}")
    if "unit" in r and _unit(r["unit"]) != _unit(fig.unit):
        out.append(f"unit {fig.unit!r} != {r['unit']!r}")
    if "bound" in r and r["bound"] != fig.bound:
        out.append(f"bound {fig.bound} != {r['bound']}")
    return out


def _match(n_expected: int, n_found: int, ok) -> dict[int, int]:
    """Largest one-to-one matching expected -> found (augmenting paths; inputs are tiny)."""
    owner: dict[int, int] = {}                       # found index -> expected index

    def augment(i: int, seen: set[int]) -> bool:
        for j in range(n_found):
            if ok(i, j) and j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(n_expected):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _show(fig: Any) -> str:
    extra = "".join(f" {k}={getattr(fig, k)!r}" for k in ("low", "high")
                    if getattr(fig, k) is not None)
    return (f"[{fig.start}:{fig.end}] {fig.text!r} {fig.kind} value={fig.value!r}{extra} "
            f"unit={fig.unit!r} bound={fig.bound}")


@pytest.mark.parametrize("case", list(_params()))
def test_extract_spec(case):
    extract = _extract()
    found = list(extract(case["input"], published=case.get("published")).figures)
    expected = case["results"]
    spans = [_span(case, r) for r in expected]

    def overlaps(i: int, j: int) -> bool:
        (s, e), fig = spans[i], found[j]
        return fig.start < e and s < fig.end

    matched = _match(len(expected), len(found),
                     lambda i, j: overlaps(i, j) and not _disagreements(expected[i], found[j]))
    missing = [i for i in range(len(expected)) if i not in matched]
    extra = sorted(set(range(len(found))) - set(matched.values()))
    if not missing and not extra:
        return
    lines = [f"input: {case['input']!r}  published={case.get('published')}"]
    for i in missing:
        lines.append(f"  missing:    {json.dumps(expected[i], ensure_ascii=False)}")
        for j in range(len(found)):
            if overlaps(i, j):
                why = "; ".join(_disagreements(expected[i], found[j])) or "matched elsewhere"
                lines.append(f"    nearest:  {_show(found[j])}  -> {why}")
    for j in extra:
        lines.append(f"  unexpected: {_show(found[j])}")
    pytest.fail("\n".join(lines), pytrace=False)
