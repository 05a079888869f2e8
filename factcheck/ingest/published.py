"""The publication date: the anchor for "this year", "last quarter" and every year check.

Where it comes from, most trusted first (``Document.published_from``):
"option" (the user said so), "front-matter" (Markdown), "meta" (HTML metadata) and
"dateline" (a cue such as "发布时间：" or "Published:" near the top of the text, found here).
The cue words are language data in ``factcheck/lang/*/dateline.toml``; this module only
knows date shapes (2025-11-10, 2025年11月10日, Nov. 10, 2025, 10 November 2025).
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError

HEAD_CHARS = 2000          # a dateline sits near the top; searching further finds event dates
_LANG_DIR = Path(__file__).resolve().parents[1] / "lang"
_D = "[0-9０-９]"           # ASCII and full-width digits (int() reads both)
_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class _Patterns:
    cue: re.Pattern[str] | None            # any cue + date; group "cue" tells which kind
    updated_cues: frozenset[str]           # casefolded "updated" cues
    byline: re.Pattern[str] | None
    standalone: re.Pattern[str]
    date_only: re.Pattern[str]
    months: dict[str, int]
    wire: re.Pattern[str] | None = None    # "BEIJING, Nov 7, 2025 (Reuters) -"


def check_published(value: str) -> str:
    """Validate a ``--published`` value: an explicit date must be a real YYYY-MM-DD date."""
    v = value.strip()
    if _ISO_RE.fullmatch(v):
        try:
            _dt.date.fromisoformat(v)
            return v
        except ValueError:
            pass
    shown = "".join(ch for ch in value[:40] if ch.isprintable())
    raise InputError(f"--published: expected YYYY-MM-DD, got '{shown}'")


def find_published(text: str) -> tuple[str | None, str | None]:
    """(ISO date, "dateline") from a cue near the top of ``text``, else (None, None).

    A "published" cue beats an "updated" one, which beats a bare "2024-10-17 08:30" line.
    """
    head = text[:HEAD_CHARS]
    pats = _patterns()
    published: tuple[int, str] | None = None
    updated: tuple[int, str] | None = None
    if pats.cue is not None:
        # one alternation of every cue, longest first: "更新时间" is read as a whole and
        # never as the "时间" inside it
        for m in pats.cue.finditer(head):
            iso = _iso_from_match(m, pats.months)
            if not iso:
                continue
            if m.group("cue").casefold() in pats.updated_cues:
                updated = updated or (m.start(), iso)
            elif published is None:
                published = (m.start(), iso)
    if pats.byline is not None:
        for m in pats.byline.finditer(head):
            iso = _iso_from_match(m, pats.months)
            if iso:
                if published is None or m.start() < published[0]:
                    published = (m.start(), iso)
                break
    if pats.wire is not None and published is None:
        for m in pats.wire.finditer(head):
            iso = _iso_from_match(m, pats.months)
            if iso:
                published = (m.start(), iso)
                break
    for found in (published, updated):
        if found:
            return found[1], "dateline"
    for m in pats.standalone.finditer(head):
        iso = _iso_from_match(m, pats.months)
        if iso:
            return iso, "dateline"
    # a line that is nothing but a date, under the headline or byline: "Nov. 10, 2025"
    for line in head.splitlines()[:12]:
        iso = _date_line(line.strip(), pats.months)
        if iso:
            return iso, "dateline"
    return None, None


_MDY_LINE = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")
_DMY_LINE = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_ISO_LINE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def _date_line(line: str, months: dict[str, int]) -> str | None:
    """The ISO date of a line that holds a date and nothing else."""
    if not line or len(line) > 24:
        return None
    for rx, order in ((_MDY_LINE, "mdy"), (_DMY_LINE, "dmy"), (_ISO_LINE, "ymd")):
        m = rx.fullmatch(line)
        if not m:
            continue
        if order == "ymd":
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            name = m.group(1) if order == "mdy" else m.group(2)
            mo = months.get(name.lower().rstrip("."))
            if mo is None:
                return None
            d = int(m.group(2) if order == "mdy" else m.group(1))
            y = int(m.group(3))
        return _valid(y, mo, d)
    return None


def parse_date(value: object) -> str | None:
    """An ISO date from a metadata value (front matter, <meta>, <time datetime>), or None.

    Accepts date/datetime objects and strings that start with a date in any shape this
    module knows ("2025-11-10T08:00:00+08:00" -> "2025-11-10": the date as written, no
    time-zone conversion).
    """
    if isinstance(value, _dt.datetime):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return _valid(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    s = value.strip()[:100]
    pats = _patterns()
    m = pats.date_only.match(s)
    if m:
        return _iso_from_match(m, pats.months)
    compact = re.match(r"(\d{4})(\d{2})(\d{2})(?!\d)", s, re.ASCII)   # 20251110
    if compact:
        return _valid(*(int(g) for g in compact.groups()))
    return None


# --------------------------------------------------------------------------- internals

@functools.lru_cache(maxsize=1)
def _load_lang_data() -> tuple[dict, ...]:
    """Every ``lang/*/dateline.toml``: adding a language is adding a file."""
    out = []
    for path in sorted(_LANG_DIR.glob("*/dateline.toml")):
        with path.open("rb") as f:
            out.append(tomllib.load(f))
    return tuple(out)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first so "发布时间" is tried before "发布"."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in uniq)


