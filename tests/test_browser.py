"""A real browser on the web page: the suite starts the service on a free local port and drives
headless Chromium (Debian's package, through Playwright's Python API; no browser download).

It loads the example article and checks every required quote is highlighted with the right
speaker label, clicks a speaker, uses the keyboard, searches a small corpus, opens a speaker's
timeline and switches its period, checks the filters show as chips, that /docs and /redoc render
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
    import uvicorn
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
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the service did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
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
