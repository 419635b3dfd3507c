"""The HTTP API, in process: extract, the corpus routes over a temporary store, and every
refusal (oversized body, missing or wrong token, bad query, private URL) with its status and
the one JSON error shape."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import BACKENDS, SQLITE_ONLY, require_backend, targets
from fastapi.testclient import TestClient

from whosaid.errors import InputError
from whosaid.service import create_app
from whosaid.service.guards import refuse_private_url
from whosaid.service.views import timeline_points, word_changes
from whosaid.store import backend_of

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# The example with its quote marks retyped, as a pickup that re-keyed the story would have it.
PICKUP_FROM = '"An old friend is better than two new ones,"'
PICKUP_TO = "“An old Friend is better than two new ones”,"


def error_of(response) -> dict:
    """The error body, checking it has the one shape every error has."""
    body = response.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == {"reason", "message", "status"}, err
    assert err["status"] == response.status_code
    assert err["message"].strip()
    return err


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(None, token="")) as c:
        yield c


@pytest.fixture(scope="module", params=BACKENDS)
def corpus(request, tmp_path_factory, example_text) -> Iterator[TestClient]:
    """A service over a store holding the example (AFP) and a retyped pickup (Reuters), on
    each backend."""
    require_backend(request.param)
    maker = targets(request.param, tmp_path_factory.mktemp("store"))
    db = next(maker)("whosaid")
    with TestClient(create_app(db, token=TOKEN)) as c:
        articles = [
            {"text": example_text, "published": "2023-09-14", "outlet": "AFP", "source": "afp"},
            {
                "text": example_text.replace(PICKUP_FROM, PICKUP_TO),
                "published": "2023-10-02",
                "outlet": "Reuters",
                "source": "reuters",
                "title": "Kim visits Russia",
            },
        ]
        r = c.post("/api/v1/articles", json={"articles": articles}, headers=AUTH)
        assert r.status_code == 200, r.text
        assert r.json()["added"] == 2
        yield c
    maker.close()  # drops a PostgreSQL store's schema


# -- health and extract ------------------------------------------------------------------------


def test_health_says_what_is_served(client):
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["schema"] == "whosaid/1"
    assert body["database"] is None
    assert body["writes"] is False  # no token: writes are off


def test_extract_returns_the_cli_contract(client, pipeline, example_text):
    r = client.post("/api/v1/extract", json={"text": example_text, "published": "2023-09-14"})
    assert r.status_code == 200
    assert r.json() == pipeline.analyze(example_text, "2023-09-14").to_dict()


def test_extract_loads_the_model_once(client, example_text):
    app_service = client.app.state.service
    client.post("/api/v1/extract", json={"text": "Putin said it was fine."})
    nlp = app_service.pipeline.nlp
    client.post("/api/v1/extract", json={"text": example_text[:500]})
    assert app_service.pipeline.nlp is nlp


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ({"text": "   \n "}, 422, "empty"),
        ({"text": "a", "html": "<p>a</p>"}, 422, "invalid_request"),
        ({}, 422, "invalid_request"),
        ({"text": "Putin said so.", "published": "last Tuesday"}, 422, "invalid_request"),
        ({"text": 42}, 422, "invalid_request"),
        ({"url": "https://example.com/a"}, 403, "fetch_disabled"),
    ],
)
def test_extract_refuses_bad_input(client, body, status, reason):
    r = client.post("/api/v1/extract", json=body)
    assert r.status_code == status
    assert error_of(r)["reason"] == reason


def test_malformed_json_is_a_client_error(client):
    r = client.post(
        "/api/v1/extract", content=b'{"text": ', headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert error_of(r)["reason"] == "invalid_request"


def test_unknown_route_and_method_have_the_error_shape(client):
    assert error_of(client.get("/api/v1/nothing-here"))["reason"] == "not_found"
    assert error_of(client.delete("/api/v1/extract"))["reason"] == "method_not_allowed"


def test_page_is_served_with_its_assets(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "app.js" in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


# -- refusals: body size -----------------------------------------------------------------------


def test_oversized_body_is_413_with_the_limit():
    with TestClient(create_app(None, max_body_bytes=1000)) as c:
        r = c.post("/api/v1/extract", json={"text": "Putin said yes. " * 100})
        assert r.status_code == 413
        err = error_of(r)
        assert err["reason"] == "too_large"
        assert "1,000 bytes" in err["message"]
        assert c.post("/api/v1/extract", json={"text": "Putin said yes."}).status_code == 200


def test_oversized_chunked_body_is_413_too():
    # No Content-Length: the cap must count the body as it streams in.
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(50):
            yield b"Putin said yes. " * 10
        yield b'"}'

    with TestClient(create_app(None, max_body_bytes=1000)) as c:
        r = c.post(
            "/api/v1/extract", content=chunks(), headers={"content-type": "application/json"}
        )
        assert r.status_code == 413
        assert error_of(r)["reason"] == "too_large"


# -- refusals: the write token -----------------------------------------------------------------


def test_writes_are_off_without_a_configured_token(tmp_path, monkeypatch):
    monkeypatch.delenv("WHOSAID_API_TOKEN", raising=False)
    with TestClient(create_app(tmp_path / "w.db")) as c:
        r = c.post("/api/v1/articles", json={"articles": [{"text": "x"}]}, headers=AUTH)
        assert r.status_code == 403
        err = error_of(r)
        assert err["reason"] == "writes_disabled"
        assert "WHOSAID_API_TOKEN" in err["message"]
    assert not (tmp_path / "w.db").exists()


def test_token_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WHOSAID_API_TOKEN", TOKEN)
    with TestClient(create_app(tmp_path / "w.db")) as c:
        assert c.get("/api/v1/health").json()["writes"] is True
        r = c.post("/api/v1/articles", json={"articles": [{"text": "Kim said no."}]}, headers=AUTH)
        assert r.status_code == 200


@pytest.mark.parametrize(
    ("headers", "status", "reason"),
    [
        ({}, 401, "unauthorized"),
        ({"Authorization": TOKEN}, 401, "unauthorized"),  # no Bearer scheme
        ({"Authorization": "Bearer "}, 401, "unauthorized"),
        ({"Authorization": "Bearer wrong-token"}, 403, "forbidden"),
        ({"Authorization": f"Bearer {TOKEN}x"}, 403, "forbidden"),
    ],
)
def test_writes_need_the_right_token(tmp_path, headers, status, reason):
    with TestClient(create_app(tmp_path / "w.db", token=TOKEN)) as c:
        r = c.post(
            "/api/v1/articles", json={"articles": [{"text": "Kim said no."}]}, headers=headers
        )
        assert r.status_code == status
        assert error_of(r)["reason"] == reason
    assert not (tmp_path / "w.db").exists()


def test_reads_need_no_token(corpus):
    assert corpus.get("/api/v1/quotes").status_code == 200
    assert corpus.get("/api/v1/speakers").status_code == 200


# -- refusals: URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://localhost:8000/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.1.2.3/",
        "http://192.168.0.1/router",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata, link-local
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "ftp://93.184.216.34/file",
        "file:///etc/passwd",
        "http:///no-host",
    ],
)
def test_private_and_odd_urls_are_refused(url):
    with pytest.raises(InputError) as info:
        refuse_private_url(url)
    assert info.value.reason == "private_url"


@pytest.mark.parametrize("url", ["http://93.184.216.34/news", "https://[2606:4700::1111]/"])
def test_public_addresses_pass_the_check(url):
    refuse_private_url(url)  # literal public addresses: no DNS needed, nothing raised


def test_extract_refuses_a_private_url_when_fetching_is_on():
    with TestClient(create_app(None, allow_fetch=True)) as c:
        for url in ("http://127.0.0.1:8000/", "http://169.254.169.254/"):
            r = c.post("/api/v1/extract", json={"url": url})
            assert r.status_code == 400
            assert error_of(r)["reason"] == "private_url"


# -- corpus: search ----------------------------------------------------------------------------


def test_search_filters_and_pages(corpus):
    everything = corpus.get("/api/v1/quotes", params={"speaker": "Putin"}).json()
    assert everything["total"] == len(everything["results"]) > 2
    assert all(h["speaker"] == "Vladimir Putin" for h in everything["results"])
    first = corpus.get("/api/v1/quotes", params={"speaker": "Putin", "limit": 2}).json()
    assert first["next_offset"] == 2
    second = corpus.get(
        "/api/v1/quotes", params={"speaker": "Putin", "limit": 2, "offset": 2}
    ).json()
    ids = [h["quote_id"] for h in first["results"] + second["results"]]
    assert len(set(ids)) == 4
    assert ids == [h["quote_id"] for h in everything["results"][:4]]


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"outlet": "Reuters"}, lambda h: h["outlet"] == "Reuters"),
        ({"via": "TASS"}, lambda h: "TASS" in h["via"]),
        ({"kind": "indirect"}, lambda h: h["kind"] == "indirect"),
        ({"since": "2023-10"}, lambda h: h["published"] >= "2023-10-01"),
        ({"until": "2023-09-30"}, lambda h: h["published"] <= "2023-09-30"),
        ({"words": "satellites"}, lambda h: "satellite" in h["content"]),
        ({"words": '"old friend"'}, lambda h: "old friend" in h["content"].lower()),
        ({"mentions": "Kim Jong Un"}, lambda h: "Kim" in h["content"]),
    ],
)
def test_each_search_filter_keeps_only_matches(corpus, params, check):
    body = corpus.get("/api/v1/quotes", params={**params, "limit": 200}).json()
    assert body["results"], params
    assert all(check(h) for h in body["results"])
    unfiltered = corpus.get("/api/v1/quotes", params={"limit": 200}).json()["total"]
    assert body["total"] < unfiltered


@pytest.mark.parametrize(
    "words",
    [
        'NEAR(putin satellites) OR "',
        "* AND OR NOT",
        "putin); DROP TABLE quotes; --",
        "col:value ^start",
        "'single",
    ],
)
def test_fts_syntax_in_words_cannot_break_the_query(corpus, words):
    r = corpus.get("/api/v1/quotes", params={"words": words})
    assert r.status_code in (200, 400), r.text
    if r.status_code == 400:
        assert error_of(r)["reason"] == "bad_query"
    assert corpus.get("/api/v1/quotes").json()["total"] > 0  # nothing was dropped


@pytest.mark.parametrize(
    ("params", "status", "reason"),
    [
        ({"words": '"'}, 400, "bad_query"),
        ({"words": "!!! ???"}, 400, "bad_query"),
        ({"speaker": "..."}, 400, "bad_query"),
        ({"since": "yesterday"}, 400, "bad_query"),
        ({"until": "2023-13-45"}, 400, "bad_query"),
        ({"kind": "rumour"}, 422, "invalid_request"),
        ({"limit": 0}, 422, "invalid_request"),
        ({"limit": 5000}, 422, "invalid_request"),
        ({"offset": -1}, 422, "invalid_request"),
        ({"offset": 10**20}, 422, "invalid_request"),
    ],
)
def test_bad_search_queries_are_client_errors(corpus, params, status, reason):
    r = corpus.get("/api/v1/quotes", params=params)
    assert r.status_code == status
    assert error_of(r)["reason"] == reason


def test_corpus_routes_without_a_database_say_how_to_get_one(client, tmp_path):
    err = error_of(client.get("/api/v1/quotes"))
    assert err["reason"] == "store_unavailable"
    assert "--db" in err["message"]
    with TestClient(create_app(tmp_path / "missing.db")) as c:
        err = error_of(c.get("/api/v1/speakers"))
        assert err["status"] == 503
        assert "whosaid ingest" in err["message"]


def test_read_connections_are_read_only(corpus):
    if backend_of(corpus.app.state.service.target) != "sqlite":
        pytest.skip(SQLITE_ONLY)
    conn = corpus.app.state.readers.reader().conn  # the SQLite reader's own connection
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM quotes")


# -- corpus: speakers, timeline, article, journey ----------------------------------------------


def test_speakers_have_counts(corpus):
    found = {s["name"]: s for s in corpus.get("/api/v1/speakers").json()["results"]}
    putin = corpus.get("/api/v1/quotes", params={"speaker": "Vladimir Putin"}).json()["total"]
    assert found["Vladimir Putin"]["quotes"] == putin
    assert found["Vladimir Putin"]["articles"] == 2
    assert found["Dmitry Peskov"]["quotes"] > 0
    narrowed = corpus.get("/api/v1/speakers", params={"name": "peskov"}).json()["results"]
    assert [s["name"] for s in narrowed] == ["Dmitry Peskov"]


def test_timeline_counts_by_period_with_gaps(corpus):
    tl = corpus.get("/api/v1/speakers/Vladimir Putin/timeline").json()
    assert [p["period"] for p in tl["points"]] == ["2023-09", "2023-10"]
    assert sum(p["count"] for p in tl["points"]) == tl["total"]
    assert [h["published"] for h in tl["results"]] == sorted(h["published"] for h in tl["results"])
    by_day = corpus.get("/api/v1/speakers/Putin/timeline", params={"period": "day"}).json()
    assert len(by_day["points"]) == 19  # 14 September to 2 October, quiet days as zeros
    assert sum(p["count"] for p in by_day["points"]) == tl["total"]


def test_timeline_of_nobody_is_404(corpus):
    assert error_of(corpus.get("/api/v1/speakers/Nobody Atall/timeline"))["reason"] == "not_found"


def test_article_by_id_and_key(corpus):
    hit = corpus.get("/api/v1/quotes", params={"outlet": "Reuters", "limit": 1}).json()
    article_id = hit["results"][0]["article_id"]
    by_id = corpus.get(f"/api/v1/articles/{article_id}").json()
    assert by_id["title"] == "Kim visits Russia"
    assert PICKUP_TO in by_id["analysis"]["text"]
    by_key = corpus.get(f"/api/v1/articles/{by_id['hash']}").json()
    assert by_key["article_id"] == article_id
    assert error_of(corpus.get("/api/v1/articles/999999"))["reason"] == "not_found"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/articles/99999999999999999999999", 404),  # past 64-bit: was a 500
        ("/api/v1/articles/%C2%B2", 404),  # "²", a digit to isdigit() only: was a 500
        ("/api/v1/articles/%D9%A3", 404),  # an Arabic-Indic digit
        ("/api/v1/articles/-1", 404),
        ("/api/v1/articles/" + "9" * 501, 422),  # longer than any id, key or source
        ("/api/v1/quotes/99999999999999999999999/occurrences", 422),
        ("/api/v1/quotes/%C2%B2/occurrences", 422),
        ("/api/v1/quotes/0/occurrences", 422),
        ("/api/v1/quotes/999999/occurrences", 404),
        ("/api/v1/speakers/%C2%B2/timeline", 404),
    ],
)
def test_a_bad_path_parameter_is_404_or_422(corpus, path, status):
    r = corpus.get(path)
    assert r.status_code == status, r.text
    assert error_of(r)["status"] == status


def test_quote_journey_shows_first_seen_and_rewording(corpus):
    hits = corpus.get("/api/v1/quotes", params={"words": "old friend"}).json()["results"]
    assert len(hits) == 2
    journey = corpus.get(f"/api/v1/quotes/{hits[0]['quote_id']}/occurrences").json()
    first, pickup = journey["occurrences"]
    assert journey["first_seen"] == "2023-09-14"
    assert (first["outlet"], first["role"], first["same_wording"]) == ("AFP", "first", True)
    assert (pickup["outlet"], pickup["role"], pickup["same_wording"]) == (
        "Reuters",
        "pickup",
        False,
    )
    assert ("insert", "Friend") in [tuple(c) for c in pickup["changes"]]
    assert journey["outlets"] == ["AFP", "Reuters"]


@pytest.mark.parametrize("quote_id", ["0", "-3", "abc", str(2**70)])
def test_quote_journey_refuses_bad_ids(corpus, quote_id):
    assert corpus.get(f"/api/v1/quotes/{quote_id}/occurrences").status_code == 422


def test_quote_journey_of_unknown_quote_is_404(corpus):
    assert error_of(corpus.get("/api/v1/quotes/987654/occurrences"))["status"] == 404


# -- ingest ------------------------------------------------------------------------------------


def test_ingest_reports_each_article(new_target, example_text):
    with TestClient(create_app(new_target("i"), token=TOKEN)) as c:
        body = {
            "articles": [
                {"text": example_text, "source": "one"},
                {"text": "  ", "source": "blank"},
                {"text": example_text, "source": "one-again"},
            ]
        }
        result = c.post("/api/v1/articles", json=body, headers=AUTH).json()
        # The same content twice is one article: stored once, the second reported as existing.
        assert [a["status"] for a in result["articles"]] == ["added", "failed", "existing"]
        assert result["articles"][1]["reason"] == "empty"
        assert (result["added"], result["failed"], result["existing"]) == (1, 1, 1)
        again = c.post("/api/v1/articles", json=body, headers=AUTH).json()
        assert again["added"] == 0
        assert [a["status"] for a in again["articles"]] == ["existing", "failed", "existing"]
        key = result["articles"][0]["key"]
        assert c.get(f"/api/v1/articles/{key}").json()["source"] == "one"


def test_ingest_goes_on_past_a_url_it_may_not_fetch(new_target, example_text):
    with TestClient(create_app(new_target("i"), token=TOKEN)) as c:
        body = {
            "articles": [
                {"url": "http://127.0.0.1/private", "source": "private"},
                {"text": example_text, "source": "one"},
            ]
        }
        r = c.post("/api/v1/articles", json=body, headers=AUTH)
        assert r.status_code == 200
        result = r.json()
        assert [a["status"] for a in result["articles"]] == ["failed", "added"]
        assert result["articles"][0]["reason"]


def test_ingest_caps_articles_per_request(new_target):
    with TestClient(create_app(new_target("i"), token=TOKEN)) as c:
        many = {"articles": [{"text": f"Kim said {i}."} for i in range(101)]}
        r = c.post("/api/v1/articles", json=many, headers=AUTH)
        assert r.status_code == 422
        assert error_of(r)["reason"] == "invalid_request"


# -- pure helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "later", "expected"),
    [
        ("a b c", "a b c", [("equal", "a b c")]),
        ("a b c", "a x c", [("equal", "a"), ("delete", "b"), ("insert", "x"), ("equal", "c")]),
        ("a b", "a b c", [("equal", "a b"), ("insert", "c")]),
        ("a b c", "b c", [("delete", "a"), ("equal", "b c")]),
        ("", "a", [("insert", "a")]),
    ],
)
def test_word_changes(first, later, expected):
    assert word_changes(first, later) == expected


@pytest.mark.parametrize(
    ("days", "period", "expected"),
    [
        ([], "month", []),
        (["2023-09-14", "2023-09-20"], "month", [("2023-09", 2)]),
        (["2023-11-01", "2024-01-05"], "month", [("2023-11", 1), ("2023-12", 0), ("2024-01", 1)]),
        (["2021-05-01", "2023-01-01"], "year", [("2021", 1), ("2022", 0), ("2023", 1)]),
        (["2023-02-28", "2023-03-01"], "day", [("2023-02-28", 1), ("2023-03-01", 1)]),
        # ISO weeks: Monday 11 and Sunday 17 September 2023 are week 37; quiet weeks as zeros.
        (
            ["2023-09-11", "2023-09-17", "2023-10-02"],
            "week",
            [("2023-W37", 2), ("2023-W38", 0), ("2023-W39", 0), ("2023-W40", 1)],
        ),
        # Across a new year: 1 January 2021 belongs to 2020's week 53.
        (["2020-12-28", "2021-01-01", "2021-01-04"], "week", [("2020-W53", 2), ("2021-W01", 1)]),
        # A span too long to draw day by day keeps only the days that have statements.
        (["2000-01-01", "2010-01-01"], "day", [("2000-01-01", 1), ("2010-01-01", 1)]),
    ],
)
def test_timeline_points(days, period, expected):
    got = [(p["period"], p["count"]) for p in timeline_points(days, period)]
    assert got == expected


def test_static_files_exist():
    static = Path(__file__).resolve().parent.parent / "src" / "whosaid" / "service" / "static"
    assert {p.name for p in static.iterdir()} >= {"index.html", "app.js", "app.css"}


# -- the answer cache --------------------------------------------------------------------------


def test_cached_answers_are_dropped_when_the_store_changes(new_target, example_text):
    db = new_target("c")
    with TestClient(create_app(db, token=TOKEN)) as c:
        first = {"text": example_text, "published": "2023-09-14", "outlet": "AFP"}
        c.post("/api/v1/articles", json={"articles": [first]}, headers=AUTH)
        cache = c.app.state.cache
        answers = [c.get("/api/v1/quotes", params={"speaker": "Putin"}).json() for _ in range(4)]
        assert all(a == answers[0] for a in answers)
        assert cache.hits >= 2  # the first reader to open the file may change it once
        before = answers[0]["total"]
        # Another writer (not this service) adds an article: the next answer must see it.
        from whosaid.model import Article
        from whosaid.runs import ingest_items
        from whosaid.store import open_writer

        article = Article(text=example_text, outlet="Reuters", source="other-writer")
        with open_writer(db) as writer:
            ingest_items(writer, [article], c.app.state.service.pipeline)
        after = c.get("/api/v1/quotes", params={"speaker": "Putin"}).json()["total"]
        assert after == 2 * before


def test_a_repeat_is_answered_before_routing_with_the_same_answer(
    new_target, example_text, monkeypatch
):
    from whosaid import store

    with TestClient(create_app(new_target("r"), token=TOKEN)) as c:
        item = {"text": example_text, "published": "2023-09-14", "outlet": "AFP"}
        c.post("/api/v1/articles", json={"articles": [item]}, headers=AUTH)
        c.get("/api/v1/quotes?speaker=Putin&limit=5")  # the first reader may touch the file
        first = c.get("/api/v1/quotes?speaker=Putin&limit=5")
        routed = []  # the search route builds a query from the parameters before its cache
        real = store.SearchQuery.from_mapping
        monkeypatch.setattr(
            store.SearchQuery, "from_mapping", lambda m: routed.append(1) or real(m)
        )
        # the same question, parameters in another order: served from memory, never routed
        again = c.get("/api/v1/quotes?limit=5&speaker=Putin")
        assert routed == []
        assert (again.status_code, again.content) == (first.status_code, first.content)
        assert again.headers["content-type"] == first.headers["content-type"]
        # a refused question is never kept: it is refused again, by the route
        for _ in range(2):
            bad = c.get("/api/v1/quotes?limit=0&speaker=Putin")
            assert bad.status_code in (400, 422) and "error" in bad.json()


def test_cache_can_be_turned_off(new_target):
    with TestClient(create_app(new_target("n"), token=TOKEN, cache_size=0)) as c:
        c.post("/api/v1/articles", json={"articles": [{"text": "Kim said no."}]}, headers=AUTH)
        for _ in range(3):
            assert c.get("/api/v1/speakers").status_code == 200
        assert c.app.state.cache.hits == 0
