"""Two-column CSV files people keep by hand (the glossary, a derived locale's conversion
rules): one reader, so both take the same layout and report a bad row the same way."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.fileio import utf8_text


def read_pairs(
    data: bytes,
    path: Path,
    error: type[PipelineError],
    headers: tuple[tuple[str, str], ...],
    header_required: bool = False,
) -> Iterator[tuple[str, str, int]]:
    """(first cell, second cell, line) of each row; blank rows and `#` lines are skipped, a
    first row that is one of `headers` names the columns. A row that is not two non-empty
    cells, or a missing header when one is required (else the first rule would be taken
    for it), is `error` naming the file and line."""
    text = utf8_text(data, path, error)
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    first = True
    for row in reader:
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        line = reader.line_num
        if first:
            first = False
            if tuple(cell.lower() for cell in cells) in headers:
                continue
            if header_required:
                raise error(
                    f"expected the header line {','.join(headers[0])} first, found {cells!r}; "
                    "add it as the first line",
                    path,
                    line,
                )
        if len(cells) != 2 or not all(cells):
            named = ",".join(headers[0])
            raise error(f"expected 2 non-empty cells ({named}), found {row!r}", path, line)
        yield cells[0], cells[1], line
