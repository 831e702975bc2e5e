"""Benchmark `pipeline` against Translate Toolkit on generated corpora; print Markdown + JSON.

Usage: `.venv/bin/python bench/run.py [--sizes 100,1000,5000 | --quick] [--repeat 3]
[--workdir /tmp/pipeline-bench] [--check] [--profile] [--wait-quiet SECONDS]`
(run it with the project's venv: it needs polib, and measures that venv's pipeline)

Why it works this way:
- Every command is run as a child process and measured from outside (wall clock, user+sys CPU
  of the child and its waited-for descendants from `os.wait4`, peak RSS), because the build may
  fork worker processes whose cost an in-process timer would miss. Peak memory is reported twice:
  `ru_maxrss` is the largest single process, while a sampler thread sums RSS over the whole
  process tree every 50 ms (pages shared by forked workers count once in every process that maps
  them, so the sum over-states real use a little; it is the number that grows with workers).
- "Cold" means no `output/` and no `.pipeline/` (cache, staging) in the project; the OS file
  cache is warm, as it is for every other measurement, so runs compare work, not disk speed.
- Each size works on a fresh copy of a pristine generated corpus (`bench/corpus.py`), so the
  edit measurement cannot leak into the next run, and all scratch data stays in the work dir,
  never in the repository.
- Translate Toolkit runs in its own venv over the very same HTML files. Its catalogs are made
  untimed (html2po templates + the same pseudo-translation); the timed part is html2po (all
  templates) + po2html (all zh pages) for one language, plus copying the sources as the English
  "bundle" for two languages, which is all Translate Toolkit does for the source language.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import hashlib
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (sibling script, not a package)

REPO = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
EDIT_SENTENCE = " The bench appended this sentence to the paragraph."


# --- measuring one child process ------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Sums RSS over a process and all its descendants every `interval` seconds via /proc.

    The parent of each pid is read once and cached (a pid is dropped when it disappears), so a
    scan costs a directory listing plus a statm read per process in the tree, not a stat read
    of every process on the machine: the sampler must not slow down the build it measures.
    """

    def __init__(self, root: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak_bytes = 0
        self.peak_procs = 0
        self.samples = 0
        self._halt = threading.Event()
        self._parents: dict[int, int] = {}

    def stop(self) -> None:
        self._halt.set()

    def run(self) -> None:
        while True:
            self.sample()
            if self._halt.wait(self.interval):
                return

    def sample(self) -> None:
        alive = set()
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            alive.add(pid)
            if pid not in self._parents:
                try:
                    with open(f"/proc/{pid}/stat", "rb") as fh:
                        stat = fh.read()
                except OSError:
                    continue
                self._parents[pid] = int(stat.rsplit(b")", 1)[1].split()[1])
        for pid in set(self._parents) - alive:
            del self._parents[pid]
        children: dict[int, list[int]] = {}
        for pid, ppid in self._parents.items():
            children.setdefault(ppid, []).append(pid)
        total, procs, stack = 0, 0, [self.root]
        while stack:
            pid = stack.pop()
            try:
                with open(f"/proc/{pid}/statm", "rb") as fh:
                    total += int(fh.read().split()[1]) * PAGE
                procs += 1
            except (OSError, IndexError, ValueError):
                pass
            stack.extend(children.get(pid, ()))
        self.samples += 1
        self.peak_bytes = max(self.peak_bytes, total)
        self.peak_procs = max(self.peak_procs, procs)


def busy_cpu_seconds() -> float:
    """CPU seconds all processes on the machine have used since boot (from /proc/stat)."""
    with open("/proc/stat") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def wait_quiet(limit_s: float, threshold: float = 0.2) -> float:
    """Wait (up to `limit_s`) until other processes use < `threshold` of the CPUs for 3 s.

    On a shared machine this avoids starting a measurement in the middle of someone else's
    burst; it returns the load last seen, which is printed either way.
    """
    deadline = time.monotonic() + limit_s
    while True:
        before, start = busy_cpu_seconds(), time.monotonic()
        time.sleep(3)
        load = (busy_cpu_seconds() - before) / ((time.monotonic() - start) * cpu_count())
        if load < threshold or time.monotonic() >= deadline:
            return load
        log(f"machine busy ({load:.0%} of CPUs used by others); waiting ...")


@dataclass
class Sample:
    """One measured run of one command."""

    wall: float
    cpu: float
    tree_peak_mib: float
    maxrss_mib: float
    procs: int
    returncode: int
    # Share of the machine's CPU capacity used by *other* processes meanwhile: a shared or busy
    # machine inflates wall times, and this says by how much to distrust them.
    other_load: float = 0.0
    stdout: str = field(default="", repr=False)
    stderr: str = field(default="", repr=False)


class CommandFailed(RuntimeError):
    """A measured command exited non-zero: the numbers would be meaningless."""


def measure(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Sample:
    """Run `cmd` to completion and measure it from outside (see the module docstring)."""
    os.sync()  # what earlier steps wrote is flushed now, not while this command runs
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy_before = busy_cpu_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        busy = busy_cpu_seconds() - busy_before
        sampler.stop()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    maxrss = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    sample = Sample(
        wall=wall,
        cpu=cpu,
        # The sampler can miss a peak shorter than its interval; ru_maxrss is a floor.
        tree_peak_mib=max(sampler.peak_bytes / MIB, maxrss),
        maxrss_mib=maxrss,
        procs=sampler.peak_procs,
        returncode=proc.returncode,
        other_load=max(0.0, busy - cpu) / (wall * cpu_count()) if wall > 0 else 0.0,
        stdout=stdout,
        stderr=stderr,
    )
    if sample.returncode != 0:
        raise CommandFailed(
            f"{' '.join(cmd)} exited {sample.returncode}:\n{stdout[-2000:]}\n{stderr[-2000:]}"
        )
    return sample


@dataclass
class Row:
    """One line of the results table: the median of `runs` samples of one measurement."""

    size: int
    step: str
    runs: int
    wall_s: float
    cpu_s: float
    tree_peak_mib: float
    maxrss_mib: float
    procs: int
    articles_per_s: float | None
    other_load_pct: float = 0.0
    note: str = ""


def summarize(
    size: int, step: str, samples: list[Sample], note: str = "", rate: bool = True
) -> Row:
    """Median of each field separately (robust to one slow run, e.g. a cache-cold first run)."""
    wall = statistics.median(s.wall for s in samples)
    return Row(
        size=size,
        step=step,
        runs=len(samples),
        wall_s=round(wall, 3),
        cpu_s=round(statistics.median(s.cpu for s in samples), 3),
        tree_peak_mib=round(statistics.median(s.tree_peak_mib for s in samples), 1),
        maxrss_mib=round(statistics.median(s.maxrss_mib for s in samples), 1),
        procs=max(s.procs for s in samples),
        articles_per_s=round(size / wall, 1) if rate and wall > 0 else None,
        other_load_pct=round(100 * statistics.median(s.other_load for s in samples), 1),
        note=note,
    )


def combine(parts: list[Sample]) -> Sample:
    """Several commands run one after the other as one job: times add, memory is the max."""
    return Sample(
        wall=sum(p.wall for p in parts),
        cpu=sum(p.cpu for p in parts),
        tree_peak_mib=max(p.tree_peak_mib for p in parts),
        maxrss_mib=max(p.maxrss_mib for p in parts),
        procs=max(p.procs for p in parts),
        returncode=0,
        other_load=sum(p.other_load * p.wall for p in parts)
        / max(sum(p.wall for p in parts), 1e-9),
    )


# --- helpers --------------------------------------------------------------------------------


def log(message: str) -> None:
    """Progress goes to stderr, so stdout holds only the tables and the JSON line."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under `root`, by relative path: two builds compared byte for byte."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def page_counts(tree: dict[str, str]) -> str:
    """Article pages per bundle (index pages left out), e.g. "en 1000, zh-hans 1000": a build
    that withheld or lost pages would otherwise look fast for the wrong reason."""
    counts: dict[str, int] = {}
    for name in tree:
        parts = name.split("/")
        if len(parts) == 2 and parts[1].endswith(".html") and parts[1] != "index.html":
            counts[parts[0]] = counts.get(parts[0], 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"


TRASH: list[Path] = []
atexit.register(lambda: empty_trash())


def set_aside(path: Path) -> None:
    """Move `path` out of the way now, delete it later (`empty_trash`, untimed).

    Why: deleting tens of megabytes of files right before a timed command made that command
    pay for the file system's deferred work (freeing and discarding blocks): on the CI machine
    a cold build then spent ~1.5 s more in the kernel, creating its pages, than the same build
    into a fresh folder. A rename is instant and leaves no such work behind.
    """
    if path.exists():
        trash = path.parent / f".bench-trash-{len(TRASH)}-{os.getpid()}"
        os.rename(path, trash)
        TRASH.append(trash)


def empty_trash() -> None:
    while TRASH:
        shutil.rmtree(TRASH.pop(), ignore_errors=True)
    os.sync()


def make_cold(project: Path) -> None:
    """Remove everything a build leaves behind: bundles, cache, staging, lock."""
    for name in ("output", ".pipeline"):
        set_aside(project / name)


def pipeline_env() -> dict[str, str]:
    """Same fixed SOURCE_DATE_EPOCH as the corpus, so no run rewrites a catalog for its date."""
    return dict(os.environ, SOURCE_DATE_EPOCH=corpus.SOURCE_DATE_EPOCH)


def has_jobs_option(pipeline: list[str]) -> bool:
    """`pipeline build --help` lists --jobs once the build can use worker processes."""
    result = subprocess.run([*pipeline, "build", "--help"], capture_output=True, text=True)
    return "--jobs" in result.stdout


def cpu_count() -> int:
    """CPUs this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def git_revision() -> str:
    """HEAD plus '+dirty' when the work tree has changes, read without touching the index."""
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")

    def git(*args: str) -> str:
        command = ["git", "-C", str(REPO), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except OSError:
        return "unknown"
    return f"{head}{'+dirty' if dirty else ''}" if head else "unknown"


def version_of(cmd: list[str]) -> str:
    try:
        result = subprocess.run([*cmd, "--version"], capture_output=True, text=True)
    except OSError:
        return "missing"
    return (
        (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else "?"
    )


def snapshot_code(workdir: Path) -> tuple[Path, str]:
    """Copy the working tree's `pipeline/` package so the whole run measures one version.

    Others may edit the repository while a long benchmark runs; a copy taken at the start
    keeps every measurement on the same code. Its digest identifies that code in the results.
    """
    target = workdir / "code"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        REPO / "pipeline", target / "pipeline", ignore=shutil.ignore_patterns("__pycache__")
    )
    digest = hashlib.sha256()
    for path in sorted((target / "pipeline").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(target)).encode() + b"\0" + path.read_bytes())
    # Byte-compiled as `pip install` does for an installed package (Translate Toolkit's too):
    # with PYTHONDONTWRITEBYTECODE set, as on the CI machine, every command would otherwise
    # compile the whole package again (~60 ms a run).
    compileall.compile_dir(target / "pipeline", quiet=1)
    return target, digest.hexdigest()[:12]


# --- corpora --------------------------------------------------------------------------------


def ensure_corpus(workdir: Path, size: int, pipeline: list[str]) -> Path:
    """The pristine corpus of `size` articles, generated once per generator version."""
    path = workdir / f"corpus-{size}"
    if corpus.is_current(path, size):
        log(f"corpus {size}: reusing {path}")
        return path
    log(f"corpus {size}: generating {path} (extract, init, pseudo-translate) ...")
    started = time.perf_counter()
    summary = corpus.generate(size, path, pipeline, force=True)
    log(f"corpus {size}: {summary} in {time.perf_counter() - started:.1f}s")
    return path


def fresh_copy(pristine: Path, workdir: Path, size: int, pipeline: list[str]) -> Path:
    """A disposable copy to build in, so measurements never alter the pristine corpus.

    One untimed `update` brings the catalogs to what the pipeline under test writes (a corpus
    made by an older version might otherwise be rewritten by the first cold build only).
    """
    run = workdir / f"run-{size}"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(pristine, run, symlinks=True)
    measure([*pipeline, "--project", str(run), "update"], pipeline_env())
    return run


def edit_one_article(project: Path, offset: int = 0) -> Path:
    """Append a sentence to the first paragraph after the figure of the middle article (or of
    the `offset`-th one after it, so that repeated edits each change another article)."""
    articles = sorted((project / "source").glob("*.html"))
    path = articles[(len(articles) // 2 + offset) % len(articles)]
    text = path.read_text(encoding="utf-8")
    marker = "</figure>\n<p>"
    start = text.index(marker) + len(marker)
    end = text.index("</p>", start)
    path.write_text(text[:end] + EDIT_SENTENCE + text[end:], encoding="utf-8")
    return path


# --- Translate Toolkit -----------------------------------------------------------------------


def ensure_tt(venv: Path) -> Path:
    """A separate venv with translate-toolkit (html2po/po2html need nothing else in 3.x)."""
    bin_dir = venv / "bin"
    if not (bin_dir / "html2po").exists():
        log(f"Translate Toolkit: creating {venv} and installing translate-toolkit ...")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(bin_dir / "pip"), "install", "-q", "translate-toolkit"],
            check=True,
        )
    return bin_dir


def prepare_tt(workdir: Path, size: int, pristine: Path, tt_bin: Path) -> Path:
    """Translate Toolkit's own catalogs: html2po templates + the pseudo-translation (untimed)."""
    base = workdir / f"tt-{size}"
    stamp = base / ".stamp"
    want = (pristine / corpus.STAMP).read_text()
    if stamp.is_file() and stamp.read_text() == want:
        return base
    log(f"Translate Toolkit {size}: building its catalogs (untimed) ...")
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    subprocess.run(
        [str(tt_bin / "html2po"), "--progress=none", "-P", str(pristine / "source"), "pot-setup"],
        cwd=base,
        check=True,
        capture_output=True,
    )
    (base / "po").mkdir()
    for pot in sorted((base / "pot-setup").glob("*.pot")):
        target = base / "po" / f"{pot.stem}.po"
        shutil.copyfile(pot, target)
        corpus.fill_catalog(target, tt_pseudo)
    stamp.write_text(want)
    return base


def tt_pseudo(msgid: str) -> str:
    """The same pseudo-translation for Translate Toolkit's msgids (raw inline HTML kept)."""
    if msgid == "en":  # the <html lang> unit: a translator would write the target language
        return "zh-Hans"
    return corpus.pseudo_html(msgid)


def run_tt(base: Path, source: Path, tt_bin: Path) -> dict[str, Sample]:
    """One timed round: html2po (templates), po2html (zh pages), cp -r (the English 'bundle')."""
    for name in ("pot", "out-zh", "out-en"):
        set_aside(base / name)
    return {
        "html2po": measure(
            [str(tt_bin / "html2po"), "--progress=none", "-P", str(source), "pot"], cwd=base
        ),
        "po2html": measure(
            [
                str(tt_bin / "po2html"),
                "--progress=none",
                "-t",
                str(source),
                "-i",
                "po",
                "-o",
                "out-zh",
            ],
            cwd=base,
        ),
        "copy": measure(["cp", "-r", str(source), "out-en"], cwd=base),
    }


# --- one size ---------------------------------------------------------------------------------


@dataclass
class SizeResult:
    size: int
    rows: list[Row] = field(default_factory=list)
    jobs_identical: bool | None = None
    jobs_differences: int = 0
    edit_checked: bool = False
    load_before: float = 0.0
    load_after: float = 0.0

    def row(self, step: str) -> Row | None:
        return next((r for r in self.rows if r.step == step), None)


def bench_size(
    size: int, args: argparse.Namespace, pipeline: list[str], tt_bin: Path | None
) -> SizeResult:
    """Every measurement at one corpus size, on a fresh copy of the pristine corpus."""
    result = SizeResult(size)
    pristine = ensure_corpus(args.workdir, size, pipeline)
    project = fresh_copy(pristine, args.workdir, size, pipeline)
    repeat = args.repeat if size <= 1000 else 1
    env = pipeline_env()
    build = [*pipeline, "--project", str(project), "build"]

    base = prepare_tt(args.workdir, size, pristine, tt_bin) if tt_bin is not None else None
    if args.wait_quiet:
        wait_quiet(args.wait_quiet)
    result.load_before = os.getloadavg()[0]
    # Ours and Translate Toolkit alternate, so that whatever else runs on the machine slows
    # both sides alike and the ratio stays meaningful even when absolute times drift.
    cold, noop, rounds = [], [], []
    for i in range(repeat):
        make_cold(project)
        log(f"{size}: cold build {i + 1}/{repeat}")
        cold.append(measure(build, env))
        log(f"{size}:   {cold[-1].wall:.2f}s; no-op rebuild")
        noop.append(measure(build, env))
        if base is not None and tt_bin is not None:
            log(f"{size}: Translate Toolkit round {i + 1}/{repeat}")
            rounds.append(run_tt(base, pristine / "source", tt_bin))
    default_tree = tree_digest(project / "output")
    pages = page_counts(default_tree)
    result.rows.append(
        summarize(size, "cold build", cold, f"no output/, no .pipeline/; pages {pages}")
    )
    result.rows.append(summarize(size, "no-op rebuild", noop, "right after a cold build"))

    log(f"{size}: pipeline update x{repeat}")
    update = [measure([*pipeline, "--project", str(project), "update"], env) for _ in range(repeat)]
    result.rows.append(summarize(size, "update alone", update, "steady state, nothing to write"))

    if args.jobs_option:
        one = []
        for i in range(repeat):
            make_cold(project)
            log(f"{size}: cold build --jobs 1 ({i + 1}/{repeat})")
            one.append(measure([*build, "--jobs", "1"], env))
        serial_tree = tree_digest(project / "output")
        result.jobs_identical = serial_tree == default_tree
        result.jobs_differences = len(
            {
                k
                for k in serial_tree.keys() | default_tree.keys()
                if serial_tree.get(k) != default_tree.get(k)
            }
        )
        same = "identical" if result.jobs_identical else f"{result.jobs_differences} files differ"
        result.rows.append(summarize(size, "cold build --jobs 1", one, f"output {same}"))
        measure(build, env)  # back to the default build's state (untimed)

    edits, result.edit_checked = [], True
    for i in range(repeat):
        edited = edit_one_article(project, i)
        log(f"{size}: rebuild after editing {edited.name}")
        edits.append(measure(build, env))
        page = project / "output" / "en" / f"{edited.stem}.html"
        seen = page.is_file() and EDIT_SENTENCE.strip() in page.read_text("utf-8")
        result.edit_checked = result.edit_checked and seen
    result.rows.append(
        summarize(
            size,
            "edit one article",
            edits,
            "append a sentence to one paragraph (another article each run)"
            + ("" if result.edit_checked else "; EDIT NOT IN OUTPUT"),
            rate=False,
        )
    )

    if rounds:
        for name, note in (
            ("html2po", "html2po -P source/ pot/"),
            ("po2html", "po2html -t source/ -i po/ -o out-zh/"),
            ("copy", "cp -r source/ out-en/"),
        ):
            result.rows.append(summarize(size, f"TT {name}", [r[name] for r in rounds], note))
        one_lang = [combine([r["html2po"], r["po2html"]]) for r in rounds]
        two_lang = [combine([r["html2po"], r["po2html"], r["copy"]]) for r in rounds]
        made = len(list((base / "out-zh").glob("*.html")))
        result.rows.append(
            summarize(size, "TT 1 language", one_lang, f"html2po + po2html; {made} zh pages")
        )
        result.rows.append(summarize(size, "TT 2 languages", two_lang, "html2po + po2html + copy"))
    result.load_after = os.getloadavg()[0]
    empty_trash()
    return result


# --- profile ------------------------------------------------------------------------------------


def profile(size: int, args: argparse.Namespace, pipeline: list[str]) -> str:
    """cProfile of one cold build; serial (--jobs 1) so work in workers is not invisible."""
    pristine = ensure_corpus(args.workdir, size, pipeline)
    project = fresh_copy(pristine, args.workdir, size, pipeline)
    stats_file = args.workdir / f"profile-{size}.prof"
    script = pipeline[0] if len(pipeline) == 1 else None
    if script is None:
        runner = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "pipeline"]
    else:
        runner = [sys.executable, "-m", "cProfile", "-o", str(stats_file), script]
    cmd = [*runner, "--project", str(project), "build"]
    if args.jobs_option:
        cmd += ["--jobs", "1"]
    make_cold(project)
    log(f"{size}: profiling a cold build: {' '.join(cmd)}")
    sample = measure(cmd, pipeline_env())
    text = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=text)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(60)
    (args.workdir / f"profile-{size}.txt").write_text(text.getvalue())
    header = (
        f"cProfile, cold build of {size} articles{' with --jobs 1' if args.jobs_option else ''}: "
        f"{sample.wall:.2f}s wall under the profiler (cProfile adds overhead per call); "
        f"full stats: {stats_file}, {args.workdir / f'profile-{size}.txt'}"
    )
    report = "\n\n".join(
        [
            header,
            f"Top {args.profile_top} by cumulative time (the CLI/click/runpy call chain above "
            "`build()` left out):",
            profile_table(stats, "cumulative", args.profile_top),
            f"Top {args.profile_top} by own time (tottime):",
            profile_table(stats, "tottime", args.profile_top),
        ]
    )
    return report


