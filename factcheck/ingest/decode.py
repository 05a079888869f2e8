"""Bytes -> str for news articles: UTF-8/16/32, GB18030 and Big5, never a guess that garbles.

Order of trust:

1. A byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides outright.
2. NUL bytes in a BOM-less file: UTF-16 if the NULs fall in a UTF-16 pattern, else binary.
3. Strict UTF-8 (almost every modern file, and ASCII).
4. Longer legacy files: charset-normalizer's guess when it names GB18030 or Big5 (optional
   dependency, imported lazily; gb2312/gbk are mapped to gb18030, since chardet-style labels
   fail on GBK-extension characters such as 喆 堃 镕).
5. Otherwise strict GB18030, Big5 (cp950, Big5-HKSCS) and, for mostly-ASCII text, Windows-1252,
   ranked by a plausibility score. GB18030 decodes nearly any byte string, and every Big5
   byte pair is also a valid GB18030 pair, so "it decoded" proves nothing; the score prefers
   common CJK characters and CJK punctuation and penalises kana, bopomofo, Greek, box
   drawing, private-use and unassigned code points, which is what mis-decoded text is made of.

Anything that decodes only to control characters or binary junk is refused with one line.

Newlines: the decoded text is kept as-is except that "\\r\\n" and lone "\\r" become "\\n" and a
leading BOM is dropped. All offsets in factcheck are into this normalised text.
"""
from __future__ import annotations

import codecs
import functools
import unicodedata

from factcheck.errors import InputError

MAX_BYTES = 200 * 1024 * 1024          # input cap: a FIFO or /dev/zero must not fill memory forever
SHORT_BYTES = 256                      # below this charset detectors are unreliable (notes §2.3)
_SCORE_SAMPLE = 20_000                 # characters scored per candidate: enough to decide, bounded cost
_MAX_BAD_SHARE = 0.05                  # more junk than this in a decoding: not text in that encoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),   # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Names a detector may give, mapped to the codec we decode with (None: not ours).
_FAMILY = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "cp936": "gb18030",
    "hz": None, "big5": "big5", "cp950": "big5", "big5hkscs": "big5",
}
_BIG5_CODECS = ("big5", "cp950", "big5hkscs")
_ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\x0c")
# Punctuation that correct zh text is full of and mis-decoded text rarely produces.
_CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』—…·％～￥")


