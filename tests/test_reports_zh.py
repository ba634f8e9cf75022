"""Team reports in Simplified Chinese (``--language zh``).

- The labels: the Chinese dictionary has the English placeholders and the course's terms.
- The figures: ``build(..., language="zh")`` gives exactly the English numbers; only words
  differ (every team).
- The pages, for real (kernels, papermill, nbconvert, one batch for every sample team): no
  English word left in what a reader sees, charts included, apart from the user's data
  (team, region, product, account and loss-reason names) and a few units and
  abbreviations; every number printed is the one the English report prints.
- Headless Chromium: the page and its charts are set in a CJK font (no missing-glyph
  boxes); a screenshot goes to tests/artifacts/team_report_zh.png.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import re
import shutil
import string
from collections import Counter

import pytest

from valuekit import funnel, team_report
from valuekit.reports import runner

#: Latin words a Chinese report may show that are not data: units and abbreviations (US$:
#: the dollar as CLDR writes it for zh_CN), the win/loss statuses, the CLV model's name and
#: the citation of its source.
ALLOWED_LATIN = {"USD", "US", "CLV", "sBG", "W", "L", "C", "D", "PDF", "Fader", "Hardie"}

#: Labels whose Chinese text may leave out an English placeholder (and why): none since the
#: labels are a gettext catalog (`valuekit i18n check` requires the same fields).
DROPPED_PLACEHOLDERS: dict[str, set[str]] = {}

#: Figures that are words (they follow the language); every other figure must be identical.
WORD_FIELDS = {"title", "language", "strategy_name", "led_by", "goal", "first_action", "text",
               "label"}  # label: a win/loss progress row's stage name

TWO_TEAMS = ("T06", "T10")


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def _text(page: str) -> str:
    """The words a reader sees: tags, styles and scripts removed, entities decoded."""
    page = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def _svgs(page: str) -> list[str]:
    return [
        base64.b64decode(data).decode("utf-8")
        for data in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    ]


def _svg_texts(svg: str) -> list[str]:
    """The texts a chart draws (titles, axis titles and labels, legends, bar labels)."""
    return [html.unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def _visible(page: str) -> str:
    """Everything a reader sees on a page: its text and the texts of its charts."""
    return " ".join([_text(page), *(" ".join(_svg_texts(s)) for s in _svgs(page))])


def _data_phrases(tables) -> list[str]:
    """Names that come from the user's data, as the report prints them."""
    teams, products = tables["teams"], tables["products"]
    reasons = tables["opportunities"]["loss_reason"].dropna().unique()
    phrases = {
        *teams["team_name"], *teams["team_id"], *teams["region"].str.title(),
        *products["product_name"], *products["product_id"], *tables["accounts"]["account_name"],
        *(r.replace("_", " ") for r in reasons),
    }
    return sorted((str(p) for p in phrases if str(p)), key=len, reverse=True)


def _english_left(text: str, data_phrases: list[str]) -> list[str]:
    """Latin words of ``text`` once the data's names are taken out, less the allowed ones."""
    for phrase in data_phrases:
        text = text.replace(phrase, " ")
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    return sorted({w for w in words if w not in ALLOWED_LATIN})


def _english_label_words() -> set[str]:
    """Every word of the English labels (placeholders left out)."""
    words = set()
    for text in team_report.LABELS["en"].values():
        words |= set(re.findall(r"[A-Za-z][A-Za-z'-]*", re.sub(r"\{[^}]*\}", " ", text)))
    return words


def _leaves(x, path=()):
    """(path, value) of every leaf of a JSON value."""
    if isinstance(x, dict):
        for key, value in x.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(x, list):
        for i, value in enumerate(x):
            yield from _leaves(value, (*path, i))
    else:
        yield path, x


def _same_numbers(en: dict, zh: dict) -> list[str]:
    """Where the zh figures differ from the en ones other than in words (empty: none)."""
    a, b = dict(_leaves(en)), dict(_leaves(zh))
    problems = [f"only in one: {p}" for p in set(a) ^ set(b)]
    for path in sorted(set(a) & set(b), key=str):
        key = next((k for k in reversed(path) if isinstance(k, str)), "")
        if key in WORD_FIELDS:
            continue
        if path[:1] == ("win_loss_total",) and key == "product_name":
            continue  # "Total" / "合计"
        if a[path] != b[path] or type(a[path]) is not type(b[path]):
            problems.append(f"{path}: {a[path]!r} != {b[path]!r}")
    return problems


