"""Snapshot tests of every output format on the project's own samples (issue 5).

The reports are built from the real pipeline, so a change in extraction, linking or a rule
shows up here as a diff to review; FACTCHECK_UPDATE_SNAPSHOTS=1 accepts it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.api import check_document
from factcheck.ingest import load_path
from factcheck.report import RenderOptions, render
from factcheck.rules_engine import load_rules
from factcheck.rules_engine.loader import default_rules_dir

from test_report_data import assert_snapshot

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p.name for p in (ROOT / "samples").iterdir()
                 if p.suffix in (".txt", ".md") and p.name != "README.md")
FORMATS = ("rich", "json", "sarif", "github", "markdown", "html")


@pytest.fixture(scope="module")
def reports():
    import os

    here = os.getcwd()
    os.chdir(ROOT)                          # sources are reported relative to the repository
    try:
        rules = load_rules([default_rules_dir()])
        return rules, {name: check_document(load_path(f"samples/{name}"), rules=rules) for name in SAMPLES}
    finally:
        os.chdir(here)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SAMPLES)
def test_sample_snapshot(reports, name: str, fmt: str) -> None:
    rules, by_name = reports
    text = render(fmt, [by_name[name]], rules=rules, options=RenderOptions(color=False, width=80))
    assert text.strip(), f"{fmt} rendered nothing for {name}"
    assert_snapshot(f"samples/{name}.{fmt}", text)
