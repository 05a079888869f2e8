"""Zoning: article body versus page furniture, on the real dev corpus and small pages."""
from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest

from factcheck.text.zones import KINDS, Zone, is_furniture, zone_at, zones

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "dev"


def _corpus(name: str) -> str:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("shared corpus not present")
    return path.read_text(encoding="utf-8")


def _gold(stem: str) -> list[dict]:
    return json.loads((CORPUS / f"{stem}.gold.json").read_text(encoding="utf-8"))["figures"]


def _check_contiguous(text: str, zs: list[Zone]) -> None:
    assert zs[0].start == 0 and zs[-1].end == len(text)
    for a, b in itertools.pairwise(zs):
        assert a.end == b.start and a.kind != b.kind
    assert all(z.start < z.end and z.kind in KINDS for z in zs)


def _kind_at(zs: list[Zone], text: str, needle: str) -> str:
    offset = text.index(needle)
    zone = zone_at(zs, offset)
    assert zone is not None
    return zone.kind


def _kinds(zs: list[Zone]) -> list[str]:
    return [z.kind for z in zs]


# --- zh-000-seed: a pasted web page ------------------------------------------------------

@pytest.mark.parametrize("needle", ["200億美元", "1.4萬億美元", "標普500指數跌1.12%",
                                    "OpenAI緊急下場澄清。", "山姆·奧特曼社交平臺截圖"])
def test_seed_article_paragraphs_are_body(needle: str) -> None:
    text = _corpus("zh-000-seed.txt")
    assert _kind_at(zones(text), text, needle) == "body"


@pytest.mark.parametrize("needle", ["第三季度澳門業務經營收益增長14.79%", "的 2.6%", "2026-01-19",
                                    "© 2023 SEMG.", "  • 首頁", "没有结果", "您當前的位置",
                                    "相關推荐", "链接阅读", "news@skyeconomymedia.com",
                                    "星空經濟新聞華文網是一家", "來源:中國澎湃新聞"])
def test_seed_page_chrome_is_furniture(needle: str) -> None:
    text = _corpus("zh-000-seed.txt")
    assert _kind_at(zones(text), text, needle) == "furniture"


def test_seed_both_navigation_menus_are_furniture() -> None:
    text = _corpus("zh-000-seed.txt")
    zs = zones(text)
    first, last = text.index("  • 首頁"), text.rindex("  • 首頁")
    assert first != last
    assert is_furniture(zs, first) and is_furniture(zs, last)
    assert is_furniture(zs, text.rindex("  • 視頻"))


def test_seed_headline_and_dateline() -> None:
    text = _corpus("zh-000-seed.txt")
    zs = zones(text)
    headline = [z for z in zs if z.kind == "headline"]
    dateline = [z for z in zs if z.kind == "dateline"]
    assert len(headline) == 1 and len(dateline) == 1
    assert text[headline[0].start:headline[0].end].strip() == \
        "AI巨頭尋求政府擔保?美股科技股集體下跌,OpenAI緊急下場澄清"
    assert text[dateline[0].start:dateline[0].end].strip() == "发布:2025-11-10"
    assert _kinds(zs) == ["furniture", "headline", "dateline", "body", "furniture"]


# --- the whole dev corpus ----------------------------------------------------------------

def _furniture_figures(stem: str) -> tuple[list[dict], list[dict]]:
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    zs = zones(text)
    figures = _gold(stem)
    return figures, [f for f in figures if is_furniture(zs, f["start"])]


def test_every_corpus_file_is_zoned_contiguously() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        _check_contiguous(text, zones(text))


def test_english_gold_figures_are_never_furniture() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    stems = sorted(p.name[:-len(".gold.json")] for p in CORPUS.glob("en-*.gold.json"))
    assert stems
    for stem in stems:
        text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
        zs = zones(text)
        assert "furniture" not in _kinds(zs), stem
        for f in _gold(stem):
            assert zone_at(zs, f["start"]).kind in ("body", "headline", "dateline"), (stem, f)


def test_chinese_gold_figures_in_furniture_only_in_page_lists() -> None:
    """Only zh-000-seed (after 上一篇) and zh-008 (its 相關新聞 list) have figures in chrome."""
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    tails = {"zh-000-seed": "上一篇", "zh-008": "相關新聞"}
    for gold in sorted(CORPUS.glob("zh-*.gold.json")):
        stem = gold.name[:-len(".gold.json")]
        figures, furniture = _furniture_figures(stem)
        if stem in tails:
            text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
            cut = text.index(tails[stem])
            assert furniture == [f for f in figures if f["start"] >= cut], stem
            assert furniture, stem
        else:
            assert furniture == [], stem


def test_plain_articles_are_body_and_headline() -> None:
    for name in ("en-001.txt", "en-006.txt", "zh-001.txt", "zh-002.txt", "zh-007.txt", "zh-009.txt"):
        text = _corpus(name)
        assert set(_kinds(zones(text))) <= {"body", "headline"}, name


