"""Corpus routes over the store (search, speakers, timeline, articles, quote journeys, ingest)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from whosaid.service.app import Service


def add_routes(app: FastAPI, service: Service) -> None:
    """Register the corpus routes (wired to whosaid.store)."""
