"""HTML -> the article's main text, its title and its declared publication date.

trafilatura (optional, imported lazily) finds the main text best (design notes §2.2);
without it, or when it returns next to nothing, a stdlib ``html.parser`` fallback keeps
the text with block structure as newlines and drops script, style, nav, header, footer,
aside, forms and obvious boilerplate containers, preferring <article>/<main> when present.
The page is only parsed, never rendered or executed; input size is capped.
Offsets of an HTML document are into this extracted text, which the report carries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from factcheck.errors import InputError
from factcheck.ingest.decode import decode_with_hint, normalise_newlines
from factcheck.ingest.published import parse_date

MAX_HTML_BYTES = 20_000_000          # trafilatura's own MAX_FILE_SIZE: beyond, it refuses too
_MIN_MAIN_TEXT = 250                 # shorter trafilatura output is its rescue mode: prefer the fallback

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# meta names/properties that carry the publication date, most specific first
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "publication_date", "sailthru.date", "parsely-pub-date",
    "dc.date.issued", "dcterms.issued", "dc.date", "date",
)
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "svg", "math", "iframe", "object", "embed", "canvas", "select", "button", "head",
    "textarea", "dialog",
})
_SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                         "menu", "menubar", "dialog"})
_SKIP_CLASS_WORDS = frozenset({
    "breadcrumb", "breadcrumbs", "sidebar", "related", "comments", "comment", "share",
    "sharing", "social", "advert", "advertisement", "ads", "cookie", "cookies", "navbar",
    "nav", "menu", "footer", "copyright", "subscribe", "newsletter", "recommend",
})
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "ul", "ol", "dl",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot",
    "blockquote", "pre", "figure", "figcaption", "hr", "address", "caption", "details",
    "summary", "center",
})
_LINE_TAGS = frozenset({"br", "tr", "li", "dt", "dd"})
_CELL_TAGS = frozenset({"td", "th"})
_BLOCK = "\x00\x01block"         # layout marks in the chunk stream (never page text: see _emit)
_LINE = "\x00\x01line"
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                        "meta", "param", "source", "track", "wbr"})
_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u3000]+")
# A complete tag, declaration or processing instruction, each bounded in length: anything
# else that starts with "<" is text. Quoted attribute values may contain "<" and ">".
_COMPLETE_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9:_-]{0,60})((?:[^<>\"']|\"[^\"]{0,4000}\"|'[^']{0,4000}'){0,4000})>"
    r"|<![A-Za-z][^<>]{0,4000}>|<\?[^<>]{0,4000}>")
_RAW_TEXT = frozenset({"script", "style"})


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What ingest keeps from a page."""

    text: str
    title: str | None = None
    published: str | None = None     # ISO date from metadata


def decode_html(data: bytes, source: str) -> str:
    """Decode page bytes: a BOM, then a <meta charset> that decodes cleanly, then detection."""
    m = _META_CHARSET.search(data[:4096])
    hint = m.group(1).decode("ascii", "replace") if m else None
    return decode_with_hint(data, source, hint)


def extract_html(page: str | bytes, source: str = "<html>") -> HtmlArticle:
    """Main text, title and published date of a page; raises InputError when too large."""
    if isinstance(page, bytes):
        if len(page) > MAX_HTML_BYTES:
            raise _too_large(source)
        page = decode_html(page, source)
    elif len(page) > MAX_HTML_BYTES:
        raise _too_large(source)
    page = _XML_DECL.sub("", normalise_newlines(page), count=1)
    fallback = _FallbackParser.run(page)
    published = fallback.published
    title = fallback.title
    text = None
    tr = _trafilatura(page)
    if tr is not None:
        t_text, t_title, t_date = tr
        if t_text and (len(t_text) >= _MIN_MAIN_TEXT or not fallback.text.strip()):
            text = t_text
        title = title or t_title
        published = published or t_date
    if text is None:
        text = fallback.text
    return HtmlArticle(normalise_newlines(text), title, published)


