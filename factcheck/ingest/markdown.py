"""Markdown without moving a character: markup is blanked to spaces, content stays in place.

A report about a .md file points editors at offsets in *their* file. So instead of
rendering Markdown (which would shift every offset), ``parse_markdown`` returns text of
exactly the same length in which each markup character that is not content is replaced by
a space (newlines are kept):

- YAML (``---``) or TOML (``+++``) front matter; its ``date`` and ``title`` are read;
- ``#`` heading markers, ``>`` quote markers, list bullets (``-`` ``*`` ``+``, ``1.``) and
  ``[ ]``/``[x]`` task boxes, thematic breaks and setext underlines;
- emphasis delimiters ``*`` ``_`` ``**`` ``__`` ``~~``, backticks around code spans and code
  fences (code content is kept, untouched);
- links ``[text](url)`` -> ``text``; reference links, footnote markers, link definitions;
- images, autolinks ``<https://…>``, inline HTML tags and HTML comments (comments are
  remembered: see ``suppressions``);
- the backslash of a backslash escape; GFM table pipes and delimiter rows.

So for every offset, ``text[i] == original[i]`` unless ``text[i]`` is a blanked space:
``text[start:end]`` of a figure is the original slice. Input is expected to be already
newline-normalised (see ``decode.normalise_newlines``).
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass

from factcheck.ingest.published import parse_date

MAX_FRONT_MATTER = 64 * 1024     # bound what goes to yaml.safe_load

_FRONT_YAML = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TOML = re.compile(r"\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})([^\n]*)")
_THEMATIC = re.compile(r" {0,3}(?:([-*_])[ \t]*(?:\1[ \t]*){2,}|=+[ \t]*)")
_LINK_DEF = re.compile(r" {0,3}\[(?!\^)[^\[\]\n]{1,999}\]:[ \t]*\S[^\n]*")
_FOOTNOTE_DEF = re.compile(r" {0,3}(\[\^[^\[\]\s]{1,50}\]:)")
_QUOTE = re.compile(r"(?: {0,3}>)+ ?")
_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$|[^\x00-\x7f#])")
_ATX_CLOSE = re.compile(r"[ \t]+(#+)[ \t]*$")
_BULLET = re.compile(r"[ \t]{0,12}([-*+])[ \t]+(?:(\[[ xX]\])[ \t]+)?")
_ORDERED = re.compile(r"[ \t]{0,12}([0-9]{1,2}[.)])[ \t]+(?:(\[[ xX]\])[ \t]+)?")
_TABLE_DELIM = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*"
                          r"|[ \t]*\|[ \t]*:?-+:?[ \t]*\|?[ \t]*")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]{0,500})?/?>")
_DEST = (r"\(\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"          # (url or <url>
         r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)")         #  "optional title")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,1000}\](?:" + _DEST + r"|\[[^\[\]\n]{0,200}\])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\[\]\s]{1,50}\]")
_LINK = re.compile(r"\[([^\[\]\n]{0,1000})\](" + _DEST + r"|\[[^\[\]\n]{0,200}\])")
_LOCKED_RUN = re.compile(rb"\x01+")
_DELIM_RUN = re.compile(r"\*+|_+|~+")
_SUPPRESS = re.compile(
    r"<!--\s*factcheck\s*:\s*ignore\s*(?:\[([^\]\n]{0,500})\]|([^\s\"'=>][^\"'>\n]{0,500}?))?"
    r"\s*(?:reason\s*=\s*(?:\"([^\"\n]{0,1000})\"|'([^'\n]{0,1000})'))?\s*-->",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Markdown:
    """A Markdown file read for checking: ``text`` has the original's length and offsets."""

    text: str
    title: str | None = None
    published: str | None = None                 # from front matter, ISO
    comments: tuple[tuple[int, int], ...] = ()   # spans of HTML comments (blanked in text)


def blank_markdown(text: str) -> str:
    """Only the blanked text (same length as ``text``)."""
    return parse_markdown(text).text


