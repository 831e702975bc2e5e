"""What `pipeline build` says: each problem once, in exact lines; -q and -v; kept pages."""

from __future__ import annotations

import json
import re
import shutil

import lxml.html
import polib

from tests.conftest import pseudo, pseudo_translate

HELLO = "locales/zh_CN/LC_MESSAGES/hello.po"


def _break_placeholder(root) -> int:
    """Drop <2> from one translation; returns the line of its msgid."""
    path = root / HELLO
    po = polib.pofile(str(path))
    entry = po.find("Visit <1>our <2>new</2> site</1>.")
    entry.msgstr = pseudo("Visit <1>our new site</1>.")
    po.save(str(path))
    return next(
        number
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.startswith('msgid "Visit')
    )


def test_placeholder_error_is_printed_once(translated, run):
    line = _break_placeholder(translated)
    result = run(translated, "build")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"warning: {HELLO}:{line}: placeholder: missing <2>…</2>; translation not used, "
        "the source text is shown"
    ]


def test_withheld_page_does_not_claim_the_source_text_is_shown(translated, run):
    config = translated / "pyproject.toml"
    config.write_text(config.read_text() + 'below_threshold = "withhold"\n')
    line = _break_placeholder(translated)
    path = translated / HELLO
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in ("Details", "One item", "Two items with <1/>", "Repeated line."):
            entry.msgstr = ""
    po.save(str(path))
    result = run(translated, "build")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: hello not published in zh_CN: 44.4% translated (min_completeness = 50)",
        f"warning: {HELLO}:{line}: placeholder: missing <2>…</2>; translation not used",
    ]
    assert not (translated / "output/zh-hans/hello.html").exists()


def test_quiet_hides_warnings_and_summary_before_or_after_the_command(translated, run):
    _break_placeholder(translated)
    for args in (("-q", "build"), ("build", "-q"), ("build", "--quiet")):
        (translated / "source/hello.md").touch()
        result = run(translated, *args)
        assert result.exit_code == 0
        assert (result.stdout, result.stderr) == ("", "")
    assert run(translated, "build").stderr.startswith("warning: ")  # not quiet for good


def test_quiet_keeps_errors_and_requested_output(translated, run):
    table = run(translated, "status", "-q")
    assert table.exit_code == 0 and table.stdout.startswith("article ")
    assert table.stdout == run(translated, "status").stdout
    _break_placeholder(translated)
    found = run(translated, "check", "-q")
    assert found.exit_code == 1
    assert found.stdout.splitlines()[0] == HELLO  # the findings, without the count line
    assert "errors," not in found.stdout
    assert found.stderr == "error: 1 errors, 1 warnings\n"


def test_verbose_says_what_each_stage_did_and_how_long_it_took(translated, run):
    (translated / "source/hello.md").write_text(
        (translated / "source/hello.md").read_text().replace("Details", "More details")
    )
    result = run(translated, "build", "-v")
    assert result.exit_code == 0
    stages = [
        re.sub(r"in \d+\.\d{3}s$", "in Ns", line)
        for line in result.stderr.splitlines()
        if line.startswith("info: ")
    ]
    assert stages == [
        "info: read 2 articles and 1 media files, merged the UI catalogs in Ns",
        "info: 1 articles to build, 1 unchanged since the last build in Ns",
        "info: built 1 articles in 1 process(es) in Ns",
        "info: rendered 2 index pages, sitemaps and manifests in Ns",
        "info: wrote 2 catalogs and 2 bundles in Ns",
    ]


def _edit_english(root) -> None:
    """Change five of the nine messages of hello: its Chinese page drops to 44 %."""
    source = root / "source/hello.md"
    text = source.read_text()
    for old, new in [
        ("Details", "Details of 2025"),
        ("One item", "One item more"),
        ("Two items with", "Three items with"),
        ("Repeated line.", "Repeated line, edited."),
        ("A red dot", "A blue dot"),
    ]:
        text = text.replace(old, new)
    source.write_text(text)


def _completeness(root, slug: str) -> float:
    manifest = json.loads((root / "output/zh-hans/manifest.json").read_text())
    return manifest["articles"][slug]["completeness"]


