"""Zones of a pasted article: headline, dateline, body, and page furniture around them.

A web page pasted as text carries menus, search widgets, "上一篇/下一篇", related-article
lists, sidebar headlines and footers; figures found there belong to other stories and must
not be checked against the article. Lines are grouped into paragraphs, each paragraph gets
features (length, sentence punctuation, bullets, cue patterns from the language TOML files),
and a small state machine walks the page: chrome before the first real paragraph, the
article, and after a strong end-of-article cue everything that is not itself a long
paragraph. Text with no cues at all comes out as body (plus a headline).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.text.segment import CJK_CLASS, text_data

KINDS = ("body", "headline", "dateline", "furniture")

_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
_LATIN_WORD = re.compile(r"[A-Za-z]")
_TERMINALS = "。！？!?.…"               # a paragraph that ends in one of these (then closers) ends like a sentence
_CLOSERS = "”’」』）】》)\"'"
_SENTENCE_MARK = re.compile(r"[。！？]|[.!?](?=\s|$)")
_CLAUSE_MARK = re.compile(r"[，；,;、]")
_DIGIT = re.compile(r"\d")
_HEADLINE_MAX = 60       # weighted size: a headline is short
_CUE_MAX = 400           # characters: longer paragraphs are never menu, footer or link lines


@dataclass(frozen=True, slots=True)
class Zone:
    """A stretch of the text, [start, end) in code points, of one kind (see KINDS)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class _Cues:
    nav: _Cue
    furniture: _Cue
    end_soft: _Cue
    end_hard: _Cue
    byline: _Cue
    dateline: _Cue
    dateline_prefix: re.Pattern[str]
    date: _Cue
    separator: _Cue
    email: _Cue
    bullets: str
    line_cue: _Cue                  # nav | furniture | end_soft | end_hard: one search, not four
    any_cue: _Cue                   # the same and byline


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


class _Cue:
    """A union of cue patterns with ``search`` as re's, faster: the patterns that start with
    ``^`` are tried once at the start (``match``), not at every position of the paragraph."""

    __slots__ = ("_head", "_any")

    def __init__(self, patterns: list[str]):
        head = [p[1:] for p in patterns if p.startswith("^") and "|" not in _top_level(p)]
        rest = [p for p in patterns if not (p.startswith("^") and "|" not in _top_level(p))]
        self._head = _union(head) if head else None
        self._any = _union(rest) if rest else None

    def search(self, s: str) -> bool:
        return bool((self._head is not None and self._head.match(s))
                    or (self._any is not None and self._any.search(s)))


def _top_level(p: str) -> str:
    """``p`` without its bracketed and escaped parts: where a top-level ``|`` would show."""
    out, depth, i = [], 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]" and depth:
            depth -= 1
        elif depth == 0:
            out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    """Cue patterns of every language: a page may mix them (an English menu on a zh page)."""
    table = text_data("zones")

    def merged(*keys: str) -> _Cue:
        return _Cue([p for key in keys for p in table.get(key, [])])

    return _Cues(nav=merged("nav"), furniture=merged("furniture"),
                 end_soft=merged("end_soft"), end_hard=merged("end_hard"),
                 byline=merged("byline"), dateline=merged("dateline"),
                 dateline_prefix=_union(table.get("dateline_prefix", [])), date=merged("date"),
                 separator=merged("separator"), email=merged("email"),
                 bullets=text_data("segment").get("bullets", "") or "•",
                 line_cue=merged("nav", "furniture", "end_soft", "end_hard"),
                 any_cue=merged("nav", "furniture", "end_soft", "end_hard", "byline"))


@dataclass(slots=True)
class _Block:
    """One paragraph: a line, or wrapped Latin lines joined."""

    start: int           # first non-space character
    end: int             # after the last non-space character
    text: str
    indent: int
    size: float          # CJK characters + other visible characters / 3
    marks: int           # sentence-ending marks inside
    commas: int          # clause marks inside
    terminal: bool       # ends like a sentence
    bullet: bool
    cue: str | None = None
    kind: str = "body"

    @property
    def prose(self) -> bool:
        """Reads like running text: a sentence end, or a long stretch of clauses."""
        return ((self.terminal and self.size >= 6) or self.marks >= 2
                or (self.size >= 60 and self.commas >= 3))

    @property
    def long_prose(self) -> bool:
        return self.terminal and self.marks >= 2 and self.size >= 30


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(content start, content end, indent) of every non-blank line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip()), lead))
        pos += len(line) + 1
    return out


