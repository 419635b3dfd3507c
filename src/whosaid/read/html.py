"""HTML articles: the main text, headline, byline, outlet and publication date of a page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whosaid.config import Settings
from whosaid.errors import InputError
from whosaid.model import Article

if TYPE_CHECKING:
    from whosaid.pipeline import Prepared


def prepare_html(article: Article, settings: Settings) -> Prepared:
    raise InputError(
        "HTML input is not supported yet; convert the page to text first.", source=article.source
    )
