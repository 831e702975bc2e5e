"""Generate a deterministic benchmark project: N English HTML articles plus complete zh_CN catalogs.

Usage: `python bench/corpus.py N OUT [--pipeline CMD] [--force]`

Why it is built this way:
- The articles are HTML, not Markdown, so Translate Toolkit's html2po/po2html can read exactly
  the same files the pipeline reads; the speed comparison in `bench/run.py` is then like for like.
- Article i is generated from its own seed (`SEED:i`), so the result is byte-identical for a
  given N and the 100-article corpus is a prefix of the 1,000-article one: sizes differ only in
  how many articles there are, which is what a linear-growth test needs.
- The text is produced from hand-written word lists in a hospital/university news register, with
  enough combinations that sentences rarely repeat (as in a real site, apart from a few
  boilerplate lines), so translation-memory and fuzzy matching see a realistic load.
- The catalogs are made by the pipeline itself (`extract`, `init zh_CN`) and then filled with a
  pseudo-translation (ASCII letters -> full-width letters, placeholders untouched), so every
  article is 100% translated and every page really exercises the translation path.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html import escape
from pathlib import Path

import polib

SEED = "pipeline-bench-v1"
# Fixed so that POT-Creation-Date (and anything else dated) is the same on every run.
SOURCE_DATE_EPOCH = "1700000000"
STAMP = ".bench-corpus"
IMAGE_COUNT = 12

# --- word lists ---------------------------------------------------------------------------

INSTITUTIONS = [
    ("the First Affiliated Hospital", "First Affiliated Hospital"),
    ("the Second Affiliated Hospital", "Second Affiliated Hospital"),
    ("the Affiliated Children's Hospital", "Children's Hospital"),
    ("the Stomatological Hospital", "Stomatological Hospital"),
    ("the School of Public Health", "School of Public Health"),
    ("the College of Pharmacy", "College of Pharmacy"),
    ("the School of Basic Medical Sciences", "School of Basic Medical Sciences"),
    ("the School of Nursing", "School of Nursing"),
    ("the Graduate School", "Graduate School"),
    ("the University Library", "University Library"),
    ("the Institute of Life Sciences", "Institute of Life Sciences"),
    ("the Department of Cardiology", "Department of Cardiology"),
    ("the Department of Neurology", "Department of Neurology"),
    ("the Center for Clinical Research", "Center for Clinical Research"),
    ("the Office of International Cooperation", "Office of International Cooperation"),
    ("the Women and Children's Hospital", "Women and Children's Hospital"),
    ("the Mental Health Center", "Mental Health Center"),
    ("the Medical Imaging Center", "Medical Imaging Center"),
]
SURNAMES = [
    "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
    "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Luo", "Gao", "Lin",
]  # fmt: skip
GIVEN_NAMES = [
    "Wei", "Min", "Jing", "Fang", "Yang", "Lei", "Qiang", "Li", "Hong", "Tao",
    "Ming", "Lin", "Xiaoyan", "Jianguo", "Hui", "Yun", "Bo", "Ning", "Ping", "Xin",
]  # fmt: skip
TITLES = [
    "Professor", "Dr.", "Associate Professor", "Dean", "Director", "Vice President",
    "Chief Physician", "Head Nurse",
]  # fmt: skip
TOPICS = [
    "pediatric oncology", "assisted reproductive medicine", "minimally invasive surgery",
    "infectious disease surveillance", "maternal health", "clinical pharmacology",
    "medical imaging", "rehabilitation medicine", "neonatal intensive care",
    "public health education", "cardiovascular research", "digital health records",
    "traditional Chinese medicine", "organ transplantation", "geriatric care",
    "mental health services", "dental implantology", "gene therapy",
    "antimicrobial resistance", "emergency medicine", "stroke prevention",
    "diabetes management", "sports medicine", "palliative care",
]  # fmt: skip
VERBS_PAST = [
    "launched", "completed", "hosted", "opened", "signed", "announced", "expanded",
    "received", "established", "celebrated", "introduced", "organized",
]  # fmt: skip
VERBS_TITLE = [
    "Launches", "Opens", "Hosts", "Signs", "Announces", "Expands", "Celebrates",
    "Introduces", "Completes", "Receives",
]  # fmt: skip
OBJECTS = [
    "a new outpatient clinic", "a joint research program", "an international symposium",
    "a training course for resident physicians", "a cooperation agreement",
    "a community screening campaign", "a provincial key laboratory",
    "a telemedicine platform", "a volunteer service team", "a continuing education program",
    "a multicenter clinical trial", "a free medical consultation day",
    "a summer school for medical students", "a day-surgery ward", "a health lecture series",
]  # fmt: skip
TITLE_OBJECTS = [
    "New Outpatient Clinic", "Joint Research Program", "International Symposium",
    "Training Course", "Cooperation Agreement", "Screening Campaign", "Key Laboratory",
    "Telemedicine Platform", "Volunteer Service Week", "Summer School", "Day-Surgery Ward",
    "Health Lecture Series", "Clinical Trial",
]  # fmt: skip
TIMES = [
    "last week", "on Monday", "this spring", "earlier this month", "in October",
    "during the summer vacation", "at the end of the semester", "in the past year",
    "on Friday afternoon", "in early December", "over the weekend",
]  # fmt: skip
PLACES = [
    "in Chongqing", "in the Yuzhong District", "at the Yuyuan campus", "at the Jinyun campus",
    "in rural counties of southwest China", "in the Three Gorges area",
    "in neighboring Sichuan Province", "at the university's convention center",
]  # fmt: skip
PURPOSES = [
    "aiming to shorten waiting times for patients",
    "with the goal of improving early diagnosis",
    "in order to train more general practitioners",
    "to strengthen cooperation between hospitals and universities",
    "so that families in remote areas can see specialists without long journeys",
    "to bring the latest research results into daily clinical practice",
    "to support young researchers in their first independent projects",
]  # fmt: skip
QUALITIES = [
    "the quality of care", "patient safety", "the experience of outpatients",
    "the coordination between departments", "access to specialist services",
    "the training of young doctors",
]  # fmt: skip
FUNDERS = [
    "the National Natural Science Foundation of China",
    "the Chongqing Science and Technology Bureau",
    "the Ministry of Education", "the Chongqing Municipal Health Commission",
    "a grant from the university's development fund", "the China Medical Board",
]  # fmt: skip
JOURNALS = [
    "The Lancet Regional Health", "Nature Communications", "the Chinese Journal of Pediatrics",
    "BMC Public Health", "the Journal of Clinical Oncology", "Frontiers in Neurology",
]  # fmt: skip
SCREENINGS = [
    "blood pressure, blood glucose and bone density tests",
    "eye examinations and hearing tests for children",
    "breast and cervical cancer screening",
    "lung function tests and a chest examination",
    "dental check-ups and oral hygiene advice",
]  # fmt: skip
DETAILS = [
    "new imaging techniques", "shared decision making", "artificial intelligence in diagnosis",
    "long-term follow-up of patients", "better pain management", "nutrition support",
    "data sharing between hospitals", "nurse-led clinics",
]  # fmt: skip
LINK_HOSTS = ["www.cqmu.edu.cn", "news.cqmu.edu.cn", "www.hospital-cq.cn", "www.example.org"]
H2 = [
    "Background", "A growing need for {topic}", "What patients can expect",
    "Training the next generation", "Research highlights", "Next steps", "Community outreach",
    "International cooperation", "Facts and figures", "How to make an appointment",
    "Progress in {topic}", "Voices from the ward",
]  # fmt: skip
H3 = [
    "Key figures", "Opening hours", "Who can apply", "Program schedule",
    "Contact information", "Services offered", "How to register", "Partners",
]  # fmt: skip
UL_ITEMS = [
    "free {screening}", "consultations with specialists in {topic}",
    "health education talks for families", "follow-up visits by telephone",
    "a dedicated waiting area for children and older patients",
    "online appointments through the hospital's official account",
    "interpretation services for international patients",
    "discounted medicines for patients with chronic conditions",
    "training workshops on {topic} for community doctors",
    "a hotline staffed by experienced nurses",
]  # fmt: skip
OL_STEPS = [
    "Register online or at the service desk on the first floor.",
    "Bring your identity card and your medical insurance card.",
    "Fill in the health questionnaire before your visit.",
    "Wait for your number to be called in the waiting area.",
    "See the doctor and discuss the results of your examination.",
    "Collect your report at the self-service terminal after three working days.",
    "Book a follow-up visit if the doctor recommends one.",
]  # fmt: skip
BOILERPLATE = [
    "For more information, please contact the Office of Public Affairs.",
    "Reporters interested in interviews may write to the press office.",
    "This article was first published on the university's news website.",
]
TABLES = [
    ("Department", "Beds", "Outpatient visits", "Staff"),
    ("Year", "Operations", "Success rate", "Follow-up visits"),
    ("Campus", "Students", "Teachers", "Laboratories"),
    ("Program", "Participants", "Hours of training", "Certificates"),
]
ALTS = [
    "Doctors examining a young patient in the outpatient clinic",
    "The new building of {inst} seen from the main gate",
    "Students in white coats listening to a lecture",
    "A nurse explaining a treatment plan to an elderly patient",
    "Researchers working in a laboratory",
    "Guests signing the cooperation agreement",
    "Volunteers offering free health checks in a village square",
    "A group photo of the participants",
]  # fmt: skip


def person(rng: random.Random) -> str:
    """A person with a title and a pinyin name, e.g. "Professor Chen Jing"."""
    return f"{rng.choice(TITLES)} {rng.choice(SURNAMES)} {rng.choice(GIVEN_NAMES)}"


def esc(text: str) -> str:
    """Escape element text (`&`, `<`, `>`), leaving quotes readable as editors write them."""
    return escape(text, quote=False)


def attr(text: str) -> str:
    """Escape an attribute value written in double quotes."""
    return escape(text, quote=False).replace('"', "&quot;")


def upper_first(text: str) -> str:
    """Capitalize the first letter only (str.capitalize() would lower-case "Chinese")."""
    return text[:1].upper() + text[1:]


def link(rng: random.Random, text: str) -> str:
    """Wrap already-escaped text in a link to a plausible news URL."""
    host = rng.choice(LINK_HOSTS)
    words = re.findall(r"[a-z0-9]+", re.sub(r"<[^>]+>", "", text).lower())
    path = "-".join(words[:4]) or "news"
    return f'<a href="https://{host}/{path}/{rng.randint(100, 9999)}.html">{text}</a>'


def inline(rng: random.Random, text: str) -> str:
    """Mark up a phrase the way editors do: a link, emphasis, strong, or a link holding <em>."""
    kind = rng.random()
    if kind < 0.45:
        return link(rng, text)
    if kind < 0.7:
        return f"<em>{text}</em>"
    if kind < 0.92:
        return f"<strong>{text}</strong>"
    words = text.split(" ")
    if len(words) > 1:
        return link(rng, f"{words[0]} <em>{' '.join(words[1:])}</em>")
    return link(rng, text)


NUMERIC_SLOTS = ("n", "m", "k", "p", "year", "age", "c1", "c2")


class Deck:
    """Sentence templates drawn without replacement, so one article rarely repeats a sentence."""

    def __init__(self) -> None:
        self.cards: list[str] = []

    def draw(self, rng: random.Random) -> str:
        if not self.cards:
            self.cards = list(SENTENCES)
            rng.shuffle(self.cards)
        return self.cards.pop()


def sentence(rng: random.Random, deck: Deck, inst: str, topic: str, markup: bool) -> str:
    """One plausible news sentence (HTML), optionally with one inline element in it."""
    # Each slot value is escaped here; `mark` wraps at most one of them in inline markup.
    slots = {
        "inst": inst,
        "Inst": upper_first(inst),
        "other": rng.choice(INSTITUTIONS)[0],
        "person": person(rng),
        "topic": topic,
        "topic2": rng.choice(TOPICS),
        "verb": rng.choice(VERBS_PAST),
        "obj": rng.choice(OBJECTS),
        "time": rng.choice(TIMES),
        "place": rng.choice(PLACES),
        "purpose": rng.choice(PURPOSES),
        "quality": rng.choice(QUALITIES),
        "funder": rng.choice(FUNDERS),
        "journal": rng.choice(JOURNALS),
        "screening": rng.choice(SCREENINGS),
        "detail": rng.choice(DETAILS),
        "n": f"{rng.randint(120, 98000):,}",
        "m": str(rng.randint(20, 900)),
        "k": str(rng.randint(2, 15)),
        "p": f"{rng.randint(900, 999) / 10:.1f}",
        "year": str(rng.randint(1956, 2018)),
        "age": str(rng.choice([50, 55, 60, 65])),
        "c1": str(rng.randint(3, 28)),
        "c2": str(rng.randint(2, 17)),
    }
    template = deck.draw(rng)
    names = re.findall(r"{(\w+)}", template)
    marked = rng.choice([n for n in names if n not in NUMERIC_SLOTS] or [""])
    values = {}
    for name in names:
        value = esc(slots[name])
        if markup and name == marked:
            value = inline(rng, value)
        values[name] = value
    return template.format(**values)


SENTENCES = [
    "{Inst} {verb} {obj} {time}, {purpose}.",
    "According to {person}, {inst} has treated more than {n} patients since {year}.",
    "The project focuses on {topic} and {topic2}, two areas where demand has grown steadily.",
    "{person} said that the team would continue to improve {quality} for patients "
    "and their families.",
    "More than {m} doctors, nurses and students took part in the event {place}.",
    "Participants discussed recent advances in {topic}, including {detail}.",
    "The program is supported by {funder} and will run for {k} years.",
    "Since its founding in {year}, {inst} has trained over {n} medical professionals.",
    "The new facility {place} covers {n} square meters and has {m} beds.",
    "The results were published in {journal} and attracted attention from peers abroad.",
    "Experts from {c1} provinces and {c2} countries attended the meeting {place}.",
    "{Inst} plans to expand {topic} services to more districts next year.",
    "Students from {other} volunteered to help with registration and health education.",
    "The screening includes {screening}, and it is free for residents over {age}.",
    "In the past {k} years, the team has completed {n} operations with a success rate "
    "of {p} percent.",
    "{person}, who leads the {topic} team, thanked colleagues at {other} for their support.",
    "The agreement also provides for joint training of graduate students in {topic} "
    "and exchange visits by faculty members.",
    "Working with {other}, the team hopes to make {detail} part of routine care.",
    "{person} reminded visitors that early treatment of {topic2} problems saves lives.",
    "Feedback from patients has been positive, especially about {quality}.",
    "A second phase, funded by {funder}, is expected to start {time}.",
    "{Inst} {verb} {obj} {place} {time}.",
    "The hospital now receives about {n} outpatient visits a year.",
    "{person} of {other} gave a keynote speech on {topic}.",
    "Over {m} residents registered for the event within the first two days.",
    "The course combines lectures, case discussions and hands-on practice in {topic}.",
    "Each participant received a certificate after passing the final assessment.",
    "The two sides will share data and equipment and publish their findings jointly.",
    "Local health officials praised the initiative as a model for {topic2}.",
    "The team includes {m} specialists, many of whom trained at {other}.",
    "Doctors also visited {c1} village clinics {place} to check on patients after discharge.",
    "{person} noted that {topic} remains a challenge for hospitals across the region.",
    "The clinic is open from Monday to Saturday, and no referral is needed.",
    "Young researchers presented {c1} posters on {topic2} and {detail}.",
    "{Inst} first began work on {topic} in {year}, with only {k} staff members.",
    "The event ended with a visit to the wards and laboratories of {other}.",
    "Parents said the new waiting area made visits much easier for their children.",
    "An online version of the course is available to doctors {place}.",
    "{person} described {detail} as the most important change of the past {k} years.",
    "The team has enrolled {n} patients so far and expects to publish first results {time}.",
]


def paragraph(rng: random.Random, deck: Deck, inst: str, topic: str, sentences: int) -> str:
    """A paragraph of several sentences, about half of them carrying one inline element."""
    return " ".join(sentence(rng, deck, inst, topic, rng.random() < 0.5) for _ in range(sentences))


def article(index: int) -> tuple[str, str, int]:
    """Article `index` as (slug, HTML document, approximate word count), from its own seed."""
    rng = random.Random(f"{SEED}:{index}")
    deck = Deck()
    inst, short = rng.choice(INSTITUTIONS)
    topic = rng.choice(TOPICS)
    title = f"{short} {rng.choice(VERBS_TITLE)} {rng.choice(TITLE_OBJECTS)} on {topic.title()}"
    slug_words = re.findall(r"[a-z0-9]+", title.lower())[:6]
    slug = "-".join([*slug_words, f"{index:05d}"])
    summary = sentence(rng, deck, inst, topic, markup=False)
    year, month, day = rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year:04d}-{month:02d}-{day:02d}"

    def img(alt: str) -> str:
        src = f"images/photo-{rng.randint(1, IMAGE_COUNT):02d}.png"
        return f'<img src="{src}" alt="{attr(alt.format(inst=inst))}" width="640" height="427">'

    def h2() -> str:
        return upper_first(esc(rng.choice(H2).format(topic=topic)))

    ul = [
        upper_first(esc(item.format(screening=rng.choice(SCREENINGS), topic=rng.choice(TOPICS))))
        for item in rng.sample(UL_ITEMS, 4)
    ]
    marked = rng.randrange(4)
    ul[marked] = inline(rng, ul[marked])
    steps = sorted(rng.sample(range(len(OL_STEPS)), 4))
    head = rng.choice(TABLES)
    rows = []
    for _ in range(3):
        first = rng.choice([short for _, short in INSTITUTIONS]) if head[0] != "Year" else None
        first = esc(first) if first else str(rng.randint(2015, 2024))
        cells = [first, f"{rng.randint(40, 9000):,}", f"{rng.randint(10, 2000):,}"]
        cells.append(f"{rng.randint(2, 400)}")
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    caption = esc(f"{rng.choice(H3)} of {inst} in {year}")

    body = [
        f"<h1>{esc(title)}</h1>",
        f'<p class="lead">{paragraph(rng, deck, inst, topic, 3)}</p>',
        "<figure>",
        img(rng.choice(ALTS)),
        f"<figcaption>{sentence(rng, deck, inst, topic, False)}</figcaption>",
        "</figure>",
        f"<p>{paragraph(rng, deck, inst, topic, 4)}</p>",
        f"<h2>{h2()}</h2>",
        f"<p>{paragraph(rng, deck, inst, topic, 4)}</p>",
        f"<p>{paragraph(rng, deck, inst, topic, 3)}</p>",
        f"<h3>{esc(rng.choice(H3))}</h3>",
        "<ul>",
        *(f"<li>{item}</li>" for item in ul),
        "</ul>",
        f"<p>{paragraph(rng, deck, inst, topic, 3)} {img(rng.choice(ALTS))}</p>",
        f"<h2>{h2()}</h2>",
        f"<p>{paragraph(rng, deck, inst, topic, 4)}</p>",
        "<ol>",
        *(f"<li>{esc(OL_STEPS[i])}</li>" for i in steps),
        "</ol>",
        "<table>",
        f"<caption>{caption}</caption>",
        "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>",
        *rows,
        "</table>",
        f"<h2>{h2()}</h2>",
        f"<p>{paragraph(rng, deck, inst, topic, 4)}</p>",
        f"<p>{paragraph(rng, deck, inst, topic, 3)}</p>",
        f"<p><em>{esc(rng.choice(BOILERPLATE))}</em></p>",
    ]
    doc = "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{esc(title)}</title>",
            f'<meta name="description" content="{attr(summary)}">',
            f'<meta name="date" content="{date}">',
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )
    text = re.sub(r"<[^>]+>", " ", "\n".join(body))
    words = len(re.findall(r"[A-Za-z0-9][\w'.,-]*", text)) + len(summary.split())
    return slug, doc, words


# --- pseudo-translation -------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"(</?\d+>|<\d+/>)")
_FULLWIDTH = {c: chr(ord(c) - 0x21 + 0xFF01) for c in map(chr, range(0x41, 0x5B))}
_FULLWIDTH |= {c: chr(ord(c) - 0x21 + 0xFF01) for c in map(chr, range(0x61, 0x7B))}
_TABLE = str.maketrans(_FULLWIDTH)


def fullwidth(text: str) -> str:
    """ASCII letters -> full-width letters (A -> U+FF21, a -> U+FF41); nothing else changes."""
    return text.translate(_TABLE)


def pseudo(msgid: str) -> str:
    """The pipeline's pseudo-translation: letters change, `<N>`, `</N>`, `<N/>` stay as they are."""
    parts = _PLACEHOLDER.split(msgid)
    return "".join(part if i % 2 else fullwidth(part) for i, part in enumerate(parts))


