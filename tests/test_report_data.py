"""Hand-made Reports for the renderer tests, and the snapshot helper they share.

The reports are built directly from the model (no pipeline), so a renderer test fails only
when a renderer changes. Offsets are found with ``str.index`` so they are code points by
construction. The tests at the bottom check the fixtures themselves.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from factcheck import __version__
from factcheck.model import Claim, Document, Extraction, Figure, Finding, Report

SNAPSHOTS = Path(__file__).parent / "snapshots" / "report"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def assert_snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/report/NAME; FACTCHECK_UPDATE_SNAPSHOTS=1 rewrites it."""
    text = redact(text)
    path = SNAPSHOTS / name
    if os.environ.get("FACTCHECK_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path}: run with FACTCHECK_UPDATE_SNAPSHOTS=1 to create it")
    expected = path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                            text.splitlines(keepends=True),
                                            f"snapshot/{name}", "rendered"))
        pytest.fail(f"{name} differs from its snapshot "
                    f"(FACTCHECK_UPDATE_SNAPSHOTS=1 accepts it):\n{diff}", pytrace=False)


def redact(text: str) -> str:
    return text.replace(__version__, "[VERSION]")


class _Builder:
    """Figures placed by searching the text, so offsets are always right."""

    def __init__(self, text: str):
        self.text = text
        self.figures: list[Figure] = []

    def fig(self, literal: str, kind: str, value: object, *, nth: int = 0, **kw: object) -> str:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(literal, start + 1)
        fid = f"f{len(self.figures) + 1}"
        self.figures.append(Figure(fid, start, start + len(literal), literal, kind,
                                   value, **kw))  # type: ignore[arg-type]
        return fid

    def claim(self, cid: str, sentence: str, figures: tuple[str, ...], **kw: object) -> Claim:
        start = self.text.index(sentence)
        return Claim(cid, start, start + len(sentence), sentence, figures, **kw)  # type: ignore[arg-type]


ZH_TEXT = ("OpenAI 2025年營收超過200億美元，預計2030年將達到數千億美元。\n"
           "公司承諾未來8年投入1.4萬億美元建設算力。\n")


def zh_report() -> Report:
    b = _Builder(ZH_TEXT)
    f1 = b.fig("2025年", "date", "2025", unit=None)
    f2 = b.fig("200億美元", "money", 20_000_000_000, unit="USD", bound="more_than", lang="zh")
    f3 = b.fig("2030年", "date", "2030")
    f4 = b.fig("數千億美元", "money", None, low=100_000_000_000.0, high=1_000_000_000_000.0,
               unit="USD", bound="about", lang="zh")
    f5 = b.fig("8年", "duration", 8, unit="year", lang="zh")
    f6 = b.fig("1.4萬億美元", "money", 1_400_000_000_000, unit="USD", lang="zh")
    c1 = b.claim("c1", "OpenAI 2025年營收超過200億美元，預計2030年將達到數千億美元。",
                 (f1, f2, f3, f4), subject="OpenAI", metric="revenue", period="2025",
                 roles=((f2, "base"), (f4, "target")), direction="rise")
    c2 = b.claim("c2", "公司承諾未來8年投入1.4萬億美元建設算力。", (f5, f6),
                 subject="OpenAI", metric="commitment", period="2025/2033")
    findings = (
        Finding(f"growth-cagr:{f2}:{f4}", "growth-cagr", "growth.implied", "info",
                "200億美元（2025）到數千億美元（2030）意味著每年增長38%至114%。",
                "(1000億 / 200億)^(1/5) − 1 = 38%\n(10000億 / 200億)^(1/5) − 1 = 114%",
                (f1, f2, f3, f4), ("c1",)),
        Finding(f"rate-vs-total:{f6}:{f2}", "rate-vs-total", "context.rate-vs-total", "warning",
                "1.4萬億美元分8年是每年1750億美元，是所述年營收的8.75倍。",
                "1.4萬億 / 8 = 1750億 a year\n1750億 / 200億 = 8.75×",
                (f6, f5, f2), ("c2", "c1")),
    )
    doc = Document(ZH_TEXT, source="samples/openai.zh.txt", published="2025-11-10",
                   published_from="option")
    owner = tuple((f, "c1") for f in (f1, f2, f3, f4)) + ((f5, "c2"), (f6, "c2"))
    return Report(Extraction(doc, "zh", tuple(b.figures)), (c1, c2), findings, owner)


EN_TEXT = ("Revenue rose from $80 million to $100 million, up 30%.\n"
           "The board said <script>alert(1)</script> and <img src=x onerror=alert(1)> "
           "were 40%, 35% and 30% of sales.\n")
EN_SOURCE = "samples/<b>bold</b> report.md"


