"""End to end: extract -> init -> update -> build on a copy of a small project."""

from __future__ import annotations

import json
import subprocess
import sys

import lxml.html
import polib
import pytest

from tests.conftest import pseudo, pseudo_translate


def page(path):
    return lxml.html.fromstring(path.read_bytes())


def test_extract_init_update_build(project, run):
    root = project()
    assert run(root, "extract").exit_code == 0
    pot = polib.pofile(str(root / "locales/templates/hello.pot"))
    msgids = [e.msgid for e in pot]
    assert msgids[:3] == ["Hello world", "A first article.", "A red dot"]
    assert "Visit <1>our <2>new</2> site</1>." in msgids
    assert "Two items with <1/>" in msgids
    repeated = pot.find("Repeated line.")
    assert [line for _, line in repeated.occurrences] == ["18", "20"]
    assert "Hello world" not in [e.msgid for e in pot if e.msgctxt is None]  # h1 = title, once

    result = run(root, "init", "zh_CN")
    assert result.exit_code == 0, result.output
    catalogs = root / "locales/zh_CN/LC_MESSAGES"
    assert sorted(p.name for p in catalogs.glob("*.po")) == ["hello.po", "page.po", "ui.po"]
    assert pseudo_translate(catalogs) > 10

    assert run(root, "update").exit_code == 0
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    en = page(root / "output/en/hello.html")
    zh = page(root / "output/zh-hans/hello.html")
    assert en.get("lang") == "en" and zh.get("lang") == "zh-Hans"
    assert zh.findtext(".//h1") == pseudo("Hello world")
    link = zh.find(".//div[@class='article-body']//a[@href='https://example.org']")
    assert link is not None and link.get("title") == pseudo("Example")
    assert link.text_content() == pseudo("our new site")
    assert link.find("em").text == pseudo("new")
    code = zh.find(".//div[@class='article-body']//code")
    assert code.text == "code"  # untranslatable, kept from the source
    assert zh.find(".//img[@src='images/dot.png']").get("alt") == pseudo("A red dot")
    assert (root / "output/zh-hans/images/dot.png").read_bytes().startswith(b"\x89PNG")
    switch = [a.get("href") for a in zh.findall(".//nav[@class='languages']//a")]
    assert switch == ["../en/hello.html"]
    assert (root / switch[0].replace("..", "output")).exists()
    html_page = page(root / "output/zh-hans/page.html")
    assert html_page.findtext(".//h1") == pseudo("A page in HTML")
    assert "BrandName" in html_page.text_content()
    index = page(root / "output/zh-hans/index.html")
    titles = [a.text_content() for a in index.findall(".//ul[@class='article-list']//h2/a")]
    assert titles == [pseudo("Hello world"), pseudo("A page in HTML")]  # newest first


def test_build_from_scratch_is_deterministic(project, run, tmp_path):
    outputs = []
    for name in ("one", "two"):
        root = project()
        root = root.rename(tmp_path / name)
        assert run(root, "build").exit_code == 0
        outputs.append(
            {
                p.relative_to(root / "output"): p.read_bytes()
                for p in sorted((root / "output").rglob("*"))
                if p.is_file()
            }
        )
    assert outputs[0] == outputs[1]


