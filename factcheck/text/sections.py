"""Cut a very long text into sections that can be checked one at a time.

An article is a few thousand characters; an archive dump or a pasted database export can be
a hundred megabytes. Checking such a text whole would hold every figure, claim and link in
memory at once, so it is checked section by section: each section ends at a paragraph break
(else a line break, else a sentence end, else a space) at or before ``size`` characters, so
no figure and, as far as the text allows, no sentence is cut in two.
"""
from __future__ import annotations

import os
import re

# Each section is at most this long: checking 250,000 characters of dense news holds about
# 40 MB of figures, claims and links at once (1,000,000 held about 200 MB). An input is cut
# into sections only when it is longer than four sections, so an article or a long report is
# still checked whole. FACTCHECK_SECTION_CHARS sets another size (at least 1,000).
_ENV = os.environ.get("FACTCHECK_SECTION_CHARS", "")
SECTION_CHARS = max(1_000, int(_ENV)) if _ENV.isdigit() else 250_000
_LOOK_BACK = 0.25                 # how far back from the limit a better cut is looked for
_SENTENCE_END = re.compile(r"[.!?。！？；;]\s")


def needs_sections(length: int) -> bool:
    """Whether a text of ``length`` characters is checked in sections."""
    return length > 4 * SECTION_CHARS


def split_sections(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) spans covering ``text`` in order, each at most ``size`` characters
    (default ``SECTION_CHARS``)."""
    size = size or SECTION_CHARS
    if size < 2:
        raise ValueError("section size must be at least 2")
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while n - start > size:
        limit = start + size
        floor = limit - int(size * _LOOK_BACK)
        cut = _cut(text, floor, limit)
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def _cut(text: str, floor: int, limit: int) -> int:
    """The best place to end a section within text[floor:limit]: just after the break."""
    for sep in ("\n\n", "\n"):
        i = text.rfind(sep, floor, limit)
        if i >= 0:
            return i + len(sep)
    last = None
    for m in _SENTENCE_END.finditer(text, floor, limit):
        last = m
    if last is not None:
        return last.end()
    i = max(text.rfind(" ", floor, limit), text.rfind("\u3000", floor, limit))
    if i >= 0:
        return i + 1
    # no break at all (digits, one long word): a hard cut, never inside a surrogate pair
    return limit
