"""Ingest: bytes and paths -> Document (encodings, Markdown blanking, HTML, .docx, dates)."""
from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import threading
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

from factcheck import ingest
from factcheck.errors import InputError
from factcheck.ingest import decode as decode_mod
from factcheck.ingest import html as html_mod
from factcheck.ingest import load_bytes, load_path, load_text
from factcheck.ingest.decode import decode_bytes, normalise_newlines
from factcheck.ingest.markdown import parse_markdown, suppressions
from factcheck.ingest.published import check_published, find_published, parse_date

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SHARED = REPO.parent / "shared"
UNDECODABLE = "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text"

BIG5_SENTENCE = "台積電今年營收成長三成，達到新台幣2兆元。"
GB_SENTENCE = "阿里巴巴营收增长5.3%，净利润为200亿元。"
GB_PARAGRAPH = ("国家统计局今天发布数据，前三季度国内生产总值同比增长5.2%，其中一季度增长5.3%，"
                "二季度增长4.7%，三季度增长4.8%。专家说：“全年5%左右的目标有望实现。”"
                "阿里巴巴营收增长8%，净利润为200亿元，云业务收入达到300亿元，同比增长26%。") * 3
BIG5_PARAGRAPH = ("台積電今年營收成長三成，達到新台幣2兆元。公司表示，第三季毛利率為57.8%，"
                  "較上一季增加3.6個百分點。董事長說：「人工智慧需求強勁，明年營收可望再成長兩成。」"
                  "鴻海十月營收為新台幣8,000億元，年增11.4%。") * 3