def test_wallstreetcn_notices_are_furniture_and_articles_are_body() -> None:
    text = _corpus("zh-003.txt")
    zs = zones(text)
    assert _kind_at(zs, text, "作者：邓海清") == "body"
    assert _kind_at(zs, text, "（2）从长期来看") == "body"
    assert _kind_at(zs, text, "投稿方式") == "furniture"
    text = _corpus("zh-004.txt")
    zs = zones(text)
    assert _kind_at(zs, text, "*本文来自华尔街见闻") == "furniture"
    assert _kind_at(zs, text, "摘要：早盘港股科技股重挫") == "body"
    assert _kind_at(zs, text, "舜宇光学遭瑞信下调目标价") == "body"


def test_short_lines_of_a_chatty_article_stay_body() -> None:
    text = _corpus("zh-011.txt")
    zs = zones(text)
    for needle in ("1、指数", "9月1日：复牌涨停。", "12月初：股价从高位单边下挫40%。", "社科院：呵呵"):
        assert _kind_at(zs, text, needle) == "body", needle
    assert _kind_at(zs, text, "本文来自选股宝APP") == "furniture"


def test_reuters_dateline_is_the_start_of_the_first_paragraph() -> None:
    text = _corpus("en-004.txt")
    zs = zones(text)
    assert _kinds(zs) == ["headline", "dateline", "body"]
    assert text[zs[0].start:zs[0].end].strip() == "TAIWAN CABINET APPROVES RECORD DEFICIT BUDGET"
    assert text[zs[1].start:zs[1].end].strip() == "TAIPEI, March 17 -"


# --- small pages -------------------------------------------------------------------------

ENGLISH_PAGE = """Skip to content
• Home
• World
• Business
Search
Home > Business > Economy
Factory output jumps 4% in March
Published: March 17, 2025

Factory output rose 4% in March from February, the statistics office said. Economists had expected 2%.

Exports were the main driver, up 7.5% on the year. Imports fell 1.2%.

Related articles
Oil slips 2% as demand cools
Banks lift forecasts for 2026

© 2025 Example News. All rights reserved.
"""


def test_english_page() -> None:
    zs = zones(ENGLISH_PAGE)
    _check_contiguous(ENGLISH_PAGE, zs)
    assert _kinds(zs) == ["furniture", "headline", "dateline", "body", "furniture"]
    assert _kind_at(zs, ENGLISH_PAGE, "Oil slips 2%") == "furniture"
    assert _kind_at(zs, ENGLISH_PAGE, "Imports fell 1.2%") == "body"


def test_long_paragraph_after_an_inline_read_more_is_body() -> None:
    text = ("Output rose 4% in March. Economists had expected 2%.\n\nRead more\n\n"
            "Exports were the main driver, up 7.5% on the year, the office said. "
            "Imports fell 1.2%, dragged down by weaker energy purchases abroad.\n\n"
            "Prices rose 0.3%.\n")
    zs = zones(text)
    assert _kind_at(zs, text, "Read more") == "furniture"
    assert _kind_at(zs, text, "Exports were") == "body"
    assert _kind_at(zs, text, "Prices rose 0.3%") == "body"


def test_inline_read_more_line_is_the_only_furniture() -> None:
    text = ("Factory output jumps 4% in March\n\n"
            "Factory output rose 4% in March from February, the statistics office said.\n\n"
            "Read more: Gold hits record high\n\nExports rose 7.5% on the year.\n\nImports fell 1.2%.\n")
    zs = zones(text)
    assert _kinds(zs) == ["headline", "body", "furniture", "body"]
    assert _kind_at(zs, text, "Imports fell") == "body"


CHINESE_PAGE = """新浪首页 新闻 体育 财经 娱乐 科技 博客 图片 专栏 更多
登录 | 注册
财经 > 滚动新闻 > 正文
国家统计局：10月CPI同比上涨0.2%
2025年11月10日 09:30 新浪财经
分享到：
　　新浪财经讯 国家统计局11月10日公布数据显示，10月份全国居民消费价格同比上涨0.2%。
　　其中，城市上涨0.2%，农村上涨0.1%；食品价格下降2.9%。
　　分享经济规模增长10%，国家统计局城市司首席统计师表示。
责任编辑：张三
相关阅读
11月PPI同比下降2.1%
央行：10月末M2余额同比增长8.2%
"""


def test_chinese_portal_page() -> None:
    zs = zones(CHINESE_PAGE)
    _check_contiguous(CHINESE_PAGE, zs)
    assert _kinds(zs) == ["furniture", "headline", "dateline", "furniture", "body", "furniture"]
    assert _kind_at(zs, CHINESE_PAGE, "分享经济规模增长10%") == "body"
    assert _kind_at(zs, CHINESE_PAGE, "11月PPI同比下降2.1%") == "furniture"


