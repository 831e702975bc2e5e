"""Time reading every catalog of the benchmark corpus, this checkout against a git revision.

Usage: `.venv/bin/python bench/read.py [--articles 1000] [--repeat 7] [--against REV]
[--instructions]`

Why: the reader was made exactly as strict as msgfmt, and strictness must not cost speed (at
most 10 % slower than before). Reading is timed in a fresh process per side, each reading the
same files (the corpus `bench/corpus.py` makes: one .pot and one zh_CN .po per article) with
`pipeline.catalogs.pofile.read_catalog`, the function every command reads catalogs with. The
other side runs the package as it was at REV (`git archive`), so both are measured in one
session, alternately, and the medians are compared.

Times on a shared machine move by 20 % from one minute to the next; `--instructions` also
counts the instructions one round of reading 200 of the catalogs takes on each side, under
valgrind's callgrind (the same count on every run, whatever else the machine is doing).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (sibling script, not a package)

REPO = Path(__file__).resolve().parent.parent


def measure(root: Path, rounds: int, limit: int | None = None) -> list[float]:
    """Seconds per round to read every catalog under root/locales (run inside one side)."""
    from pipeline.catalogs.pofile import read_catalog

    paths = sorted(p for p in (root / "locales").rglob("*.po*") if p.suffix in (".po", ".pot"))
    paths = paths[:limit]
    for path in paths:  # warm the file cache and the imports
        read_catalog(path)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for path in paths:
            read_catalog(path)
        times.append(time.perf_counter() - start)
    return times


def side(source: Path, root: Path, rounds: int) -> list[float]:
    command = [sys.executable, __file__, "--measure", str(root), "--repeat", str(rounds)]
    env = {"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def instructions(source: Path, root: Path, catalogs: int) -> int:
    """Instructions one round of reading `catalogs` catalogs takes: a run with one round
    less, subtracted, leaves out starting Python and the first (warming) round."""
    counts = []
    for rounds in (0, 1):
        command = [
            "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
            sys.executable, __file__, "--measure", str(root), "--repeat", str(rounds),
            "--limit", str(catalogs),
        ]  # fmt: skip
        env = {"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        counts.append(int(re.search(r"Collected : (\d+)", done.stderr).group(1)))
    return counts[1] - counts[0]


def snapshot(revision: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "pipeline"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7, help="rounds per side (median)")
    parser.add_argument("--against", metavar="REV", help="also time the package at this revision")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pipeline-bench-read"))
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat, args.limit)))
        return
    root = args.workdir / f"corpus-{args.articles}"
    corpus.generate(args.articles, root, corpus.pipeline_command())
    count = sum(1 for p in (root / "locales").rglob("*.po*") if p.suffix in (".po", ".pot"))
    sides = {"this checkout": REPO}
    with tempfile.TemporaryDirectory() as scratch:
        if args.against:
            sides[args.against] = snapshot(args.against, Path(scratch))
        results: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(3):  # alternate, so a slow minute of the machine hits both sides
            for name, source in sides.items():
                results[name] += side(source, root, args.repeat)
        counts = {
            name: instructions(source, root, 200) / 200
            for name, source in sides.items()
            if args.instructions
        }
    print(f"reading {count} catalogs ({args.articles} articles), median of {3 * args.repeat}:")
    medians = {name: statistics.median(times) for name, times in results.items()}
    for name, median in medians.items():
        print(f"  {name:>16}: {median * 1000:8.1f} ms  ({median / count * 1e6:6.1f} us/catalog)")
    if args.against:
        ratio = medians["this checkout"] / medians[args.against]
        print(f"  this checkout / {args.against}: {ratio:.3f}")
    if counts:
        print("instructions per catalog (callgrind, 200 catalogs):")
        for name, count in counts.items():
            print(f"  {name:>16}: {count / 1e6:8.3f} M")
    if len(counts) == 2:
        ratio = counts["this checkout"] / counts[args.against]
        print(f"  this checkout / {args.against}: {ratio:.3f}")


if __name__ == "__main__":
    main()