def parse_markdown(text: str) -> Markdown:
    """Blank markup, read front matter: see the module docstring for what is blanked."""
    b = _Blanker(text)
    meta: dict = {}
    fm_end = 0
    found: dict | None
    for rx, loader in ((_FRONT_YAML, _load_yaml), (_FRONT_TOML, _load_toml)):
        m = rx.match(text, 0, min(len(text), MAX_FRONT_MATTER))
        if m:
            found = loader(m.group(1) or "")
            if found is None:
                continue                  # "---" rule + prose + "---" rule: not front matter
            meta, fm_end = found, m.end()
            b.blank(0, fm_end, lock=True)
            break
    lines = _lines(text, fm_end)
    b.block_structure(lines)
    comments = b.comments()
    b.inline()
    out = "".join(b.out)
    title = _meta_title(meta) or _heading_title(text, out, lines)
    published = None
    for key in ("date", "published", "publishDate", "pubDate", "published_at", "date_published"):
        if key in meta:
            published = parse_date(meta[key])
            if published:
                break
    return Markdown(out, title, published, tuple(comments))


def suppressions(raw_text: str) -> list[tuple[int, list[str], str | None]]:
    """Inline suppressions ``<!-- factcheck: ignore RULE[,RULE2] reason="..." -->`` (or
    ``ignore[RULE]``) as (offset of the comment, rule ids, reason). An empty rule list means
    every rule. Offsets are into the text given (the normalised file text, which equal
    offsets into ``Document.text``, since blanking keeps them)."""
    found: list[tuple[int, list[str], str | None]] = []
    for m in _SUPPRESS.finditer(raw_text):
        rules_src = m.group(1) if m.group(1) is not None else (m.group(2) or "")
        rules = [r.strip() for r in re.split(r"[,\s]+", rules_src) if r.strip()]
        reason = m.group(3) if m.group(3) is not None else m.group(4)
        found.append((m.start(), rules, reason))
    return found


# --------------------------------------------------------------------------- internals

_KEY_LINE = re.compile(r"\s*(?:#[^\n]*\n\s*)*[\w.-]+\s*[:=]")


def _load_yaml(src: str) -> dict | None:
    """Front matter through yaml.safe_load only. Malformed front matter is ignored (blanked,
    read as empty), never fatal; None when the block is not front matter at all (it parsed
    to a scalar or list, or is unparsable and does not even start like ``key: value``)."""
    try:
        import yaml
    except ImportError:        # PyYAML is a dependency; still, never crash on front matter
        return {} if _KEY_LINE.match(src) else None
    try:
        data = yaml.safe_load(src)
    except Exception:  # noqa: BLE001 - YAMLError, RecursionError on hostile nesting, ...
        return {} if _KEY_LINE.match(src) else None
    if data is None:
        return {}
    return data if isinstance(data, dict) else None


def _load_toml(src: str) -> dict | None:
    try:
        return tomllib.loads(src)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return {} if _KEY_LINE.match(src) else None


def _meta_title(meta: dict) -> str | None:
    t = meta.get("title")
    if isinstance(t, (str, int, float)) and not isinstance(t, bool):
        s = " ".join(str(t).split())
        return s or None
    return None


def _heading_title(src: str, blanked: str, lines: list[tuple[int, int]]) -> str | None:
    """The first level-1 heading (ATX ``# T`` or setext ``T`` over ``===``), markup blanked."""
    for i, (s, e) in enumerate(lines):
        if s > 10_000:
            break                            # a title is at the top, not deep in the body
        title = " ".join(blanked[s:e].split())
        if not title:
            continue
        if _ATX_H1_LINE.match(src, s, e):
            return title
        if i + 1 < len(lines) and _SETEXT_H1.fullmatch(src, *lines[i + 1]):
            return title
    return None


