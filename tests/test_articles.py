"""Articles written for the project (facts from public news, text our own), each clean or with
errors planted on purpose: a clean article gets no error or warning, a planted one gets the
findings its plants call for and no others. False alarms found this way became rule examples."""
from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.api import check_document
from factcheck.ingest import load_path

HERE = Path(__file__).resolve().parent / "fixtures" / "articles"

# file -> the defect rules (error/warning) expected, with how often each fires
EXPECTED: dict[str, dict[str, int]] = {
    "apple-clean.en.txt": {},
    "apple-planted.en.txt": {"change-mismatch": 2},              # up 18% (8%), up 6% from $371bn (12%)
    "byd-clean.zh.txt": {},
    "byd-planted.zh.txt": {"share-of-total": 1},                 # 约占总销量的31.5% (21.5%)
    "uk-inflation-clean.en.txt": {},
    "oil-clean.en.txt": {},
    "oil-planted.en.txt": {"change-mismatch": 3},                # or 3.1%, about 17%, nearly 29%
    "taiwan-gdp-clean.zh-hant.txt": {},
    "taiwan-gdp-planted.zh-hant.txt": {"share-of-total": 1},     # 約占55% (44.6%)
    "cpi-clean.zh.txt": {},
    "nvidia-clean.en.txt": {},
    "tesla-clean.en.txt": {},
    "tesla-planted.en.txt": {"change-mismatch": 2, "weekday-mismatch": 1},
    "hang-seng-clean.zh.txt": {},
    "hang-seng-planted.zh.txt": {"change-mismatch": 1},          # 上涨312点，或2.2% (1.2%)
    "us-jobs-clean.en.txt": {},
    "moutai-clean.zh.txt": {},
    "moutai-planted.zh.txt": {"parts-sum": 1},                   # 两者合计1282.1亿元 (1292.1)
    "uk-budget-clean.en.txt": {},
    "uk-budget-planted.en.txt": {"doubling-mismatch": 1},        # more than triple, £9.9bn to £22bn
    "xiaomi-clean.zh.txt": {},
    "microsoft-clean.en.txt": {},
    "microsoft-planted.en.txt": {"change-mismatch": 2},          # an increase of 12% (18.4%), up 95% (74.6%)
    "fed-clean.zh.txt": {},
    "fed-planted.zh.txt": {"change-mismatch": 1},                # 从3.98%上升20个基点至4.08% (10 bp)
    "catl-clean.zh.txt": {},
    "gold-clean.en.txt": {},
    "tsmc-clean.zh-hant.txt": {},
    "amazon-clean.en.txt": {},
    "amazon-planted.en.txt": {"change-mismatch": 1},             # up 70% from $83 billion (50.6%)
    "china-exports-clean.en.txt": {},
    "china-exports-planted.en.txt": {"weekday-mismatch": 1},     # Tuesday, Nov. 10 (a Monday; year from the dateline)
    "boj-clean.zh-hant.txt": {},
    "germany-gdp-clean.en.txt": {},
    "pdd-clean.zh.txt": {},
    "shell-clean.en.txt": {},
    "shell-planted.en.txt": {"change-mismatch": 1},              # down 20% from $6.0 billion to $5.4 billion (10%)
    "shanghai-homes-clean.zh-hant.txt": {},
    # a pasted page: menu, byline and date line, related stories and a footer around the article
    "netflix-page-clean.en.txt": {},
    "netflix-page-planted.en.txt": {"change-mismatch": 1},       # up about 27% from $10.25 billion (16.7%)
    "boeing-clean.en.txt": {},
    "byd-october-clean.zh-hant.txt": {},
    "india-gdp-clean.en.txt": {},
    "alibaba-clean.zh.txt": {},
}


def test_every_article_has_an_expectation() -> None:
    assert sorted(p.name for p in HERE.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_defects(name: str) -> None:
    report = check_document(load_path(HERE / name))
    found: dict[str, int] = {}
    for f in report.findings:
        if f.severity in ("error", "warning"):
            found[f.rule] = found.get(f.rule, 0) + 1
    assert found == EXPECTED[name], [(f.rule, f.message) for f in report.findings if f.severity != "info"]
