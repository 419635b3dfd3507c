"""Where the corpus routes and their helpers were before they had modules of their own; kept
so that imports of these names from here go on working. New code imports them from their
homes: the routes from ``whosaid.service.routes``, the answers' shapes from
``whosaid.service.views``, the answer cache from ``whosaid.service.cache``."""

from whosaid.service.cache import CACHE_SIZE, CachedAnswers, PageCache, cache_key
from whosaid.service.params import API, MAX_ID, MAX_OFFSET, MAX_PAGE
from whosaid.service.readers import Readers
from whosaid.service.routes.ingest import ingest
from whosaid.service.views import (
    FILL_GAPS_UNDER,
    TIMELINE_CAP,
    journey,
    page,
    period_of,
    periods_between,
    timeline_body,
    timeline_points,
    word_changes,
)

__all__ = [
    "API",
    "CACHE_SIZE",
    "FILL_GAPS_UNDER",
    "MAX_ID",
    "MAX_OFFSET",
    "MAX_PAGE",
    "TIMELINE_CAP",
    "CachedAnswers",
    "PageCache",
    "Readers",
    "cache_key",
    "ingest",
    "journey",
    "page",
    "period_of",
    "periods_between",
    "timeline_body",
    "timeline_points",
    "word_changes",
]