_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")


def pseudo_html(msgid: str) -> str:
    """Translate Toolkit's msgids keep raw inline HTML: letters change outside tags and entities."""
    parts = _TAG_OR_ENTITY.split(msgid)
    return "".join(part if i % 2 else fullwidth(part) for i, part in enumerate(parts))


def fill_catalog(path: Path, translate, only_empty: bool = False) -> int:
    """Fill every msgstr of one catalog with `translate(msgid)` and save it with polib."""
    po = polib.pofile(str(path), wrapwidth=79)
    count = 0
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        if only_empty and (entry.msgstr or any((entry.msgstr_plural or {}).values())):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {
                k: translate(entry.msgid if k == 0 else entry.msgid_plural)
                for k in sorted(entry.msgstr_plural or {0: "", 1: ""})
            }
        else:
            entry.msgstr = translate(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        count += 1
    po.save(str(path))
    return count


# --- images ---------------------------------------------------------------------------------


def png(index: int, size: int = 16) -> bytes:
    """A tiny solid-colour PNG, different per index, byte-identical on every run."""
    colour = bytes(((index * 67) % 256, (index * 131) % 256, (index * 29 + 90) % 256))
    raw = b"".join(b"\x00" + colour * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


# --- project --------------------------------------------------------------------------------


def pipeline_command(explicit: str | None = None) -> list[str]:
    """The `pipeline` executable next to this interpreter (the project's venv), or `-m pipeline`."""
    if explicit:
        return explicit.split()
    candidate = Path(sys.executable).with_name("pipeline")
    return [str(candidate)] if candidate.exists() else [sys.executable, "-m", "pipeline"]


def generator_digest() -> str:
    """Identifies this generator's version: a corpus made by other code is regenerated."""
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def write_project(count: int, out: Path) -> dict:
    """Write pyproject.toml, source/*.html and source/images/*.png; return a small summary."""
    source = out / "source"
    (source / "images").mkdir(parents=True)
    (out / "pyproject.toml").write_text(
        "[project]\n"
        f'name = "bench-{count}"\n\n'
        "[tool.pipeline]\n"
        f'site_name = "bench-{count}"\n'
        'site_title = "University Hospital News"\n'
        'locales = ["zh_CN"]\n',
        encoding="utf-8",
    )
    for i in range(1, IMAGE_COUNT + 1):
        (source / "images" / f"photo-{i:02d}.png").write_bytes(png(i))
    words = 0
    for index in range(count):
        slug, doc, n = article(index)
        (source / f"{slug}.html").write_text(doc, encoding="utf-8", newline="\n")
        words += n
    return {"articles": count, "words_per_article": round(words / max(count, 1))}


def run_pipeline(cmd: list[str], out: Path, *args: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    result = subprocess.run(
        [*cmd, "--project", str(out), *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(
            f"pipeline {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )


def generate(count: int, out: Path, cmd: list[str], force: bool = False) -> dict:
    """Create the whole project at OUT (refusing to touch a non-corpus folder)."""
    if out.exists():
        if not (out / STAMP).exists() and any(out.iterdir()) and not force:
            raise SystemExit(f"{out} exists and is not a bench corpus; use --force or another path")
        shutil.rmtree(out)
    summary = write_project(count, out)
    run_pipeline(cmd, out, "extract")
    run_pipeline(cmd, out, "init", "zh_CN")
    messages = 0
    catalogs = sorted((out / "locales" / "zh_CN" / "LC_MESSAGES").glob("*.po"))
    for path in catalogs:
        # ui.po already holds the package's Chinese UI strings: fill only what is empty there
        # (the site title), so every catalog is complete.
        messages += fill_catalog(path, pseudo, only_empty=path.stem == "ui")
    summary |= {"catalogs": len(catalogs), "messages": messages}
    (out / STAMP).write_text(f"{generator_digest()} {count}\n", encoding="utf-8")
    return summary


def is_current(out: Path, count: int) -> bool:
    """True if OUT already holds this generator's corpus of `count` articles."""
    stamp = out / STAMP
    return stamp.is_file() and stamp.read_text().split() == [generator_digest(), str(count)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="number of articles")
    parser.add_argument("out", type=Path, metavar="OUT", help="project folder to create")
    parser.add_argument("--pipeline", help="pipeline command (default: next to this python)")
    parser.add_argument("--force", action="store_true", help="replace OUT even if not a corpus")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    summary = generate(args.count, args.out, pipeline_command(args.pipeline), args.force)
    print(" ".join(f"{k}={v}" for k, v in summary.items()), f"-> {args.out}")


if __name__ == "__main__":
    main()
