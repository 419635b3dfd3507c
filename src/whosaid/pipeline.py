"""The stages in order: read -> clean -> annotate -> extract.

``Pipeline`` holds the loaded spaCy model, so one instance serves any number of articles;
``analyze`` and ``analyze_many`` at module level share one pipeline per settings object.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from spacy.language import Language

from whosaid.annotate import nlp as nlp_stage
from whosaid.clean.text import clean
from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.errors import EmptyInput, InputTooLarge, TooSlow, WhosaidError
from whosaid.extract import dates as dates_stage
from whosaid.extract import entities as entities_stage
from whosaid.extract import quotes as quotes_stage
from whosaid.extract import relays as relays_stage
from whosaid.extract import speakers as speakers_stage
from whosaid.model import Analysis, Article, Body, Outcome, Paragraph, Prepared


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """An ISO date (``2023-09-14``, or a timestamp starting with one) as a date."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise WhosaidError(
            f"the publication date {value!r} is not an ISO date; give it as YYYY-MM-DD, "
            "for example --published 2023-09-14."
        ) from exc


def prepare(article: Article, settings: Settings = DEFAULT_SETTINGS) -> Prepared:
    """Read and clean one article: HTML is reduced to its main text, text is cleaned."""
    if article.html is not None:
        from whosaid.read import html as html_stage  # trafilatura is only imported when needed

        return html_stage.prepare_html(article, settings)
    text = article.text or ""
    if not text.strip():
        raise EmptyInput(
            "the article is empty; there is nothing to analyse.", source=article.source
        )
    if len(text) > settings.max_bytes:
        raise InputTooLarge(
            f"the article has {len(text):,} characters, over the limit of {settings.max_bytes:,}."
            " Raise it with --max-bytes or WHOSAID_MAX_BYTES if this really is one article.",
            source=article.source,
        )
    return Prepared(
        article=article,
        body=clean(text),
        headline=article.title,
        outlet=article.outlet,
        published=article.published,
    )


class Budget:
    """The time one article's analysis may still take. Checked between paragraphs while parsing
    and between the extraction stages; each stage is linear in the text (see the comments on
    their loops), so the overrun past the budget is bounded by one stage of one article."""

    def __init__(self, seconds: float, source: str | None = None) -> None:
        self.seconds = seconds
        self.source = source
        self.until = time.monotonic() + seconds if seconds > 0 else None

    def check(self, stage: str) -> None:
        if self.until is not None and time.monotonic() > self.until:
            raise TooSlow(
                f"the analysis took longer than its budget of {self.seconds:g} seconds and was "
                f"stopped while {stage}. Split the article, or raise the budget "
                "(WHOSAID_TIME_BUDGET, in seconds) if this really is one article.",
                source=self.source,
            )


NO_BUDGET = Budget(0)


def extract(
    prepared: Prepared,
    parsed: list[nlp_stage.Parsed],
    budget: Budget = NO_BUDGET,
    min_confidence: float = 0.0,
) -> Analysis:
    """From a parsed article to its records: entities, quotes with speakers, dates. A speaker
    name less certain than ``min_confidence`` is given as unnamed, its mention kept."""
    text = prepared.body.text
    budget.check("finding entities")
    mentions = entities_stage.find_entities(text, parsed)
    budget.check("finding quotes")
    drafts = quotes_stage.find_quotes(text, parsed)
    budget.check("finding speakers")
    quotes, entities = speakers_stage.attribute(text, parsed, drafts, mentions)
    quotes = relays_stage.complete(text, quotes, entities, prepared.body.removed)
    quotes = speakers_stage.unname_below(quotes, min_confidence)
    budget.check("finding dates")
    dates = dates_stage.find_dates(text, parsed, prepared.published)
    quotes = dates_stage.date_quotes(quotes, dates, parsed)
    article = prepared.article
    return Analysis(
        text=text,
        source=article.source,
        published=prepared.published.isoformat() if prepared.published else None,
        headline=prepared.headline,
        byline=prepared.byline,
        outlet=prepared.outlet,
        url=article.url,
        language=prepared.language,
        paragraphs=prepared.body.paragraphs,
        removed=prepared.body.removed,
        quotes=tuple(quotes),
        entities=tuple(entities),
        dates=tuple(dates),
    )


def _as_article(item: Article | str, published: str | dt.date | None) -> Article:
    if isinstance(item, Article):
        if published is not None and item.published is None:
            return Article(
                text=item.text,
                html=item.html,
                source=item.source,
                url=item.url,
                published=parse_published(published),
                outlet=item.outlet,
                title=item.title,
            )
        return item
    return Article(text=item, published=parse_published(published))


