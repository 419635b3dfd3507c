"""The HTTP API and web page: ``create_app(db_path, settings)`` returns the FastAPI app."""

from whosaid.service.app import create_app

__all__ = ["create_app"]
