"""Numbers as written: Arabic (with thousands separators), Chinese numerals, English words.

Each parser returns the value and the *step*: half the place value of the last written
digit (``1.12`` -> 0.005, ``200億`` -> 0.5e8), which is how much rounding a reader grants.
Parsers never raise on odd input; they return None.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from factcheck import lang

MAX_DIGITS = 40          # longer digit runs are identifiers, not amounts


def parse_arabic(s: str) -> tuple[float, float] | None:
    """``"1,234.5"`` -> (1234.5, 0.05). Fractions ``7/8`` and ``1-1/8`` too."""
    s = s.replace(",", "")
    if "/" in s:
        whole, _, frac = s.rpartition("-") if "-" in s else ("", "", s)
        num, _, den = frac.partition("/")
        if not (num.isdigit() and den.isdigit()) or int(den) == 0 or len(num) > 3 or len(den) > 3:
            return None
        v = int(num) / int(den)
        if whole:
            if not whole.isdigit():
                return None
            v += int(whole)
        return v, 0.5 / int(den)
    if not s or len(s) > MAX_DIGITS:
        return None
    intpart, _, dec = s.partition(".")
    if not intpart.isdigit() or (dec and not dec.isdigit()):
        return None
    if dec:
        return float(s), 0.5 * 10 ** -len(dec)
    return int(intpart), 0.5


_SIMPLE = re.compile(r"(\d+(?:\.\d+)?)([万亿兆]+)\Z")


@lru_cache(maxsize=1)
def _zh() -> tuple[dict[str, int], dict[str, int], dict[str, float]]:
    d = lang.load("zh")["numerals"]
    return d["digits"], d["small_units"], {k: float(v) for k, v in d["big_units"].items()}


def parse_zh(s: str) -> tuple[float, float] | None:
    """Chinese numerals, possibly mixed with Arabic digits.

    ``三十億四千八百萬`` -> 3048000000, ``1.4万亿`` -> 1.4e12, ``1千2百万`` -> 1.2e7,
    ``五四二.五亿`` -> 5.425e10 (digit-by-digit reading), ``两千`` -> 2000, ``十二`` -> 12.
    """
    digits, small, big = _zh()
    if not s or len(s) > 60:
        return None
    m = _SIMPLE.match(s)
    if m:                                  # the common case, "12.6万", "1.4万亿", "200亿"
        r = parse_arabic(m.group(1))
        if r is None:
            return None
        f = 1.0
        for c in m.group(2):
            f *= big[c]
        return float(f"{r[0] * f:.12g}"), r[1] * f       # 20.9亿 is 2090000000, not 2089999999.9999998
    s = s.replace("点", ".")
    if "." in s:
        head, _, tail = s.partition(".")
        frac = tail.rstrip("".join(big))
        scale = tail[len(frac):]
        if frac and all(c in digits for c in frac) and not head.isdigit():
            whole = parse_zh(head) if head else (0.0, 0.5)
            if whole is None:
                return None
            dec = "".join(str(digits[c]) for c in frac)
            v = whole[0] + float("0." + dec)
            step = 0.5 * 10 ** -len(dec)
            for c in scale:
                v, step = v * big[c], step * big[c]
            return v, step
    # digit-by-digit reading: no 十百千 and more than one numeral digit (五四二.五)
    body = s.rstrip("".join(big))
    if not any(c in small for c in s) and sum(1 for c in body if c in digits) > 1 \
            and all(c in digits or c == "." or c.isdigit() for c in body):
        head = "".join(str(digits[c]) if c in digits else c for c in s)
        i = len(head)
        while i and not (head[i - 1].isdigit() or head[i - 1] == "."):
            i -= 1
        core, tail = head[:i], head[i:]
        r = parse_arabic(core)
        if r is None:
            return None
        v, step = r
        f = 1.0
        for c in tail:
            f *= big.get(c, 1.0)
        return v * f, step * f
    total = 0.0          # finished big-unit groups
    section = 0.0        # current group below 万
    number: float | None = None   # pending digit(s)
    last_place = 1.0
    unit_place = 0.0     # place of the last 十/百/千 seen in this group
    i, n = 0, len(s)
    seen_any = False
    while i < n:
        c = s[i]
        if c.isdigit() or c == ".":
            j = i
            while j < n and (s[j].isdigit() or s[j] == "."):
                j += 1
            r = parse_arabic(s[i:j])
            if r is None:
                return None
            number = float(r[0])
            last_place = r[1] * 2
            i = j
            seen_any = True
            continue
        if c in digits:
            number = float(digits[c])
            last_place = 1.0
            seen_any = True
        elif c in small:
            unit = small[c]
            section += (1.0 if number is None else number) * unit
            last_place = unit_place = unit
            number = None
            seen_any = True
        elif c in big:
            unit = big[c]
            group = section + (number or 0.0)
            if group == 0 and total == 0:
                group = 1.0            # 万亿元: a bare scale is one of it
            if total and total < unit:
                total = (total + group) * unit
            elif total and group == 0:
                total *= unit          # 万亿 after a group: 1.4万亿
            else:
                total += group * unit
            last_place *= unit
            section, number, unit_place = 0.0, None, 0.0
            seen_any = True
        else:
            return None
        i += 1
    if not seen_any:
        return None
    if number is not None and section and unit_place >= 100 and last_place == 1.0 \
            and s[-2] in small:
        # 一千二 = 1200: a lone digit right after 百/千 takes the next place down
        number *= unit_place / 10
        last_place = unit_place / 10
    elif number is not None and not section and total and len(s) > 1 and s[-2] in big:
        number *= big[s[-2]] / 10       # 两万三 = 23000
        last_place = big[s[-2]] / 10
    value = total + section + (number or 0.0)
    if math.isinf(value) or value > 1e30:
        return None
    return value, 0.5 * last_place


@lru_cache(maxsize=1)
def _en_words() -> tuple[dict[str, int], dict[str, int]]:
    d = lang.load("en")["words"]
    return d["units"], d["tens"]


def parse_en_words(s: str) -> float | None:
    """``"twenty-three"`` -> 23, ``"six"`` -> 6, ``"a hundred"`` -> 100."""
    units, tens = _en_words()
    total = 0
    cur = 0
    parts = s.lower().replace("-", " ").split()
    if not parts:
        return None
    for w in parts:
        if w in ("a", "and"):
            if w == "a":
                cur = max(cur, 1)
            continue
        if w in units:
            cur += units[w]
        elif w in tens:
            cur += tens[w]
        elif w == "hundred":
            cur = max(cur, 1) * 100
        elif w == "thousand":
            total += max(cur, 1) * 1000
            cur = 0
        else:
            return None
    return float(total + cur)