def test_sidebar_headlines_with_bare_dates() -> None:
    text = ("全年营收增长10%，净利润增长8%。公司表示明年将继续扩张。\n\n"
            "欧盟与南共市签署贸易协定\n\n2026-01-19\n\n专家称关税将上升\n\n美联储维持利率不变\n\n2026-01-16\n")
    zs = zones(text)
    assert _kind_at(zs, text, "全年营收") == "body"
    for needle in ("欧盟与南共市", "2026-01-19", "专家称", "2026-01-16"):
        assert _kind_at(zs, text, needle) == "furniture", needle


def test_bare_date_at_the_top_is_a_dateline() -> None:
    text = "2025-11-10\n\n全年营收增长10%，净利润增长8%。\n"
    assert _kinds(zones(text)) == ["dateline", "body"]


def test_text_without_any_paragraph() -> None:
    assert zones("") == []
    assert _kinds(zones("   \n\n")) == ["body"]
    assert _kinds(zones("Oil prices\n")) == ["headline"]


def test_zone_lookup_edges() -> None:
    text = _corpus("zh-000-seed.txt")
    zs = zones(text)
    assert is_furniture(zs, 0)
    assert is_furniture(zs, len(text) - 1)
    assert not is_furniture(zs, len(text))
    assert not is_furniture(zs, -1)
    for z in zs:
        assert zone_at(zs, z.start) is z and zone_at(zs, z.end - 1) is z


@pytest.mark.parametrize("unit", [".", "。", "a.", "a@", "• a\n", "2026-01-19\n", "相關推荐\n"])
def test_linear_time_on_pathological_input(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    t0 = time.process_time()
    _check_contiguous(text, zones(text))
    assert time.process_time() - t0 < 5.0


ARCHIVE = """Chipmaker lifts forecast as data-center sales triple

Published: Nov. 10, 2025

The chipmaker said on Monday that revenue rose 12% to $9.4 billion in the quarter, and it raised its forecast for the year as demand for data-center parts kept climbing.

Shares rose 4% in late trading after the results, which beat the average analyst estimate by a wide margin.

© 2025 Example Wire. All rights reserved.
About us
Contact us

Oil prices fall for a third week

Brent crude fell 2% to $64 a barrel on Friday, its third weekly loss in a row, as traders weighed rising output against weaker demand in Asia.

OPEC+ agreed to raise output by 137,000 barrels a day in December, the group said after a short online meeting on Sunday.

© 2025 Example Wire. All rights reserved.
Privacy policy
Follow us on 12 networks
"""


def test_an_archive_of_articles_restarts_after_each_footer() -> None:
    zs = zones(ARCHIVE)
    _check_contiguous(ARCHIVE, zs)
    assert _kind_at(zs, ARCHIVE, "revenue rose 12%") == "body"
    assert _kind_at(zs, ARCHIVE, "About us") == "furniture"
    assert _kind_at(zs, ARCHIVE, "Oil prices fall") == "headline"
    assert _kind_at(zs, ARCHIVE, "Brent crude fell 2%") == "body"
    assert _kind_at(zs, ARCHIVE, "OPEC+ agreed") == "body"
    # after the last footer only short lines follow: still furniture
    assert _kind_at(zs, ARCHIVE, "Follow us on 12") == "furniture"
    assert _kind_at(zs, ARCHIVE, "Privacy policy") == "furniture"


def test_cue_unions_answer_as_a_plain_search_would() -> None:
    """_Cue tries '^' patterns once at the start: the same answers as re.search on the union."""
    from factcheck.text.zones import _Cue, _union
    from factcheck.text.segment import text_data

    table = text_data("zones")
    lines = [ln for p in sorted((Path(__file__).resolve().parents[1] / "samples").iterdir())
             if p.suffix in (".txt", ".md") for ln in p.read_text(encoding="utf-8").splitlines()]
    lines += ["© 2025 Example Wire", "Related", "Related:", "上一篇:亞太股市", "版权所有 2025",
              "Read more: Gold hits record high", "關於我們", "x ^ y", "", "About us "]
    for key, patterns in table.items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            continue
        cue, plain = _Cue(patterns), _union(patterns)
        for line in lines:
            assert cue.search(line) == bool(plain.search(line)), (key, line)


def test_kinds_at_agrees_with_zone_at() -> None:
    """The merge walk over sorted offsets answers as one binary search per offset would,
    and an unsorted list still gets the right answers."""
    import random

    from factcheck.text.zones import kinds_at

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(
        (Path(__file__).resolve().parents[1] / "samples").iterdir()) if p.suffix in (".txt", ".md"))
    zs = zones(text)
    assert len({z.kind for z in zs}) >= 3
    rng = random.Random(7)
    offsets = sorted(rng.randrange(-5, len(text) + 5) for _ in range(3000)) + [0, len(text) - 1, len(text)]
    offsets.sort()
    expect = [z.kind if (z := zone_at(zs, o)) else None for o in offsets]
    assert kinds_at(zs, offsets) == expect
    rng.shuffle(offsets)
    assert kinds_at(zs, offsets) == [z.kind if (z := zone_at(zs, o)) else None for o in offsets]
    assert kinds_at([], [0, 3]) == [None, None]
