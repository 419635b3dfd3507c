"""The service under a slow request: health checks and a small analysis still answer, a full
service answers 503 with Retry-After, and the slow article ends as "too_slow" on its own."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from whosaid.config import DEFAULT_SETTINGS
from whosaid.errors import TooSlow
from whosaid.service import app as app_module
from whosaid.service import create_app

SMALL = {"text": '"We will win," Jane Smith said.'}


def slow_body(example_text: str) -> dict:
    """An article that takes far longer than the budget below (the example 40 times over)."""
    return {"text": "\n\n".join([example_text] * 40)}


def start_slow(client: TestClient, body: dict) -> tuple[threading.Thread, list]:
    got: list = []
    thread = threading.Thread(target=lambda: got.append(client.post("/api/v1/extract", json=body)))
    thread.start()
    deadline = time.monotonic() + 30
    while client.get("/api/v1/health").json()["analyses"]["running"] < 1:
        assert time.monotonic() < deadline, "the slow analysis never started"
        time.sleep(0.05)
    return thread, got


@pytest.mark.timeout(180)
def test_health_and_a_small_extract_answer_while_a_slow_one_runs(example_text):
    settings = replace(DEFAULT_SETTINGS, time_budget_s=8)
    with TestClient(create_app(None, settings, token="", workers=2)) as client:
        client.post("/api/v1/extract", json=SMALL)  # load the first model
        thread, got = start_slow(client, slow_body(example_text))
        health = client.get("/api/v1/health")
        assert health.status_code == 200 and health.json()["analyses"]["running"] == 1
        small = client.post("/api/v1/extract", json=SMALL)
        assert small.status_code == 200, small.text
        assert [q["speaker"]["name"] for q in small.json()["quotes"]] == ["Jane Smith"]
        assert thread.is_alive()  # both answered while the slow one was still at work
        thread.join(120)
        (slow,) = got
        assert slow.status_code == 422, slow.text
        assert slow.json()["error"]["reason"] == "too_slow"
        assert "budget of 8 seconds" in slow.json()["error"]["message"]


@pytest.mark.timeout(180)
def test_a_full_service_answers_503_with_retry_after(example_text, monkeypatch):
    monkeypatch.setattr(app_module, "WORKER_WAIT_S", 0.5)  # wait half a second for a worker
    settings = replace(DEFAULT_SETTINGS, time_budget_s=5)
    with TestClient(create_app(None, settings, token="", workers=1)) as client:
        thread, got = start_slow(client, slow_body(example_text))
        busy = client.post("/api/v1/extract", json=SMALL)
        assert busy.status_code == 503, busy.text
        assert busy.json()["error"]["reason"] == "busy"
        assert int(busy.headers["Retry-After"]) >= 1
        assert client.get("/api/v1/health").status_code == 200
        thread.join(120)
        assert got[0].json()["error"]["reason"] == "too_slow"
        assert client.post("/api/v1/extract", json=SMALL).status_code == 200  # free again


@pytest.mark.timeout(180)
def test_the_time_budget_stops_that_article_only(example_text):
    from whosaid.model import Article
    from whosaid.pipeline import Pipeline

    # 0.05 s: the small articles' extraction takes milliseconds, the slow one's several tenths
    # of a second even on a fast idle machine (in a batch the budget covers extraction only).
    pipeline = Pipeline(replace(DEFAULT_SETTINGS, time_budget_s=0.05))
    articles = [
        Article(text=SMALL["text"], source="small"),
        Article(text="\n\n".join([example_text] * 10), source="slow"),
        Article(text=SMALL["text"].replace("Jane", "Joan"), source="small again"),
    ]
    got = {o.source: o for o in pipeline.analyze_many(articles)}
    assert got["slow"].reason == "too_slow" and "budget of 0.05 seconds" in got["slow"].message
    assert got["small"].ok and got["small again"].ok
    with pytest.raises(TooSlow):  # one article on its own: the error, not a result
        pipeline.analyze(articles[1])