_ATX_H1_LINE = re.compile(r" {0,3}#(?=[ \t]|[^\x00-\x7f#])")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from ``start`` on, end excluding the newline."""
    out: list[tuple[int, int]] = []
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        out.append((pos, end))
        pos = end + 1
    return out


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


class _Blanker:
    """Mutable copy of the text plus a lock mask: locked positions are content that no later
    markup pass may touch (code, escaped characters) or markup already blanked."""

    def __init__(self, text: str):
        self.src = text
        self.out = list(text)
        self.lock = bytearray(len(text))
        self._comments: list[tuple[int, int]] = []

    def blank(self, i: int, j: int, lock: bool = True) -> None:
        out = self.out
        for k in range(i, j):
            if out[k] != "\n":
                out[k] = " "
        if lock:
            self.lock[i:j] = b"\x01" * (j - i)

    def protect(self, i: int, j: int) -> None:
        self.lock[i:j] = b"\x01" * (j - i)

    def free(self, i: int, j: int) -> bool:
        return not any(self.lock[i:j])

    # -- blocks -------------------------------------------------------------------------
    def block_structure(self, lines: list[tuple[int, int]]) -> None:
        src = self.src
        fence: tuple[str, int] | None = None
        table_rows: set[int] = set()
        code_lines: set[int] = set()
        for idx, (s, e) in enumerate(lines):
            line = src[s:e]
            if fence is not None:
                m = _FENCE_OPEN.fullmatch(line)
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] and not m.group(2).strip():
                    self.blank(s, e)
                    fence = None
                else:
                    self.protect(s, e)
                code_lines.add(idx)
                continue
            m = _FENCE_OPEN.match(line)
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                self.blank(s, e)
                fence = (m.group(1)[0], len(m.group(1)))
                code_lines.add(idx)
        # GFM tables: a delimiter row, the header row above it, body rows below it
        for idx, (s, e) in enumerate(lines):
            if idx in code_lines or idx == 0 or "|" not in src[s:e]:
                continue
            if _TABLE_DELIM.fullmatch(src[s:e]) and "|" in src[lines[idx - 1][0]:lines[idx - 1][1]]:
                table_rows.update((idx - 1, idx))
                j = idx + 1
                while j < len(lines) and j not in code_lines and "|" in src[lines[j][0]:lines[j][1]] \
                        and src[lines[j][0]:lines[j][1]].strip():
                    table_rows.add(j)
                    j += 1
        for idx, (s, e) in enumerate(lines):
            if idx in code_lines:
                continue
            line = src[s:e]
            if idx in table_rows and _TABLE_DELIM.fullmatch(line):
                self.blank(s, e)
                continue
            if _THEMATIC.fullmatch(line) or _LINK_DEF.fullmatch(line):
                self.blank(s, e)
                continue
            p = s
            m = _QUOTE.match(line)
            if m:
                self.blank(s, s + m.end())
                p = s + m.end()
            rest = src[p:e]
            m = _FOOTNOTE_DEF.match(rest)
            if m:
                self.blank(p + m.start(1), p + m.end(1))
            m = _ATX.match(rest)
            if m:
                self.blank(p + m.start(1), p + m.end(1))
                c = _ATX_CLOSE.search(rest)
                if c and p + c.start(1) > p + m.end(1):
                    self.blank(p + c.start(1), p + c.end(1))
            else:
                m = _BULLET.match(rest) or _ORDERED.match(rest)
                if m:
                    self.blank(p + m.start(1), p + m.end(1))
                    if m.group(2):
                        self.blank(p + m.start(2), p + m.end(2))
            if idx in table_rows:
                for k in range(p, e):
                    if src[k] == "|" and not (k > s and src[k - 1] == "\\"):
                        self.blank(k, k + 1)

    def comments(self) -> list[tuple[int, int]]:
        """Blank ``<!-- … -->`` outside code. A linear scan, not a regex: a regex retried
        from every "<!--" of a page with no "-->" is quadratic."""
        src = self.src
        pos = 0
        while True:
            i = src.find("<!--", pos)
            if i == -1:
                break
            j = src.find("-->", i + 4)
            if j == -1:
                break                        # unclosed: no later comment can close either
            if self.lock[i]:
                pos = i + 4
                continue
            self.blank(i, j + 3)
            self._comments.append((i, j + 3))
            pos = j + 3
        return self._comments

    # -- inline -------------------------------------------------------------------------
    def _view(self) -> str:
        """Current text with locked positions as NUL: regexes see them as opaque content."""
        cur = "".join(self.out)
        parts: list[str] = []
        pos = 0
        for m in _LOCKED_RUN.finditer(self.lock):
            parts.append(cur[pos:m.start()])
            parts.append("\x00" * (m.end() - m.start()))
            pos = m.end()
        parts.append(cur[pos:])
        return "".join(parts)

    def inline(self) -> None:
        src = self.src
        for m in _ESCAPE.finditer(src):
            if self.free(m.start(), m.end()):
                self.blank(m.start(), m.start() + 1)
                self.protect(m.start(1), m.end(1))
        for m in _CODE_SPAN.finditer(src):
            ticks = len(m.group(1))
            if self.free(m.start(), m.start() + ticks) and self.free(m.end() - ticks, m.end()):
                self.blank(m.start(), m.start() + ticks)
                self.blank(m.end() - ticks, m.end())
                self.protect(m.start(2), m.end(2))
        for rx in (_AUTOLINK, _HTML_TAG):
            for m in rx.finditer(src):
                if self.free(m.start(), m.end()):
                    self.blank(m.start(), m.end())
        view = self._view()
        for m in _IMAGE.finditer(view):
            self.blank(m.start(), m.end())
        for m in _FOOTNOTE_REF.finditer(src):
            if self.free(m.start(), m.end()):
                self.blank(m.start(), m.end())
        view = self._view()
        for m in _LINK.finditer(view):
            if view[m.start()] == "[":
                self.blank(m.start(), m.start() + 1)
                self.blank(m.start(2) - 1, m.end())      # "]" + destination or "[ref]"
        self._emphasis()

    def _emphasis(self) -> None:
        """Match delimiter runs roughly as CommonMark does, per paragraph; blank the pairs.

        Closers are lenient (any run after a non-space closes), so "**营收：**增长" loses its
        stars; ``_`` never opens or closes inside a word (snake_case, URLs); ``~`` only
        pairs as ``~~`` so "5~10%" keeps its tilde.
        """
        src, lock = self.src, self.lock
        n = len(src)
        stack: list[list] = []          # [char, start, end(remaining end), remaining]
        max_openers = 256               # bounded look-back keeps hostile input linear
        last_end = 0
        for m in _DELIM_RUN.finditer(src):
            i, j = m.start(), m.end()
            if "\n\n" in src[last_end:i]:
                stack.clear()                        # emphasis never crosses paragraphs
            last_end = j
            # split the run at locked positions (escaped or already-blanked characters)
            if any(lock[i:j]):
                continue
            ch = src[i]
            before = src[i - 1] if i > 0 else "\n"
            after = src[j] if j < n else "\n"
            if ch == "~" and j - i != 2:
                continue
            can_open = not after.isspace()
            can_close = not before.isspace()
            if ch == "_":
                can_open = can_open and not before.isalnum()
                can_close = can_close and not after.isalnum()
            elif ch == "*" and before.isdigit() and after.isdigit():
                continue                              # "3*4" is arithmetic, not emphasis
            remaining = j - i
            start = i
            if can_close:
                k = len(stack) - 1
                while k >= 0 and remaining > 0:
                    op = stack[k]
                    if op[0] != ch:
                        k -= 1
                        continue
                    use = 2 if (op[3] >= 2 and remaining >= 2) else 1
                    if ch == "~":
                        use = 2
                        if op[3] != 2:
                            k -= 1
                            continue
                    # opener: blank its innermost `use` characters
                    self.blank(op[2] - use, op[2])
                    op[2] -= use
                    op[3] -= use
                    self.blank(start, start + use)
                    start += use
                    remaining -= use
                    del stack[k + 1:]
                    if op[3] == 0:
                        del stack[k]
                    k = len(stack) - 1
            if can_open and remaining > 0:
                stack.append([ch, start, j, remaining])
                if len(stack) > max_openers:
                    del stack[0]
