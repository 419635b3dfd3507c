"""A property-based run of the OpenAPI schema (schemathesis, in process over ASGI): whatever a
client sends that the schema allows, or nearly allows, the service never answers with a 5xx.

Bounded to a few examples per operation so the whole run stays well under a minute."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

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