def test_second_update_changes_nothing(project, run):
    root = project()
    assert run(root, "build").exit_code == 0
    files = sorted((root / "locales").rglob("*.po*"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    result = run(root, "update")
    assert result.exit_code == 0
    assert "catalogs are up to date" in result.output
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    assert run(root, "update", "--check").exit_code == 0


def test_update_check_reports_pending_changes(project, run):
    root = project()
    assert run(root, "build").exit_code == 0
    source = root / "source/hello.md"
    source.write_text(source.read_text().replace("Repeated line.", "Edited line.", 1))
    result = run(root, "update", "--check")
    assert result.exit_code == 1
    assert "would write locales/templates/hello.pot" in result.output


def test_untranslated_article_is_withheld_and_switcher_shows_only_versions_that_exist(project, run):
    root = project()
    assert run(root, "build").exit_code == 0
    assert not (root / "output/zh-hans/hello.html").exists()
    en = page(root / "output/en/hello.html")
    switch = [a.get("href") for a in en.findall(".//nav[@class='languages']//a")]
    assert switch == []  # no link to a version that does not exist
    index = page(root / "output/en/index.html")
    switch = [a.get("href") for a in index.findall(".//nav[@class='languages']//a")]
    assert switch == []  # zh_CN publishes no article: its bundle is not linked (nor written)
    assert not (root / "output/zh-hans").exists()


def test_init_refuses_unconfigured_locale(project, run):
    result = run(project(), "init", "fr")
    assert result.exit_code == 2
    assert "locale 'fr' is not configured" in result.output
    assert 'locales = ["zh_CN", "fr"]' in result.output  # (copied as written, zh_CN stays)


def test_status_json(project, run):
    import json

    root = project()
    run(root, "build")
    result = run(root, "status", "--format", "json")
    rows = json.loads(result.stdout)["articles"]
    hello = next(r for r in rows if r["article"] == "hello")
    assert hello["untranslated"] == hello["translated"] + hello["untranslated"] > 0
    assert hello["words"] > 10


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True, check=True
    )
    assert "pipeline" in result.stdout


def test_import_plain_text(project, run, tmp_path):
    root = project()
    text = tmp_path / "000_seed.txt"
    text.write_text(
        "A title\n\nUpdated: 2023-01-06\n\n\n\nFirst para\nwraps.\n\n[Photo/X] *not em*\n"
    )
    result = run(root, "import", str(text))
    assert result.exit_code == 2 and "not a valid slug" in result.output
    assert run(root, "import", str(text), "--slug", "seed").exit_code == 0
    written = (root / "source/seed.md").read_text()
    assert written.startswith("---\ntitle: A title\ndate: 2023-01-06\n---\n")
    assert "First para wraps." in written
    assert run(root, "import", str(text), "--slug", "seed").exit_code == 2  # no overwrite
    assert run(root, "import", str(text), "--slug", "seed", "--force").exit_code == 0
    assert run(root, "extract").exit_code == 0
    msgids = [e.msgid for e in polib.pofile(str(root / "locales/templates/seed.pot"))]
    assert "[Photo/X] *not em*" in msgids


@pytest.mark.parametrize("missing", ["catalog", "template", "compendium"])
def test_merge_refuses_a_missing_file(project, run, missing):
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    catalog = root / "locales/zh_CN/LC_MESSAGES/hello.po"
    template = root / "locales/templates/hello.pot"
    gone = root / {"catalog": "new.po", "template": "new.pot", "compendium": "tm.po"}[missing]
    args = {
        "catalog": (gone, template),
        "template": (catalog, gone),
        "compendium": (catalog, template, "--compendium", gone),
    }[missing]
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run(root, "merge", *map(str, args))
    assert result.exit_code == 2
    expected = {
        "catalog": "error: new.po: no such catalog; merge updates an existing one (msgmerge "
        "does too): create it with 'pipeline init LOCALE' or msginit\n",
        "template": "error: new.pot: no such template; 'pipeline extract' writes them\n",
        "compendium": "error: tm.po: no such compendium file\n",
    }
    assert (result.stdout, result.stderr) == ("", expected[missing])
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_merge_updates_an_existing_catalog(project, run):
    root = project()
    assert run(root, "init", "zh_CN").exit_code == 0
    catalog = root / "locales/zh_CN/LC_MESSAGES/hello.po"
    source = root / "source/hello.md"
    source.write_text(source.read_text().replace("One item", "One more item"))
    assert run(root, "extract").exit_code == 0
    template = root / "locales/templates/hello.pot"
    result = run(root, "merge", str(catalog), str(template), "-o", str(root / "out.po"))
    assert (result.exit_code, result.stdout) == (0, f"wrote {root / 'out.po'}\n")
    merged = polib.pofile(str(root / "out.po"))
    assert merged.metadata["Language"] == "zh_CN"
    assert "charset=UTF-8" in merged.metadata["Content-Type"]
    assert merged.find("One more item") is not None


def _here(*args: str):
    """The CLI run without --project, in the current folder."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_commands_find_the_project_from_a_folder_inside_it(translated, monkeypatch):
    catalogs = translated / "locales/zh_CN/LC_MESSAGES"
    po = polib.pofile(str(catalogs / "hello.po"))
    po.find("Details").msgstr = "<b>细节</b>"
    po.save(str(catalogs / "hello.po"))
    monkeypatch.chdir(catalogs)
    found = _here("check")
    assert found.exit_code == 1
    assert found.stdout.splitlines()[0] == "locales/zh_CN/LC_MESSAGES/hello.po"
    table = _here("status")
    assert table.exit_code == 0
    assert [line.split()[:2] for line in table.stdout.splitlines()[2:4]] == [
        ["hello", "zh_CN"],
        ["page", "zh_CN"],
    ]
    monkeypatch.chdir(translated / "source")
    assert _here("build").exit_code == 0
    assert not (translated / "source/.pipeline").exists()
    assert (translated / ".pipeline").is_dir()


def test_outside_any_project_commands_say_so(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n')  # not a pipeline one
    monkeypatch.chdir(tmp_path)
    for command in ("status", "check", "build"):
        result = _here(command)
        assert result.exit_code == 2
        assert result.stderr == (
            "error: not inside a pipeline project: no pyproject.toml with [tool.pipeline] in "
            f"{tmp_path.resolve()} or any folder above; change to the project's folder or pass "
            "--project DIR\n"
        )
    assert not (tmp_path / ".pipeline").exists()
    assert _here("--help").exit_code == 0
    assert _here("--version").exit_code == 0
    assert _here("status", "--help").exit_code == 0


def test_merge_works_outside_a_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr ""\n')
    (tmp_path / "old.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello"\nmsgstr "你好"\n'
    )
    result = _here("merge", "old.po", "new.pot", "-o", "out.po")
    assert result.exit_code == 0, result.output
    assert polib.pofile(str(tmp_path / "out.po")).find("Hello").msgstr == "你好"


def test_catalogs_of_a_deleted_article_are_listed_apart(translated, run):
    catalog = translated / "locales/zh_CN/LC_MESSAGES/page.po"
    po = polib.pofile(str(catalog))
    po[0].msgstr = "<b>x</b>"  # an error that must not count: the article is gone
    po.save(str(catalog))
    (translated / "source/page.html").unlink()
    assert run(translated, "build").exit_code == 0
    assert catalog.exists()  # kept: it feeds the translation memory
    table = run(translated, "status").stdout
    rule = "-" * 55
    assert table == (
        "article  locale  transl fuzzy   rej  untr  words   done\n"
        f"{rule}\n"
        "hello    zh_CN        9     0     0     0     21 100.0%\n"
        f"{rule}\n"
        "total    zh_CN        9     0     0     0     21 100.0%\n"
        "ui.po    zh_CN        9     0     0     0     29 100.0%\n"
        "\n"
        "orphaned (no article in source/; kept for the translation memory):\n"
        "page     zh_CN        7     0     1     0     26  87.5%\n"
    )  # the total is hello's alone
    rows = json.loads(run(translated, "status", "--format", "json").stdout)
    assert [r["article"] for r in rows["articles"]] == ["hello"]
    assert [(r["article"], r["rejected"]) for r in rows["orphaned"]] == [("page", 1)]
    found = run(translated, "check")
    assert found.exit_code == 0
    assert found.stdout.splitlines()[-2] == (
        "locales/zh_CN/LC_MESSAGES/page.po: orphaned (no article in source/): not checked, "
        "kept for the memory"
    )
    assert found.stdout.splitlines()[-1].startswith("0 errors, ")
    assert "page.po:" not in found.stdout.replace("page.po: orphaned", "")


def test_serve_on_a_busy_port_names_a_free_one(project, run):
    import re
    import socket

    root = project()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(root, "serve", "--port", str(port))
    assert result.exit_code == 2
    match = re.fullmatch(rf"error: port {port} is in use; try --port (\d+)\n", result.stderr)
    assert match, result.stderr
    free = int(match.group(1))
    assert free != port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", free))  # it really is free
    assert not (root / "output").exists()  # nothing built for a server that cannot start


def test_update_check_purge_obsolete_names_the_command_that_agrees(translated, run):
    source = translated / "source/hello.md"
    source.write_text(source.read_text().replace("Details", "Particulars"))
    assert run(translated, "update").exit_code == 0  # "Details" is now obsolete
    assert run(translated, "update", "--check").exit_code == 0
    pending = run(translated, "update", "--check", "--purge-obsolete")
    assert pending.exit_code == 1
    assert pending.stdout == "would write locales/zh_CN/LC_MESSAGES/hello.po\n"
    assert pending.stderr == (
        "error: 1 file is out of date; run 'pipeline update --purge-obsolete'\n"
    )
    done = run(translated, "update", "--purge-obsolete")
    assert done.stdout == "wrote locales/zh_CN/LC_MESSAGES/hello.po\n"
    assert run(translated, "update", "--check", "--purge-obsolete").exit_code == 0
    assert "Details" not in (translated / "locales/zh_CN/LC_MESSAGES/hello.po").read_text()


def test_merge_refuses_a_catalog_msgfmt_refuses(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n')
    (tmp_path / "old.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b\n'
    )
    result = _here("merge", "old.po", "new.pot", "-o", "out.po")
    assert (result.exit_code, result.stderr) == (2, "error: old.po:5: end-of-line within string\n")
    assert not (tmp_path / "out.po").exists()