def cannot_decode(source: str) -> InputError:
    """The one error every undecodable input gets, so users see a single wording."""
    return InputError(f"{source}: cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR -> LF, and drop one leading BOM: the text all offsets refer to."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_bytes(data: bytes, source: str = "<bytes>") -> str:
    """Decode article bytes to normalised text, or raise InputError naming ``source``."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{source}: larger than the {MAX_BYTES // (1024 * 1024)} MB input limit")
    text = _decode(data, source)
    return normalise_newlines(text)


def decode_with_hint(data: bytes, source: str, hint: str | None) -> str:
    """Decode using a declared charset (HTML <meta charset>) when it decodes strictly and looks
    like text; a BOM still wins and a wrong declaration falls back to detection."""
    if hint and not any(data.startswith(bom) for bom, _ in _BOMS):
        codec = _codec_for(hint)
        if codec:
            try:
                text = data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                text = None
            if text is not None and _bad_share(text, strict=codec != "utf-8") <= _MAX_BAD_SHARE:
                return normalise_newlines(text)
    return decode_bytes(data, source)


# --------------------------------------------------------------------------- internals

def _codec_for(name: str) -> str | None:
    """A Python codec for a declared or detected charset name; gb2312/gbk become gb18030."""
    key = name.strip().lower().replace("-", "").replace("_", "")
    aliases = {"utf8": "utf-8", "utf16": "utf-16", "gb2312": "gb18030", "gbk": "gb18030",
               "gb18030": "gb18030", "cp936": "gb18030", "xgbk": "gb18030", "big5": "big5",
               "cp950": "cp950", "big5hkscs": "big5hkscs", "xxbig5": "big5"}
    if key in aliases:
        return aliases[key]
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _decode(data: bytes, source: str) -> str:
    if not data:
        return ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise cannot_decode(source) from None
            if _bad_share(text, strict=False) > _MAX_BAD_SHARE:
                raise cannot_decode(source)
            return text
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _bad_share(text, strict=False) > _MAX_BAD_SHARE:
            raise cannot_decode(source)
        return text
    if len(data) >= SHORT_BYTES:
        guessed = _detector_guess(data)
        if guessed is not None:
            return guessed
    best = _best_legacy(data)
    if best is None:
        raise cannot_decode(source)
    return best


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-Latin text has NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    pairs = len(data) // 2
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    if odd_nul >= 0.3 * pairs and even_nul <= 0.05 * pairs:
        codec = "utf-16-le"
    elif even_nul >= 0.3 * pairs and odd_nul <= 0.05 * pairs:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return text if _bad_share(text, strict=True) <= _MAX_BAD_SHARE else None


def _detector_guess(data: bytes) -> str | None:
    """charset-normalizer's answer when it is one of ours and decodes cleanly; else None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    try:
        match = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a detector bug must not end the run: use our own tries
        return None
    if match is None:
        return None
    family = _FAMILY.get(match.encoding.lower().replace("_", ""))
    if family is None:
        return None
    codecs_to_try = ("gb18030",) if family == "gb18030" else _BIG5_CODECS
    for codec in codecs_to_try:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _bad_share(text, strict=True) <= _MAX_BAD_SHARE:
            return text
    return None


def _best_legacy(data: bytes) -> str | None:
    """Strict GB18030 / Big5 / (mostly-ASCII) Windows-1252, the most plausible that is text."""
    decodings: list[str] = []
    try:
        decodings.append(data.decode("gb18030"))
    except UnicodeDecodeError:
        pass
    for codec in _BIG5_CODECS:                 # Big5, then its supersets for rarer characters
        try:
            decodings.append(data.decode(codec))
            break
        except UnicodeDecodeError:
            continue
    head = data[:_SCORE_SAMPLE * 2]
    if sum(1 for b in head if b >= 0x80) <= 0.15 * len(head):
        try:
            decodings.append(data.decode("cp1252"))
        except UnicodeDecodeError:
            pass
    best: tuple[float, str] | None = None
    for text in decodings:                     # ties keep the earlier codec (gb18030)
        if _bad_share(text, strict=True) > _MAX_BAD_SHARE:
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, text)
    return None if best is None else best[1]


def _bad_share(text: str, strict: bool) -> float:
    """Share of characters that real text does not contain: controls, U+FFFD and, for legacy
    decodings (``strict``), unassigned and private-use code points too."""
    sample = text[:_SCORE_SAMPLE]
    if not sample:
        return 0.0
    bad = 0
    for ch in sample:
        o = ord(ch)
        if o < 0x20:
            if ch not in _ALLOWED_CONTROLS:
                bad += 1
        elif o < 0x7F:
            continue
        elif (o <= 0x9F or o == 0xFFFD
              or (strict and o >= 0x100 and unicodedata.category(ch) in ("Cn", "Cs"))):
            bad += 1
    return bad / len(sample)


@functools.lru_cache(maxsize=1)
def _common_cjk() -> frozenset[str]:
    """Characters frequent enough to be level 1 of GB2312 (3,755 simplified) or of Big5
    (5,401 traditional): built once from the codecs themselves, no data file needed."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):              # GB2312 level 1
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):              # Big5 level 1
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def plausibility(text: str) -> float:
    """How much ``text`` looks like correctly decoded zh/en prose, per character (higher is
    better); only comparisons between decodings of the same bytes are meaningful."""
    sample = text[:_SCORE_SAMPLE]
    if not sample:
        return 0.0
    common = _common_cjk()
    score = 0.0
    for ch in sample:
        o = ord(ch)
        if o < 0x80:
            score += 1.0 if (ch.isprintable() or ch in _ALLOWED_CONTROLS) else -5.0
        elif ch in _CJK_PUNCT:
            score += 3.0
        elif 0x4E00 <= o <= 0x9FFF:
            score += 2.5 if ch in common else 0.3
        elif 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
            score += 1.0                           # CJK symbols, full-width ASCII
        elif 0xA0 <= o <= 0x24F:
            score += 0.5                           # Latin-1 / Latin Extended: cp1252 text
        elif 0x2010 <= o <= 0x2027 or o == 0x20AC:
            score += 1.0                           # dashes, quotes, ellipsis, euro
        else:
            # kana, bopomofo, Greek, Cyrillic, box drawing, vertical forms, private use,
            # Hangul, CJK extension blocks, unassigned: what a wrong legacy decode produces
            score -= 2.0
    return score / len(sample)