def test_keep_published_keeps_a_live_page_that_falls_below_the_threshold(translated, run):
    _edit_english(translated)
    result = run(translated, "build")
    assert result.exit_code == 0
    percent = _completeness(translated, "hello")
    assert percent < 50
    assert result.stderr.splitlines() == [
        f"warning: hello in zh_CN is {percent:.1f}% translated, below min_completeness = 50; "
        "still published, as before, with the source text where translations are missing"
    ]
    page = translated / "output/zh-hans/hello.html"
    doc = lxml.html.fromstring(page.read_bytes())
    assert doc.findtext(".//h1") == pseudo("Hello world")  # accepted translations stay
    assert doc.find(".//h2[@lang='en']").text == "Details of 2025"  # changed: the source
    assert doc.find(".//p[@class='notice']") is not None
    en = lxml.html.fromstring((translated / "output/en/hello.html").read_bytes())
    switch = [a.get("href") for a in en.findall(".//nav[@class='languages']//a")]
    assert switch == ["../zh-hans/hello.html"]
    before = page.read_bytes()
    shutil.rmtree(translated / ".pipeline")  # the manifest alone remembers it was published
    again = run(translated, "build")
    assert again.exit_code == 0 and page.read_bytes() == before
    assert again.stderr == result.stderr


def test_withhold_policy_still_takes_the_page_down(translated, run):
    config = translated / "pyproject.toml"
    config.write_text(config.read_text() + 'below_threshold = "withhold"\n')
    _edit_english(translated)
    result = run(translated, "build")
    assert result.exit_code == 0
    assert not (translated / "output/zh-hans/hello.html").exists()
    assert result.stderr.startswith("warning: hello not published in zh_CN: 44.4% translated")


def test_keep_published_withholds_a_page_never_published(project, run):
    root = project()
    result = run(root, "build")
    assert result.exit_code == 0
    assert not (root / "output/zh-hans/hello.html").exists()
    assert "warning: hello not published in zh_CN: 0.0% translated" in result.stderr


def test_bundle_of_a_locale_removed_from_the_config_is_removed(translated, run):
    config = translated / "pyproject.toml"
    text = config.read_text()
    config.write_text(text.replace('locales = ["zh_CN"]', 'locales = ["zh_CN", "fr_FR"]'))
    assert run(translated, "init", "fr_FR").exit_code == 0
    pseudo_translate(translated / "locales/fr_FR/LC_MESSAGES")  # (no article: no bundle)
    assert run(translated, "build").exit_code == 0
    assert (translated / "output/fr/manifest.json").is_file()
    assert run(translated, "publish").exit_code == 0
    assert (translated / "output/dist/small-site-fr.zip").is_file()
    (translated / "output/notes").mkdir()
    (translated / "output/notes/keep.txt").write_text("not a bundle")
    config.write_text(text)
    result = run(translated, "build")
    assert result.exit_code == 0
    assert not (translated / "output/fr").exists()
    assert (translated / "output/notes/keep.txt").is_file()
    assert "warning: removed output/fr: its locale fr_FR is no longer in tool.pipeline.locales" in (
        result.stderr.splitlines()
    )
    assert "fr/" not in (translated / "output/index.html").read_text()
    assert run(translated, "publish").exit_code == 0
    assert sorted(p.name for p in (translated / "output/dist").iterdir()) == [
        "SHA256SUMS",
        "small-site-en.zip",
        "small-site-zh-hans.zip",
        "small-site.zip",
    ]
    assert "fr" not in (translated / "output/dist/SHA256SUMS").read_text()


def test_keep_published_follows_the_manifest_not_the_build_cache(project, run):
    """A bundle synced in from where the page was published (a colleague's build, a deployed
    copy) is what counts, whatever this machine's cache remembers."""
    root = project()
    assert run(root, "build").exit_code == 0  # hello: 0 %, never published, cached so
    manifest = root / "output/zh-hans/manifest.json"
    assert not manifest.exists()  # zh_CN publishes nothing: no bundle
    manifest.parent.mkdir()
    document = {"articles": {"hello": {"completeness": 0.0, "published": True}}}
    manifest.write_text(json.dumps(document))
    result = run(root, "build")
    assert result.exit_code == 0
    assert (root / "output/zh-hans/hello.html").is_file()
    assert "warning: hello in zh_CN is 0.0% translated, below min_completeness = 50" in (
        result.stderr
    )


def test_markup_error_is_printed_once(translated, run):
    path = translated / HELLO
    po = polib.pofile(str(path))
    po.find("Details").msgstr = "<b>细节</b>"
    po.save(str(path))
    line = next(
        number
        for number, text in enumerate(path.read_text().splitlines(), 1)
        if text == 'msgid "Details"'
    )
    result = run(translated, "build")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"warning: {HELLO}:{line}: markup: <b>, </b> looks like HTML markup and would be shown "
        "as text; use the placeholders; translation not used, the source text is shown"
    ]
