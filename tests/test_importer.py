"""`pipeline import`: slugs, a copied page's chrome (breadcrumb, credit, copyright), escapes."""

from __future__ import annotations

import polib
import pytest

NBSP = "\u00a0"


def test_a_bad_slug_option_is_named_as_the_option(project, run, tmp_path):
    root = project()
    text = tmp_path / "story.txt"
    text.write_text("A title\n\nText.\n")
    result = run(root, "import", str(text), "--slug", "Bad_Slug")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --slug 'Bad_Slug' is not a valid slug: use lowercase a-z, 0-9 and single hyphens\n"
    )
    assert not (root / "source/Bad_Slug.md").exists()


def test_a_bad_file_name_suggests_the_slug_option(project, run, tmp_path):
    root = project()
    text = tmp_path / "004_seed.txt"
    text.write_text("The Affiliated Children's Hospital\n\nText.\n")
    result = run(root, "import", str(text))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {text}: file name '004_seed' is not a valid slug; pass one with --slug, e.g. "
        "--slug the-affiliated-childrens-hospital\n"
    )
    assert sorted(p.name for p in (root / "source").glob("*.md")) == ["hello.md"]


def test_breadcrumb_and_copyright_are_left_out_and_reported(project, run, tmp_path):
    root = project()
    text = tmp_path / "seed.txt"
    text.write_text(
        f"Home{NBSP}{NBSP}Affiliated Hospitals of CQMU{NBSP}{NBSP}\n"
        "The Affiliated Children's Hospital\n\n"
        "The hospital was established in 1956.\n\n"
        "Copyright:2012 Chongqing Medical University  All Rights Reserved\n"
    )
    result = run(root, "import", str(text))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"warning: {text}:1: breadcrumb left out: 'Home > Affiliated Hospitals of CQMU'; check it",
        f"warning: {text}:6: copyright line left out: 'Copyright:2012 Chongqing Medical "
        "University All Rights Reserved'; check it",
    ]
    assert (root / "source/seed.md").read_text() == (
        "---\ntitle: The Affiliated Children's Hospital\n---\n\n"
        "The hospital was established in 1956.\n"
    )


def test_photo_credit_after_the_title_becomes_the_caption(project, run, tmp_path):
    root = project()
    text = tmp_path / "seed.txt"
    text.write_text(
        "A title\n\nUpdated: 2023-01-06\n\n\nMedical workers of the center [Photo/CQHCWC]\n\n"
        "First paragraph.\n\nLater [Photo/X] stays text.\n"
    )
    assert run(root, "import", str(text)).exit_code == 0
    assert (root / "source/seed.md").read_text() == (
        "---\ntitle: A title\ndate: 2023-01-06\n"
        "caption: Medical workers of the center [Photo/CQHCWC]\n---\n\n"
        "First paragraph.\n\nLater \\[Photo/X\\] stays text.\n"
    )
    assert run(root, "extract").exit_code == 0
    pot = polib.pofile(str(root / "locales/templates/seed.pot"))
    caption = pot.find("Medical workers of the center [Photo/CQHCWC]", msgctxt="caption")
    assert caption is not None
    assert "Later [Photo/X] stays text." in [e.msgid for e in pot]


def test_a_paragraph_starting_with_a_number_keeps_it_without_a_backslash(project, run, tmp_path):
    root = project()
    text = tmp_path / "seed.txt"
    text.write_text("A title\n\n1. The first step.\n\n2) The second.\n\n1.5 million visits.\n")
    assert run(root, "import", str(text)).exit_code == 0
    assert run(root, "extract").exit_code == 0
    msgids = [e.msgid for e in polib.pofile(str(root / "locales/templates/seed.pot"))]
    assert msgids[1:] == ["1. The first step.", "2) The second.", "1.5 million visits."]


