"""Fetching articles from URLs."""

from __future__ import annotations

import datetime as dt

from whosaid.config import Settings
from whosaid.errors import FetchError
from whosaid.model import Article


def fetch_article(url: str, settings: Settings, published: dt.date | None = None) -> Article:
    raise FetchError(
        "fetching URLs is not supported yet; save the page and give its path.", source=url
    )
