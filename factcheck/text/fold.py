"""Fold text for matching without moving any offset.

Every replacement is one code point for one code point: full-width ASCII forms to ASCII,
the ideographic space to a space, traditional Chinese characters to simplified ones (the
table is data: ``lang/zh/fold.toml``). The folded string has the same length as the input,
so a match at [i, j) in the folded text is the span [i, j) of the original.
"""
from __future__ import annotations

from functools import lru_cache

from factcheck import lang


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


# the last text folded and its fold, as one tuple (replaced whole, so threads never see half
# of it): extraction, linking and the checks each fold the same text
_last: tuple[str, str] = ("", "")


def fold(text: str) -> str:
    """The matching form of ``text``: same length, same offsets."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    folded = text.translate(_table())
    if len(text) > 200:               # a word folded in passing does not evict the document
        _last = (text, folded)
    return folded
