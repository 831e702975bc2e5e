"""`[tool.pipeline]` in the project's pyproject.toml -> a frozen, validated Config."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.chinese_script import QUOTES, SCRIPT_NAMES, opencc_configs
from pipeline.errors import ConfigError, SourceError
from pipeline.model import Locale

_SCRIPT_WRITTEN = dict.fromkeys(("s", "sp"), "Hans") | dict.fromkeys(
    ("t", "tw", "twp", "hk", "hkp"), "Hant"
)
"""The script an OpenCC configuration writes, by what follows its "2" (`s2twp` -> `twp`)."""
_LOCALE_KEYS = {"tag", "path", "label", "derive_from", "convert", "quotes"}
POLICIES = ("keep-published", "withhold", "fallback", "keep-previous")
REFERENCES = ("line", "file", "none")


@dataclass(frozen=True, slots=True)
class Derivation:
    """A locale whose catalogs are converted from another's (`derive_from`), not translated."""

    code: str
    """The derived locale: `zh_TW`."""
    base: str
    """The locale it is converted from: `zh_CN`."""
    convert: str
    """The OpenCC configuration: `s2twp`."""
    quotes: str = ""
    """"corner": “ ” ‘ ’ become 「 」 『 』; "": kept."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a command needs to know about one project; paths are absolute."""

    root: Path
    site_name: str = "site"
    site_title: str = "Site"
    source_language: Locale = Locale("en", "en", "en")
    locales: tuple[Locale, ...] = ()
    base_url: str = ""
    min_completeness: int = 80
    below_threshold: str = "keep-published"
    publish_fuzzy: bool = False
    fuzzy_threshold: int = 60
    references: str = "line"
    compendium: tuple[Path, ...] = ()
    glossary: str = ""
    derivations: tuple[Derivation, ...] = ()

    def derivation(self, code: str) -> Derivation | None:
        """How the locale `code` is derived, or None: it is translated."""
        for item in self.derivations:
            if item.code == code:
                return item
        return None

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "templates"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def work_dir(self) -> Path:
        return self.root / ".pipeline"

    @property
    def layouts_dir(self) -> Path:
        return self.root / "layouts"

    def catalog_dir(self, locale: Locale) -> Path:
        return self.locales_dir / locale.code / "LC_MESSAGES"

    @property
    def languages(self) -> tuple[Locale, ...]:
        """Every language of the site: an article is written in one and translated into the
        others."""
        return (self.source_language, *self.locales)

    def article_locale(self, value: str, path: Path, line: int | None = None) -> Locale:
        """The site language an article's `lang` names ("": the site's source language):
        the one with the same language and script, so `zh`, `zh-CN`, `zh_CN` and `zh-Hans`
        all name `zh_CN`, and `en-US` names `en`."""
        if not value:
            return self.source_language
        from pipeline.locales import same_language

        for locale in self.languages:
            if same_language(value, locale.code):
                return locale
        known = ", ".join(loc.code for loc in self.languages)
        raise SourceError(
            f"lang {value!r} is not a language of this site ({known}); "
            "add it to tool.pipeline.locales or correct the article's lang",
            path,
            line,
        )

    def locale(self, code: str) -> Locale:
        """The configured locale for `code` (`zh_CN`, also accepted as `zh-CN`), the source
        language included: a Chinese-first article has its catalogs in the source's folder."""
        wanted = code.replace("-", "_")
        for locale in self.languages:
            if locale.code == wanted:
                return locale
        known = ", ".join(loc.code for loc in self.languages) or "none"
        listed = json.dumps([loc.code for loc in self.locales] + [wanted])
        raise ConfigError(
            f"locale {code!r} is not configured (configured: {known}); "
            f"add it to tool.pipeline.locales, e.g. locales = {listed}",
            self.root / "pyproject.toml",
        )


_PIPELINE_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*pipeline\s*[\].]", re.MULTILINE)


def find_project(start: Path) -> Path:
    """The nearest folder at or above `start` whose pyproject.toml has [tool.pipeline], the
    way git finds `.git`: translators work in locales/<ll_CC>/LC_MESSAGES/, editors in
    source/, and a command run there must act on the whole project, not on an empty one."""
    start = start.resolve()
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        try:
            text = pyproject.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if _PIPELINE_TABLE.search(text):
            return folder
    raise ConfigError(
        f"not inside a pipeline project: no pyproject.toml with [tool.pipeline] in {start} "
        "or any folder above; change to the project's folder or pass --project DIR"
    )


