"""Fonts by script, in a real browser: Debian's Chromium, headless, driven by Playwright,
asked through the DevTools protocol which platform font drew each text
(`CSS.getPlatformFontsForNode`). Han characters look different in Simplified and
Traditional Chinese; a page must be drawn with faces of its own script, and text marked in
another script (a Simplified fallback inside a Traditional page) with that script's.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.test_browser import browser  # noqa: F401  (the fixture)
from tests.test_languages import SIMPLIFIED, TRADITIONAL, make_site, translate

CHINESE_FIRST = """\
---
title: 门诊楼开放
lang: zh-CN
date: 2023-01-06
---

新门诊楼今天开放，挂号处设在一楼。

停车场入口在医院后门。
"""

CHINESE_FIRST_TW = {
    "门诊楼开放": "門診大樓開放",
    "新门诊楼今天开放，挂号处设在一楼。": "新門診大樓今天開放，掛號處設在一樓。",
    # the second paragraph is left untranslated: it falls back to the Simplified source
}

JAPANESE = {
    "The hospital opens a new clinic": "病院が新しい診療所を開設",
    "The clinic is open every day.": "診療所は毎日開いています。",
    "Doctors answer questions on the phone.": "医師が電話で質問に答えます。",
}


@pytest.fixture
def site(tmp_path, run) -> Path:
    root = make_site(tmp_path / "site", 'below_threshold = "fallback"\n')
    config = root / "pyproject.toml"
    config.write_text(config.read_text().replace('"zh_TW"]', '"zh_TW", "ja"]'))
    (root / "source/opening.md").write_text(CHINESE_FIRST, encoding="utf-8")
    assert run(root, "update").exit_code == 0
    translate(root, "zh_CN", SIMPLIFIED)
    translate(root, "zh_TW", {**TRADITIONAL, **CHINESE_FIRST_TW})
    translate(root, "ja", JAPANESE)
    result = run(root, "build")
    assert result.exit_code == 0, result.stderr
    po = polib.pofile(str(root / "locales/zh_TW/LC_MESSAGES/opening.po"))
    assert [e.msgid for e in po if not e.msgstr] == ["停车场入口在医院后门。"]
    return root


def fonts(page, selector: str) -> list[str]:
    """The platform fonts that drew the text directly inside the first match, most glyphs
    first."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}
    )
    assert node["nodeId"], selector
    found = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    cdp.detach()
    return [f["familyName"] for f in sorted(found, key=lambda f: -f["glyphCount"])]


def test_each_script_is_drawn_with_its_own_faces(site, browser):  # noqa: F811
    page = browser.new_page()
    page.goto((site / "output/zh-hant/clinic.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert page.locator(".article-body p").first.inner_text() == "診所每天開放。"
    assert fonts(page, ".article-body p")[0] == "Noto Sans CJK TC"
    assert fonts(page, "h1")[0] == "Noto Sans CJK TC"

    page.goto((site / "output/zh-hans/clinic.html").as_uri())
    assert page.locator(".article-body p").first.inner_text() == "诊所每天开放。"
    assert fonts(page, ".article-body p")[0] == "Noto Sans CJK SC"


def test_japanese_is_drawn_with_japanese_faces(site, browser):  # noqa: F811
    page = browser.new_page()
    page.goto((site / "output/ja/clinic.html").as_uri())
    assert page.locator(".article-body p").first.inner_text() == "診療所は毎日開いています。"
    assert fonts(page, ".article-body p")[0] == "Noto Sans CJK JP"


def test_a_simplified_fallback_keeps_simplified_faces_in_a_traditional_page(site, browser):  # noqa: F811
    page = browser.new_page()
    page.goto((site / "output/zh-hant/opening.html").as_uri())
    translated = ".article-body p:not([lang])"
    fallback = '.article-body p[lang="zh-Hans"]'
    assert page.locator(translated).inner_text() == "新門診大樓今天開放，掛號處設在一樓。"
    assert page.locator(fallback).inner_text() == "停车场入口在医院后门。"
    assert fonts(page, translated)[0] == "Noto Sans CJK TC"
    assert fonts(page, fallback)[0] == "Noto Sans CJK SC"