def _size(s: str) -> float:
    cjk = 0 if s.isascii() else sum(map(len, _CJK_RUN.findall(s)))
    visible = len(s) - s.count(" ")
    return cjk + (visible - cjk) / 3


def _ends_sentence(t: str) -> bool:
    core = t.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINALS


def _is_cue_line(s: str, cues: _Cues) -> bool:
    if len(s) > _CUE_MAX:
        return False
    return bool(cues.line_cue.search(s))


def _wraps(prev: str, prev_indent: int, nxt: str, nxt_indent: int, cues: _Cues,
           cue_lines: dict[str, bool] | None = None) -> bool:
    """Whether nxt continues prev as a hard-wrapped Latin paragraph (Reuters style).
    ``cue_lines`` remembers which lines are cue lines (each line is asked about twice)."""
    if len(prev) < 40 or _CJK_RUN.search(prev) or _CJK_RUN.search(nxt):
        return False
    if nxt_indent and nxt_indent >= prev_indent:
        return False
    if nxt[0] in cues.bullets:
        return False
    memo = {} if cue_lines is None else cue_lines
    for line in (nxt, prev):
        if line not in memo:
            memo[line] = _is_cue_line(line, cues)
        if memo[line]:
            return False
    return prev.upper() != prev                       # an all-caps title does not wrap


def _blocks(text: str, cues: _Cues) -> list[_Block]:
    groups: list[list[tuple[int, int, int]]] = []
    prev_end = -1
    cue_lines: dict[str, bool] = {}
    for ls, le, ind in _lines(text):
        if groups and text.count("\n", prev_end, ls) <= 1:
            last = groups[-1][-1]
            if _wraps(text[last[0]:last[1]], last[2], text[ls:le], ind, cues, cue_lines):
                groups[-1].append((ls, le, ind))
                prev_end = le
                continue
        groups.append([(ls, le, ind)])
        prev_end = le
    blocks = []
    for g in groups:
        s, e = g[0][0], g[-1][1]
        t = text[s:e]
        blocks.append(_Block(start=s, end=e, text=t, indent=g[0][2], size=_size(t),
                             marks=len(_SENTENCE_MARK.findall(t)),
                             commas=len(_CLAUSE_MARK.findall(t)),
                             terminal=_ends_sentence(t),
                             bullet=t[0] in cues.bullets and (len(t) == 1 or t[1].isspace())))
    return blocks


def _classify(b: _Block, cues: _Cues) -> str | None:
    """The cue a paragraph carries, or None. Long paragraphs carry no cue but a date stamp."""
    t = b.text
    if cues.date.search(t):
        return "date"
    if len(t) <= 80 and cues.dateline.search(t):
        return "dateline"
    if b.long_prose or len(t) > _CUE_MAX:
        return None
    if cues.any_cue.search(t):          # which one, in order of precedence
        for name in ("end_hard", "end_soft", "nav", "furniture", "byline"):
            if getattr(cues, name).search(t):
                return name
    if not b.prose and cues.email.search(t):
        return "furniture"
    if b.bullet and b.size <= 12 and not _DIGIT.search(t):
        return "nav_bullet"
    return None


def _head(blocks: list[_Block], anchor: int) -> None:
    """Before the first real paragraph: chrome up to the last menu cue, then headline and date."""
    last_nav = -1
    for i in range(anchor):
        if blocks[i].cue in ("nav", "nav_bullet", "end_soft", "end_hard"):
            last_nav = i
    headline = False
    for i in range(anchor):
        b = blocks[i]
        if i <= last_nav or b.cue in ("furniture", "nav_bullet"):
            b.kind = "furniture"
        elif b.cue in ("dateline", "date"):
            b.kind = "dateline"
            headline = True                           # a headline comes before its date
        elif (not headline and b.cue is None and 3 <= b.size <= _HEADLINE_MAX
              and not b.bullet):
            b.kind = "headline"
            headline = True


def _body(blocks: list[_Block], anchor: int, cues: _Cues) -> None:
    """From the first real paragraph on: cue lines, end-of-article tails, sidebar runs."""
    tail: str | None = None
    for i in range(anchor, len(blocks)):
        b = blocks[i]
        if tail == "hard" and _next_article(blocks, i):
            # an archive of articles: after a footer, a title (and its date line) before prose
            # starts the next one (after a "related" list it may be a teaser: a soft end stays)
            tail = None
            b.kind = "headline"
            continue
        if tail == "hard" or (tail == "soft" and not (b.long_prose and b.cue is None)):
            b.kind = "furniture"
            if b.cue == "end_hard":
                tail = "hard"
            continue
        tail = None
        if b.cue == "end_hard":
            b.kind, tail = "furniture", "hard"
        elif b.cue == "end_soft":
            b.kind, tail = "furniture", "soft"
        elif b.cue in ("nav", "furniture", "date"):
            b.kind = "furniture"
        elif b.cue == "dateline" and i <= anchor + 1:
            b.kind = "dateline"
        if b.kind == "body" and cues.separator.search(b.text[-200:]):
            tail = "soft"                             # "…由熊转牛”。-----------"
    _sidebar_runs(blocks, anchor)


