"""Golden reports for the project's own samples (samples/README.md says what is planted).

Every error and warning must be one the golden file expects (no false alarms), and every
expected finding must still be found. Regenerate deliberately after reviewing a change:
FACTCHECK_UPDATE_GOLDEN=1 python -m pytest tests/test_samples.py
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from factcheck.api import check_document
from factcheck.ingest import load_path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "samples.json"
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir()
                 if p.suffix in (".txt", ".md") and p.name != "README.md")


def _found(path: Path) -> dict:
    report = check_document(load_path(str(path)))
    figs = {f.id: f.text for f in report.extraction.figures}
    return {"published": report.extraction.document.published,
            "findings": [{"rule": x.rule, "severity": x.severity, "figures": [figs[i] for i in x.figures]}
                         for x in report.findings]}


def _key(f: dict) -> tuple:
    return f["rule"], tuple(sorted(f["figures"]))


@pytest.fixture(scope="module")
def golden() -> dict:
    if os.environ.get("FACTCHECK_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps({p.name: _found(p) for p in SAMPLES}, ensure_ascii=False, indent=1),
                          encoding="utf-8")
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_report_matches_golden(path: Path, golden: dict) -> None:
    want = golden[path.name]
    got = _found(path)
    assert got["published"] == want["published"]
    expected = {_key(f) for f in want["findings"]}
    found = {_key(f) for f in got["findings"]}
    missing = expected - found
    assert not missing, f"expected findings no longer found: {sorted(missing)}"
    extra = [f for f in got["findings"] if _key(f) not in expected and f["severity"] in ("error", "warning")]
    assert not extra, f"new errors or warnings (false alarms?): {extra}"


def test_samples_cover_both_languages_and_scripts() -> None:
    names = [p.name for p in SAMPLES]
    assert any(".en." in n for n in names)
    assert any("zh-hant" in n for n in names)
    assert any("zh-hans" in n for n in names)
    assert len(SAMPLES) >= 4


def test_planted_errors_are_caught(golden: dict) -> None:
    """The planted errors that factcheck is expected to catch (samples/README.md)."""
    rules = {name: {f["rule"] for f in g["findings"]} for name, g in golden.items()}
    assert "weekday-mismatch" in rules["openai-guarantee.zh-hant.txt"]
    assert {"change-mismatch", "doubling-mismatch"} <= rules["ev-maker.zh-hans.md"]
    assert {"change-mismatch", "weekday-mismatch"} <= rules["chipmaker-results.en.txt"]
    assert "weekday-mismatch" in rules["oil-market.en.txt"]
    assert {"change-mismatch", "digit-slip", "doubling-mismatch"} <= rules["budget.zh-hant.txt"]
    assert {"growth-cagr", "rate-vs-total"} <= rules["openai-revenue.en.md"]