# ---------------------------------------------------------------------------------------
# Labels


def test_zh_is_a_language_of_the_report():
    assert "zh" in team_report.LANGUAGES
    assert set(team_report.labels("zh")) == set(team_report.labels("en"))
    with pytest.raises(ValueError, match=r"available: en, zh"):
        team_report.labels("fr")


@pytest.mark.parametrize("language", [lang for lang in team_report.LANGUAGES if lang != "en"])
def test_every_language_keeps_the_placeholders(language):
    """zh (and any language added later): the placeholders of en, no other (an unknown one
    would raise KeyError when the report fills it in)."""
    en, words = team_report.LABELS["en"], team_report.LABELS[language]
    for key, text in en.items():
        theirs, ours = _placeholders(words[key]), _placeholders(text)
        assert theirs <= ours, (key, theirs - ours)
        assert ours - theirs <= DROPPED_PLACEHOLDERS.get(key, set()), (key, ours - theirs)


def test_zh_uses_the_course_terms():
    zh = team_report.LABELS["zh"]
    assert [zh[f"stage_{s}"] for s in ("potential", "possible", "target", "effective")] == [
        "潜在客户", "可能客户", "目标客户", "有效客户"]
    # Moore's names (deck 000), Rogers' next to them (TERMS.md)
    assert [zh[f"group_{g}"] for g in team_report.ADOPTER_GROUPS] == [
        "科技狂热分子（创新者）", "远见家（早期采用者）", "实业家（早期大众）",
        "保守人士（后期大众）", "怀疑分子（落后者）"]
    # deck 001: 输赢报告 (W 赢, L 输, C 继续, D 延迟) and 滚动作业计划, never 滚动预测
    assert zh["section_winloss"] == "输赢报告" and zh["section_forecast"] == "滚动作业计划"
    assert "W 赢，L 输，C 继续，D 延迟" in zh["winloss_intro"]
    assert not any("滚动预测" in t or "留存" in t for t in zh.values())
    assert "客户终身价值" in zh["clv"] and "鸿沟" in zh["action_early_market"]
    for key, s in funnel.STRATEGIES.items():
        # the Chinese names are the funnel module's; the English ones are its texts
        assert zh[f"strategy_name_{key}"] == s.chinese
        assert zh[f"strategy_led_by_{key}"] == s.led_by_chinese
        en = team_report.LABELS["en"]
        assert en[f"strategy_name_{key}"] == s.name and en[f"strategy_goal_{key}"] == s.goal
        assert en[f"strategy_led_by_{key}"] == s.led_by
        assert en[f"strategy_first_action_{key}"] == s.actions[0]


def test_zh_labels_hold_no_english_word():
    for key, text in team_report.LABELS["zh"].items():
        if key == "html_lang":
            continue
        assert _english_left(re.sub(r"\{[^}]*\}", " ", text), []) == [], key


def test_numbers_are_written_the_english_way_but_money_with_wan():
    for kind, value in (("pct", 0.12345), ("days", 131.4), ("ratio", 1.254), ("count", 1234)):
        assert team_report.format_value(kind, value, "zh") == team_report.format_value(
            kind, value, "en")
    assert team_report.format_value("pct", None, "zh") == "无数据"
    # money: 万/亿 (valuekit.i18n.money), whole units below 10,000 as in English
    assert team_report.format_value("money", 1234567.4, "zh") == "US$123.5万"
    assert team_report.format_value("money", 203_426_936, "zh") == "US$2.03亿"
    assert team_report.format_value("money", -950.4, "zh") == "-US$950"
    assert team_report.format_value("money", 0.0, "zh") == "US$0"
    assert team_report.format_value("money", 1234567.4, "en") == "$1,234,567"