def _next_article(blocks: list[_Block], i: int) -> bool:
    """Block i is a title followed by prose, or by a date line and prose: a new article."""
    b = blocks[i]
    if b.cue is not None or b.bullet or b.terminal or not 3 <= b.size <= _HEADLINE_MAX:
        return False
    j = i + 1
    if j < len(blocks) and blocks[j].cue in ("dateline", "date"):
        j += 1
    return j < len(blocks) and blocks[j].cue is None and blocks[j].terminal and blocks[j].size >= 30


def _sidebar_runs(blocks: list[_Block], anchor: int) -> None:
    """Runs of short unpunctuated lines around bare dates, and runs of menu bullets."""
    i, n = anchor, len(blocks)
    while i < n:
        j = i
        while j < n and blocks[j].kind != "headline" and not blocks[j].prose \
                and blocks[j].size <= 60:
            j += 1
        run = blocks[i:j]
        dates = sum(1 for b in run if b.cue == "date")
        menus = sum(1 for b in run if b.cue == "nav_bullet")
        if (dates and len(run) - dates >= 2) or menus >= 3:
            for b in run:
                if dates or b.cue == "nav_bullet":
                    b.kind = "furniture"
        i = max(j, i + 1)


def _dateline_prefix(blocks: list[_Block], anchor: int, cues: _Cues) -> tuple[int, int] | None:
    """'TAIPEI, March 17 -' at the start of the first paragraph: (block index, prefix end)."""
    if anchor >= len(blocks) or any(b.kind == "dateline" for b in blocks):
        return None
    m = cues.dateline_prefix.match(blocks[anchor].text)
    return (anchor, blocks[anchor].start + m.end()) if m else None


def zones(text: str) -> list[Zone]:
    """Contiguous zones covering text in order; whitespace joins the zone before it."""
    if not text:
        return []
    cues = _cues()
    blocks = _blocks(text, cues)
    for b in blocks:
        b.cue = _classify(b, cues)
    anchor = next((i for i, b in enumerate(blocks)
                   if b.prose and b.size >= 8 and b.cue is None and not b.bullet), len(blocks))
    _head(blocks, anchor)
    _body(blocks, anchor, cues)
    split = _dateline_prefix(blocks, anchor, cues)

    marks: list[tuple[int, str]] = []
    for i, b in enumerate(blocks):
        if split and split[0] == i:
            marks.append((b.start, "dateline"))
            rest = len(text[split[1]:b.end]) - len(text[split[1]:b.end].lstrip())
            marks.append((split[1] + rest, b.kind))
        else:
            marks.append((b.start, b.kind))
    if not marks:
        return [Zone(0, len(text), "body")]
    out: list[Zone] = []
    for k, (pos, kind) in enumerate(marks):
        start = 0 if k == 0 else pos
        end = marks[k + 1][0] if k + 1 < len(marks) else len(text)
        if end <= start:
            continue
        if out and out[-1].kind == kind:
            out[-1] = Zone(out[-1].start, end, kind)
        else:
            out.append(Zone(start, end, kind))
    return out


def zone_at(zs: list[Zone], offset: int) -> Zone | None:
    """The zone holding offset (binary search), or None outside the text."""
    i = bisect.bisect_right(zs, offset, key=lambda z: z.start) - 1
    if i < 0 or offset >= zs[i].end:
        return None
    return zs[i]


def kinds_at(zs: list[Zone], offsets: list[int]) -> list[str | None]:
    """The zone kind at each offset (None outside the text): one merge walk when the
    offsets are sorted, as figures are, instead of a binary search per offset."""
    out: list[str | None] = []
    i, n, last = 0, len(zs), -1
    for off in offsets:
        if off < last:                     # not sorted: fall back to the search
            z = zone_at(zs, off)
            out.append(z.kind if z else None)
            continue
        last = off
        while i < n and zs[i].end <= off:
            i += 1
        out.append(zs[i].kind if i < n and zs[i].start <= off else None)
    return out


def is_furniture(zs: list[Zone], offset: int) -> bool:
    """Whether the character at offset is page furniture rather than article text."""
    z = zone_at(zs, offset)
    return z is not None and z.kind == "furniture"
