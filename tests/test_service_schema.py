"""A property-based run of the OpenAPI schema (schemathesis, in process over ASGI): whatever a
client sends that the schema allows, or nearly allows, the service never answers with a 5xx.

Path parameters (article refs, quote ids, speaker names) are generated like every other
parameter, and a stateful run follows the schema's links: ids taken from one answer (a search
hit's quote and article, an ingested article's key) are sent to the routes that take them,
with schemathesis' stateful checks on each step.

Bounded to a few examples per operation so the whole run stays well under a minute."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ensure_resource_availability, use_after_free

from whosaid.service import create_app

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "schema-test-token"


def _app(db: Path):
    app = create_app(db, token=TOKEN, max_body_bytes=64 * 1024)
    # A small corpus, so searches, timelines and journeys meet real rows as well as misses.
    from fastapi.testclient import TestClient

    text = (ROOT / "examples" / "putin-kim-cosmodrome.txt").read_text(encoding="utf-8")
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/articles",
            json={"articles": [{"text": text, "published": "2023-09-14", "outlet": "AFP"}]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert r.status_code == 200, r.text
    return app


_DB = Path(__import__("tempfile").mkdtemp(prefix="whosaid-schema-")) / "whosaid.db"
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(_DB))


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case):
    # Write calls carry the token, so ingest runs its own code, not only the 401.
    if case.method == "POST" and case.path.endswith("/articles"):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
    case.call_and_validate(checks=[not_a_server_error])


def test_path_parameters_are_generated():
    templated = [
        op
        for op in (r.ok() for r in schema.get_all_operations())
        if "{" in op.path and op.path_parameters
    ]
    assert {op.path for op in templated} >= {
        "/api/v1/articles/{ref}",
        "/api/v1/quotes/{quote_id}/occurrences",
        "/api/v1/speakers/{name}/timeline",
    }


STATEFUL_CHECKS = [not_a_server_error, ensure_resource_availability, use_after_free]


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Scenarios of several calls along the schema's links; no step may be a 5xx."""

    def get_call_kwargs(self, case):
        if case.method == "POST" and case.path.endswith("/articles"):
            return {"headers": {"Authorization": f"Bearer {TOKEN}"}}
        return {}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(response, checks=STATEFUL_CHECKS, transport_kwargs=kwargs or None)


def test_schema_links_connect_the_id_routes():
    links = {
        name
        for path in schema.raw_schema["paths"].values()
        for op in path.values()
        for name in op.get("responses", {}).get("200", {}).get("links", {})
    }
    assert links >= {"QuoteOccurrences", "Article", "SpeakerTimeline"}


@pytest.mark.slow
def test_stateful_scenarios_find_no_server_errors():
    Workflow.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=5,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
    )


def test_schema_documents_every_route():
    paths = set(schema.raw_schema["paths"])
    assert paths >= {
        "/api/v1/health",
        "/api/v1/extract",
        "/api/v1/quotes",
        "/api/v1/speakers",
        "/api/v1/speakers/{name}/timeline",
        "/api/v1/articles/{ref}",
        "/api/v1/quotes/{quote_id}/occurrences",
        "/api/v1/articles",
    }


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    for p in _DB.parent.glob("*"):
        p.unlink()
    _DB.parent.rmdir()
