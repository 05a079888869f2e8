"""Fold text for matching without moving any offset.

Every replacement is one code point for one code point: full-width ASCII forms to ASCII,
the ideographic space to a space, traditional Chinese characters to simplified ones (the
table is data: ``lang/zh/fold.toml``). The folded string has the same length as the input,
so a match at [i, j) in the folded text is the span [i, j) of the original.
"""
from __future__ import annotations

from functools import lru_cache

from factcheck import lang
from factcheck.text.memo import last_text


@lru_cache(maxsize=1)
def _table() -> dict[int, int]:
    table = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}   # ！..～ -> !..~
    table[0x3000] = 0x20                                         # ideographic space
    table[0xFE6A] = ord("%")                                     # small percent sign
    table[0x2212] = ord("-")                                     # minus sign
    table[0x2013] = ord("-")                                     # en dash
    table[0x3007] = ord("〇")
    data = lang.load("zh", "fold")
    trad, simp = data.get("traditional", ""), data.get("simplified", "")
    for t, s in zip(trad, simp):
        table[ord(t)] = ord(s)
    return table


@last_text(min_chars=201)
def fold(text: str) -> str:
    """The matching form of ``text``: same length, same offsets."""
    return text.translate(_table())