@functools.lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = _load_lang_data()
    months: dict[str, int] = {}
    weekdays: set[str] = set()
    published: set[str] = set()
    updated: set[str] = set()
    connectors: set[str] = set()
    by_prefixes: set[str] = set()
    by_seps: set[str] = set()
    agencies: set[str] = set()
    for d in data:
        agencies.update(d.get("wire", {}).get("agencies", []))
        months.update({str(k).lower(): int(v) for k, v in d.get("months", {}).items()})
        weekdays.update(str(w).lower() for w in d.get("weekdays", {}).get("names", []))
        cues = d.get("cues", {})
        published.update(cues.get("published", []))
        updated.update(cues.get("updated", []))
        connectors.update(cues.get("connectors", []))
        by_prefixes.update(d.get("byline", {}).get("prefixes", []))
        by_seps.update(d.get("byline", {}).get("separators", []))

    numeric = (rf"(?<![0-9０-９])(?P<y>{_D}{{4}})\s{{0,2}}(?:[-/.－／]|年)\s{{0,2}}"
               rf"(?P<m>{_D}{{1,2}})\s{{0,2}}(?:[-/.－／]|月)\s{{0,2}}"
               rf"(?P<d>{_D}{{1,2}})(?![0-9０-９])")
    date_alts = [numeric]
    if months:
        mon = f"(?i:{_alt(months)})"
        wd = rf"(?:(?i:{_alt(weekdays)})\.?,?\s{{1,3}})?" if weekdays else ""
        date_alts.append(rf"{wd}(?P<mon1>{mon})\.?\s{{1,3}}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?"
                         rf"\s{{1,3}}(?P<y1>\d{{4}})(?!\d)")
        date_alts.append(rf"{wd}(?<!\d)(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s{{1,3}}(?P<mon2>{mon})"
                         rf"\.?,?\s{{1,3}}(?P<y2>\d{{4}})(?!\d)")
    date = "(?:" + "|".join(date_alts) + ")"
    conn = rf"(?:(?:{_alt(connectors)})\s{{0,3}})?" if connectors else ""
    gap = rf"[ \t\u3000]{{0,3}}(?:[:：][ \t\u3000]{{0,3}})?{conn}"

    cue = None
    if published or updated:
        # whole words for Latin cues ("Date" not inside "Update"); CJK cues need no boundary
        cue = re.compile(rf"(?<![A-Za-z])(?P<cue>{_alt(published | updated)})(?![A-Za-z]){gap}{date}",
                         re.IGNORECASE)
    byline = None
    if by_prefixes and by_seps:
        byline = re.compile(
            rf"(?<![A-Za-z])(?:{_alt(by_prefixes)})[ \t]{{1,3}}[^\n]{{1,80}}?[ \t]{{0,3}}"
            rf"(?:{_alt(by_seps)})[ \t]{{0,3}}{date}")
    standalone = re.compile(rf"{date}日?[ \t\u3000]{{0,3}}(?:[T ])?[0-2]?[0-9][:：][0-5][0-9](?![0-9])")
    date_only = re.compile(date, re.IGNORECASE)
    wire = None
    if months:
        agency = rf"(?:[ \t]{{0,3}}\((?:{_alt(agencies)})\))?" if agencies else ""
        wire = re.compile(rf"(?m)^[ \t]*[A-Z][A-Z.'-]+(?:[ \t][A-Z][A-Z.'-]+){{0,3}}"
                          rf"(?:,[ \t][A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+){{0,2}})?,[ \t]{date}{agency}[ \t]{{0,3}}[-–—]")
    return _Patterns(cue, frozenset(w.casefold() for w in updated - published), byline,
                     standalone, date_only, months, wire)


def _iso_from_match(m: re.Match[str], months: dict[str, int]) -> str | None:
    g = m.groupdict()
    if g.get("y"):
        return _valid(int(g["y"]), int(g["m"]), int(g["d"]))
    for i in ("1", "2"):
        if g.get("y" + i):
            mon = months.get(g["mon" + i].lower())
            if mon is None:
                return None
            return _valid(int(g["y" + i]), mon, int(g["d" + i]))
    return None


def _valid(y: int, m: int, d: int) -> str | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None