def test_cli_refuses_an_unknown_language_naming_en_and_zh(tmp_path, capsys, monkeypatch):
    import papermill

    from valuekit import cli

    def no_kernel(*args, **kwargs):
        raise AssertionError("no kernel may start")

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    code = cli.main(["report", "--team", "T10", "--out", str(tmp_path / "o"), "--language",
                     "fr", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "language 'fr'" in err and "available: en, zh" in err


@pytest.mark.slow
def test_cli_writes_a_zh_report(tmp_path, capsys):
    from valuekit import cli

    out = tmp_path / "o"
    code = cli.main(["report", "--team", "West Enterprise", "--out", str(out), "--language",
                     "zh", "--quiet"])
    std = capsys.readouterr()
    assert code == 0, std.err
    assert std.out.startswith("已将 1/1 份团队报告写入 ")  # the command's line follows --language
    (page,) = [p for p in out.glob("*.html") if p.name != "index.html"]
    text = _text(page.read_text(encoding="utf-8"))
    assert text.startswith("团队报告：West Enterprise") and "三项建议行动" in text
    assert "团队报告" in _text((out / "index.html").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------
# Figures: the same numbers in both languages


@pytest.fixture(scope="module")
def tables():
    return team_report.load_tables()


def test_zh_figures_equal_the_english_ones_for_every_team(tables):
    for team_id, _name in team_report.team_list(tables):
        en = team_report.build(tables, team_id, language="en").figures
        zh = team_report.build(tables, team_id, language="zh").figures
        assert _same_numbers(en, zh) == [], team_id
        assert zh["language"] == "zh" and zh["title"].startswith("团队报告：")
        assert [a["rule"] for a in zh["actions"]] == [a["rule"] for a in en["actions"]]
        assert [a["score"] for a in zh["actions"]] == [a["score"] for a in en["actions"]]


def test_zh_actions_cite_the_same_numbers():
    figures = {
        "headline": {k: {"team": 0.2, "company": 0.2} for k, _ in team_report.HEADLINE},
        "coverage": {"team": 0.7, "company": 0.7},
        "customers": {"top20_share": 0.6, "top20_share_company": 0.6},
        "adopters": {"early_market": {"team": 0.16, "company": 0.16}},
        "bottleneck": {"rate": 0.25, "company_rate": 0.5, "from_stage": "possible",
                       "to_stage": "target", "strategy_name": "优势策略",
                       "first_action": "与客户一起明确其关键问题。"},
        "loss_reasons": [{"reason": "no_budget", "share": 0.41}],
    }
    figures["headline"]["churn_rate"] = {"team": 0.30, "company": 0.10}
    figures["headline"]["cycle_days"] = {"team": 130.0, "company": 100.0}
    zh = team_report.recommend(figures, "zh")
    en = team_report.recommend(figures, "en")
    assert [a["rule"] for a in zh] == [a["rule"] for a in en] == ["churn", "bottleneck", "cycle"]
    assert "30.0%" in zh[0]["text"] and "10.0%" in zh[0]["text"]
    assert "可能客户 → 目标客户" in zh[1]["text"] and "优势策略" in zh[1]["text"]
    assert "25.0%" in zh[1]["text"] and "50.0%" in zh[1]["text"]
    assert "130 天" in zh[2]["text"] and "100 天" in zh[2]["text"]


# ---------------------------------------------------------------------------------------
# The pages: every sample team in Chinese, one batch


@pytest.fixture(scope="session")
def zh_sample(tmp_path_factory):
    from valuekit import data

    folder = tmp_path_factory.mktemp("sample-zh")
    for name in team_report.REPORT_TABLES:
        shutil.copy(data.SAMPLE_DIR / f"{name}.csv", folder / f"{name}.csv")
    return folder


@pytest.fixture(scope="session")
def zh_tables(zh_sample):
    return team_report.load_tables(zh_sample)


@pytest.fixture(scope="session")
def zh_batch(tmp_path_factory, zh_sample):
    out = tmp_path_factory.mktemp("reports-zh")
    batch = runner.run_reports(["all"], out, data_dir=zh_sample, language="zh",
                               progress=False)
    return out, batch


@pytest.fixture(scope="session")
def en_batch(tmp_path_factory, zh_sample):
    out = tmp_path_factory.mktemp("reports-en")
    batch = runner.run_reports(list(TWO_TEAMS), out, data_dir=zh_sample, language="en",
                               progress=False)
    return out, batch


@pytest.mark.slow
def test_every_sample_team_has_a_zh_report(zh_batch, zh_tables):
    out, batch = zh_batch
    assert [r.error for r in batch.failed] == []
    assert len(batch.results) == len(team_report.team_list(zh_tables)) == 12
    for r in batch.results:
        # the notebook parameter reached the kernel: its figures are the zh build's
        expected = team_report.build(zh_tables, r.team.team_id, language="zh").figures
        assert {k: v for k, v in r.figures.items() if k != "changes"} == expected, \
            r.team.team_id
        page = r.html.read_text(encoding="utf-8")
        assert page.count('<html lang="zh-CN">') == 1  # the page's root, not only sections
        assert page.count('src="data:image/svg+xml;base64,') >= 5


@pytest.mark.slow
def test_zh_pages_show_no_english_but_data(zh_batch, zh_tables):
    out, batch = zh_batch
    phrases = _data_phrases(zh_tables)
    label_words = _english_label_words()
    pages = [r.html for r in batch.results] + [out / "index.html"]
    for path in pages:
        left = _english_left(_visible(path.read_text(encoding="utf-8")), phrases)
        assert left == [], (path.name, "English label words:",
                            sorted(set(left) & label_words), "other:", left)


def test_english_left_catches_an_english_label():
    """The check above finds an English label word, in the page or in a chart."""
    phrases = ["West Enterprise"]
    assert _english_left("团队报告：West Enterprise 赢单率 24.5%", phrases) == []
    assert _english_left("团队报告：West Enterprise Win rate 24.5%", phrases) == ["Win", "rate"]
    svg = base64.b64encode(b"<svg><text>450  (66% of previous)</text></svg>").decode()
    page = f'<p>漏斗</p><img src="data:image/svg+xml;base64,{svg}">'
    assert _english_left(_visible(page), phrases) == ["of", "previous"]


def _zh_money(text: str) -> str:
    """An English page's money figures written as the Chinese report writes them."""
    def zh(match: re.Match) -> str:
        amount = float(match.group().replace("$", "").replace(",", ""))
        return team_report.format_value("money", amount, "zh")

    return re.sub(r"-?\$[\d,]+", zh, text)


def _numbers(text: str) -> list[str]:
    return re.findall(r"[-+]?\$?\d[\d,]*(?:\.\d+)?%?x?", text)


def _figure_tokens(text: str) -> Counter:
    """Printed figures: money, percentages with a decimal and ISO dates (label texts hold
    only round numbers such as "20%", so these come from the figures)."""
    return Counter(re.findall(
        r"-?(?:US)?\$[\d,]+(?:\.\d+)?[万亿]?|[-+]?\d+\.\d%|\d{4}-\d{2}(?:-\d{2})?", text))


@pytest.mark.slow
@pytest.mark.parametrize("team_id", TWO_TEAMS)
def test_zh_pages_print_the_english_numbers(zh_batch, en_batch, team_id):
    zh = next(r for r in zh_batch[1].results if r.team.team_id == team_id)
    en = next(r for r in en_batch[1].results if r.team.team_id == team_id)
    assert not en_batch[1].failed
    zh_page, en_page = (r.html.read_text(encoding="utf-8") for r in (zh, en))
    assert en_page.count('<html lang="en">') == 1 and 'lang="zh-CN"' not in en_page
    # the numbers of the numeric table cells, in order ("+12.3% (better)": "+12.3%")
    cells = re.compile(r'<td class="num">(.*?)</td>')
    # (money: the English amount written with 万/亿, as format_value writes it in Chinese)
    zh_cells = [_numbers(_text(c)) for c in cells.findall(zh_page)]
    assert zh_cells == [_numbers(_zh_money(_text(c))) for c in cells.findall(en_page)]
    assert sum(map(len, zh_cells)) > 50
    # every chart draws the same numbers (axes, bar labels), in the same order
    zh_svgs, en_svgs = _svgs(zh_page), _svgs(en_page)
    assert len(zh_svgs) == len(en_svgs) >= 5
    for a, b in zip(zh_svgs, en_svgs, strict=True):
        assert _numbers(" ".join(_svg_texts(a))) == _numbers(_zh_money(" ".join(_svg_texts(b))))
    # every money figure, percentage and date of the text, as often in both
    assert _figure_tokens(_text(zh_page)) == _figure_tokens(_zh_money(_text(en_page)))
    # the headline rows: zh label, then the same team and company figures
    text = _text(zh_page)
    for key, kind in team_report.HEADLINE:
        h = zh.figures["headline"][key]
        row = " ".join([team_report.labels("zh")[key],
                        team_report.format_value(kind, h["team"], "zh"),
                        team_report.format_value(kind, h["company"], "zh")])
        assert row in text, row
    for action in zh.figures["actions"]:
        assert action["text"] in text


# ---------------------------------------------------------------------------------------
# Headless Chromium: Chinese glyphs, not boxes


def _fonts_of(page, selector: str) -> dict[str, int]:
    """Font families Chromium used for the text of the first node ``selector`` matches
    (with the glyph count of each), from the DevTools protocol."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["familyName"]: f["glyphCount"] for f in fonts}


@pytest.mark.browser
@pytest.mark.slow
def test_zh_report_renders_chinese_in_chromium(zh_batch, browser):
    from browser.helpers import chart_images, guard_network, screenshot

    result = next(r for r in zh_batch[1].results if r.team.team_name == "West Enterprise")
    blocked: list[str] = []
    # The shared session browser (tests/conftest.py): only the context is this test's.
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        guard_network(context, blocked)
        page = context.new_page()
        page.goto(result.html.as_uri(), wait_until="load")
        assert page.locator("h1").first.inner_text() == "团队报告：West Enterprise"
        headings = page.locator(".vk-report h2").all_inner_texts()
        assert "三项建议行动" in headings and "漏斗与瓶颈" in headings
        assert page.locator("ol.vk-actions li").count() == 3
        assert chart_images(page) >= 5
        broken = page.evaluate(
            "() => Array.from(document.images)"
            ".filter(i => !i.complete || !i.naturalWidth).length"
        )
        assert broken == 0
        # the page's Chinese is set in a CJK font
        for selector in ("h1", ".vk-report h2", "ol.vk-actions li"):
            fonts = _fonts_of(page, selector)
            assert any("CJK" in f for f in fonts), (selector, fonts)
        shot = screenshot(page, "team_report_zh")
        # each chart's Chinese texts too: its SVG, inline in a page, measured the same way
        svgs = _svgs(result.html.read_text(encoding="utf-8"))
        for i, svg in enumerate(svgs):
            body = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
            page.set_content(f'<html lang="zh-CN"><body>{body}</body></html>')
            texts = page.evaluate(
                "() => Array.from(document.querySelectorAll('svg text'), t => t.textContent)"
            )
            chinese = [j for j, t in enumerate(texts) if re.search(r"[\u4e00-\u9fff]", t)]
            assert chinese, (i, texts)
            page.evaluate("() => document.querySelectorAll('svg text')"
                          ".forEach((t, j) => t.setAttribute('data-vk', j))")
            for j in chinese:
                fonts = _fonts_of(page, f'svg text[data-vk="{j}"]')
                assert any("CJK" in f for f in fonts), (i, texts[j], fonts)
    finally:
        context.close()
    assert blocked == []
    assert shot.is_file() and shot.stat().st_size > 50_000


# ---------------------------------------------------------------------------------------
# The catalog (reports.po) and the glossary


def test_every_report_label_has_a_chinese_translation_in_the_catalog():
    """The Chinese comes from reports.po, entry by entry: no label falls back to English
    (only the ones that are the same in both languages: an abbreviation, a number)."""
    from valuekit.i18n import catalogs

    po = catalogs.read_catalog(catalogs.library_paths("reports")[1])
    translated = {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}
    english = team_report.labels("en")
    missing = sorted(k for k, text in english.items()
                     if k != "html_lang" and text not in translated)
    assert missing == []
    zh = team_report.labels("zh")
    assert {k for k in english if zh[k] == english[k]} == {"col_clv", "relative"}
    # and the English labels are exactly the msgids: nothing English left in labels.py
    assert zh["section_winloss"] == translated[english["section_winloss"]]


def test_kit_categories_show_in_chinese_and_other_values_as_before():
    zh, en = team_report.labels("zh"), team_report.labels("en")
    assert team_report.category(zh, "region", "north") == "北区"
    assert team_report.category(zh, "reason", "no_budget") == "没有预算"
    assert team_report.category(en, "region", "north") == "North"  # as .title() printed it
    assert team_report.category(en, "reason", "competitor_features") == "competitor features"
    # a user's own value (not one of the kit's categories) is left as the English prints it
    assert team_report.category(zh, "region", "emea_central") == "Emea_Central"
    assert team_report.category(zh, "reason", "lost_to_inhouse") == "lost to inhouse"
    from valuekit.schema import LOSS_REASONS, REGIONS

    for value in REGIONS:
        assert re.search(r"[\u4e00-\u9fff]", team_report.category(zh, "region", value))
    for value in LOSS_REASONS:
        assert re.search(r"[\u4e00-\u9fff]", team_report.category(zh, "reason", value))


def _glossary() -> dict[str, str]:
    """English -> 中文 of every row of docs/glossary.md's tables."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "glossary.md").read_text(
        encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and cells[0] not in ("English", "---"):
            rows[cells[0]] = cells[1]
    return rows


def _terms(cell: str) -> set[str]:
    """The words of a glossary cell: "倾向型策略（简称倾向策略）" -> {倾向型策略, 倾向策略}."""
    parts = re.split(r"[（）/、，]|简称", cell)
    return {p.strip() for p in parts if p.strip()}


def test_report_terms_agree_with_the_glossary():
    g, zh = _glossary(), team_report.labels("zh")
    for stage in ("potential", "possible", "target", "effective"):
        assert zh[f"stage_{stage}"] == g[f"{stage} customers"]
    for key in funnel.STRATEGIES:
        assert zh[f"strategy_name_{key}"] in _terms(g[f"{key} strategy"]), key
    groups = {"innovator": "technology enthusiasts (innovators)",
              "early_adopter": "visionaries (early adopters)",
              "early_majority": "pragmatists (early majority)",
              "late_majority": "conservatives (late majority)",
              "laggard": "skeptics (laggards)"}
    for key, row in groups.items():
        assert zh[f"group_{key}"] == g[row], key
    winloss = g["win/loss report (W/L/C/D)"]
    assert zh["section_winloss"] == winloss.split("（")[0]
    status = re.compile(r"([WLCD]) ([^，、。）\s]+)")
    assert status.findall(zh["winloss_intro"]) == status.findall(winloss)
    assert zh["section_forecast"] == g["rolling plan / forecast"]
    assert g["customer lifetime value (CLV)"].split("（")[0] in zh["clv"]


def test_the_glossary_check_bites():
    """_terms and the status pattern find a disagreement."""
    assert "倾向策略" not in _terms("倾向性策略（简称倾向性）")
    status = re.compile(r"([WLCD]) ([^，、。）\s]+)")
    assert status.findall("W 赢单，L 丢单，C 继续，D 延迟。") != status.findall(
        "输赢报告（W 赢、L 输、C 继续、D 延迟）")


def test_the_rolling_plan_chart_writes_money_in_wan(tables):
    """The forecast chart's amount axis: US$…万 in Chinese (the text's format), the same
    ticks as the English chart's dollars."""
    from valuekit.reports import render

    zh = _svgs(str(render.forecast(team_report.build(tables, "T10", language="zh"))))
    en = _svgs(str(render.forecast(team_report.build(tables, "T10", language="en"))))
    zh_texts, en_texts = " ".join(_svg_texts(zh[0])), " ".join(_svg_texts(en[0]))
    assert "万" in zh_texts and "$" in en_texts and "万" not in en_texts
    ticks = re.compile(r"-?(?:US)?\$[\d,.]+[万亿]?")
    assert ticks.findall(zh_texts) == ticks.findall(_zh_money(en_texts))
    assert len(ticks.findall(zh_texts)) >= 3


# ---------------------------------------------------------------------------------------
# Chinese punctuation: full-width brackets in Chinese sentences (the walk of the two-day
# agenda, E3/E6), English exactly as before


def _shown(markup: str) -> str:
    return _text(re.sub(r'src="data:[^"]*"', "", markup))


def _with_flags(report, state: str):
    """``report`` as a run that compares with an earlier one: every action ``state``."""
    changes = {"compare_to": "2025-11-30", "source": "earlier/index.json",
               "actions": {f"{a['rule']}:{a['metric']}": state
                           for a in report.figures["actions"]}}
    return dataclasses.replace(report, figures=dict(report.figures, changes=changes))


@pytest.mark.parametrize("team_id", TWO_TEAMS)
def test_zh_report_sections_use_full_width_brackets(tables, team_id):
    from valuekit.reports import render

    report = team_report.build(tables, team_id, language="zh")
    sections = [render.header, render.headline, render.funnel, render.win_loss, render.forecast,
                render.customers, render.adopters, render.actions, render.notes]
    text = " ".join(_shown(str(s(report))) for s in sections)
    assert "（与公司相差 " in text
    assert re.findall(r"[()\[\]]", text) == [], re.findall(r".{12}[()\[\]].{12}", text)
    actions = str(render.actions(_with_flags(report, "repeated")))
    assert "。<span" in actions or "）<span" in actions  # no space before （ or 【
    assert re.search(r'<span class="vk-flag">【自 2025-11-30 起重复】</span>', actions), actions
    assert "【新增】" in str(render.actions(_with_flags(report, "new")))


def test_english_report_brackets_are_as_before(tables):
    from valuekit.reports import render

    report = _with_flags(team_report.build(tables, "T06", language="en"), "repeated")
    actions = str(render.actions(report))
    assert re.search(r'\. <span class="vk-note">\([−+][\d.]+ points? against the company\)'
                     r'</span> <span class="vk-flag">\[repeated since 2025-11-30\]</span>',
                     actions), actions


def _index_entry(tables, team_id: str, language: str) -> dict:
    report = team_report.build(tables, team_id, language=language)
    return {"team_id": team_id, "team_name": report.team_name, "html": f"{team_id}.html",
            "pdf": None, "figures": report.figures, "period_end": report.figures["period_end"]}


def test_index_rows_write_the_team_id_in_full_width_brackets(tables):
    from valuekit.reports import render

    zh = render.index_page([_index_entry(tables, "T06", "zh")], language="zh")
    assert 'East Public Sector<span class="note">（T06）</span>' in zh
    assert re.findall(r"[()\[\]]", _text(zh.split("<script>")[0])) == []
    en = render.index_page([_index_entry(tables, "T06", "en")], language="en")
    assert 'East Public Sector <span class="note">(T06)</span>' in en


def test_the_progress_bar_reads_chinese_and_english_is_tqdms_own():
    from tqdm import tqdm

    from valuekit import i18n

    en_format = runner._PROGRESS_BAR
    with i18n.using("zh"):
        zh_format = i18n.localize(en_format, "reports")
        unit, desc = (i18n.localize(w, "reports") for w in ("team", "team reports"))
    zh = tqdm.format_meter(1, 2, 3.4, ncols=80, prefix=desc, unit=unit, bar_format=zh_format)
    assert zh.startswith("团队报告： 50%|") and "1/2［已用 00:03，约剩 00:03，" in zh, zh
    assert "s/份］" in zh and ": " not in zh and "team" not in zh
    for n in (0, 1, 2):  # the English bar: exactly tqdm's default layout
        assert tqdm.format_meter(n, 2, 3.4, ncols=80, prefix="team reports", unit="team",
                                 bar_format=en_format) == tqdm.format_meter(
            n, 2, 3.4, ncols=80, prefix="team reports", unit="team")


# ---------------------------------------------------------------------------------------
# Potential customers: 5% in the weighted pipeline, 10% in the progress table; the report
# says which is which (E4), in both languages, with the numbers the code uses


def test_the_report_says_where_potential_is_5_and_where_10_percent():
    from valuekit.schema import DEFAULT_STAGE_PROBABILITY

    weight = f"{DEFAULT_STAGE_PROBABILITY['potential']:.0%}"
    mark = f"{funnel.PROGRESS_MARKS[('potential', False)]:.0%}"
    assert (weight, mark) == ("5%", "10%")  # two numbers for two things
    en, zh = team_report.labels("en"), team_report.labels("zh")
    assert f"potential {weight} (the kit's; the win/loss table's {mark}" in en["notes"]
    assert f"potential {mark} and effective" in en["progress_intro"]
    assert f"open potential deal at {weight}, its chance of being won" in en["progress_intro"]
    assert f"潜在客户 {weight}（本套件的假设；“按进度”表中潜在客户的 {mark} " in zh["notes"]
    assert f"潜在客户 {mark} 和有效客户" in zh["progress_intro"]
    assert f"未结的潜在客户按 {weight} 计" in zh["progress_intro"]