def load_config(root: Path) -> Config:
    """Read and validate the project's config, reporting every problem at once."""
    root = root.resolve()
    if not root.is_dir():
        raise ConfigError("project folder does not exist", root)
    pyproject = root / "pyproject.toml"
    data: dict = {}
    text = ""
    if pyproject.is_file():
        try:
            text = pyproject.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError as exc:
            raise ConfigError(f"not UTF-8 (byte {exc.start})", pyproject) from exc
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
            raise ConfigError(f"invalid TOML: {exc}", pyproject, line) from exc
    table = data.get("tool", {}).get("pipeline", {})
    project_name = data.get("project", {}).get("name", root.name)
    return _Validator(root, pyproject, text).build(table, project_name)


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


class _Validator:
    """Turns the raw table into a Config, collecting every problem before failing once."""

    def __init__(self, root: Path, pyproject: Path, text: str):
        self.root = root
        self.pyproject = pyproject
        self.lines = text.splitlines()
        self.problems: list[tuple[int, str]] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append((self._line_of(key), f"tool.pipeline.{key}: {message}"))

    def _line_of(self, key: str) -> int:
        """The line of the key; a key of a locale's table (`locale.zh_TW.label`) is looked
        for below that table's header, since every locale's table has the same keys, and a
        key missing from it (or the table itself: `locale.zh_TW`) is named by the header."""
        leaf = key.split(".")[-1].split("[")[0]
        parents = [re.escape(part) for part in key.split(".")[:-1]]
        # (`locale.zh_TW.convert = ...` under [tool.pipeline] is the same key, dotted)
        dotted = "(?:" + r"\.".join(parents) + r"\.)?" if parents else ""
        pattern = re.compile(rf"^\s*{dotted}\"?{re.escape(leaf)}\"?\s*=")
        header = self._table_line(key)
        if header and key.count(".") == 1:
            return header
        start = max(header - 1, 0)  # (from the header: a dotted table's first line is a key)
        for number, line in enumerate(self.lines[start:], start + 1):
            if pattern.match(line):
                return number
        return header

    def _table_line(self, key: str) -> int:
        """The line of a locale's own table header (`[tool.pipeline.locale.zh_TW]`), or of
        its first dotted key (`locale.zh_TW.convert = ...`), or 0."""
        parts = key.split(".")
        if len(parts) < 2 or parts[0] != "locale":
            return 0
        code = re.escape(parts[1])
        table = re.compile(
            rf"^\s*(?:\[\s*tool\.pipeline\.locale\.\"?{code}\"?\s*\]|locale\.\"?{code}\"?\s*\.)"
        )
        for number, line in enumerate(self.lines, 1):
            if table.match(line):
                return number
        return 0

    def build(self, table: dict, project_name: str) -> Config:
        defaults = Config(root=self.root)
        known = set(Config.__dataclass_fields__) - {"root", "derivations"} | {"locale"}
        for key in sorted(set(table) - known):
            self.fail(key, f"unknown key; allowed: {', '.join(sorted(known))}")
        get = self._getter(table)
        values = {
            "site_name": get("site_name", str, project_name),
            "site_title": get("site_title", str, defaults.site_title),
            "base_url": get("base_url", str, ""),
            "min_completeness": get("min_completeness", int, defaults.min_completeness),
            "below_threshold": get("below_threshold", str, defaults.below_threshold),
            "publish_fuzzy": get("publish_fuzzy", bool, False),
            "fuzzy_threshold": get("fuzzy_threshold", int, defaults.fuzzy_threshold),
            "references": get("references", str, defaults.references),
            "glossary": get("glossary", str, ""),
        }
        self._check_choices(values)
        overrides = get("locale", dict, {})
        source = self._locale("source_language", get("source_language", str, "en"), overrides)
        codes = get("locales", list, ["zh_CN"])
        locales = tuple(self._locales(codes, overrides, source))
        source, *others = self._labelled((source, *locales), overrides)
        locales = tuple(others)
        self._check_folders((source, *locales), overrides)
        compendium = tuple(self._paths("compendium", get("compendium", list, [])))
        glossary = values["glossary"]
        if glossary and not (self.root / glossary).resolve().is_relative_to(self.root):
            self.fail("glossary", f"{glossary!r} is outside the project folder")
        for code in sorted(set(overrides) - {loc.code for loc in (source, *locales)}):
            self.fail(f"locale.{code}", "is not the source language nor in tool.pipeline.locales")
        tags = {loc.code: loc.tag for loc in locales}
        derivations = self._derivations(overrides, tags, source.code)
        if self.problems:
            self.problems.sort()
            name = self.pyproject.name
            lines = [
                f"{name}:{line}: {text}" if line else f"{name}: {text}"
                for line, text in self.problems
            ]
            raise ConfigError("\n".join(lines))
        base_url = values.pop("base_url")
        if base_url and not base_url.endswith("/"):
            base_url += "/"
        return Config(
            root=self.root,
            source_language=source,
            locales=locales,
            compendium=compendium,
            base_url=base_url,
            derivations=derivations,
            **values,
        )

    def _getter(self, table: dict):
        def get(key: str, kind: type, default):
            value = table.get(key, default)
            if kind is int and isinstance(value, bool) or not isinstance(value, kind):
                self.fail(key, f"must be a {kind.__name__}, not {type(value).__name__}")
                return default
            return value

        return get

    def _check_choices(self, values: dict) -> None:
        if values["below_threshold"] not in POLICIES:
            self.fail("below_threshold", f"must be one of {', '.join(POLICIES)}")
            values["below_threshold"] = "keep-published"
        if values["references"] not in REFERENCES:
            self.fail("references", f"must be one of {', '.join(REFERENCES)}")
            values["references"] = "line"
        for key in ("min_completeness", "fuzzy_threshold"):
            if not 0 <= values[key] <= 100:
                self.fail(key, "must be between 0 and 100")
                values[key] = 0
        url = values["base_url"]
        if url and not re.match(r"^https?://[^/\s]+", url):
            self.fail("base_url", "must be an absolute http(s) URL, e.g. https://news.example.org/")
            values["base_url"] = ""
        if not re.fullmatch(r"[A-Za-z0-9._-]+", values["site_name"]):
            self.fail("site_name", "may hold only letters, digits, '.', '_' and '-'")
            values["site_name"] = "site"

    def _locales(self, codes: list, overrides: dict, source: Locale):
        seen: set[str] = set()
        for index, code in enumerate(codes):
            key = f"locales[{index}]"
            if not isinstance(code, str):
                self.fail(key, 'must be a string such as "zh_CN"')
                continue
            locale = self._locale(key, code, overrides)
            if locale.code in seen or locale.code == source.code:
                self.fail(key, f"{code!r} is listed twice or is the source language")
                continue
            seen.add(locale.code)
            yield locale

    def _locale(self, key: str, code: str, overrides: dict) -> Locale:
        from pipeline.locales import make_locale

        extra = overrides.get(code, {}) if isinstance(overrides, dict) else {}
        unknown = sorted(set(extra) - _LOCALE_KEYS) if isinstance(extra, dict) else ["?"]
        if unknown:
            allowed = ", ".join(sorted(_LOCALE_KEYS))
            self.fail(f"locale.{code}", f"unknown keys {unknown}; allowed: {allowed}")
            extra = {}
        try:
            return make_locale(code, tag=extra.get("tag"), path=extra.get("path"))
        except ValueError as exc:
            self.fail(key, str(exc))
            return Locale(code, code, code.lower())

    def _check_folders(self, languages: tuple[Locale, ...], overrides: dict) -> None:
        """Each bundle is one folder of its own directly in output/, beside the root page and
        `dist/`: a `path` with a slash or `..` would let a build replace folders elsewhere
        (`../source`), and two languages in one folder would overwrite each other."""
        seen: dict[str, str] = {}
        for locale in languages:
            extra = overrides.get(locale.code) if isinstance(overrides, dict) else None
            given = isinstance(extra, dict) and "path" in extra
            key = f"locale.{locale.code}.path" if given else "locales"
            folder = locale.path
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", folder) or folder.lower() == "dist":
                self.fail(
                    key,
                    f"{folder!r} is not a bundle folder: one name of letters, digits, '-' and "
                    "'_' inside output/ (not 'dist', where publish puts its zips)",
                )
            elif folder.lower() in seen:
                self.fail(
                    key,
                    f"output/{folder} would be the bundle of both {seen[folder.lower()]} and "
                    f"{locale.code}; set another path in [tool.pipeline.locale.{locale.code}]",
                )
            else:
                seen[folder.lower()] = locale.code

    def _labelled(self, languages: tuple[Locale, ...], overrides: dict) -> tuple[Locale, ...]:
        """Every language with its label: configured (`label = "繁體中文"`), else from CLDR."""
        from pipeline.locales import with_labels

        labels = {}
        for locale in languages:
            extra = overrides.get(locale.code) if isinstance(overrides, dict) else None
            if not isinstance(extra, dict) or "label" not in extra:
                continue
            label = extra["label"]
            if not isinstance(label, str) or not label.strip():
                self.fail(f"locale.{locale.code}.label", "must be a non-empty string")
            else:
                labels[locale.code] = label.strip()
        if self.problems:  # (a locale CLDR does not know has no name to derive)
            return languages
        return with_labels(languages, labels)

    def _paths(self, key: str, values: list):
        for index, value in enumerate(values):
            path = (self.root / str(value)).resolve()
            if not isinstance(value, str) or not path.is_file():
                self.fail(f"{key}[{index}]", f"{value!r} is not a file")
            elif not path.is_relative_to(self.root):
                self.fail(f"{key}[{index}]", f"{value!r} is outside the project folder")
            else:
                yield path

    def _derivations(self, overrides: dict, tags: dict[str, str], source: str):
        """The derived locales: each converted from a configured, translated locale.
        `tags`: the configured locales' HTML tags (their scripts), by code."""
        tables = {
            code: extra
            for code, extra in (overrides.items() if isinstance(overrides, dict) else ())
            if isinstance(extra, dict) and {"derive_from", "convert", "quotes"} & set(extra)
        }
        derived = {code for code, extra in tables.items() if "derive_from" in extra}
        found = []
        for code, extra in sorted(tables.items()):
            item = self._derivation(code, extra, tags, source, derived)
            if item is not None:
                found.append(item)
        return tuple(found)

    def _derivation(
        self, code: str, extra: dict, tags: dict[str, str], source: str, derived: set[str]
    ) -> Derivation | None:
        from pipeline.locales import language_of

        targets = set(tags)
        key = f"locale.{code}"
        base, convert, quotes = (extra.get(k, "") for k in ("derive_from", "convert", "quotes"))
        for name, value in (("derive_from", base), ("convert", convert), ("quotes", quotes)):
            if not isinstance(value, str):
                self.fail(f"{key}.{name}", f"must be a str, not {type(value).__name__}")
                return None
        if code == source:
            self.fail(key, "the source language is written, not derived")
            return None
        if code not in targets:
            return None  # (reported: not a configured locale)
        problems = len(self.problems)
        if not base:
            self.fail(f"{key}.derive_from", 'is required with convert or quotes, e.g. "zh_CN"')
        elif base == code:
            self.fail(f"{key}.derive_from", "a locale cannot be derived from itself")
        elif base not in targets | {source}:
            known = ", ".join(sorted(targets | {source}))
            self.fail(f"{key}.derive_from", f"{base!r} is not a configured locale ({known})")
        elif base in derived:
            self.fail(f"{key}.derive_from", f"{base!r} is itself derived; derive from its base")
        elif language_of(base) != language_of(code):
            self.fail(
                f"{key}.derive_from",
                f"{base!r} is another language than {code!r}; OpenCC converts between the "
                "scripts of one language (derive zh_TW from zh_CN)",
            )
        configs = opencc_configs()  # (imports OpenCC: only a project that derives asks)
        if not convert:
            self.fail(f"{key}.convert", 'is required, e.g. "s2twp"; allowed: ' + ", ".join(configs))
        elif convert not in configs:
            self.fail(
                f"{key}.convert",
                f"{convert!r} is not an OpenCC configuration; allowed: " + ", ".join(configs),
            )
        else:
            writes = _SCRIPT_WRITTEN.get(convert.partition("2")[2])
            script = tags.get(code, "").partition("-")[2]
            if writes and script in SCRIPT_NAMES and writes != script:
                self.fail(
                    f"{key}.convert",
                    f"{convert!r} writes {SCRIPT_NAMES[writes]} Chinese, but {code} is "
                    f"{tags[code]} ({SCRIPT_NAMES[script]}); e.g. "
                    + ('"s2twp"' if script == "Hant" else '"t2s"'),
                )
        if quotes and quotes not in QUOTES:
            self.fail(f"{key}.quotes", f"must be {' or '.join(map(repr, QUOTES))}, or left out")
        if len(self.problems) > problems:
            return None
        return Derivation(code, base, convert, quotes)
