"""Extraction: figures out of text. Knows nothing of claims or rules."""
from __future__ import annotations

import math
import re

from factcheck import lang
from factcheck.model import Document, Extraction, Figure
from factcheck.text.fold import fold

ABSURD = 1e20          # no quantity in business news comes near this (world GDP is ~1e14 USD)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]+")


def _absurd(v: object) -> bool:
    return isinstance(v, float) and (v != v or abs(v) >= ABSURD) or isinstance(v, int) and abs(v) >= ABSURD


def detect_language(text: str) -> str:
    """zh, en or mixed, from the share of CJK characters against Latin words."""
    sample = text[:20000]
    cjk = len(_CJK.findall(sample))
    words = len(_LATIN.findall(sample))
    if cjk == 0 and words == 0:
        return "en"
    if cjk >= 3 * words or (cjk > 50 and cjk >= words):
        return "zh"
    if words >= 3 * cjk:
        return "en"
    return "mixed"


def fiscal_start_month(text: str) -> int | None:
    """Which month a fiscal year starts in, from country words in the text (None: unknown)."""
    table = lang.load("zh")["dates"]["fiscal_start"]
    head = text[:3000].lower()
    best, pos = None, None
    for word, month in table.items():
        i = head.find(word.lower())
        if i >= 0 and (pos is None or i < pos):
            best, pos = month, i
    return best


def extract_document(doc: Document) -> Extraction:
    """Every figure in ``doc.text``, normalised, with exact offsets."""
    from factcheck.extraction.scanner import scan

    text = doc.text
    folded = fold(text)
    hits = scan(text, folded, doc.published, fiscal_start_month(folded))
    figures = []
    for i, h in enumerate(hits, 1):
        if _absurd(h.value) or _absurd(h.low) or _absurd(h.high):
            h.value = h.low = h.high = None      # 10^24 trillion: kept as written, no value to reason with
        value = h.value
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e18 and h.kind != "percent":
            value = int(value)
        figures.append(Figure(id=f"f{i}", start=h.start, end=h.end, text=text[h.start:h.end],
                              kind=h.kind, value=value, low=h.low, high=h.high, unit=h.unit,
                              bound=h.bound, step=h.step, scale=h.scale, lang=h.lang,
                              weekday=h.weekday, qualifier=h.qualifier))
    return Extraction(document=doc, language=detect_language(text), figures=tuple(figures))


def extract(text: str, published: str | None = None) -> Extraction:
    """Library face: the figures of a plain text (``published`` as YYYY-MM-DD)."""
    doc = Document(text=text, published=published, published_from="option" if published else None)
    return extract_document(doc)
