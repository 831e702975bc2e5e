"""The command line: loads the Config once, calls the stages, and turns expected errors into
one-line messages and exit codes (0 ok, 1 failure found, 2 usage or input error, 130 interrupted).
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import time
from pathlib import Path

import click

from pipeline import __version__
from pipeline.config import Config, find_project, load_config
from pipeline.errors import ConfigError, Failure, PipelineError
from pipeline.lock import project_lock


class _Handler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        level = record.levelname.lower()
        click.echo(f"{level}: {record.getMessage()}", err=True)


def _setup_logging(verbosity: int) -> None:
    root = logging.getLogger("pipeline")
    root.handlers[:] = [_Handler()]
    root.setLevel({-1: logging.ERROR, 0: logging.WARNING}.get(verbosity, logging.INFO))
    root.propagate = False


log = logging.getLogger("pipeline.cli")


def _warn(text: str) -> None:
    """A warning: through logging, so -q silences it like the stages' own warnings."""
    log.warning("%s", text)


def _note(text: str) -> None:
    """Progress and summary lines on stdout, which -q silences; what a command was asked
    for (a table, findings, JSON) is printed with click.echo instead."""
    if _verbosity() >= 0:
        click.echo(text)


def _verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    state = ctx.find_object(_Session) if ctx else None
    return state.verbosity if state else 0


def _set_verbosity(ctx: click.Context, param: click.Parameter, value) -> None:
    """-q / -v, before or after the command name: the last one given wins."""
    if not value:
        return
    state = ctx.find_object(_Session)
    level = -1 if param.name == "quiet" else int(value)
    if state is not None:
        state.verbosity = level
    _setup_logging(level)


def _verbosity_options(func):
    func = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_set_verbosity,
        help="Say what each stage did and how long it took.",
    )(func)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_verbosity,
        help="No warnings, progress or summary; errors and requested output only.",
    )(func)


def _command(locked: bool = True, needs_project: bool = True):
    """Wrap a command: the project lock, and expected errors -> `error: ...` + exit code."""

    def decorate(func):
        @functools.wraps(func)
        @click.pass_context
        def wrapper(ctx: click.Context, *args, **kwargs):
            state = ctx.obj
            try:
                config = state.config(needs_project)
                if locked:
                    with project_lock(config.work_dir):
                        return func(config, *args, **kwargs)
                return func(config, *args, **kwargs)
            except PipelineError as exc:
                if state.debug:
                    raise
                _relative_to_project(exc, state.project)
                for line in str(exc).splitlines() or [""]:
                    click.echo(f"error: {line}", err=True)
                ctx.exit(exc.exit_code)
            except KeyboardInterrupt:
                click.echo("error: interrupted; nothing half-written was left behind", err=True)
                ctx.exit(130)

        return _verbosity_options(wrapper)

    return decorate


def _relative_to_project(exc: PipelineError, project: Path) -> None:
    """Errors name files as the project sees them: `locales/zh_CN/...`, not /abs/path."""
    if exc.path is not None:
        path, root = Path(exc.path), project.resolve()
        if path.is_absolute() and path.is_relative_to(root):
            exc.path = path.relative_to(root)


class _Session:
    """One command line's invocation: where the project is, its Config (loaded once),
    --debug and the verbosity."""

    def __init__(self, project: Path | None, debug: bool, verbosity: int = 0):
        self.project = project or Path.cwd()
        self.found = project is not None
        self.debug = debug
        self.verbosity = verbosity
        self._config: Config | None = None

    def config(self, needs_project: bool = True) -> Config:
        """The project's config; without --project, the project is searched upward from the
        current folder (a command that needs none, `merge`, gets the defaults outside one)."""
        if self._config is None:
            if not self.found:
                try:
                    self.project, self.found = find_project(self.project), True
                except ConfigError:
                    if needs_project:
                        raise
            self._config = load_config(self.project)
        return self._config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder (holds pyproject.toml); default: the nearest one with "
    "[tool.pipeline] at or above the current folder.",
)
@click.option("-v", "--verbose", count=True, help="Say what each stage did and how long it took.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No warnings, progress or summary: errors and requested output only.",
)
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
@click.version_option(__version__, prog_name="pipeline")
@click.pass_context
def cli(ctx: click.Context, project: Path | None, verbose: int, quiet: bool, debug: bool) -> None:
    """Source articles -> gettext catalogs -> localized HTML bundles."""
    verbosity = -1 if quiet else verbose
    _setup_logging(verbosity)
    ctx.obj = _Session(project, debug, verbosity)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--slug", help="Slug (file name) of the new article; default: the file's name.")
