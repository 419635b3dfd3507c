"""The HTTP API and web page: ``create_app(db_path, settings)`` returns the FastAPI app."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from whosaid.service.app import create_app


def __getattr__(name: str) -> Any:
    # The app imports the pipeline and so spaCy; `whosaid serve --help` and the other commands
    # that import this package for its constants do not need it.
    if name == "create_app":
        from whosaid.service.app import create_app

        return create_app
    raise AttributeError(f"module 'whosaid.service' has no attribute {name!r}")


__all__ = ["create_app"]
