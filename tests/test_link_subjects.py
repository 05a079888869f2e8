"""Subject readers on their own: what a claim says who the figures are about."""
from __future__ import annotations

import pytest

from factcheck.extraction import extract_document
from factcheck.ingest import load_text
from factcheck.link import link


def _subject_of(text: str, figure: str) -> str | None:
    linked = link(extract_document(load_text(text, published="2025-11-10")))
    fid = next(f.id for f in linked.extraction.figures if f.text == figure)
    owner = dict(linked.figure_claim)[fid]
    return next(c.subject for c in linked.claims if c.id == owner)


@pytest.mark.parametrize("text, figure, subject", [
    # the name stated after the figures: "…, Nationwide said"
    ("House prices have risen 0.9% this year, Nationwide said.", "0.9%", "Nationwide"),
    ("Revenue rose 12% to $4.1 billion, Acme Corp reported on Tuesday.", "12%", "Acme Corp"),
    # a name before the figure still wins over one after it
    ("Tesla shares fell 3.5%, analysts at Morgan Stanley said.", "3.5%", "Tesla"),
])
def test_english_subject(text: str, figure: str, subject: str) -> None:
    assert _subject_of(text, figure) == subject


@pytest.mark.parametrize("text, figure", [
    # a word capitalised only because it starts the sentence is not a name
    ("New orders fell 2% in March. The new plant opened.", "2%"),
    ("Prices of homes rose 0.5% in February. Food prices were flat.", "0.5%"),
])
def test_sentence_initial_common_word_is_not_a_subject(text: str, figure: str) -> None:
    found = _subject_of(text, figure)
    assert found is None or found.split()[0] not in ("New", "Prices"), found


def test_sentence_initial_name_stays() -> None:
    """Nationwide is never written in lower case here: a name, even at a sentence start."""
    assert _subject_of("Nationwide said prices rose 0.4% in January.", "0.4%") == "Nationwide"


@pytest.mark.parametrize("text, figure, subject", [
    ("戴爾手中有1,000個AI專案正在同時進行。", "1,000個", "戴爾"),
    ("戴爾目前已經有五款AI PC採用高通處理器。", "五款", "戴爾"),
    ("中国1986年财政赤字为70.8亿元。", "70.8亿元", "中国"),
    # a generic price word is not the subject; a self-naming one is
    ("布油涨1.2%。", "1.2%", "布油"),
])
def test_chinese_subject(text: str, figure: str, subject: str) -> None:
    assert _subject_of(text, figure) == subject


def test_a_date_is_never_a_chinese_subject() -> None:
    found = _subject_of("2026年至2030年累计投资2.4万亿元。", "2.4万亿元")
    assert found is None or not found[0].isdigit(), found
