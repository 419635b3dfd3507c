"""A real browser on the web page: the suite starts the service on a free local port and drives
headless Chromium (Debian's package, through Playwright's Python API; no browser download).

It loads the example article and checks every required quote is highlighted with the right
speaker label, clicks a speaker, uses the keyboard, searches a small corpus, opens a speaker's
timeline and switches its period, opens a quote's journey with its other wordings, the
conflicts list and the relay graph (over the articles of tests/test_travel.py), checks the
filters show as chips, that /docs and /redoc render
with every other host blocked, and the layout at 400 px; it saves screenshots at desktop and phone
width under bench/out/ (ignored by git; docs/ has a copy of each for the README)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "browser-test-token"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "bench" / "out"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 400, "height": 800}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent: install Debian's chromium package "
        "(apt-get install chromium; .ci/run does) to run the browser test",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, example_text) -> Iterator[str]:
    """The service on 127.0.0.1 over a store holding the example and a retyped pickup."""
    from fastapi.testclient import TestClient

    from whosaid.service import create_app

    app = create_app(tmp_path_factory.mktemp("store") / "whosaid.db", token=TOKEN)
    pickup = example_text.replace(
        '"An old friend is better than two new ones,"',
        "“An old Friend is better than two new ones”,",
    )
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/articles",
            json={
                "articles": [
                    {"text": example_text, "published": "2023-09-14", "outlet": "AFP"},
                    {"text": pickup, "published": "2023-10-02", "outlet": "Reuters"},
                ]
            },
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert r.json()["added"] == 2
    yield from serve(app)


def serve(app) -> Iterator[str]:
    """Run ``app`` on a free local port until the generator is closed; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("the service did not start within 20 s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    assert not errors, errors


def required_quotes(expected: dict) -> list[dict]:
    return [q for q in expected["quotes"] if not q.get("hard") and not q.get("optional")]


def analyse_example(page, base_url: str, example_text: str) -> None:
    page.goto(base_url + "/")
    page.fill("#article-input", example_text)
    page.fill("#article-published", "2023-09-14")
    page.click("#extract-button")
    page.wait_for_selector("mark.q")


# Every highlighted quote as the page shows it: its pieces' text, speaker and visible label.
SHOWN_QUOTES = """() => {
  const quotes = {};
  for (const m of document.querySelectorAll("mark.q")) {
    const q = quotes[m.dataset.q] ??= {text: "", speaker: m.dataset.speaker, first: 0};
    q.text += m.textContent + " ";
    if (m.hasAttribute("data-first")) q.first += 1;
  }
  for (const w of document.querySelectorAll(".who")) quotes[w.dataset.q].label = w.textContent;
  return Object.values(quotes);
}"""


def test_article_view_highlights_every_required_quote(page, base_url, example_text, expected):
    analyse_example(page, base_url, example_text)
    shown = page.evaluate(SHOWN_QUOTES)
    assert len(required_quotes(expected)) >= 15  # the check below is not vacuous
    assert page.locator("mark.q[data-first]").count() == len(shown)
    assert all(q["first"] == 1 for q in shown)
    for want in required_quotes(expected):
        matches = [q for q in shown if want["content_has"] in " ".join(q["text"].split())]
        assert matches, f"not highlighted: {want['content_has']!r}"
        assert matches[0]["speaker"] in want["speaker"], (want, matches[0])
        assert matches[0]["label"] == matches[0]["speaker"]
    # The newsletter sign-up block is shown, greyed out as removed, and never highlighted.
    removed = page.locator(".article-text .removed").all_inner_texts()
    assert any("Sign up to our free newsletters" in t for t in removed)
    assert not any("newsletter" in q["text"] for q in shown)


def test_clicking_a_speaker_focuses_their_quotes(page, base_url, example_text, tmp_path):
    analyse_example(page, base_url, example_text)
    page.click(".legend button[data-speaker='Dmitry Peskov']")
    assert page.get_attribute(".legend button[data-speaker='Dmitry Peskov']", "aria-pressed") == (
        "true"
    )
    states = page.evaluate(
        """() => [...document.querySelectorAll("mark.q")].map(
             m => [m.dataset.speaker, m.classList.contains("dim")])"""
    )
    assert {s for s, dim in states if not dim} == {"Dmitry Peskov"}
    assert any(dim for _, dim in states)
    assert "Dmitry Peskov" in page.inner_text("#quote-details")
    assert "Putin's spokesman" in page.inner_text("#quote-details")  # the role, resolved
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    assert (tmp_path / "article.png").stat().st_size > 10_000


def test_quotes_work_with_the_keyboard(page, base_url, example_text):
    analyse_example(page, base_url, example_text)
    page.focus("#extract-button")
    for _ in range(10):  # Tab from the button reaches the first highlighted quote
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.q')"):
            break
    assert page.evaluate("document.activeElement.matches('mark.q')")
    speaker = page.evaluate("document.activeElement.dataset.speaker")
    assert page.is_visible("#tip")
    assert speaker in page.inner_text("#tip")
    page.keyboard.press("Enter")
    assert speaker in page.inner_text("#quote-details")
    page.keyboard.press("Escape")
    assert not page.is_visible("#tip")


def test_readable_on_a_narrow_screen(browser, base_url, example_text, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    analyse_example(pg, base_url, example_text)
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    pg.screenshot(path=str(tmp_path / "narrow.png"))
    context.close()
    assert overflow <= 0, f"the page is {overflow}px wider than a 360px screen"


def test_corpus_search_speaker_timeline_and_journey(page, base_url, tmp_path):
    page.goto(base_url + "/#corpus")
    page.wait_for_selector("#speaker-list button[data-speaker='Vladimir Putin']")
    page.fill("#f-words", "old friend")
    page.press("#f-words", "Enter")
    page.wait_for_selector(".hit")
    hits = page.locator(".hit blockquote").all_inner_texts()
    assert len(hits) == 2
    assert all("old" in h and "friend" in h.lower() for h in hits)
    assert "2 quotations match" in page.inner_text("#search-status")

    page.click(".hit >> nth=0 >> text=Journey")
    page.wait_for_selector("#journey")
    journey = page.inner_text("#journey")
    assert "First seen" in journey and "Picked up, reworded" in journey
    assert page.locator("#journey ins").count() >= 1

    page.click("#speaker-list button[data-speaker='Vladimir Putin']")
    page.wait_for_selector("#timeline svg rect.bar")
    assert page.locator("#timeline rect.bar").count() == 2  # September and October
    page.wait_for_function("document.querySelectorAll('.hit').length > 2")
    speakers = page.locator(".hit .speaker-name").all_inner_texts()
    assert {s.strip() for s in speakers} == {"Vladimir Putin"}
    page.screenshot(path=str(tmp_path / "corpus.png"), full_page=True)
    assert (tmp_path / "corpus.png").stat().st_size > 10_000


def test_bad_search_shows_the_message(page, base_url):
    page.goto(base_url + "/#corpus")
    page.fill("#f-words", '"')
    page.press("#f-words", "Enter")
    page.wait_for_selector("#search-status.error")
    assert "no words to search for" in page.inner_text("#search-status")


def screenshot(pg, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    pg.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


def test_no_pager_before_a_search_nor_for_a_short_answer(page, base_url):
    page.goto(base_url + "/#corpus")
    page.wait_for_selector("#speaker-list button[data-speaker='Vladimir Putin']")
    assert not page.is_visible("#pager")
    assert not page.is_visible("#prev-page") and not page.is_visible("#next-page")
    page.fill("#f-words", "old friend")
    page.press("#f-words", "Enter")
    page.wait_for_selector(".hit")
    assert page.locator(".hit").count() == 2
    assert not page.is_visible("#pager")  # one page of 2: nothing to page through
    page.click(".hit >> nth=0 >> text=Journey")
    page.wait_for_selector("#journey")
    assert not page.is_visible("#pager")


def test_a_speaker_click_is_a_removable_chip_and_later_searches_find(page, base_url):
    page.goto(base_url + "/#corpus")
    page.click("#speaker-list button[data-speaker='Vladimir Putin']")
    chip = page.locator("#active-filters .chip[data-filter='speaker']")
    chip.wait_for()
    assert "Vladimir Putin" in chip.inner_text()
    assert page.inner_text("#filter-count") == "1 active"  # seen on the closed Filters panel
    # A later word search keeps the filter in sight and finds the speaker's quotes.
    page.fill("#f-words", "old friend")
    page.press("#f-words", "Enter")
    page.wait_for_function(
        "document.querySelector('#search-status').textContent.includes('2 quot')"
    )
    assert {s.strip() for s in page.locator(".hit .speaker-name").all_inner_texts()} == {
        "Vladimir Putin"
    }
    # A search the filter empties says which filter to remove.
    page.fill("#f-words", "xylophone")
    page.press("#f-words", "Enter")
    page.wait_for_function("document.querySelector('#search-status').textContent.includes('No')")
    assert "Speaker: Vladimir Putin" in page.inner_text("#search-status")
    # Removing the chip clears the filter and searches again without it.
    page.fill("#f-words", "satellites")
    chip.locator("button").click()
    page.wait_for_function("!document.querySelector('#active-filters .chip')")
    assert page.input_value("#f-speaker") == ""
    assert not page.is_visible("#filter-count")


@pytest.mark.parametrize(("path", "rendered"), [("/docs", ".opblock"), ("/redoc", "h1")])
def test_api_docs_render_with_every_other_host_blocked(browser, base_url, path, rendered):
    context = browser.new_context(viewport=DESKTOP)
    pg = context.new_page()
    host = base_url.split("//", 1)[1]
    asked_elsewhere: list[str] = []

    def only_the_service(route):
        if route.request.url.split("//", 1)[-1].split("/", 1)[0] == host:
            route.continue_()
        else:
            asked_elsewhere.append(route.request.url)
            route.abort()

    pg.route("**/*", only_the_service)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(base_url + path)
    pg.wait_for_selector(rendered, timeout=20_000)
    body = pg.inner_text("body")
    context.close()
    assert "whosaid" in body and "/api/v1/quotes" in body
    assert asked_elsewhere == [] and errors == []


def test_the_api_tab_opens_the_offline_docs(page, base_url):
    page.goto(base_url + "/")
    page.click(".tabs >> text=API")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.url == base_url + "/docs"


def test_timeline_period_switch_and_oldest_first(page, base_url):
    page.goto(base_url + "/#corpus")
    page.click("#speaker-list button[data-speaker='Vladimir Putin']")
    page.wait_for_selector("#timeline[data-period='month'] rect.bar")
    assert page.locator("#timeline rect.bar").count() == 2  # September and October 2023
    for period, bars in [("week", 4), ("year", 1), ("day", 19), ("month", 2)]:
        page.click(f"#timeline .period button[data-period='{period}']")
        page.wait_for_selector(f"#timeline[data-period='{period}'] rect.bar")
        assert page.locator("#timeline rect.bar").count() == bars, period
        pressed = page.get_attribute(f"#timeline button[data-period='{period}']", "aria-pressed")
        assert pressed == "true"
    page.wait_for_function("document.querySelectorAll('.hit').length > 2")
    dates = page.locator(".hit time").all_inner_texts()
    assert dates == sorted(dates) and dates[0] < dates[-1]  # oldest first, as the CLI lists
    assert "oldest first" in page.inner_text("#results-title")


def test_try_it_on_the_example(page, base_url, expected):
    page.goto(base_url + "/")
    intro = page.inner_text(".intro")
    assert "who said what" in intro
    page.click("#try-example")
    page.wait_for_selector("mark.q")
    assert page.input_value("#article-published") == "2023-09-14"
    shown = page.locator("mark.q[data-first]").count()
    assert shown >= len(required_quotes(expected))
    assert f"Found {shown} quotations" in page.inner_text("#extract-status")
    assert "Dmitry Peskov" in page.inner_text(".legend")
    screenshot(page, "article-desktop.png")


def test_example_file_is_the_bundled_example():
    root = Path(__file__).resolve().parent.parent
    static = root / "src" / "whosaid" / "service" / "static" / "example.txt"
    assert static.read_bytes() == (root / "examples" / "putin-kim-cosmodrome.txt").read_bytes()


def test_speaker_colours_stay_apart_for_twelve_speakers(page, base_url):
    page.goto(base_url + "/")
    colours = page.evaluate(
        "[...Array(12).keys()].map(i => { const c = speakerColour(i); return c.c + c.ls; })"
    )
    assert len(set(colours)) == 12
    # Every speaker's name is written beside its colour, in the legend and on the quote.
    page.click("#try-example")
    page.wait_for_selector(".legend button[data-speaker]")
    for b in page.locator(".legend button[data-speaker]").all():
        assert b.get_attribute("data-speaker") in b.inner_text()


def test_the_tooltip_does_not_cover_the_next_line(page, base_url):
    page.goto(base_url + "/")
    page.click("#try-example")
    page.wait_for_selector("mark.q")
    for n in (3, 8):
        mark = page.locator("mark.q").nth(n)
        mark.scroll_into_view_if_needed()
        mark.hover()
        page.wait_for_selector("#tip:not([hidden])")
        tip = page.locator("#tip").bounding_box()
        first_line = page.evaluate(
            "n => document.querySelectorAll('mark.q')[n].getClientRects()[0].toJSON()", n
        )
        line_top = first_line["y"] + page.evaluate("window.scrollY")
        assert tip["y"] + tip["height"] <= line_top + 1, (n, tip, first_line)
        page.mouse.move(0, 0)


def test_layout_at_400px(browser, base_url):
    context = browser.new_context(viewport=PHONE)
    pg = context.new_page()
    pg.goto(base_url + "/")
    pg.click("#try-example")
    pg.wait_for_selector("mark.q")
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # The Speakers panel comes before the article, on the first screen, without scrolling.
    # (the button brings the result to the top of the screen).
    legend = pg.locator(".legend").bounding_box()
    article = pg.locator("article.article").bounding_box()
    assert 0 <= legend["y"] < PHONE["height"] / 2 and legend["y"] < article["y"]
    # A quote far down the article opens the Quote panel on screen, where it was tapped.
    last = pg.locator("mark.q").last
    last.scroll_into_view_if_needed()
    last.click()
    details = pg.locator("#quote-details")
    assert details.is_visible()
    box = details.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 1
    assert pg.locator("#quote-details .sheet-close").is_visible()
    pg.mouse.move(0, 0)  # a phone has no hover: no tooltip in the picture
    screenshot(pg, "article-phone.png")
    pg.click("#quote-details .sheet-close")
    assert not details.is_visible()
    # The timeline's axis labels stay readable (drawn at the width shown, not scaled down).
    pg.goto(base_url + "/#corpus")
    pg.click("#speaker-list button[data-speaker='Vladimir Putin']")
    pg.wait_for_selector("#timeline rect.bar")
    heights = pg.evaluate(
        "[...document.querySelectorAll('#timeline text')]"
        ".map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 11, heights
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(pg, "corpus-phone.png")
    context.close()


def test_corpus_screenshot_at_desktop_width(page, base_url):
    page.goto(base_url + "/#corpus")
    page.click("#speaker-list button[data-speaker='Vladimir Putin']")
    page.wait_for_selector("#timeline rect.bar")
    page.wait_for_function("document.querySelectorAll('.hit').length > 2")
    page.evaluate("window.scrollTo(0, 0)")  # the search box and its filter chip in view
    screenshot(page, "corpus-desktop.png")


@pytest.mark.parametrize(
    ("extra", "label", "written_as"),
    [
        ({"unnamed": "a senior official"}, "unnamed: a senior official", False),
        ({}, "unnamed speaker", True),  # no unnamed field (a store before migration 4)
        ({"unnamed": None}, "unnamed speaker", True),
    ],
)
def test_a_hit_with_no_resolved_speaker_reads_unnamed(page, base_url, extra, label, written_as):
    page.goto(base_url + "/")
    hit = {
        "quote_id": 1, "article_id": 1, "speaker": None, "kind": "indirect", "via": [],
        "speaker_mention": "its quality and distance from main markets",
        "content": "the mine would be hard to sell", "occurrences": 1, **extra,
    }  # fmt: skip
    shown = page.evaluate(
        """hit => { const card = quoteCard(hit);
             return [card.querySelector('.speaker-name').textContent, card.textContent]; }""",
        hit,
    )
    assert shown[0] == label
    assert not shown[0].startswith("?")
    assert ("written as “its quality" in shown[1]) is written_as


# -- how a statement travels: journey with variants, conflicts, relay graph ---------------------


@pytest.fixture(scope="module")
def travel_url(tmp_path_factory) -> Iterator[str]:
    """The service over the articles of tests/test_travel.py: an original, a trimmed and a
    reworded pickup, one crediting the statement to the wrong person, one relayed through
    Interfax and TASS."""
    from tests.test_travel import STORIES, key
    from whosaid.model import Outcome
    from whosaid.service import create_app
    from whosaid.store import Store

    path = tmp_path_factory.mktemp("travel") / "travel.db"
    with Store.open(path) as s:
        s.write_batch([(key(k), Outcome(a.source, a)) for k, a in STORIES])
    yield from serve(create_app(path, token=TOKEN))


def test_journey_lists_other_wordings_with_the_words_changed(page, travel_url):
    page.goto(travel_url + "/#corpus")
    page.fill("#f-words", "interest rates")
    page.press("#f-words", "Enter")
    page.wait_for_selector(".hit")
    afp = page.locator(".hit", has=page.locator(".outlet", has_text="AFP"))
    afp.locator("button", has_text="Journey").click()
    page.wait_for_selector("#journey #variants")
    head = page.inner_text("#journey .panel-head")
    assert "3 articles with these words" in head  # AFP, Daily Post, Wire
    assert "3 other wordings" in head and "first seen 2023-03-01" in head
    items = page.locator("#variants > li")
    outlets = items.locator(".outlet").all_inner_texts()
    assert outlets == ["Reuters", "DPA", "Nordic Herald"]  # oldest first
    days = items.locator("time").all_inner_texts()
    assert days == sorted(days) and days[0] == "2023-03-01"
    assert "The earliest wording." in items.nth(0).inner_text()
    dpa = items.nth(1)
    assert dpa.locator("del", has_text="will").count() >= 1  # replaced will -> would
    assert dpa.locator("ins", has_text="would").count() >= 1
    assert "replaced" in dpa.inner_text() and "dropped" in dpa.inner_text()
    screenshot(page, "journey-desktop.png")


def test_a_quote_carried_once_still_opens_its_journey(page, base_url):
    """Its other wordings may be in other articles: every hit has a Journey button."""
    page.goto(base_url + "/")
    hit = {
        "quote_id": 1, "article_id": 1, "speaker": "Anna Berg", "kind": "direct", "via": [],
        "content": "we will not raise rates", "occurrences": 1,
    }  # fmt: skip
    labels = page.evaluate(
        "hit => [...quoteCard(hit).querySelectorAll('.actions button')].map(b => b.textContent)",
        hit,
    )
    assert labels == ["Read the article", "Journey"]
    labels = page.evaluate(
        "hit => [...quoteCard(hit).querySelectorAll('.actions button')].map(b => b.textContent)",
        {**hit, "occurrences": 3},
    )
    assert labels == ["Read the article", "Journey · 3 articles"]


def test_conflicts_view_shows_each_speaker_with_the_evidence(page, travel_url):
    page.goto(travel_url + "/#conflicts")
    page.wait_for_selector(".conflict")
    assert page.locator(".conflict").count() == 1
    card = page.locator(".conflict").nth(0)
    assert card.locator(".version").evaluate_all("vs => vs.map(v => v.dataset.speaker)") == [
        "Anna Berg",
        "Karl Ode",
    ]
    ode = card.locator(".version[data-speaker='Karl Ode']")
    assert ode.locator(".outlet").all_inner_texts() == ["Daily Post"]
    assert "2023-03-03" in ode.inner_text()
    berg = card.locator(".version[data-speaker='Anna Berg']")
    assert set(berg.locator(".outlet").all_inner_texts()) == {
        "Reuters", "AFP", "DPA", "Nordic Herald", "Wire",
    }  # fmt: skip
    assert "6 articles" in card.inner_text()
    assert not page.is_visible("#conflicts-pager")  # one conflict: no pages
    screenshot(page, "conflicts-desktop.png")
    ode.locator("text=Journey").click()  # from the evidence to the quote's journey
    page.wait_for_selector("#journey #variants")
    assert page.evaluate("location.hash") == "#corpus"


def test_conflicts_view_says_when_there_are_none(page, base_url):
    page.goto(base_url + "/#conflicts")
    page.wait_for_function("document.querySelector('#conflicts-status').textContent.length > 30")
    assert "No statement is credited to two different speakers" in page.inner_text(
        "#conflicts-status"
    )
    assert page.locator(".conflict").count() == 0


EDGES = """() => [...document.querySelectorAll('#relays-edges tbody tr')].map(
  tr => [...tr.children].map(td => td.textContent))"""


def test_relay_graph_draws_the_chain_in_columns(page, travel_url):
    page.goto(travel_url + "/#relays")
    page.wait_for_selector("svg.relay-graph")
    assert page.locator("svg.relay-graph path.edge").count() == 8
    assert len(page.evaluate(EDGES)) == 8
    assert "8 edges" in page.inner_text("#relays-count")
    page.fill("#r-outlet", "Nordic Herald")
    page.click("#relays-form button[type=submit]")
    page.wait_for_function("document.querySelectorAll('svg.relay-graph path.edge').length === 3")
    assert sorted(page.evaluate(EDGES)) == [
        ["Anna Berg", "Interfax", "1", "1"],
        ["Interfax", "TASS", "1", "1"],
        ["TASS", "Nordic Herald", "1", "1"],
    ]
    # Speaker, then the relays nearest the speaker first, then the publisher: left to right.
    xs = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('svg.relay-graph .node')].map(
             g => [g.dataset.id, Number(g.querySelector('circle').getAttribute('cx'))]))"""
    )
    speaker = next(k for k in xs if k.startswith("speaker:"))
    assert xs[speaker] < xs["outlet:interfax"] < xs["outlet:tass"] < xs["outlet:nordic herald"]
    assert page.locator("svg.relay-graph .node.speaker").count() == 1
    title = page.locator("svg.relay-graph path.edge title").all_text_contents()
    assert "Interfax → TASS: 1 quote, 1 article" in title
    screenshot(page, "relays-desktop.png")


def test_clicking_a_node_keeps_its_edges(page, travel_url):
    page.goto(travel_url + "/#relays")
    page.wait_for_selector("svg.relay-graph")
    page.locator("svg.relay-graph .node.speaker", has_text="Karl Ode").click()
    page.wait_for_function("document.querySelectorAll('svg.relay-graph path.edge').length === 1")
    assert page.input_value("#r-speaker") == "Karl Ode"
    assert page.evaluate(EDGES) == [["Karl Ode", "Daily Post", "1", "1"]]
    page.fill("#r-speaker", "Nobody Atall")
    page.click("#relays-form button[type=submit]")
    page.wait_for_selector("#relays-graph", state="hidden")
    assert "No relayed or attributed quote matches" in page.inner_text("#relays-status")


@pytest.mark.parametrize("view", ["conflicts", "relays"])
def test_travel_views_fit_a_phone(browser, travel_url, view):
    context = browser.new_context(viewport=PHONE)
    pg = context.new_page()
    pg.goto(f"{travel_url}/#{view}")
    pg.wait_for_selector(".conflict" if view == "conflicts" else "svg.relay-graph")
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(pg, f"{view}-phone.png")
    context.close()