def write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def no_module(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make ``import name`` fail as if the optional dependency were not installed."""
    monkeypatch.setitem(sys.modules, name, None)


# --------------------------------------------------------------------------- decoding

@pytest.mark.parametrize("text", [GB_SENTENCE, BIG5_SENTENCE, "Revenue rose 5% to $20 billion.",
                                  "增长5.3%", "增長5.3%", "混合 text 2025年"])
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom",
                                   "utf-32"])
def test_unicode_encodings_round_trip(tmp_path, text, codec):
    if codec == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif codec == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(codec)
    doc = load_path(write(tmp_path, "a.txt", data))
    assert doc.text == text
    assert doc.format == "text" and doc.carry_text is False


@pytest.mark.parametrize("text", [GB_SENTENCE, "增长5.3%", "营收", "陶喆 王堃 朱镕基", GB_PARAGRAPH,
                                  "发布时间：2025年11月10日\n" + GB_PARAGRAPH])
def test_gb18030(tmp_path, text):
    assert load_path(write(tmp_path, "gb.txt", text.encode("gb18030"))).text == text


@pytest.mark.parametrize("text", [BIG5_SENTENCE, "增長5.3%", "營收", "發佈日期：2024/10/17",
                                  BIG5_PARAGRAPH])
def test_big5(tmp_path, text):
    assert load_path(write(tmp_path, "b5.txt", text.encode("big5"))).text == text


@pytest.mark.parametrize("text,codec", [(GB_PARAGRAPH, "gb18030"), (BIG5_PARAGRAPH, "big5"),
                                        (GB_SENTENCE, "gb18030"), (BIG5_SENTENCE, "big5")])
def test_legacy_without_charset_normalizer(monkeypatch, text, codec):
    no_module(monkeypatch, "charset_normalizer")
    assert decode_bytes(text.encode(codec)) == text


def test_long_texts_use_charset_normalizer_when_present():
    pytest.importorskip("charset_normalizer")
    assert len(GB_PARAGRAPH.encode("gb18030")) >= decode_mod.SHORT_BYTES
    assert decode_bytes(GB_PARAGRAPH.encode("gb18030")) == GB_PARAGRAPH
    assert decode_bytes(BIG5_PARAGRAPH.encode("big5")) == BIG5_PARAGRAPH


def test_gbk_label_is_decoded_as_gb18030():
    # chardet-style labels (gb2312/gbk) fail on GBK-extension characters; we map them
    assert decode_mod._codec_for("GB2312") == "gb18030"
    assert decode_mod._codec_for("gbk") == "gb18030"
    text = "陶喆 王堃 朱镕基 营收增长5%"
    assert decode_mod.decode_with_hint(text.encode("gb18030"), "x", "gb2312") == text


def test_big5_plausibility_beats_gb18030_misreading():
    data = BIG5_SENTENCE.encode("big5")
    garbled = data.decode("gb18030")            # decodes "fine" as GB18030, and is nonsense
    assert decode_mod.plausibility(BIG5_SENTENCE) > decode_mod.plausibility(garbled)


def test_newlines_normalised_and_bom_stripped(tmp_path):
    data = "\ufeffline one\r\nline two\rline three\n\nend".encode("utf-8")
    doc = load_path(write(tmp_path, "nl.txt", data))
    assert doc.text == "line one\nline two\nline three\n\nend"
    assert normalise_newlines("a\r\n\r\nb") == "a\n\nb"


def test_empty_file(tmp_path):
    doc = load_path(write(tmp_path, "empty.txt", b""))
    assert doc.text == "" and doc.published is None


def test_bomless_utf16(tmp_path):
    text = "Revenue rose 5% to $20 billion in 2025.\n"
    assert load_path(write(tmp_path, "le.txt", text.encode("utf-16-le"))).text == text
    assert load_path(write(tmp_path, "be.txt", text.encode("utf-16-be"))).text == text


def test_cp1252_english_is_read_rather_than_garbled():
    text = ("The company\u2019s revenue rose 5% to \u20ac20 billion \u2013 a \u201crecord\u201d, "
            "said the caf\u00e9 owner. ") * 3
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize("junk", [
    bytes(range(32)) * 20,
    b"\x00" * 1000,
    b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(4000),
    random.Random(2).randbytes(5000),
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100 + random.Random(3).randbytes(2000),
    b"\x01\x02\x03hello\x04\x05\x06\x07",
])
def test_binary_junk_is_refused_with_one_line(tmp_path, junk):
    path = write(tmp_path, "junk.txt", junk)
    with pytest.raises(InputError) as e:
        load_path(path)
    assert str(e.value) == f"{path}: {UNDECODABLE}"
    assert "\n" not in str(e.value)


def test_bad_bytes_after_bom_are_refused():
    with pytest.raises(InputError, match="cannot decode"):
        decode_bytes(b"\xef\xbb\xbfabc\xff\xfe\xfd", "x.txt")


# --------------------------------------------------------------------------- paths and errors

def test_missing_file(tmp_path):
    path = str(tmp_path / "nope.txt")
    with pytest.raises(InputError) as e:
        load_path(path)
    assert str(e.value) == f"{path}: no such file"


def test_missing_parent_is_a_missing_file(tmp_path):
    f = write(tmp_path, "file.txt", b"x")
    with pytest.raises(InputError, match="no such file"):
        load_path(f + "/child.txt")


def test_directory(tmp_path):
    with pytest.raises(InputError) as e:
        load_path(str(tmp_path))
    assert str(e.value) == f"{tmp_path}: is a directory"


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", b"text")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "open", denied, raising=False)
    with pytest.raises(InputError) as e:
        load_path(path)
    assert str(e.value) == f"{path}: permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_real(tmp_path):
    path = write(tmp_path, "secret.txt", b"text")
    os.chmod(path, 0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            load_path(path)
    finally:
        os.chmod(path, 0o600)


def test_oversized_file(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_BYTES", 100)
    path = write(tmp_path, "big.txt", b"a" * 101)
    with pytest.raises(InputError, match=r"big\.txt: larger than"):
        load_path(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_that_never_ends_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_BYTES", 10_000)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer() -> None:
        try:
            with open(fifo, "wb") as f:
                while not stop.is_set():
                    f.write(b"y\n" * 1024)
        except (BrokenPipeError, OSError):
            pass

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    try:
        with pytest.raises(InputError, match="larger than"):
            load_path(str(fifo))
    finally:
        stop.set()
        t.join(timeout=5)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_with_an_article(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def writer() -> None:
        with open(fifo, "wb") as f:
            f.write("发布:2025-11-10\n营收增长5%".encode())

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    doc = load_path(str(fifo))
    t.join(timeout=5)
    assert doc.text.endswith("营收增长5%") and doc.published == "2025-11-10"


def test_stdin(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(GB_SENTENCE.encode("gb18030"))

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    doc = load_path("-")
    assert doc.text == GB_SENTENCE and doc.source == "<stdin>" and doc.format == "text"


def test_stdin_html_is_sniffed(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(b"<!DOCTYPE html><html><body><p>Revenue rose 5%.</p></body></html>")

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    no_module(monkeypatch, "trafilatura")
    doc = load_path("-")
    assert doc.format == "html" and doc.text == "Revenue rose 5%."


def test_no_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="<stdin>"):
        load_path("-")


@pytest.mark.parametrize("name,fmt", [("a.txt", "text"), ("a.text", "text"), ("a", "text"),
                                      ("a.TXT", "text"), ("a.md", "markdown"),
                                      ("a.markdown", "markdown"), ("a.html", "html"),
                                      ("a.htm", "html"), ("a.csv", "text")])
def test_dispatch_by_suffix(tmp_path, monkeypatch, name, fmt):
    no_module(monkeypatch, "trafilatura")
    doc = load_path(write(tmp_path, name, b"Revenue rose 5%."))
    assert doc.format == fmt
    assert doc.text.strip() == "Revenue rose 5%."
    assert doc.carry_text is (fmt == "html")


def test_published_option_wins(tmp_path):
    path = write(tmp_path, "a.txt", "发布:2025-11-10\n正文".encode())
    doc = load_path(path, published="2024-01-31")
    assert (doc.published, doc.published_from) == ("2024-01-31", "option")


@pytest.mark.parametrize("bad", ["2025-13-01", "10/11/2025", "2025-02-30", "yesterday", ""])
def test_published_option_validated(bad):
    with pytest.raises(InputError) as e:
        load_text("x", published=bad)
    assert str(e.value) == f"--published: expected YYYY-MM-DD, got '{bad}'"
    with pytest.raises(InputError):
        check_published(bad)


def test_load_text_and_bytes_api():
    doc = load_text("Published: Nov. 10, 2025\r\nRevenue rose 5%.")
    assert doc.text == "Published: Nov. 10, 2025\nRevenue rose 5%."
    assert (doc.source, doc.published, doc.published_from) == ("<string>", "2025-11-10", "dateline")
    doc = load_bytes(b"**$20 billion**", "mem.md")
    assert doc.format == "markdown" and doc.text == "  $20 billion  "
    doc = load_bytes(b"**x**", "whatever", fmt="markdown")
    assert doc.text == "  x  "
    with pytest.raises(InputError, match="unknown format"):
        load_bytes(b"x", "a.txt", fmt="pdf")
    with pytest.raises(InputError, match="bytes"):
        load_text("x", fmt="docx")


def test_imports_stay_light():
    code = ("import sys, factcheck.ingest as i; i.load_text('增长5%'); "
            "i.load_bytes('营收增长5.3%，净利润为200亿元。'.encode('gb18030'), 'x.txt'); "
            "print(sorted(m for m in ('charset_normalizer', 'trafilatura', 'docx', 'lxml') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- Markdown

def assert_blanked(original: str, blanked: str) -> None:
    assert len(blanked) == len(original)
    for a, b in zip(original, blanked):
        assert a == b or (b == " " and a != "\n"), (a, b)


def test_markdown_offsets_stay_exact_for_bold_figures(tmp_path):
    raw = "# Results\n\nRevenue will reach **$20 billion** this year, up *from* __$13bn__.\n"
    doc = load_path(write(tmp_path, "a.md", raw.encode()))
    assert_blanked(raw, doc.text)
    for fig in ("$20 billion", "$13bn"):
        start = raw.index(fig)
        assert doc.text[start:start + len(fig)] == raw[start:start + len(fig)] == fig
    assert "*" not in doc.text and "_" not in doc.text and "#" not in doc.text
    assert " ".join(doc.text.split()) == "Results Revenue will reach $20 billion this year, up from $13bn ."
    assert doc.title == "Results"


def test_markdown_fixture():
    raw = (FIXTURES / "article.md").read_text(encoding="utf-8")
    doc = load_path(str(FIXTURES / "article.md"))
    assert_blanked(raw, doc.text)
    assert (doc.published, doc.published_from) == ("2025-11-10", "front-matter")
    assert doc.title == "OpenAI seeks guarantees"
    assert doc.format == "markdown" and doc.carry_text is False
    t = doc.text
    assert "tags" not in t and "title:" not in t                       # front matter blanked
    assert "$1.4 trillion" in t and "example.com" not in t             # link text kept, URL not
    assert "Chart 2025" not in t                                       # image blanked
    assert "factcheck: ignore" not in t                                # comment blanked
    assert "5~10%" in t and "internal_plan_v2" in t                    # not markup
    assert "|" not in t and "---" not in t                             # table pipes, delimiter
    assert "2024   $3.7bn" in t
    assert "**not markup** 42" in t                                    # code kept as is
    assert "```" not in t
    i = raw.index("$20 billion")
    assert t[i:i + 11] == "$20 billion"


@pytest.mark.parametrize("front,expected", [
    ("date: 2025-11-10", "2025-11-10"),
    ('date: "2025-11-10T08:00:00+08:00"', "2025-11-10"),
    ("date: 2025-11-10T23:30:00-05:00", "2025-11-10"),
    ("date: 2025-11-10 08:00:00", "2025-11-10"),
    ("published: 'Nov 10, 2025'", "2025-11-10"),
    ("date: not a date", None),
    ("date: [1, 2]", None),
])
def test_front_matter_date(front, expected):
    doc = load_text(f"---\ntitle: T\n{front}\n---\nBody 5%.\n", fmt="markdown")
    assert doc.published == expected
    assert doc.published_from == ("front-matter" if expected else None)
    assert doc.title == "T"
    assert doc.text.strip() == "Body 5%."


def test_toml_front_matter():
    raw = '+++\ntitle = "T"\ndate = 2025-11-10\n+++\nBody.\n'
    doc = load_text(raw, fmt="markdown")
    assert (doc.published, doc.title, doc.text.strip()) == ("2025-11-10", "T", "Body.")


@pytest.mark.parametrize("front", [
    "title: [unclosed\ndate: 2025-11-10",
    "date: !!python/object/apply:os.system ['echo pwned']",
    "a: &a [1]\nb: *undefined_alias",
    "key: value\n\tbad: tab",
])
def test_bad_front_matter_is_ignored_not_fatal(front):
    raw = f"---\n{front}\n---\nBody 5%.\n"
    doc = load_text(raw, fmt="markdown")
    assert_blanked(raw, doc.text)
    assert doc.text.strip() == "Body 5%."
    assert doc.published_from != "front-matter"


def test_rules_and_prose_are_not_front_matter():
    raw = "---\nRevenue rose 5% this year.\n---\nMore text.\n"
    doc = load_text(raw, fmt="markdown")
    assert "Revenue rose 5% this year." in doc.text
    assert_blanked(raw, doc.text)


def test_markdown_dateline_without_front_matter():
    doc = load_text("# 标题\n\n发布时间：2025年11月10日\n\n营收增长5%。", fmt="markdown")
    assert (doc.published, doc.published_from, doc.title) == ("2025-11-10", "dateline", "标题")


@pytest.mark.parametrize("raw,kept", [
    ("a **b** c", "a   b   c"),
    ("***both***", "   both   "),
    ("**营收：**增长5.3%", "  营收：  增长5.3%"),
    ("x `a*b*c` y", "x  a*b*c  y"),
    ("``code with ` tick``", "  code with ` tick  "),
    ("[text 12%](http://x.com/a_b)", " text 12%                   "),
    ("[text][ref] and [^1]", " text       and     "),
    ("![alt 5](img.png) after", "                  after"),
    ("<https://x.com/2025/11> ok", "                        ok"),
    ("H<sub>2</sub>O <b>5%</b>", "H     2      O    5%    "),
    ("\\*not em\\*", " *not em *"),
    ("5~10% and ~~gone 3%~~", "5~10% and   gone 3%  "),
    ("snake_case_name and 3*4*5", "snake_case_name and 3*4*5"),
    ("_emph_ and __strong__", " emph  and   strong  "),
    ("> > quoted 5%", "    quoted 5%"),
    ("## Heading 5% ##", "   Heading 5%   "),
    ("#标题 5%", " 标题 5%"),
    ("#5 ranked", "#5 ranked"),
    ("- item\n* item\n+ item\n1. item\n10) item", "  item\n  item\n  item\n   item\n    item"),
    ("- [x] done 5%", "      done 5%"),
    ("-5% fell", "-5% fell"),
    ("2025. A year", "2025. A year"),
    ("a\n\n***\n\nb", "a\n\n   \n\nb"),
    ("Title\n=====", "Title\n     "),
    ("[r]: https://example.com/x\ntext", "                          \ntext"),
    ("a <!-- hidden 5% --> b", "a                    b"),
    ("a <!-- multi\nline --> b", "a" + " " * 11 + "\n" + " " * 9 + "b"),
    ("*a\n\nb*", "*a\n\nb*"),
])
def test_markdown_blanking_cases(raw, kept):
    out = parse_markdown(raw).text
    assert out == kept
    assert_blanked(raw, out)


def test_markdown_fenced_code_is_left_alone():
    raw = "~~~\n# not a heading **5%**\n~~~\n# heading\n````md\n```\n````\n"
    out = parse_markdown(raw).text
    assert_blanked(raw, out)
    assert "# not a heading **5%**" in out
    assert "```" in out                          # inside the 4-backtick fence: content
    assert "~~~" not in out and "````" not in out and "# heading" not in out


def test_markdown_comments_are_remembered():
    raw = "a <!-- x --> b <!-- y -->"
    md = parse_markdown(raw)
    assert md.comments == ((2, 12), (15, 25))


def test_suppressions():
    raw = ("Intro.\n<!-- factcheck: ignore growth-cagr,sum-parts reason=\"checked by desk\" -->\n"
           "Text <!-- factcheck: ignore[FC-SUM001] -->\n"
           "<!--factcheck:ignore   consistency.repeat  reason='ok' -->\n"
           "<!-- factcheck: ignore -->\n<!-- unrelated -->\n")
    found = suppressions(raw)
    assert found == [
        (raw.index("<!-- factcheck: ignore growth"), ["growth-cagr", "sum-parts"], "checked by desk"),
        (raw.index("<!-- factcheck: ignore[FC"), ["FC-SUM001"], None),
        (raw.index("<!--factcheck:ignore"), ["consistency.repeat"], "ok"),
        (raw.index("<!-- factcheck: ignore -->"), [], None),
    ]
    # offsets are the same in the blanked Document.text
    doc = load_text(raw, fmt="markdown")
    assert all(doc.text[off] == " " for off, _, _ in found)


def test_markdown_blanking_property():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("ab 5%$\n#*_`~[]()!<>-=|\\:+.1") + ["营", "收", "---\n",
                                                                      "<!--", "-->", "```"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=60).map("".join))
    def check(raw):
        md = parse_markdown(raw)
        assert_blanked(raw, md.text)

    check()
    assert hypothesis


# --------------------------------------------------------------------------- publication date

@pytest.mark.parametrize("text,expected", [
    ("发布:2025-11-10", "2025-11-10"),
    ("标题\n发布时间：2025年11月10日 10:30\n正文", "2025-11-10"),
    ("發佈日期：2024/10/17", "2024-10-17"),
    ("發布時間：2024年10月17日", "2024-10-17"),
    ("发布时间：２０２５年１１月１０日", "2025-11-10"),
    ("时间：2025-11-10 08:00 来源：新华社", "2025-11-10"),
    ("日期 2024.10.17", "2024-10-17"),
    ("Published: Nov. 10, 2025", "2025-11-10"),
    ("Published 10 November 2025", "2025-11-10"),
    ("PUBLISHED: November 10th, 2025", "2025-11-10"),
    ("Posted on Monday, November 10, 2025", "2025-11-10"),
    ("Updated: 2025-11-10", "2025-11-10"),
    ("Last updated on 3 Dec 2025 at 10:00", "2025-12-03"),
    ("By Jane Doe on Nov. 10, 2025", "2025-11-10"),
    ("By Jane Doe | November 10, 2025", "2025-11-10"),
    ("Headline\n2024-10-17 08:30\nBody", "2024-10-17"),
    ("标题\n2024年10月17日 08:30\n正文", "2024-10-17"),
    # a wire dateline that carries the year
    ("China's exports shrink\n\nBEIJING, Nov 7, 2025 (Reuters) - China's exports fell", "2025-11-07"),
    ("WASHINGTON, Oct. 30, 2025 - The Fed cut rates.", "2025-10-30"),
    ("NEW YORK, 7 November 2025 (AP) — Stocks rose.", "2025-11-07"),
])
def test_dateline_found(text, expected):
    assert find_published(text) == (expected, "dateline")


@pytest.mark.parametrize("text", [
    "最新發布的報告指出，預計蘋果將在2025年3月發布這款新機。",
    "2016年12月12日（周二），指数遭遇重挫。",
    "The update 2025-11-10 was minor.",
    "Date: 2025-02-30",
    "发布时间：2025年13月01日",
    "TAIPEI, March 17 - The Taiwan cabinet approved a record deficit.",
    "LONDON (Reuters) - Oil rose.",
    "He said, Nov 7, 2025 - the day of the vote - would come.",
    "Revenue in 2013-2016 rose.",
    "",
])
def test_no_dateline(text):
    assert find_published(text) == (None, None)


def test_published_beats_updated():
    text = "Updated: 2025-11-12\nPublished: 2025-11-10\n"
    assert find_published(text) == ("2025-11-10", "dateline")
    assert find_published("更新时间：2025-11-12 发布时间：2025-11-10") == ("2025-11-10", "dateline")


def test_dateline_only_near_the_top():
    text = "x" * 2500 + "\n发布:2025-11-10"
    assert find_published(text) == (None, None)


def test_dateline_cues_live_in_data_files():
    for lang in ("en", "zh"):
        path = REPO / "factcheck" / "lang" / lang / "dateline.toml"
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["cues"]["published"] and data["cues"]["updated"]
    zh = tomllib.loads((REPO / "factcheck/lang/zh/dateline.toml").read_text(encoding="utf-8"))
    assert "发布" in zh["cues"]["published"] and "發佈" in zh["cues"]["published"]


@pytest.mark.parametrize("value,expected", [
    ("2025-11-10T08:00:00+08:00", "2025-11-10"), ("2025/11/10", "2025-11-10"),
    ("Nov 10, 2025", "2025-11-10"), ("20251110", "2025-11-10"), ("2025年11月10日", "2025-11-10"),
    ("garbage", None), (None, None), (12, None), ("2025-02-30", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_seed_corpus_dateline():
    seed = SHARED / "corpus" / "dev" / "zh-000-seed.txt"
    if not seed.exists():
        pytest.skip("../shared corpus not present")
    doc = load_path(str(seed))
    assert (doc.published, doc.published_from) == ("2025-11-10", "dateline")


def test_dev_corpus_reads_and_finds_no_false_dateline():
    dev = SHARED / "corpus" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared corpus not present")
    for path in sorted(dev.glob("*.txt")):
        doc = load_path(str(path))
        assert doc.text == path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        if path.name != "zh-000-seed.txt":
            assert doc.published is None, path.name


# --------------------------------------------------------------------------- HTML

def test_html_fallback_drops_script_nav_and_boilerplate(monkeypatch):
    no_module(monkeypatch, "trafilatura")
    doc = load_path(str(FIXTURES / "page.html"))
    assert doc.format == "html" and doc.carry_text is True
    t = doc.text
    for gone in ("tracking", "99%", "88%", "77%", "color", "科技", "66%", "首页", "正文",
                 "80%", "ICP", "示例新闻网"):
        assert gone not in t, gone
    assert t == ("阿里巴巴营收增长\n\n阿里巴巴营收增长5.3%，净利润为200亿元。\n\n"
                 "公司表示，云业务收入达到300亿元，同比增长26%。\n\n年份\t营收\n2024\t9411亿元")
    assert (doc.published, doc.published_from) == ("2025-11-10", "meta")
    assert doc.title == "阿里巴巴营收增长 - 示例新闻网"


def test_html_fallback_block_structure(monkeypatch):
    no_module(monkeypatch, "trafilatura")
    page = ("<html><body><div>One&nbsp;two\n   three</div><p>Line<br>break</p><ul><li>a 1%</li>"
            "<li>b 2%</li></ul><pre>x  =  1\ny = 2</pre><div hidden>secret 9%</div>"
            "<div role='navigation'>menu 8%</div><div class='site-footer'>foot 7%</div>"
            "<p>H<sub>2</sub>O &amp; <b>5</b>%</p><p>5 < 10 and x<y, <3</p></body></html>")
    doc = load_text(page, fmt="html")
    assert doc.text == ("One two three\n\nLine\nbreak\n\na 1%\nb 2%\n\nx  =  1\ny = 2\n\n"
                        "H2O & 5%\n\n5 < 10 and x<y, <3")


@pytest.mark.parametrize("unit", ["<a ", "</", "<?", "<!--", '<a b="', "<script>"])
def test_html_fallback_stays_linear_on_hostile_pages(monkeypatch, unit):
    # html.parser alone took over a minute on 75 KB of "<a "
    hostile = unit * 50_000
    no_module(monkeypatch, "trafilatura")
    started = time.perf_counter()
    load_text(hostile, fmt="html")
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("make", [lambda: "<!--" * 50_000, lambda: "_a " * 50_000 + "*b" * 50_000,
                                  lambda: "[" * 100_000 + "](", lambda: "`" * 100_000,
                                  lambda: "**" * 100_000],
                         ids=["comments", "openers", "brackets", "ticks", "stars"])
def test_markdown_stays_linear_on_hostile_text(make):
    hostile = make()
    started = time.perf_counter()
    md = parse_markdown(hostile)
    assert len(md.text) == len(hostile)
    assert time.perf_counter() - started < 5


def test_html_fallback_prefers_article(monkeypatch):
    no_module(monkeypatch, "trafilatura")
    body = "<p>" + "营收增长5.3%，净利润为200亿元。" * 12 + "</p>"
    page = f"<html><body><div>Top links 1 2 3</div><article>{body}</article><div>Bottom 4</div></body></html>"
    doc = load_text(page, fmt="html")
    assert doc.text.startswith("营收增长5.3%") and "Top links" not in doc.text


def test_html_dates_from_time_and_json_ld(monkeypatch):
    no_module(monkeypatch, "trafilatura")
    page = ('<html><head><script type="application/ld+json">{"@type":"NewsArticle",'
            '"datePublished":"2024-10-17T09:00:00+08:00"}</script></head><body><p>x</p></body></html>')
    assert load_text(page, fmt="html").published == "2024-10-17"
    page = '<html><body><time datetime="2024-10-18">Oct 18</time><p>x</p></body></html>'
    doc = load_text(page, fmt="html")
    assert (doc.published, doc.published_from) == ("2024-10-18", "meta")
    page = "<html><body><p>发布时间：2025年11月10日</p><p>正文</p></body></html>"
    doc = load_text(page, fmt="html")
    assert (doc.published, doc.published_from) == ("2025-11-10", "dateline")


def test_html_meta_charset_and_legacy_bytes(tmp_path, monkeypatch):
    no_module(monkeypatch, "trafilatura")
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f'</head><body><p>{GB_SENTENCE}</p><p>陶喆 王堃</p></body></html>')
    doc = load_path(write(tmp_path, "gb.html", page.encode("gb18030")))
    assert doc.text == GB_SENTENCE + "\n\n陶喆 王堃"
    page = f"<html><body><p>{BIG5_PARAGRAPH}</p></body></html>"        # no declaration at all
    doc = load_path(write(tmp_path, "b5.htm", page.encode("big5")))
    assert doc.text == BIG5_PARAGRAPH


def test_html_unclosed_head_and_xml_declaration(monkeypatch):
    no_module(monkeypatch, "trafilatura")
    page = '<?xml version="1.0" encoding="utf-8"?><html><head><title>T</title><body><p>Kept 5%.</p>'
    doc = load_text(page, fmt="html")
    assert doc.text == "Kept 5%." and doc.title == "T"


def test_html_size_cap(monkeypatch):
    monkeypatch.setattr(html_mod, "MAX_HTML_BYTES", 1000)
    with pytest.raises(InputError, match=r"big\.html: HTML larger than"):
        load_bytes(b"<p>" + b"x" * 2000 + b"</p>", "big.html")


def test_html_with_trafilatura():
    try:
        import trafilatura  # noqa: F401
    except Exception:  # noqa: BLE001 - ImportError or a broken install: both mean skip
        pytest.skip("trafilatura not installed or not importable")
    para = ("<p>公司表示，<b>云业务</b>收入达到300亿元，同比增长26%。这是一个足够长的句子，"
            "让正文超过抽取算法的最短长度，从而被当作文章主体。第{}段。</p>\n")
    page = ("<!DOCTYPE html><html><head><title>营收报告</title>"
            '<meta property="article:published_time" content="2025-11-10T08:00:00+08:00"></head>'
            "<body><nav><ul><li><a href='/a'>财经</a></li><li><a href='/b'>科技</a></li></ul></nav>"
            "<article><h1>阿里巴巴营收增长</h1><p>阿里巴巴营收增长5.3%，净利润为200亿元。</p>"
            + "".join(para.format(i) for i in range(6))
            + "</article><footer>京ICP备12345678号</footer></body></html>")
    doc = load_text(page, source="p.html", fmt="html")
    assert "阿里巴巴营收增长5.3%，净利润为200亿元。" in doc.text
    assert "云业务收入达到300亿元" in doc.text               # inline <b> does not split lines
    assert "ICP" not in doc.text and "科技" not in doc.text
    assert (doc.published, doc.published_from, doc.carry_text) == ("2025-11-10", "meta", True)
    assert doc.title == "营收报告"


# --------------------------------------------------------------------------- .docx

def make_docx() -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.core_properties.title = "季度报告"
    d.add_paragraph("发布时间：2025年11月10日")
    d.add_paragraph("阿里巴巴营收增长5.3%，净利润为200亿元。")
    t = d.add_table(rows=2, cols=3)
    for (r, c), v in {(0, 0): "年份", (0, 1): "营收", (0, 2): "利润",
                      (1, 0): "2024", (1, 1): "9411亿元", (1, 2): "x"}.items():
        t.cell(r, c).text = v
    t.cell(1, 1).merge(t.cell(1, 2))
    d.add_paragraph("")
    d.add_paragraph("Revenue rose to $20 billion.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def minimal_docx(body: str = "<w:p><w:r><w:t>Revenue rose 5%.</w:t></w:r></w:p>") -> bytes:
    """A tiny valid .docx written by hand: tests of the archive guards need no python-docx."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def test_minimal_docx_reads():
    pytest.importorskip("docx")
    doc = load_bytes(minimal_docx(), "m.docx")
    assert doc.text == "Revenue rose 5%." and doc.format == "docx"


def rezip(data: bytes, replace: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename in drop:
                continue
            z.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in replace.items():
            if name not in src.namelist():
                z.writestr(name, content)
    return out.getvalue()


def test_docx_body_order_tables_and_date(tmp_path):
    doc = load_path(write(tmp_path, "a.docx", make_docx()))
    assert doc.format == "docx" and doc.carry_text is True and doc.title == "季度报告"
    assert doc.text == ("发布时间：2025年11月10日\n\n阿里巴巴营收增长5.3%，净利润为200亿元。\n\n"
                        "年份\t营收\t利润\n2024\t9411亿元 x\n\nRevenue rose to $20 billion.")
    assert (doc.published, doc.published_from) == ("2025-11-10", "dateline")


def test_docx_sniffed_without_suffix(tmp_path):
    doc = load_path(write(tmp_path, "draft", make_docx()))
    assert doc.format == "docx"


def test_docx_not_a_zip(tmp_path):
    path = write(tmp_path, "fake.docx", b"this is not a zip file")
    with pytest.raises(InputError) as e:
        load_path(path)
    assert str(e.value) == f"{path}: not a .docx file (not a zip archive)"


def test_docx_zip_without_document(tmp_path):
    pytest.importorskip("docx")
    data = rezip(minimal_docx(), {}, drop=("word/document.xml",))
    path = write(tmp_path, "broken.docx", data)
    with pytest.raises(InputError, match=r"broken\.docx: not a readable \.docx file"):
        load_path(path)


def test_docx_zip_bomb_ratio(tmp_path):
    data = rezip(minimal_docx(), {"word/media/blob.bin": b"\0" * (3 * 1024 * 1024)})
    path = write(tmp_path, "bomb.docx", data)
    with pytest.raises(InputError, match=r"bomb\.docx: .*zip bomb"):
        load_path(path)


def test_docx_zip_bomb_total(tmp_path, monkeypatch):
    from factcheck.ingest import docx as docx_mod
    monkeypatch.setattr(docx_mod, "MAX_XML_UNCOMPRESSED", 10_000)
    path = write(tmp_path, "big.docx", minimal_docx("<w:p/>" * 5000))
    with pytest.raises(InputError, match="over the limit"):
        load_path(path)


def test_docx_doctype_refused(tmp_path):
    data = minimal_docx()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    head, rest = xml.split(b"?>", 1)
    evil = (head + b'?><!DOCTYPE w:document [<!ENTITY lol "lol">'
            b'<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest)
    path = write(tmp_path, "xxe.docx", rezip(data, {"word/document.xml": evil}))
    with pytest.raises(InputError, match="DOCTYPE"):
        load_path(path)


def test_docx_doctype_after_long_comment_refused(tmp_path):
    data = minimal_docx()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    head, rest = xml.split(b"?>", 1)
    evil = head + b"?><!--" + b"x" * 20000 + b'--><!DOCTYPE w:document [<!ENTITY a "b">]>' + rest
    path = write(tmp_path, "xxe2.docx", rezip(data, {"word/document.xml": evil}))
    with pytest.raises(InputError, match="DOCTYPE"):
        load_path(path)


def test_docx_parser_does_not_resolve_entities(tmp_path):
    # second line of defence behind the DOCTYPE refusal: python-docx's own parsers
    pytest.importorskip("docx")
    from docx.opc import oxml as opc_oxml
    from docx.oxml import parser as docx_parser
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    for parse in (docx_parser.parse_xml, opc_oxml.parse_xml):
        xml = (f'<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}"><!ENTITY y "inner">]>'
               '<r xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</r>')
        el = parse(xml.encode())
        assert "TOP-SECRET" not in "".join(el.itertext())    # the external entity was not read


def test_docx_needs_python_docx(tmp_path, monkeypatch):
    data = minimal_docx()
    no_module(monkeypatch, "docx")
    path = write(tmp_path, "a.docx", data)
    with pytest.raises(InputError) as e:
        load_path(path)
    assert str(e.value) == f"{path}: reading .docx needs python-docx (pip install 'factcheck[docx]')"