@click.option("--force", is_flag=True, help="Overwrite an existing article.")
@_command()
def import_command(config: Config, file: Path, slug: str | None, force: bool) -> None:
    """Turn a plain-text article into source/SLUG.md."""
    from pipeline.importer import import_text

    target = import_text(file, config.source_dir, slug, force)
    _note(f"wrote {target.relative_to(config.root)}; review it before building")


@cli.command()
@_command()
def extract(config: Config) -> None:
    """Write one template (.pot) per article, and ui.pot."""
    from pipeline.catalogs.update import update_project, write_plans
    from pipeline.project import load_project

    plans = update_project(config, load_project(config), [])
    written = write_plans(plans)
    _note(f"{len(plans)} templates, {len(written)} written")


@cli.command()
@click.argument("article")
@click.argument("translation", type=click.Path(path_type=Path))
@click.option("--locale", "locale", required=True, help="The catalog's locale (zh_CN, en, ...).")
@click.option("--dry-run", is_flag=True, help="Write nothing; print the same report.")
@click.option(
    "--confident",
    is_flag=True,
    help="Write structural matches of confidence 0.75 or more, their markup all placed, as "
    "translated, not fuzzy.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_command()
def align(
    config: Config,
    article: str,
    translation: Path,
    locale: str,
    dry_run: bool,
    confident: bool,
    fmt: str,
) -> None:
    """Fill ARTICLE's catalog (slug or path) from TRANSLATION, an existing translation
    (web page, HTML fragment, Markdown or text); aligned messages are fuzzy."""
    from pipeline.align.report import as_json, as_text
    from pipeline.align.run import align_translation

    report = align_translation(config, article, translation, locale, confident, dry_run)
    click.echo((as_json if fmt == "json" else as_text)(report, dry_run))


@cli.command()
@click.argument("locale")
@_command()
def init(config: Config, locale: str) -> None:
    """Create the catalogs of a configured LOCALE."""
    from pipeline.catalogs.update import update_project, write_plans
    from pipeline.project import load_project

    target = config.locale(locale)
    plans = update_project(config, load_project(config), [target], only_new=True)
    existing = sorted(config.catalog_dir(target).glob("*.po"))
    written = write_plans(plans)
    created = [p for p in written if p.suffix == ".po"]
    _note(f"{target.code}: {len(created)} catalogs created, {len(existing)} already there")


@cli.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything would change.")
@click.option("--purge-obsolete", is_flag=True, help="Drop obsolete (#~) messages.")
@click.option(
    "--compendium",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extra .po file used as translation memory (repeatable).",
)
@_command()
def update(
    config: Config,
    locales: tuple[str, ...],
    check: bool,
    purge_obsolete: bool,
    compendium: tuple[Path, ...],
) -> None:
    """Re-extract templates and merge them into every catalog."""
    from pipeline.catalog_commands import run_update

    config = _with_compendium(config, compendium)
    targets = [config.locale(code) for code in locales] or list(config.languages)
    changed = run_update(config, targets, purge_obsolete, dry_run=check)
    for path in changed:
        shown = path.relative_to(config.root)
        if check:
            click.echo(f"would write {shown}")  # what --check was asked for
        else:
            _note(f"wrote {shown}")
    if check and changed:
        same = [*(f"--locale {code}" for code in locales), *(["--purge-obsolete"] * purge_obsolete)]
        fix = " ".join(["pipeline update", *same])  # what writes exactly what was listed
        files = "1 file is" if len(changed) == 1 else f"{len(changed)} files are"
        raise Failure(f"{files} out of date; run '{fix}'")
    if not changed:
        _note("catalogs are up to date")


def _with_compendium(config: Config, extra: tuple[Path, ...]) -> Config:
    import dataclasses

    for path in extra:
        if not path.is_file():
            raise ConfigError("compendium file does not exist", path)
    paths = config.compendium + tuple(p.resolve() for p in extra)
    return dataclasses.replace(config, compendium=paths)


@cli.command()
@click.argument("catalog", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("template", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of updating CATALOG in place.",
)
@click.option(
    "--compendium",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extra .po file used as translation memory (repeatable).",
)
@click.option("--purge-obsolete", is_flag=True, help="Drop obsolete (#~) messages.")
@_command(locked=False, needs_project=False)
def merge(
    config: Config,
    catalog: Path,
    template: Path,
    output: Path | None,
    compendium: tuple[Path, ...],
    purge_obsolete: bool,
) -> None:
    """Merge TEMPLATE (.pot) into CATALOG (.po), like msgmerge --previous, outside a project."""
    from pipeline.catalog_commands import merge_files

    target = output or catalog
    changed = merge_files(
        catalog, template, target, compendium, config.fuzzy_threshold, purge_obsolete
    )
    _note(f"{'wrote' if changed else 'unchanged'} {target}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_command(locked=False)
def status(config: Config, fmt: str) -> None:
    """Translation progress: article x locale."""
    from pipeline.catalog_commands import status_rows

    rows = status_rows(config)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    from pipeline.catalog_commands import format_status

    click.echo(format_status(rows))


@cli.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--only", multiple=True, metavar="ID", help="Only this check (repeatable).")
@click.option("--ignore", multiple=True, metavar="ID", help="Skip this check (repeatable).")
@click.option(
    "--max-warnings",
    type=click.IntRange(min=0),
    default=None,
    help="Exit 1 when there are more warnings than this.",
)
@_command(locked=False)
def check(
    config: Config,
    locales: tuple[str, ...],
    fmt: str,
    only: tuple[str, ...],
    ignore: tuple[str, ...],
    max_warnings: int | None,
) -> None:
    """Check translations: placeholders, markup, numbers, punctuation, glossary, ...

    \b
    Check ids (for --only and --ignore):
      placeholder, markup, plural-forms, number, url, email, untranslated, fuzzy,
      same-as-source, punctuation, whitespace, brackets, glossary, opt-out
    """
    from pipeline.catalog_commands import format_findings, orphaned_catalogs, run_checks
    from pipeline.checks import CHECKS

    for check_id in (*only, *ignore):
        if check_id not in CHECKS:
            raise click.BadParameter(f"unknown check {check_id!r}; known: {', '.join(CHECKS)}")
    targets = [config.locale(code) for code in locales] or list(config.languages)
    findings, silenced = run_checks(config, targets)
    findings = [f for f in findings if (not only or f.id in only) and f.id not in ignore]
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if fmt == "json":
        keys = ("id", "severity", "path", "line", "msgid", "msgctxt", "message")
        rows = [{("file" if k == "path" else k): getattr(f, k) for k in keys} for f in findings]
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
    else:
        if findings:
            click.echo(format_findings(findings))
        for path in orphaned_catalogs(config, targets):
            _note(f"{path}: orphaned (no article in source/): not checked, kept for the memory")
        _note(
            f"{errors} errors, {warnings} warnings, {silenced} warnings silenced by "
            "'check: ignore' comments"
        )
    if errors:
        raise Failure(f"{errors} errors, {warnings} warnings")
    if max_warnings is not None and warnings > max_warnings:
        raise Failure(f"{warnings} warnings, more than --max-warnings {max_warnings}")


@cli.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--no-update", is_flag=True, help="Leave templates and catalogs untouched.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: number of cores).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 and write nothing on any translation error or held-back article.",
)
@_command()
def build(
    config: Config, locales: tuple[str, ...], no_update: bool, jobs: int | None, strict: bool
) -> None:
    """Update catalogs and write one HTML bundle per language into output/."""
    import os

    from pipeline.build import build as run_build

    started = time.monotonic()
    targets = [config.locale(code) for code in locales] or None
    report = run_build(
        config,
        targets,
        update=not no_update,
        jobs=jobs or os.cpu_count() or 1,
        progress=_progress,
        strict=strict,
    )
    _print_build(config, report, time.monotonic() - started)


def _progress(total: int):
    """A progress bar on a terminal for long builds; nothing otherwise, nor under -q."""
    if total < 50 or not sys.stderr.isatty() or _verbosity() < 0:
        return None
    bar = click.progressbar(length=total, label="building", file=sys.stderr)
    bar.__enter__()

    def tick() -> None:
        bar.update(1)
        if bar.pos >= total:
            bar.__exit__(None, None, None)

    return tick


def _print_build(config: Config, report, took: float) -> None:
    """Each problem once: a page held back, a page kept below the threshold, a translation
    not used (saying the source text is shown only where the page is published)."""
    held = {(code, slug) for code, slug, _ in report.withheld}
    least = f"min_completeness = {config.min_completeness}"
    for code, slug, percent in report.withheld:
        _warn(f"{slug} not published in {code}: {percent:.1f}% translated ({least})")
    for code, slug, percent in report.kept:
        _warn(
            f"{slug} in {code} is {percent:.1f}% translated, below {least}; still published, "
            "as before, with the source text where translations are missing"
        )
    for finding in report.findings:
        where = Path(finding.path)
        shown = (where.parts[-3], where.stem) not in held
        _warn(
            f"{finding.path}:{finding.line}: {finding.id}: {finding.message}; translation "
            f"not used{', the source text is shown' if shown else ''}"
        )
    for code, slug, rejection in report.rejections:
        segment = rejection.segment
        fallback = "; showing the source text" if (code, slug) not in held else ""
        _warn(
            f"{code}: {segment.kind} line {segment.line}: translation not used "
            f"({rejection.reason}){fallback}"
        )
    for path, line, href in report.broken_links:
        _warn(f"{path}:{line}: link to {href}: no such article; left as written")
    for folder, code in report.unpublished:
        _warn(f"{code}: no article is published in it yet; output/{folder} is left out")
    for folder, code in report.bundles_removed:
        _warn(f"removed output/{folder}: its locale {code} is no longer in tool.pipeline.locales")
    for path in report.catalogs_written:
        _note(f"wrote {path.relative_to(config.root)}")
    bundles = ", ".join(report.bundles_written) or "nothing changed"
    totals = "; ".join(
        f"{code} {percent:.1f}%"
        for code, percent in report.completeness.items()
        if code != config.source_language.code or code in report.translated_into
    )
    _note(
        f"built {report.articles} article{'' if report.articles == 1 else 's'} "
        f"({report.rebuilt} rebuilt) x "
        f"{len(report.completeness)} languages ({totals}) in {took:.2f}s: {bundles}"
    )


@cli.command()
@_command()
def publish(config: Config) -> None:
    """Pack each bundle into output/dist/SITE-PATH.zip, the whole site into SITE.zip
    (reproducible), with SHA256SUMS; refuses bundles older than their inputs."""
    from pipeline.bundle import publish as run_publish
    from pipeline.bundle import read_manifest
    from pipeline.freshness import refuse_stale

    # A language that publishes no article has no bundle (build says so); the source
    # language's always has one (missing: publish says to build first).
    others = [loc.path for loc in config.locales if (config.output_dir / loc.path).is_dir()]
    paths = [config.source_language.path, *others]
    built = [p for p in paths if (config.output_dir / p).is_dir()]
    refuse_stale(config, {p: read_manifest(config.output_dir / p) for p in built})
    for archive in run_publish(config.output_dir, paths, config.site_name):
        _note(f"wrote {archive.relative_to(config.root)}")


@cli.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@_command(locked=False)
def serve(config: Config, host: str | None, port: int) -> None:
    """Build, serve output/ for preview, and rebuild when sources or catalogs change."""
    import os

    from pipeline.build import build as run_build
    from pipeline.lock import project_lock
    from pipeline.serve import is_loopback, open_server
    from pipeline.serve import serve as run_serve

    host = host or "127.0.0.1"  # loopback unless the user names another address
    if not is_loopback(host):
        _warn(f"serving on {host}: other machines can reach this preview")

    def rebuild() -> bool:
        started = time.monotonic()
        try:
            with project_lock(config.work_dir):
                report = run_build(config, jobs=os.cpu_count() or 1)
        except PipelineError as exc:
            _relative_to_project(exc, config.root)
            click.echo(f"error: {exc}", err=True)  # as every command says it
            _note("still serving the last good build")
            return False
        _print_build(config, report, time.monotonic() - started)
        return True

    server = open_server(config, host, port)  # a busy port is said before building
    if not rebuild() and not config.output_dir.is_dir():
        server.server_close()
        raise Failure("the first build failed and there is nothing to serve")
    try:
        run_serve(config, server, rebuild, _note)
    except KeyboardInterrupt:
        _note("stopped")


@cli.command()
@_command()
def compile(config: Config) -> None:
    """Write .mo files beside the .po files (for run-time gettext users), without the
    translations the build would reject."""
    from pipeline.catalog_commands import compile_catalogs

    written, left_out = compile_catalogs(config)
    line = f"{len(written)} .mo files written"
    if left_out:
        s = "" if left_out == 1 else "s"
        line += (
            f"; {left_out} translation{s} left out that the build would reject "
            "(see 'pipeline check')"
        )
    _note(line)


def main() -> None:
    try:
        cli(prog_name="pipeline")
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