def _too_large(source: str) -> InputError:
    return InputError(f"{source}: HTML larger than the {MAX_HTML_BYTES // 1_000_000} MB limit")


def _trafilatura(page: str) -> tuple[str | None, str | None, str | None] | None:
    """(text, title, date) from trafilatura, or None when it is not installed or fails."""
    try:
        import trafilatura
    except Exception:  # noqa: BLE001 - ImportError, or a broken install (lxml.html.clean split)
        return None
    try:
        doc = trafilatura.bare_extraction(
            page, favor_precision=False, include_tables=True, include_comments=False,
            include_images=False, include_links=False, with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - a parser bug on one hostile page must not end the run
        return None
    if doc is None:
        return None
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text")
    title = get("title")
    date = parse_date(get("date")) if get("date") else None
    return (text.strip() if isinstance(text, str) else None,
            title.strip() if isinstance(title, str) and title.strip() else None, date)


class _FallbackParser(HTMLParser):
    """Text with block structure, minus boilerplate; also collects title and date metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[str, bool]] = []   # (text or a layout mark, inside <article>/<main>)
        self.skip_stack: list[str] = []
        self.main_depth = 0
        self.main_stack: list[str] = []
        self.pre_depth = 0
        self.meta: dict[str, str] = {}
        self.time_dates: list[str] = []
        self.ld_dates: list[str] = []
        self._in_title = False
        self._title_parts: list[str] = []
        self._h1_parts: list[str] = []
        self._in_h1 = False
        self._in_ld = False
        self._ld_parts: list[str] = []

    @classmethod
    def run(cls, page: str) -> HtmlArticle:
        p = cls()
        try:
            p.feed(_presanitize(page))
            p.close()
        except Exception:  # noqa: BLE001, S110 - keep what was parsed before a pathological tail
            pass
        return HtmlArticle(p.text(), p.title(), p.published())

    # -- events -------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"]
            return
        if tag == "time" and a.get("datetime"):
            if "pubdate" in a or a.get("itemprop", "").lower() == "datepublished":
                self.time_dates.insert(0, a["datetime"])
            else:
                self.time_dates.append(a["datetime"])
        if tag == "title" and not self._title_parts and "svg" not in self.skip_stack:
            self._in_title = True
        if tag == "body":
            self.skip_stack.clear()          # an unclosed <head> must not swallow the page
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._in_ld = True
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.skip_stack:
                self._emit(_LINE if tag == "br" else _BLOCK)
            return
        if self.skip_stack:
            if tag == self.skip_stack[-1] or tag in _SKIP_TAGS:
                self.skip_stack.append(tag)
            return
        if tag in _SKIP_TAGS or self._boilerplate(a):
            self.skip_stack.append(tag)
            return
        if tag in ("article", "main") or a.get("role", "").lower() == "main":
            self.main_stack.append(tag)
            self.main_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK_TAGS:
            self._emit(_BLOCK)
        elif tag in _LINE_TAGS:
            self._emit(_LINE)
        elif tag in _CELL_TAGS:
            self._emit("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script" and self._in_ld:
            self._in_ld = False
            self._scan_ld("".join(self._ld_parts))
            self._ld_parts.clear()
        if self.skip_stack:
            if tag in self.skip_stack:
                while self.skip_stack:
                    if self.skip_stack.pop() == tag:
                        break
            return
        if self.main_stack and tag == self.main_stack[-1]:
            self.main_stack.pop()
            self.main_depth -= 1
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK_TAGS:
            self._emit(_BLOCK)
        elif tag in _LINE_TAGS:
            self._emit(_LINE)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
            return
        if self._in_ld:
            if sum(map(len, self._ld_parts)) < 1_000_000:
                self._ld_parts.append(data)
            return
        if self.skip_stack:
            return
        if self._in_h1:
            self._h1_parts.append(data)
        if self.pre_depth:
            self._emit(data, raw=True)
        else:
            self._emit(data)

    # -- helpers ------------------------------------------------------------------------
    def _emit(self, s: str, raw: bool = False) -> None:
        if s not in (_BLOCK, _LINE, "\t"):
            s = s.replace("\x00", "")           # page text can never forge a layout mark
            if not raw:
                s = _WS.sub(" ", s)
        self.chunks.append((s, self.main_depth > 0))

    @staticmethod
    def _boilerplate(a: dict[str, str]) -> bool:
        if a.get("role", "").lower() in _SKIP_ROLES:
            return True
        if "hidden" in a or a.get("aria-hidden", "").lower() == "true":
            return True
        words = re.split(r"[\s_-]+", (a.get("class", "") + " " + a.get("id", "")).lower())
        return any(w in _SKIP_CLASS_WORDS for w in words)

    def _scan_ld(self, src: str) -> None:
        for m in re.finditer(r'"datePublished"\s*:\s*"([^"]{1,60})"', src):
            self.ld_dates.append(m.group(1))

    def text(self) -> str:
        main = [c for c, inside in self.chunks if inside]
        main_len = sum(len(c.strip()) for c in main if c not in (_BLOCK, _LINE))
        chunks = main if main_len >= 200 else [c for c, _ in self.chunks]
        return _layout(chunks)

    def title(self) -> str | None:
        for parts in (self._title_parts, self._h1_parts):
            t = " ".join("".join(parts).split())
            if t:
                return t[:500]
        return None

    def published(self) -> str | None:
        for key in _DATE_META:
            if key in self.meta:
                iso = parse_date(self.meta[key])
                if iso:
                    return iso
        for value in self.ld_dates + self.time_dates:
            iso = parse_date(value)
            if iso:
                return iso
        return None


def _presanitize(page: str) -> str:
    """Hand html.parser only complete, bounded constructs, in one linear pass.

    html.parser rescans unfinished constructs and is quadratic on hostile pages (100 KB of
    "<a " took over a minute). Here comments are dropped (an unclosed one ends the page, as
    in browsers), script/style bodies are dropped except JSON-LD (kept for its date), and a
    "<" that does not open a complete tag becomes "&lt;".
    """
    out: list[str] = []
    i, n = 0, len(page)
    while i < n:
        j = page.find("<", i)
        if j == -1:
            out.append(page[i:])
            break
        out.append(page[i:j])
        if page.startswith("<!--", j):
            k = page.find("-->", j + 4)
            if k == -1:
                break
            i = k + 3
            continue
        m = _COMPLETE_TAG.match(page, j, min(n, j + 16384))
        if m is None:
            out.append("&lt;")
            i = j + 1
            continue
        out.append(m.group())
        i = m.end()
        name = (m.group(2) or "").lower()
        if name in _RAW_TEXT and not m.group(1):
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(page, i)
            end = n if close is None else close.start()
            if "ld+json" in (m.group(3) or "").lower():
                out.append(page[i:end].replace("<", "\\u003c"))
            i = end
    return "".join(out)


def _layout(chunks: list[str]) -> str:
    """Join chunks: blocks are separated by a blank line, lines inside a block (<br>, table
    rows, list items) by a newline, table cells by a tab; inline text keeps single spaces."""
    blocks: list[list[str]] = [[]]
    cur: list[str] = []

    def end_line() -> None:
        line = "".join(cur)
        cur.clear()
        line = "\t".join(part.strip(" ") for part in line.split("\t")).strip(" \t")
        if line:
            blocks[-1].append(line)

    def end_block() -> None:
        end_line()
        if blocks[-1]:
            blocks.append([])

    for c in chunks:
        if c == _BLOCK:
            end_block()
        elif c == _LINE:
            end_line()
        elif "\n" in c:                         # <pre> text keeps its own lines
            parts = c.split("\n")
            for i, part in enumerate(parts):
                cur.append(part)
                if i < len(parts) - 1:
                    end_line()
        else:
            cur.append(c)
    end_block()
    return "\n\n".join("\n".join(b) for b in blocks if b)
