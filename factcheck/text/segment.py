"""Sentence and clause spans over a str, as exact code-point offsets (end exclusive).

Figures are tied to claims sentence by sentence, so a boundary in the wrong place joins
or splits claims. One regex pass finds candidate boundaries; each candidate is accepted or
rejected by constant-time checks on its neighbours, so the cost stays linear on any input.
Language knowledge (abbreviations, punctuation sets, list markers) lives in
``factcheck/lang/{en,zh}/text.toml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from factcheck.lang import languages, load

Span = tuple[int, int]

# Ideographs, kana, hangul, CJK punctuation and full-width forms: text that is not wrapped
# at a fixed width and needs no space after a full stop.
CJK_CLASS = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
             "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
             "\U00020000-\U0003134f")
_CJK = re.compile(f"[{CJK_CLASS}]")
_NONSPACE = re.compile(r"\S")
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=8)
def text_data(section: str) -> dict[str, Any]:
    """One section of every pack's ``text.toml``, merged: a page mixes languages, and adding
    a language is adding its file. Strings are character sets (joined), lists are appended."""
    merged: dict[str, Any] = {}
    for lang in languages():
        for key, value in load(lang, "text").get(section, {}).items():
            if isinstance(value, str):
                merged[key] = merged.get(key, "") + value
            else:
                merged[key] = merged.get(key, []) + list(value)
    return merged


def is_cjk(ch: str) -> bool:
    """True for an ideograph, kana, hangul, CJK punctuation or full-width character."""
    return bool(_CJK.match(ch))


def _cls(chars: str) -> str:
    """A regex character-class body for a literal set of characters."""
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


@dataclass(frozen=True, slots=True)
class _Rules:
    boundary: re.Pattern[str]
    clause: re.Pattern[str]
    list_item: re.Pattern[str]
    abbreviations: frozenset[str]
    before_number: frozenset[str]
    openers: frozenset[str]
    closers: frozenset[str]
    starters: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    seg = text_data("segment")
    closers = _cls(seg.get("closers", ""))
    full_stops = _cls(seg.get("terminators", "") or "。")
    ascii_cjk = _cls(seg.get("ascii_terminators_before_cjk", "") or "!?")
    ell = _cls(seg.get("ellipsis", "") or "…")
    # Possessive quantifiers and a look-behind that refuses to start inside a run keep
    # the scan linear on a megabyte of "." or "。".
    # The leading look-ahead names every character a boundary can start with: re then
    # skips to those characters instead of trying four branches at every position (4x faster).
    boundary = re.compile(
        f"(?=[{full_stops}{ascii_cjk}.!?{ell}\n])"
        f"(?:(?P<zh>[{full_stops}]++[{closers}]*+)"
        f"|(?P<bang>(?<![{ascii_cjk}])[{ascii_cjk}]++[{closers}]*+)(?=[{CJK_CLASS}])"
        f"|(?P<en>(?<![.!?{ell}])[.!?{ell}]++[{closers}]*+)(?=\\s|\\Z)"
        r"|(?P<nl>\n(?:[^\S\n]*+\n)*+))")
    marks = _cls(seg.get("clause_marks", ""))
    clause = re.compile(f"(?:[{marks};]|,)[{closers}]*+")
    list_item = re.compile("|".join(
        [f"[{_cls(seg.get('bullets', '') or '•')}]\\s"] + seg.get("list_item", [])))
    return _Rules(
        boundary=boundary,
        clause=clause,
        list_item=list_item,
        abbreviations=frozenset(a.lower() for a in seg.get("abbreviations", [])),
        before_number=frozenset(a.lower() for a in seg.get("abbreviations_before_number", [])),
        openers=frozenset(seg.get("openers", "")),
        closers=frozenset(seg.get("closers", "")),
        starters=frozenset(seg.get("clause_starters", [])),
    )


def _next_char(text: str, pos: int, end: int) -> int:
    """Index of the first non-space character at or after pos, or -1."""
    m = _NONSPACE.search(text, pos, end)
    return m.start() if m else -1


def _prev_char(text: str, pos: int, start: int) -> int:
    """Index of the last non-space character before pos, or -1."""
    i = pos - 1
    while i >= start and text[i].isspace():
        i -= 1
    return i if i >= start else -1


def _starts_sentence(ch: str, rules: _Rules) -> bool:
    """What may follow ". " when it is a boundary: a capital, digit, opener or CJK."""
    return ch.isupper() or ch.isdigit() or ch in rules.openers or is_cjk(ch)


def _period_ends_sentence(text: str, dot: int, nxt: int, start: int, rules: _Rules) -> bool:
    """Decide a single '.' followed by space: abbreviations, initials and list numbers say no."""
    i = dot
    while i > start and dot - i < 16 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    token = text[i:dot + 1].lower()
    if token in rules.abbreviations:
        return False
    if token in rules.before_number and nxt >= 0 and text[nxt].isdigit():
        return False
    word = text[i:dot]
    if len(word) == 1 and word.isupper():           # an initial: "J. P. Morgan"
        return False
    if i == dot:                                    # "1. First item" at a line start
        j = dot
        while j > start and text[j - 1].isdigit():
            j -= 1
        if j < dot and dot - j <= 2:
            k = j - 1
            while k >= start and text[k] in " \t":
                k -= 1
            if k < start or text[k] == "\n":
                return False
    return True


def _line_bounds(text: str, pos: int, start: int, end: int) -> Span:
    ls = text.rfind("\n", start, pos) + 1
    le = text.find("\n", pos, end)
    return (max(ls, start), end if le < 0 else le)


def _newline_ends_sentence(text: str, a: int, b: int, start: int, end: int,
                           rules: _Rules) -> bool:
    """A single newline ends a sentence unless it only wraps a line of running text."""
    prev, nxt = _prev_char(text, a, start), _next_char(text, b, end)
    if prev < 0 or nxt < 0:
        return True
    cur_s, cur_e = _line_bounds(text, a, start, end)
    nxt_s, nxt_e = _line_bounds(text, b, start, end)
    if _CJK.search(text, cur_s, cur_e) or _CJK.search(text, nxt_s, nxt_e):
        return True                                  # CJK text is not wrapped at a width
    if b < end and text[b] in " \t\u3000\xa0":
        return True                                  # an indented paragraph start
    if rules.list_item.match(text, nxt):
        return True                                  # a bullet, a numbered item, a heading
    cur = text[cur_s:cur_e].strip()
    if cur.startswith("#") or (any(c.isalpha() for c in cur) and cur.upper() == cur):
        return True                                  # a heading line
    nxt_line = text[nxt:nxt_e].strip()
    return (len(cur) < 0.5 * len(nxt_line) and _starts_sentence(text[nxt], rules)
            and cur[-1:] not in ",;:-")              # a short title over a full line


def _cuts_to_spans(text: str, cuts: list[int], start: int, end: int) -> list[Span]:
    """Pieces between cut points, whitespace trimmed, empty ones dropped."""
    spans: list[Span] = []
    prev = start
    cuts.append(end)
    for cut in cuts:
        if cut <= prev:
            continue
        if not text[prev].isspace() and not text[cut - 1].isspace():
            spans.append((prev, cut))               # the common case: nothing to trim
        else:
            piece = text[prev:cut]
            stripped = piece.strip()
            if stripped:
                left = prev + len(piece) - len(piece.lstrip())
                spans.append((left, left + len(stripped)))
        prev = cut
    return spans


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of text[start:end], whitespace trimmed, in order.

    Every non-space character of the range lies in exactly one span. Chinese splits after
    。！？ (and !? glued to CJK), closing quotes staying with their sentence; English splits
    after . ! ? followed by space and a capital, digit, quote or CJK character, except after
    abbreviations, initials and list numbers; blank lines and paragraph-like line starts
    end a sentence too.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    rules = _rules()
    cuts: list[int] = []
    for m in rules.boundary.finditer(text, start, end):
        kind = m.lastgroup
        a, b = m.span()
        if kind == "zh" or kind == "bang":
            cuts.append(b)
        elif kind == "en":
            nxt = _next_char(text, b, end)
            if nxt < 0:
                cuts.append(b)
                continue
            if not _starts_sentence(text[nxt], rules):
                continue
            run = m.group().rstrip("".join(rules.closers))
            if run == "." and not _period_ends_sentence(text, a, nxt, start, rules):
                continue
            cuts.append(b)
        elif m.group().count("\n") > 1 or _newline_ends_sentence(text, a, b, start, end, rules):
            cuts.append(a)
    return _cuts_to_spans(text, cuts, start, end)


def _comma_splits(text: str, a: int, b: int, start: int, end: int, rules: _Rules) -> bool:
    """Decide one comma (ASCII or full-width, closers included in a..b)."""
    prev = text[a - 1] if a > start else ""
    after = text[b] if b < end else ""
    if prev.isdigit() and after.isdigit():
        return False                                 # "1,000", "1，000"
    if text[a] != ",":
        return True                                  # "，" always separates clauses
    p = a - 1
    while p > start and text[p] in rules.closers:
        p -= 1
    if p >= start and (is_cjk(text[p]) or text[p] in "%％"):
        return True                                  # "英偉達跌3.65%,特斯拉跌3.5%"
    nxt = _next_char(text, b, end)
    if nxt < 0:
        return False
    if is_cjk(text[nxt]):
        return True
    if nxt == b:
        return False                                 # "a,b": not a clause break in English
    m = _WORD.match(text, nxt, min(end, nxt + 20))
    return m is not None and m.group().lower() in rules.starters


def clauses(text: str, start: int, end: int) -> list[Span]:
    """Clause spans of text[start:end] (usually one sentence), whitespace trimmed.

    Splits after ；; always, after ， unless between digits, after an ASCII comma in
    Chinese context (lists of moves such as "英偉達跌3.65%,特斯拉跌3.5%"), and after ", "
    in English when a clause word (and, but, while, which...) follows. The mark stays with
    the clause it ends, so the clauses cover the sentence.
    """
    end = min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    rules = _rules()
    cuts: list[int] = []
    for m in rules.clause.finditer(text, start, end):
        a, b = m.span()
        if text[a] == "，" and not (a > start and text[a - 1].isdigit()):
            cuts.append(b)                           # the common Chinese case, decided at once
        elif text[a] in ";；":
            if not (a > start and text[a - 1].isdigit() and b < end and text[b].isdigit()):
                cuts.append(b)
        elif _comma_splits(text, a, b, start, end, rules):
            cuts.append(b)
    if text.find(" ", start, end) >= 0 or text.find("\u3000", start, end) >= 0:
        # a headline's second item after a space: "创业板指收跌近2.7% 恒指涨近1%"
        for m in _FIGURE_SPACE_CJK.finditer(text, start, end):
            cuts.append(m.end())
        cuts.sort()
    return _cuts_to_spans(text, cuts, start, end)


_FIGURE_SPACE_CJK = re.compile(r"(?<=[%％\d点])[ \u3000]+(?=[\u4e00-\u9fff])")
