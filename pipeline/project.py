"""A project's inputs, read and compiled: articles with their skeletons, media, layouts' UI
strings. Everything a command needs is gathered here before anything is written."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.model import Article
from pipeline.segments import Skeleton, split_article
from pipeline.sources import read_articles, scan_sources

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Compiled:
    """One article and its skeleton."""

    article: Article
    skeleton: Skeleton

    @property
    def slug(self) -> str:
        return self.article.slug


@dataclass(frozen=True, slots=True)
class Project:
    articles: tuple[Compiled, ...]
    media: tuple[Path, ...]
    ignored: tuple[Path, ...]


def load_project(config: Config) -> Project:
    tree = scan_sources(config.source_dir)
    for path in tree.ignored:
        log.warning(
            "%s: ignored (articles are .md or .html; media are images, audio, video, PDF)",
            path.relative_to(config.root),
        )
    articles = read_articles(tree.articles, config.root)
    compiled = tuple(Compiled(article, split_article(article)) for article in articles)
    return Project(compiled, tree.media, tree.ignored)
