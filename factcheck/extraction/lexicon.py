"""Compiled vocabulary: the language packs turned into regular expressions, once.

Every pattern here is a plain alternation of literal words (longest first) or a bounded
expression; none can backtrack catastrophically. Texts are matched in folded form
(``factcheck.text.fold``), so traditional characters and full-width digits need no entries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from factcheck import lang

ZH_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
ZH_UNITS = "十拾百佰千仟万亿兆"
ZH_NUMERAL = ZH_DIGITS + ZH_UNITS


def alt(words: Any, boundary: bool = False) -> str:
    """An alternation of literal words, longest first (so "per cent" beats "per")."""
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in ws)
    if boundary:
        return r"(?:%s)(?![A-Za-z])" % body
    return "(?:%s)" % body


class TailMatch:
    """What a ``Tail`` found: offsets are into the window it was given."""

    __slots__ = ("window", "s", "qs", "qe")

    def __init__(self, window: str, s: int, qs: int, qe: int):
        self.window, self.s, self.qs, self.qe = window, s, qs, qe

    def start(self) -> int:
        return self.s

    def group(self, name: int | str = 0) -> str:
        return self.window[self.s:] if name == 0 else self.window[self.qs:self.qe]


class Tail:
    """Words that must end where a window ends (a currency sign or "more than" right
    before a number), matched by running a reversed pattern over the reversed window:
    one anchored match instead of a search that tries every position."""

    def __init__(self, words: Any, before: str = "", after: str = "", flags: int = 0, boundary: bool = False):
        ws = sorted({w[::-1] for w in words if w}, key=lambda w: (-len(w), w))
        body = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in ws)
        tail = r"(?![A-Za-z])" if boundary else ""
        self.rx = re.compile(after + "(?P<q>" + body + ")" + tail + before, flags)

    def search(self, window: str) -> TailMatch | None:
        m = self.rx.match(window[::-1])
        if m is None:
            return None
        n = len(window)
        return TailMatch(window, n - m.end(), n - m.end("q"), n - m.start("q"))


@dataclass(frozen=True)
class Lexicon:
    en: dict[str, Any]
    zh: dict[str, Any]
    # right-hand patterns, anchored with .match(text, pos)
    en_scale: re.Pattern[str]
    en_glued_scale: re.Pattern[str]
    en_cur_suffix: re.Pattern[str]
    en_percent: re.Pattern[str]
    en_points: re.Pattern[str]
    en_bps: re.Pattern[str]
    en_quantity: re.Pattern[str]
    en_duration: re.Pattern[str]
    en_fold: re.Pattern[str]
    en_times: re.Pattern[str]
    en_of_cur: re.Pattern[str]
    # left-hand patterns, searched at the end of a window
    en_cur_prefix: Tail
    en_qualifier: Tail
    zh_cur_prefix: Tail
    zh_qualifier: Tail
    zh_cur_suffix: re.Pattern[str]
    zh_unit: re.Pattern[str]
    zh_post: re.Pattern[str]
    names: re.Pattern[str]
    zh_not_numbers: re.Pattern[str]
    en_bound_of: dict[str, str]
    zh_bound_of: dict[str, str]
    en_product_before: Tail


def _bounds(table: dict[str, list[str]], keys: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k in keys:
        for w in table.get(k, []):
            out.setdefault(w.lower(), k)
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Build every pattern from the language packs (about 20 ms, once per process)."""
    en, zh = lang.load("en"), lang.load("zh")
    eq, zq = en["qualifiers"], zh["qualifiers"]
    en_bound = _bounds(eq, ("more_than", "about", "at_least", "at_most", "less_than"))
    zh_bound = _bounds(zq, ("more_than", "about", "at_least", "at_most", "less_than"))
    names = en["names"]["patterns"] + zh["names"]["patterns"]
    flags = re.I
    return Lexicon(
        en=en, zh=zh,
        en_scale=re.compile(r"[ \t]*\n?[ \t]*" + alt(en["scales"]["words"], True), flags),
        en_glued_scale=re.compile(alt(en["scales"]["glued"]) + r"(?![A-Za-z])", flags),
        en_cur_suffix=re.compile(r"\s{0,2}" + alt(en["currency"]["suffix"], True), flags),
        en_percent=re.compile(r"\s?" + alt(en["percent"]["percent"]) + r"(?![A-Za-z])", flags),
        en_points=re.compile(r"\s?" + alt(en["percent"]["points"], True), flags),
        en_bps=re.compile(r"\s?" + alt(en["percent"]["basis_points"], True), flags),
        en_quantity=re.compile(r"\s?" + alt(en["units"]["quantity"], True)),
        en_duration=re.compile(r"(?:\s|-)" + alt(en["units"]["duration"], True), flags),
        en_fold=re.compile(r"-?fold\b", flags),
        en_times=re.compile(r"\s?(?:times|x)(?![A-Za-z])", flags),
        en_of_cur=re.compile(r"\s+" + alt(en["currency"]["of_words"], True), flags),
        en_cur_prefix=Tail(en["currency"]["prefix"], after=r"\s?", flags=flags),
        en_qualifier=Tail(en_bound, after=r"\s+", flags=flags, boundary=True),
        zh_cur_prefix=Tail(zh["currency"]["prefix"], after=r"\s?"),
        zh_qualifier=Tail(zh_bound, after=r"\s?(?:有|达|为|在|是|到)?"),
        zh_cur_suffix=re.compile(r"\s?" + alt(zh["currency"]["suffix"])),
        zh_unit=re.compile(r"\s?" + alt(zh_unit_kind())),
        zh_post=re.compile(alt(zq["post_about"] + zq["post_more_than"] + zq["post_less_than"])),
        names=re.compile("\x00".join(names)),
        zh_not_numbers=re.compile(alt(zh["names"]["not_numbers"])),
        en_bound_of=en_bound, zh_bound_of=zh_bound,
        en_product_before=Tail(en["names"]["product_words"], after=r"[ -]?", boundary=True),
    )


@lru_cache(maxsize=1)
def zh_unit_kind() -> dict[str, str]:
    """Chinese unit word -> what it makes of a number (pp, %, count, dur, qty…)."""
    zh = lang.load("zh")
    zu = zh["units"]
    out: dict[str, str] = {}
    for w in zu["count"]:
        out[w] = "count"
    for w in zu["points"]:
        out[w] = "point"
    for w in zu["quantity"]:
        out[w] = "qty"
    for w in zu["duration"]:
        out[w] = "dur"
    for w in zh["multipliers"]["bei"]:
        out[w] = "bei"
    for w in zh["percent"]["tenths"]:
        out[w] = "tenth"
    for w in zh["percent"]["percent"]:
        out[w] = "%"
    for w in zh["percent"]["basis_points"]:
        out[w] = "bp"
    for w in zh["percent"]["points"]:
        out[w] = "pp"
    return out