def test_no_break_spaces_are_normalised_so_the_memory_matches_exactly(translated, run, tmp_path):
    text = tmp_path / "seed.txt"
    text.write_text(f"A{NBSP}title\n\nRepeated{NBSP}line.\n")
    assert run(translated, "import", str(text)).exit_code == 0
    assert run(translated, "update").exit_code == 0
    po = polib.pofile(str(translated / "locales/zh_CN/LC_MESSAGES/seed.po"))
    entry = po.find("Repeated line.")
    assert entry is not None and "fuzzy" not in entry.flags
    assert (
        entry.msgstr
        == polib.pofile(str(translated / "locales/zh_CN/LC_MESSAGES/hello.po"))
        .find("Repeated line.")
        .msgstr
    )
    assert po.find("A title", msgctxt="title") is not None


def test_chinese_text_joins_wrapped_lines_without_spaces(project, run, tmp_path):
    root = project()
    text = tmp_path / "seed.txt"
    text.write_text(
        "首页 > 新闻\n重庆医科大学附属\n儿童医院简介\n\n发布时间：2024-01-06\n\n"
        "医院是一所综合性\n儿童医院，始建于1954年。\n\n医院英文名为\nChildren's Hospital\n"
        "of CQMU，\n简称CQHCWC。\n",
        encoding="utf-8",
    )
    result = run(root, "import", str(text))
    assert result.exit_code == 0, result.output
    assert (root / "source/seed.md").read_text(encoding="utf-8") == (
        "---\ntitle: 重庆医科大学附属儿童医院简介\nlang: zh-CN\ndate: 2024-01-06\n---\n\n"
        "医院是一所综合性儿童医院，始建于1954年。\n\n"
        "医院英文名为 Children's Hospital of CQMU，简称CQHCWC。\n"
    )
    # Written in Chinese, so it is a Chinese-first article: translated into English only.
    assert run(root, "build").exit_code == 0
    assert '<html lang="zh-Hans">' in (root / "output/zh-hans/seed.html").read_text()
    assert (root / "locales/en/LC_MESSAGES/seed.po").exists()
    assert not (root / "locales/zh_CN/LC_MESSAGES/seed.po").exists()


@pytest.mark.parametrize(
    "line",
    ["更新：2024-01-06", "发布时间：2024-01-06", "发布时间: 2024年1月6日", "Updated: 2024-01-06"],
    ids=["更新", "发布时间", "年月日", "english"],
)
@pytest.mark.parametrize("gap", ["\n", ""], ids=["own-paragraph", "under-the-title"])
def test_chinese_date_lines_become_the_date(project, run, tmp_path, line, gap):
    """Also a date line right under the title, with no blank line between: it is not
    joined into the title."""
    root = project()
    text = tmp_path / "seed.txt"
    text.write_text(f"关于本站\n{gap}{line}\n\n本站发布中文和英文文章。\n", encoding="utf-8")
    assert run(root, "import", str(text)).exit_code == 0
    assert (root / "source/seed.md").read_text(encoding="utf-8") == (
        "---\ntitle: 关于本站\nlang: zh-CN\ndate: 2024-01-06\n---\n\n本站发布中文和英文文章。\n"
    )


def test_a_chinese_title_without_a_valid_file_name_needs_the_slug_option(project, run, tmp_path):
    root = project()
    text = tmp_path / "关于本站.txt"
    text.write_text("关于本站\n\n本站发布中文和英文文章。\n", encoding="utf-8")
    result = run(root, "import", str(text))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {text}: file name '关于本站' is not a valid slug and the title has no Latin"
        " words to suggest one; pass one with --slug: lowercase a-z, 0-9 and hyphens, such as"
        " the English title's words\n"
    )
    assert sorted(p.name for p in (root / "source").glob("*.md")) == ["hello.md"]
    assert run(root, "import", str(text), "--slug", "about").exit_code == 0
    assert "title: 关于本站\n" in (root / "source/about.md").read_text(encoding="utf-8")
