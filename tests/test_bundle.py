"""Bundles: what a web team deploys. Links, languages, dates, policies, atomic and no-op."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import lxml.html
import polib
import pytest

from tests.conftest import pseudo

REPO = Path(__file__).parent.parent


def tree(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def mtimes(root: Path) -> dict[str, int]:
    out = root / "output"
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()
    }


def test_noop_rebuild_rewrites_nothing(translated, run):
    before, times = tree(translated), mtimes(translated)
    result = run(translated, "build")
    assert result.exit_code == 0 and "nothing changed" in result.output
    assert tree(translated) == before and mtimes(translated) == times


def test_changed_article_keeps_other_files_mtimes(translated, run):
    times = mtimes(translated)
    source = translated / "source/page.html"
    source.write_text(source.read_text().replace("First paragraph", "First paragraph!"))
    assert run(translated, "build").exit_code == 0
    after = mtimes(translated)
    assert after["en/page.html"] != times["en/page.html"]
    assert after["en/hello.html"] == times["en/hello.html"]


def test_deleted_article_disappears(translated, run):
    (translated / "source/page.html").unlink()
    assert run(translated, "build").exit_code == 0
    assert not (translated / "output/en/page.html").exists()
    assert not (translated / "output/zh-hans/page.html").exists()
    assert (translated / "locales/zh_CN/LC_MESSAGES/page.po").exists()  # memory stays


def test_hreflang_complete_reciprocal_and_switcher_targets_exist(translated):
    out = translated / "output"
    for html in out.glob("*/*.html"):
        doc = lxml.html.fromstring(html.read_bytes())
        links = {a.get("hreflang"): a.get("href") for a in doc.findall(".//link[@rel='alternate']")}
        assert set(links) == {"en", "zh-Hans", "x-default"}, html
        for href in links.values():
            target = (html.parent / href).resolve()
            assert target.exists(), (html, href)
            back = lxml.html.fromstring(target.read_bytes())
            back_links = [a.get("href") for a in back.findall(".//link[@rel='alternate']")]
            assert any((target.parent / h).resolve() == html.resolve() for h in back_links)
        for a in doc.findall(".//nav[@class='languages']//a"):
            assert (html.parent / a.get("href")).exists()
    labels = [
        a.text
        for a in lxml.html.fromstring((out / "en/hello.html").read_bytes()).findall(
            ".//nav[@class='languages']//a"
        )
    ]
    assert labels == ["中文"]


def test_dates_are_localized(translated):
    zh = lxml.html.fromstring((translated / "output/zh-hans/hello.html").read_bytes())
    time = zh.find(".//p[@class='meta']/time")
    assert time.get("datetime") == "2024-03-05" and time.text == "2024年3月5日"
    en = lxml.html.fromstring((translated / "output/en/hello.html").read_bytes())
    assert en.find(".//p[@class='meta']/time").text == "March 5, 2024"


def test_untranslated_segment_falls_back_with_lang_and_notice(translated, run):
    path = translated / "locales/zh_CN/LC_MESSAGES/hello.po"
    po = polib.pofile(str(path))
    po.find("Details").msgstr = ""
    po.find("One item").flags.append("fuzzy")
    po.save(str(path))
    assert run(translated, "build").exit_code == 0
    doc = lxml.html.fromstring((translated / "output/zh-hans/hello.html").read_bytes())
    assert doc.find(".//h2[@lang='en']").text == "Details"
    assert doc.find(".//li[@lang='en']").text == "One item"  # fuzzy is not published
    notice = doc.find(".//p[@class='notice']")
    assert notice is not None and notice.find("a").get("href") == "../en/hello.html"
    full = lxml.html.fromstring((translated / "output/zh-hans/page.html").read_bytes())
    assert full.find(".//p[@class='notice']") is None


def test_publish_fuzzy_config_publishes_fuzzy(translated, run):
    path = translated / "locales/zh_CN/LC_MESSAGES/hello.po"
    po = polib.pofile(str(path))
    po.find("One item").flags.append("fuzzy")
    po.save(str(path))
    config = translated / "pyproject.toml"
    config.write_text(config.read_text() + "publish_fuzzy = true\n")
    assert run(translated, "build").exit_code == 0
    doc = lxml.html.fromstring((translated / "output/zh-hans/hello.html").read_bytes())
    assert doc.find(".//div[@class='article-body']//li").text == pseudo("One item")


def _untranslate(root: Path, slug: str) -> None:
    path = root / f"locales/zh_CN/LC_MESSAGES/{slug}.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = ""
    po.save(str(path))


@pytest.mark.parametrize(
    "policy, exists, english_text",
    [("withhold", False, None), ("fallback", True, True), ("keep-previous", True, False)],
)
def test_below_threshold_policies(translated, run, policy, exists, english_text):
    config = translated / "pyproject.toml"
    config.write_text(config.read_text() + f'below_threshold = "{policy}"\n')
    _untranslate(translated, "hello")
    result = run(translated, "build")
    assert result.exit_code == 0
    assert "hello not published in zh_CN" in result.output or policy == "fallback"
    page = translated / "output/zh-hans/hello.html"
    assert page.exists() == exists
    if exists:
        text = lxml.html.fromstring(page.read_bytes()).findtext(".//h1")
        assert (text == "Hello world") == english_text


def test_ui_translation_cannot_inject_markup(translated, run):
    path = translated / "locales/zh_CN/LC_MESSAGES/ui.po"
    po = polib.pofile(str(path))
    po.find("Home").msgstr = '<script>alert("x")</script>'
    po.save(str(path))
    result = run(translated, "build")
    assert result.exit_code == 0
    assert "ui.po:" in result.stderr and "markup: <script>, </script> looks like" in result.stderr
    html = (translated / "output/zh-hans/hello.html").read_text()
    assert "<script>" not in html and "script&gt;" not in html  # a check error: not used
    assert '<a href="index.html">首页</a>' in html  # the package's translation

    po.find("Home").msgstr = "主页 <返回> & “更多”"  # not markup, but escaped all the same
    po.save(str(path))
    assert run(translated, "build").exit_code == 0
    html = (translated / "output/zh-hans/hello.html").read_text()
    assert '<a href="index.html">主页 &lt;返回&gt; &amp; “更多”</a>' in html


def test_base_url_gives_canonical_absolute_hreflang_and_sitemap(translated, run):
    config = translated / "pyproject.toml"
    config.write_text(config.read_text() + 'base_url = "https://news.example.org"\n')
    assert run(translated, "build").exit_code == 0
    doc = lxml.html.fromstring((translated / "output/zh-hans/hello.html").read_bytes())
    assert doc.find(".//link[@rel='canonical']").get("href") == (
        "https://news.example.org/zh-hans/hello.html"
    )
    assert doc.find(".//link[@hreflang='en']").get("href") == (
        "https://news.example.org/en/hello.html"
    )
    sitemap = (translated / "output/zh-hans/sitemap.xml").read_text()
    assert "<loc>https://news.example.org/zh-hans/hello.html</loc>" in sitemap
    assert 'hreflang="x-default" href="https://news.example.org/en/hello.html"' in sitemap


def test_manifest_lists_every_file_with_hash(translated):
    import hashlib

    bundle = translated / "output/zh-hans"
    manifest = json.loads((bundle / "manifest.json").read_text())
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == files - {"manifest.json"}
    for name, info in manifest["files"].items():
        data = (bundle / name).read_bytes()
        assert info == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert manifest["articles"]["hello"] == {"completeness": 100.0, "published": True}


def test_publish_is_reproducible(translated, run):
    assert run(translated, "publish").exit_code == 0
    dist = translated / "output/dist"
    first = {p.name: p.read_bytes() for p in dist.iterdir()}
    assert set(first) == {
        "small-site-en.zip",
        "small-site-zh-hans.zip",
        "small-site.zip",
        "SHA256SUMS",
    }
    os.utime(translated / "output/en/hello.html", (0, 0))
    assert run(translated, "publish").exit_code == 0
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == first
    import zipfile

    names = zipfile.ZipFile(dist / "small-site-en.zip").namelist()
    assert names == sorted(names) and all(not n.startswith("/") and ".." not in n for n in names)
    site = zipfile.ZipFile(dist / "small-site.zip").namelist()
    zh = zipfile.ZipFile(dist / "small-site-zh-hans.zip").namelist()
    assert site == sorted(["index.html", *names, *zh])  # pages link across bundles


@pytest.mark.parametrize(
    "change, why",
    [
        ("source/hello.md", "source/hello.md changed"),
        ("locales/zh_CN/LC_MESSAGES/page.po", "locales/zh_CN/LC_MESSAGES/page.po changed"),
        ("source/new.md", "source/new.md is new"),
        ("pyproject.toml", "pyproject.toml changed"),
    ],
)
def test_publish_refuses_stale_bundles(translated, run, change, why):
    path = translated / change
    if path.exists():
        path.write_text(path.read_text() + "\n# edited\n")
    else:
        path.write_text("---\ntitle: New\n---\n\nNew text.\n")
    result = run(translated, "publish")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: output/en is out of date ({why}); run 'pipeline build' first\n"
    )
    assert not (translated / "output/dist").exists()
    shutil.rmtree(translated / ".pipeline")  # the manifest alone still tells it is stale
    assert run(translated, "publish").stderr == (
        "error: output/en is out of date (a source, catalog, layout or the config changed); "
        "run 'pipeline build' first\n"
    )
    assert run(translated, "build").exit_code == 0
    assert run(translated, "publish").exit_code == 0


def _build_subprocess(root: Path, env_extra: dict, script: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, **env_extra}
    code = textwrap.dedent(script) + (
        "\nfrom pipeline.cli import main\nimport sys\n"
        f"sys.argv = ['pipeline', '--project', {str(root)!r}, 'build']\nmain()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO
    )


def test_deterministic_across_folders_and_hash_seeds(project, tmp_path):
    results = []
    for seed in ("1", "2"):
        root = project()
        root = root.rename(tmp_path / f"seed{seed}")
        done = _build_subprocess(root, {"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        results.append(tree(root))
    assert results[0] == results[1]


def test_exception_mid_render_leaves_previous_bundle(translated, monkeypatch, run):
    from pipeline.render import layouts as render

    before = tree(translated)
    source = translated / "source/hello.md"
    source.write_text(source.read_text().replace("Repeated line.", "Changed line."))
    calls = {"n": 0}
    original = render.Layouts.render

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("injected")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(render.Layouts, "render", flaky)
    with pytest.raises(RuntimeError):
        run(translated, "build")
    assert tree(translated) == before
    monkeypatch.setattr(render.Layouts, "render", original)
    assert run(translated, "build").exit_code == 0  # lock released


def test_sigkill_mid_write_leaves_complete_old_bundle(translated):
    before = tree(translated)
    source = translated / "source/hello.md"
    source.write_text(source.read_text().replace("Repeated line.", "Changed line."))
    kill_after_two_files = """
    import os, signal
    from pathlib import Path
    original = Path.write_bytes
    count = [0]
    def dying(self, data):
        count[0] += 1
        if count[0] == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, data)
    Path.write_bytes = dying
    """
    done = _build_subprocess(translated, {}, kill_after_two_files)
    assert done.returncode == -9
    after = tree(translated)
    for bundle in ("en/", "zh-hans/"):
        assert {k: v for k, v in after.items() if k.startswith(bundle)} == {
            k: v for k, v in before.items() if k.startswith(bundle)
        }
    done = _build_subprocess(translated, {})
    assert done.returncode == 0, done.stderr  # no stale lock, staging cleaned up
    assert b"Changed line." in (translated / "output/en/hello.html").read_bytes()


def test_manifest_inputs_hash_follows_catalogs(translated, run):
    def inputs():
        return json.loads((translated / "output/en/manifest.json").read_text())["inputs_sha256"]

    first = inputs()
    run(translated, "build")
    assert inputs() == first  # a no-op rebuild: same inputs
    path = translated / "locales/zh_CN/LC_MESSAGES/page.po"
    po = polib.pofile(str(path))
    po.find("First paragraph").msgstr = "第一段"
    po.save(str(path))
    run(translated, "build")
    assert inputs() != first


def test_index_pages_use_the_ui_strings_merged_in_the_same_build(translated, run):
    path = translated / "locales/zh_CN/LC_MESSAGES/ui.po"
    po = polib.pofile(str(path))
    entry = po.find("Articles")
    entry.msgstr, entry.obsolete = "文章列表", True  # the merge revives it
    po.save(str(path))
    assert run(translated, "build").exit_code == 0
    index = lxml.html.fromstring((translated / "output/zh-hans/index.html").read_bytes())
    assert index.findtext(".//main/h1") == "文章列表"


def test_manifest_versions_are_those_of_the_installed_libraries():
    """Read from the distributions' metadata without importing them; they must be what the
    modules themselves say."""
    import babel
    import jinja2
    import lxml
    import markdown_it
    import opencc
    import polib
    import yaml

    from pipeline.versions import library_versions as _versions

    modules = {"babel": babel, "jinja2": jinja2, "lxml": lxml, "markdown-it-py": markdown_it}
    modules |= {"OpenCC": opencc, "polib": polib, "PyYAML": yaml}
    assert _versions() == {name: module.__version__ for name, module in modules.items()}