def _where(key: tuple[str, int, str]) -> str:
    """`pipeline/catalogs/update.py:42(func)`, `polib.py:1328(parse)`: short but unambiguous."""
    filename, line, func = key
    if filename == "~":
        return func
    path = Path(filename)
    parts = path.parts
    if "pipeline" in parts:
        shown = "/".join(parts[len(parts) - 1 - parts[::-1].index("pipeline") :])
    elif "site-packages" in parts:
        shown = "/".join(parts[parts.index("site-packages") + 1 :])
    else:
        shown = path.name
    return f"{shown}:{line}({func})"


def profile_table(stats: pstats.Stats, order: str, top: int) -> str:
    """A Markdown table of the top entries; for `cumulative`, entries that hold (almost) the
    whole run are the CLI wrapper chain and say nothing, so they are skipped."""
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_cc, _nc, _tt, ct, _callers) in entries.values())
    rows = sorted(entries.items(), key=lambda kv: kv[1][3 if order == "cumulative" else 2])
    lines = [
        "| # | function | calls | own s | cumulative s | % of run |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    shown = 0
    for key, (_cc, calls, own, cum, _callers) in reversed(rows):
        if order == "cumulative" and cum >= 0.97 * total:
            continue
        shown += 1
        lines.append(
            f"| {shown} | `{_where(key)}` | {calls:,} | {own:.2f} | {cum:.2f} "
            f"| {100 * (cum if order == 'cumulative' else own) / total:.0f}% |"
        )
        if shown == top:
            break
    return "\n".join(lines)


# --- report -------------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def markdown(results: list[SizeResult], env: dict) -> str:
    lines = [
        f"Machine: {env['cpus']} CPUs, {env['platform']}, Python {env['python']}; "
        f"{env['pipeline']} (git {env['git']}, code {env['code']}); {env['translate_toolkit']}.",
        "Corpus: `bench/corpus.py N` - N HTML articles of ~600 words, zh_CN catalogs 100% "
        "pseudo-translated; 2 languages (en + zh_CN). Medians of the runs shown; cold = no "
        "`output/`, no `.pipeline/` (OS file cache warm). Other load = CPU used by other "
        "processes on the machine during the run, as a share of all CPUs (noise indicator).",
        "",
        "| N | measurement | runs | wall s | CPU s | peak RSS, process tree (MiB) "
        "| ru_maxrss (MiB) | procs | articles/s | other load | note |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for res in results:
        for r in res.rows:
            lines.append(
                f"| {r.size:,} | {r.step} | {r.runs} | {fmt(r.wall_s)} | {fmt(r.cpu_s)} "
                f"| {fmt(r.tree_peak_mib, 0)} | {fmt(r.maxrss_mib, 0)} | {r.procs} "
                f"| {fmt(r.articles_per_s, 0)} | {r.other_load_pct:.0f}% | {r.note} |"
            )
    busy = [r for r in results if max(r.load_before, r.load_after) > 0.5 * env["cpus"]]
    if busy:
        loads = ", ".join(f"N={r.size}: {r.load_before:.1f} -> {r.load_after:.1f}" for r in busy)
        lines += [
            "",
            f"Warning: the machine was busy (1-min load average {loads} on {env['cpus']} CPUs); "
            "wall times include waiting for the CPU (compare CPU s), ours and TT alternate so "
            "ratios are less affected.",
        ]
    comparisons = compare(results)
    if comparisons:
        lines += [
            "",
            "| N | ours: cold build, 2 languages (s) | TT html2po + po2html, 1 language (s) "
            "| TT + copy, 2 languages (s) | ours / TT (2 languages) | TT / ours (speed-up) "
            "| CPU s: ours / TT (2 languages) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for c in comparisons:
            lines.append(
                f"| {c['size']:,} | {fmt(c['ours_s'])} | {fmt(c['tt_one_language_s'])} "
                f"| {fmt(c['tt_two_languages_s'])} | {fmt(c['ratio_ours_over_tt'])} "
                f"| {fmt(c['speedup'])}x "
                f"| {fmt(c['ours_cpu_s'])} / {fmt(c['tt_two_languages_cpu_s'])} |"
            )
    return "\n".join(lines)


def compare(results: list[SizeResult]) -> list[dict]:
    out = []
    for res in results:
        ours, one, two = res.row("cold build"), res.row("TT 1 language"), res.row("TT 2 languages")
        if ours and one and two:
            out.append(
                {
                    "size": res.size,
                    "ours_s": ours.wall_s,
                    "tt_one_language_s": one.wall_s,
                    "tt_two_languages_s": two.wall_s,
                    "ratio_ours_over_tt": round(ours.wall_s / two.wall_s, 3),
                    "ours_cpu_s": ours.cpu_s,
                    "tt_two_languages_cpu_s": two.cpu_s,
                    "speedup": round(two.wall_s / ours.wall_s, 2),
                }
            )
    return out


@dataclass
class Target:
    name: str
    measured: str
    limit: str
    status: str  # PASS | FAIL | SKIP


def targets(results: list[SizeResult], args: argparse.Namespace) -> list[Target]:
    """The performance targets; a target whose inputs were not measured is SKIP, not PASS."""
    by = {r.size: r for r in results}
    out: list[Target] = []

    def status(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    k = by.get(1000)
    cold_k = k.row("cold build") if k else None
    tt_k = k.row("TT 2 languages") if k else None
    for goal in (5.0, 3.0):
        name = f"cold build 1,000 x 2 languages >= {goal:g}x faster than TT" + (
            " (goal)" if goal == 5 else " (floor)"
        )
        if cold_k and tt_k:
            speed = tt_k.wall_s / cold_k.wall_s
            out.append(
                Target(
                    name,
                    f"{speed:.2f}x ({cold_k.wall_s:.2f}s vs {tt_k.wall_s:.2f}s)",
                    f">= {goal:g}x",
                    status(speed >= goal),
                )
            )
        else:
            out.append(Target(name, "not measured", f">= {goal:g}x", "SKIP"))

    big = by.get(5000)
    cold_big = big.row("cold build") if big else None
    if cold_k and cold_big:
        growth = cold_big.wall_s / cold_k.wall_s
        out.append(
            Target(
                "linear growth: cold 5,000 / cold 1,000",
                f"{growth:.2f}x",
                "<= 5.5x",
                status(growth <= 5.5),
            )
        )
        memory = cold_big.tree_peak_mib / cold_k.tree_peak_mib
        out.append(
            Target(
                "peak memory (process tree): 5,000 / 1,000",
                f"{memory:.2f}x ({cold_big.tree_peak_mib:.0f} vs {cold_k.tree_peak_mib:.0f} MiB)",
                "<= 1.5x",
                status(memory <= 1.5),
            )
        )
    else:
        out.append(
            Target("linear growth: cold 5,000 / cold 1,000", "not measured", "<= 5.5x", "SKIP")
        )
        out.append(
            Target("peak memory (process tree): 5,000 / 1,000", "not measured", "<= 1.5x", "SKIP")
        )

    noop = k.row("no-op rebuild") if k else None
    out.append(
        Target(
            "no-op rebuild, 1,000 articles", f"{noop.wall_s:.2f}s", "< 1s", status(noop.wall_s < 1)
        )
        if noop
        else Target("no-op rebuild, 1,000 articles", "not measured", "< 1s", "SKIP")
    )
    edit = k.row("edit one article") if k else None
    if edit and cold_k:
        per_article = cold_k.wall_s / k.size
        limit = 1 + per_article
        ok = edit.wall_s < limit and k.edit_checked
        out.append(
            Target(
                "edit one article, 1,000 articles",
                f"{edit.wall_s:.2f}s" + ("" if k.edit_checked else " (edit missing from output)"),
                f"< 1s + {per_article:.3f}s (cold build / N) = {limit:.2f}s",
                status(ok),
            )
        )
    else:
        out.append(
            Target("edit one article, 1,000 articles", "not measured", "< 1s + render", "SKIP")
        )

    name = "--jobs default >= 1.6x faster than --jobs 1 (2 cores)"
    serial = k.row("cold build --jobs 1") if k else None
    if not args.jobs_option:
        out.append(Target(name, "build has no --jobs option (serial)", ">= 1.6x", "FAIL"))
    elif cpu_count() < 2:
        out.append(Target(name, f"only {cpu_count()} CPU", ">= 1.6x", "SKIP"))
    elif serial and cold_k:
        speed = serial.wall_s / cold_k.wall_s
        same = k.jobs_identical
        out.append(
            Target(
                name,
                f"{speed:.2f}x ({serial.wall_s:.2f}s vs {cold_k.wall_s:.2f}s); output "
                + ("byte-identical" if same else f"DIFFERS in {k.jobs_differences} files"),
                ">= 1.6x, identical output",
                status(speed >= 1.6 and bool(same)),
            )
        )
    else:
        out.append(Target(name, "not measured", ">= 1.6x", "SKIP"))
    return out


def targets_markdown(items: list[Target]) -> str:
    lines = ["| target | measured | limit | result |", "|---|---|---|---|"]
    lines += [f"| {t.name} | {t.measured} | {t.limit} | {t.status} |" for t in items]
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated article counts")
    parser.add_argument("--quick", action="store_true", help="only 100 articles")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement for sizes <= 1,000 (median)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path("/tmp/pipeline-bench"),
        help="scratch folder for corpora, copies, outputs, results.json (outside the repo)",
    )
    parser.add_argument("--tt-venv", type=Path, help="default: WORKDIR/tt-venv")
    parser.add_argument("--skip-tt", action="store_true", help="do not run Translate Toolkit")
    parser.add_argument(
        "--pipeline",
        help="pipeline command to measure (default: `python -m pipeline` on a snapshot of the "
        "repository's pipeline/ taken at start)",
    )
    parser.add_argument(
        "--no-snapshot",
        action="store_true",
        help="run the installed pipeline as it changes, not a copy of pipeline/ taken at start",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if any target FAILs")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="before each size, wait up to SECONDS for other processes to go quiet",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile a cold build of the largest size"
    )
    parser.add_argument("--profile-top", type=int, default=15)
    args = parser.parse_args(argv)
    args.sizes = [100] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    if not args.sizes or min(args.sizes) < 1 or args.repeat < 1:
        parser.error("sizes and --repeat must be positive")
    args.workdir = args.workdir.resolve()
    if args.workdir.is_relative_to(REPO):
        parser.error(f"--workdir must be outside the repository ({REPO})")
    args.tt_venv = (args.tt_venv or args.workdir / "tt-venv").resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    # Children run from the work dir: `python -m pipeline` must not pick up ./pipeline.
    os.chdir(args.workdir)
    code = "installed"
    if args.pipeline or args.no_snapshot:
        pipeline = corpus.pipeline_command(args.pipeline)
    else:
        snapshot, code = snapshot_code(args.workdir)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(snapshot), os.environ.get("PYTHONPATH")])
        )
        pipeline = [sys.executable, "-m", "pipeline"]
    args.jobs_option = has_jobs_option(pipeline)
    tt_bin = None if args.skip_tt else ensure_tt(args.tt_venv)
    env = {
        "cpus": cpu_count(),
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "pipeline": version_of(pipeline),
        "git": git_revision(),
        "code": code,
        "translate_toolkit": version_of([str(tt_bin / "html2po")]) if tt_bin else "not run",
        "jobs_option": args.jobs_option,
    }
    results = []
    for size in args.sizes:
        try:
            results.append(bench_size(size, args, pipeline, tt_bin))
        except CommandFailed as exc:
            log(f"{size}: a command failed, stopping:\n{exc}")
            return 2
    checks = targets(results, args)
    print("## Performance\n")
    print(markdown(results, env))
    print()
    print(
        "TT = Translate Toolkit, timed over the same source/*.html: `html2po -P source/ pot/` "
        "(templates) + `po2html -t source/ -i po/ -o out-zh/` (Chinese pages, from catalogs "
        "made untimed) = 1 language; + `cp -r source/ out-en/` (all TT does for English) = "
        "2 languages. Ours: one `pipeline build` (read, segment, extract, update catalogs, check, "
        "render en + zh-hans bundles with index pages, sitemap, manifest)."
    )
    print()
    print(targets_markdown(checks))
    profile_text = None
    if args.profile:
        try:
            profile_text = profile(max(args.sizes), args, pipeline)
        except CommandFailed as exc:
            log(f"profile failed:\n{exc}")
        else:
            print()
            print(profile_text.rstrip())
    record = {
        "bench": "pipeline",
        "env": env,
        "results": [asdict(r) for res in results for r in res.rows],
        "comparisons": compare(results),
        "jobs_identical": {res.size: res.jobs_identical for res in results},
        "load_average": {res.size: [res.load_before, res.load_after] for res in results},
        "targets": [asdict(t) for t in checks],
        "failed": sum(t.status == "FAIL" for t in checks),
    }
    (args.workdir / "results.json").write_text(json.dumps(record, indent=1) + "\n")
    print()
    print(json.dumps(record, separators=(",", ":")))
    return 1 if args.check and record["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
