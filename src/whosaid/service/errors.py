"""The one place that turns errors into HTTP responses, all with the same JSON shape::

    {"error": {"reason": "bad_query", "message": "what happened, why, how to fix it",
               "status": 400}}

``reason`` is the stable code of ``whosaid.errors`` (or one of the few HTTP-only codes below),
so a client can act on it without parsing prose. Unexpected exceptions become a 500 with reason
``internal`` and a message that never leaks a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from whosaid.errors import InputError, StoreError, WhosaidError

log = logging.getLogger("whosaid.service")

# whosaid.errors reason -> HTTP status. A reason not listed is a client error (400): every
# WhosaidError is raised on purpose about the request, unless listed as the server's own.
STATUS_BY_REASON: dict[str, int] = {
    "bad_query": 400,
    "error": 400,
    "private_url": 400,
    "bad_input": 422,
    "empty": 422,
    "binary": 422,
    "unreadable": 422,
    "no_article": 422,
    "too_large": 413,
    "too_slow": 422,
    "not_found": 404,
    "fetch_failed": 502,
    "model": 503,
    "schema": 503,
    "store_unavailable": 503,
    "busy": 503,
}

# HTTP-only reasons, for statuses that do not come from a WhosaidError.
REASON_BY_STATUS: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal",
    503: "unavailable",
}


class RefusedURL(InputError):
    """A URL the service will not fetch: a private, loopback or link-local address."""

    reason = "private_url"


class ServiceError(WhosaidError):
    """An error the service raises itself, with its HTTP status and reason."""

    headers: dict[str, str] | None = None

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


class ErrorDetail(BaseModel):
    reason: str
    message: str
    status: int


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


def error_response(status: int, reason: str, message: str) -> JSONResponse:
    body = {"error": {"reason": reason, "message": message, "status": status}}
    return JSONResponse(body, status_code=status)


def status_of(exc: WhosaidError) -> int:
    if isinstance(exc, ServiceError):
        return exc.status
    return STATUS_BY_REASON.get(exc.reason, 400)


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return (
        "the request does not match the API: " + "; ".join(parts) + more + ". See /docs for "
        "the fields each route takes."
    )


async def _on_whosaid_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WhosaidError)
    status = status_of(exc)
    if status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    response = error_response(status, exc.reason, str(exc))
    response.headers.update(getattr(exc, "headers", None) or {})
    return response


async def _on_store_error(request: Request, exc: Exception) -> JSONResponse:
    """A store that fails to read (a garbled page, a truncated file) is the server's trouble,
    not the request's: 503, saying what the backend's own check finds. The service remembers
    it, so /health says the store is degraded. A write that fails (a full disk) is not damage:
    what was stored is intact, so it is answered like any other error."""
    assert isinstance(exc, StoreError)
    service = getattr(request.app.state, "service", None)
    if request.method != "GET" or service is None:
        return await _on_whosaid_error(request, exc)
    return error_response(503, "store_unavailable", service.note_damage(exc))


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "invalid_request", _validation_message(list(exc.errors())))


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    reason = REASON_BY_STATUS.get(status, "error" if status < 500 else "internal")
    message = str(exc.detail)
    if status == 404 and message == "Not Found":
        message = f"there is no route {request.url.path}; see /docs for the routes."
    elif status == 405:
        message = f"{request.method} is not allowed on {request.url.path}; see /docs."
    response = error_response(status, reason, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(
        500,
        "internal",
        f"whosaid failed on this request ({type(exc).__name__}); this is a bug, please report "
        "it with the request that caused it.",
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the one JSON shape."""
    app.add_exception_handler(WhosaidError, _on_whosaid_error)
    app.add_exception_handler(StoreError, _on_store_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)


# The responses every route can give, for the OpenAPI document.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request (reason says why)"},
    413: {"model": ErrorBody, "description": "Request body over the limit"},
    422: {"model": ErrorBody, "description": "The request or the article cannot be used"},
}