class Pipeline:
    """whosaid's analysis, with the spaCy model loaded once."""

    def __init__(self, settings: Settings = DEFAULT_SETTINGS, *, own_model: bool = False) -> None:
        """``own_model``: load a model of its own rather than share the process's, for a
        pipeline that runs in another thread at the same time as one that shares it."""
        self.settings = settings
        self.own_model = own_model
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            load = nlp_stage.load_another if self.own_model else nlp_stage.load
            self._nlp = load(self.settings.model)
        return self._nlp

    def analyze(self, article: Article | str, published: str | dt.date | None = None) -> Analysis:
        """Analyse one article (an Article, or plain text). Raises a WhosaidError on bad input."""
        art = _as_article(article, published)
        budget = Budget(self.settings.time_budget_s, art.source)
        prepared = prepare(art, self.settings)
        budget.check("cleaning")
        # Strings spaCy meets while parsing (numbers, names) would stay in its vocabulary for the
        # life of the process; the memory zone frees them once the plain records are built, so
        # a long run's memory stays flat. No spaCy object outlives the zone.
        with self.nlp.memory_zone():
            parsed = nlp_stage.parse(
                self.nlp,
                prepared.body.text,
                _body_paragraphs(prepared.body, self.settings.max_paragraph_chars),
                self.settings.batch_size,
                budget.check,
            )
            return extract(prepared, parsed, budget, self.settings.min_confidence)

    def analyze_many(self, articles: Iterable[Article], chunk: int = 32) -> Iterator[Outcome]:
        """Analyse a stream of articles, in order, one Outcome each; a bad article is reported
        in its Outcome and the others go on. Memory is bounded by ``chunk`` articles."""
        it = iter(articles)
        while batch := list(islice(it, chunk)):
            ready: list[tuple[int, Prepared]] = []
            outcomes: list[Outcome | None] = [None] * len(batch)
            for i, article in enumerate(batch):
                try:
                    ready.append((i, prepare(article, self.settings)))
                except WhosaidError as exc:
                    outcomes[i] = Outcome(article.source, reason=exc.reason, message=str(exc))
                except Exception as exc:  # a page that breaks a reader never stops a batch
                    outcomes[i] = internal_failure(article.source, exc)
            with self.nlp.memory_zone():  # see analyze(); the zone closes before yielding
                parsed_all = nlp_stage.parse_batch(
                    self.nlp,
                    [
                        (p.body.text, _body_paragraphs(p.body, self.settings.max_paragraph_chars))
                        for _, p in ready
                    ],
                    self.settings.batch_size,
                )
                for (i, prep), parsed in zip(ready, parsed_all, strict=True):
                    # parsing is shared by the chunk, so in a batch the budget is extraction's
                    budget = Budget(self.settings.time_budget_s, prep.article.source)
                    outcomes[i] = _extract_or_report(
                        prep, parsed, budget, self.settings.min_confidence
                    )
            yield from (o for o in outcomes if o is not None)


def internal_failure(source: str | None, exc: BaseException) -> Outcome:
    """The Outcome of an article that broke whosaid itself: reported, and the batch goes on."""
    return Outcome(
        source,
        reason="internal",
        message=f"{source}: whosaid failed on this article ({type(exc).__name__}: {exc}); "
        "please report it with the file attached.",
    )


def _extract_or_report(
    prep: Prepared,
    parsed: list[nlp_stage.Parsed],
    budget: Budget = NO_BUDGET,
    min_confidence: float = 0.0,
) -> Outcome:
    try:
        analysis = extract(prep, parsed, budget, min_confidence)
        return Outcome(prep.article.source, analysis=analysis)
    except WhosaidError as exc:  # over the time budget
        return Outcome(prep.article.source, reason=exc.reason, message=str(exc))
    except Exception as exc:  # one broken article never stops a batch
        return internal_failure(prep.article.source, exc)


def _body_paragraphs(body: Body, limit: int = DEFAULT_SETTINGS.max_paragraph_chars) -> tuple:
    """The paragraphs to parse. Captions are parsed too (they name people and roles) but
    headings are not: a heading is never speech, and parsing it only invites false quotes. A
    paragraph longer than ``limit`` (a text with no paragraph breaks) is parsed in pieces cut at
    white space, since spaCy refuses texts over a million characters."""
    out: list[Paragraph] = []
    for p in body.paragraphs:
        if p.kind == "heading":
            continue
        start = p.start
        while p.end - start > limit:
            cut = body.text.rfind(" ", start + limit // 2, start + limit)
            cut = cut if cut > start else start + limit
            out.append(Paragraph(start, cut, p.kind))
            start = cut + 1 if body.text[cut : cut + 1] == " " else cut
        out.append(Paragraph(start, p.end, p.kind))
    return tuple(out)


@lru_cache(maxsize=4)
def default_pipeline(settings: Settings = DEFAULT_SETTINGS) -> Pipeline:
    return Pipeline(settings)


def analyze(
    article: Article | str,
    published: str | dt.date | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Analysis:
    """Who said what in one article. ``article`` is plain text or an ``Article``."""
    return default_pipeline(settings).analyze(article, published)


def analyze_many(
    articles: Iterable[Article], settings: Settings = DEFAULT_SETTINGS, chunk: int = 32
) -> Iterator[Outcome]:
    """Who said what in many articles, streamed, one ``Outcome`` per article, in order."""
    return default_pipeline(settings).analyze_many(articles, chunk)
