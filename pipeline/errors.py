"""Expected failures, each with its exit code; anything else is a bug and keeps its traceback."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A failure the user can fix: it names the file (and line) and says what to do."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self):
        """Keep path and line when the error crosses from a worker process."""
        return (type(self), (self.message, self.path, self.line))

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ConfigError(PipelineError):
    """pyproject.toml's [tool.pipeline] is missing a value, has an unknown key or a bad value."""


class SourceError(PipelineError):
    """A source article cannot be read: encoding, front matter, slug."""


class CatalogError(PipelineError):
    """A .pot/.po file cannot be parsed or belongs to another language."""


class RenderError(PipelineError):
    """A layout cannot be loaded or rendered."""


class LockError(PipelineError):
    """Another pipeline command holds the project's lock."""


class WriteError(PipelineError):
    """Output could not be written; what was there before is intact."""


class PortInUse(PipelineError):
    """`serve`: the port is taken by another program."""


class Failure(PipelineError):
    """A check found problems (exit 1): check errors, `update --check` with changes, --strict."""

    exit_code = 1