def en_report() -> Report:
    b = _Builder(EN_TEXT)
    f1 = b.fig("$80 million", "money", 80_000_000, unit="USD")
    f2 = b.fig("$100 million", "money", 100_000_000, unit="USD")
    f3 = b.fig("30%", "percent", 30, unit="%")
    f4 = b.fig("40%", "percent", 40, unit="%")
    f5 = b.fig("35%", "percent", 35, unit="%")
    f6 = b.fig("30%", "percent", 30, unit="%", nth=1)
    c1 = b.claim("c1", "Revenue rose from $80 million to $100 million, up 30%.", (f1, f2, f3),
                 metric="revenue", direction="rise")
    c2 = b.claim("c2", "The board said <script>alert(1)</script> and <img src=x "
                 "onerror=alert(1)> were 40%, 35% and 30% of sales.", (f4, f5, f6),
                 metric="sales share")
    findings = (
        Finding(f"change-percent:{f1}:{f2}:{f3}", "change-percent", "arithmetic.change", "error",
                "$80 million to $100 million is a 25% rise, not 30%.",
                "(100 − 80) / 80 = 25%\nstated: 30%", (f3, f1, f2), ("c1",)),
        Finding(f"shares-sum:{f4}:{f5}:{f6}", "shares-sum", "arithmetic.sum", "error",
                "Shares of one whole add up to 105%, not 100%: <script>alert(1)</script>",
                "40% + 35% + 30% = 105%", (f4, f5, f6), ("c2",)),
        Finding("publication-date", "publication-date", "temporal.date", "info",
                'No publication date | "next year" read as 2026, 100% assumed, see: docs',
                "file date: 2025-11-10\nassumed: 2025 | 2026", (), ()),
    )
    doc = Document(EN_TEXT, source=EN_SOURCE, format="markdown")
    owner = ((f1, "c1"), (f2, "c1"), (f3, "c1"), (f4, "c2"), (f5, "c2"), (f6, "c2"))
    return Report(Extraction(doc, "en", tuple(b.figures)), (c1, c2), findings, owner)


CLEAN_TEXT = "Unemployment was 4.1% in October.\n"


def clean_report() -> Report:
    b = _Builder(CLEAN_TEXT)
    f1 = b.fig("4.1%", "percent", 4.1, unit="%", step=0.05)
    c1 = b.claim("c1", "Unemployment was 4.1% in October.", (f1,), metric="unemployment")
    doc = Document(CLEAN_TEXT, source="samples/clean.txt")
    return Report(Extraction(doc, "en", tuple(b.figures)), (c1,), (), ((f1, "c1"),))


def html_report() -> Report:
    """An HTML input: offsets are into the extracted text, which the report carries."""
    text = "首頁\n營收增長50%，達到120億元。\n"
    b = _Builder(text)
    f1 = b.fig("50%", "percent", 50, unit="%")
    f2 = b.fig("120億元", "money", 12_000_000_000, unit="CNY", lang="zh")
    c1 = b.claim("c1", "營收增長50%，達到120億元。", (f1, f2))
    finding = Finding(f"change-base:{f1}:{f2}", "change-base", "arithmetic.change", "warning",
                      "增長50%需要基數80億元。", "120億 / 1.5 = 80億", (f1, f2), ("c1",))
    doc = Document(text, source="pages/news.html", format="html", carry_text=True)
    return Report(Extraction(doc, "zh", tuple(b.figures)), (c1,), (finding,),
                  ((f1, "c1"), (f2, "c1")))


def all_reports() -> list[Report]:
    return [zh_report(), en_report(), clean_report()]


def sample_rules() -> list[object]:
    """Registry rules for two of the fixture's rule ids (the others get bare descriptors)."""
    from factcheck.rules_engine.schema import Example, Examples, Rule

    return [
        Rule(id="growth-cagr", name="Implied yearly growth", category="growth.implied",
             check="growth.implied", severity="info", certainty="likely",
             summary="Shows the yearly growth rate implied by two figures of one series.",
             why="A jump from $20 billion to hundreds of billions in five years reads as "
                 "ordinary growth until the yearly rate is written down.",
             examples=Examples(fire=(Example("zh", "今年營收200億美元，2030年將達到3000億美元。"),),
                               no_fire=(Example("en", "Revenue was $20 billion."),))),
        Rule(id="change-percent", name="Stated change <i>vs</i> values",
             category="arithmetic.change",
             check="change.percent", severity="error", certainty="definite",
             summary="A stated percent change disagrees with the before and after values.",
             why="Readers recompute; a wrong rate is the most common numeric error.",
             params={"tolerance_pp": 0.1}),
    ]


# ---- the fixtures themselves --------------------------------------------------------------

@pytest.mark.parametrize("make", [zh_report, en_report, clean_report, html_report])
def test_fixture_offsets_are_code_points(make):
    report = make()
    text = report.extraction.document.text
    for f in report.extraction.figures:
        assert text[f.start:f.end] == f.text
    for c in report.claims:
        assert text[c.start:c.end] == c.text


def test_fixture_findings_name_known_figures_and_claims():
    for report in all_reports() + [html_report()]:
        figures = {f.id for f in report.extraction.figures}
        claims = {c.id for c in report.claims}
        for f in report.findings:
            assert set(f.figures) <= figures and set(f.claims) <= claims
