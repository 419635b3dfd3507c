"""The store seam (``whosaid.store.base``): what code outside the store may rely on, whatever
backend is behind it, on SQLite and on PostgreSQL (``tests/backends.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from backends import BACKENDS, SQLITE_ONLY, Target, require_backend, targets

from whosaid.errors import NotFound, StoreError
from whosaid.model import Article, Outcome
from whosaid.store import (
    Reader,
    SearchQuery,
    Writer,
    article_key,
    backend_of,
    open_reader,
    open_writer,
)


@pytest.fixture(scope="module", params=BACKENDS)
def seam_backend(request: pytest.FixtureRequest) -> str:
    require_backend(request.param)
    return str(request.param)


@pytest.fixture(scope="module")
def seam_targets(seam_backend, tmp_path_factory):
    yield from targets(seam_backend, tmp_path_factory.mktemp("seam"))


@pytest.fixture(scope="module")
def stored(seam_targets, pipeline, example_text) -> Target:
    db = seam_targets("seam")
    article = Article(text=example_text, published="2023-09-14", source="example")
    outcome = Outcome(source="example", analysis=pipeline.analyze(article))
    with open_writer(db) as writer:
        assert isinstance(writer, Writer)
        assert writer.write_batch([(article_key(article), outcome)]).added == 1
        assert writer.has(article_key(article))
        assert writer.write_batch([(article_key(article), outcome)]).existing == 1
    return db


@pytest.mark.parametrize(
    ("target", "backend"),
    [
        ("whosaid.db", "sqlite"),
        (Path("corpus/whosaid.db"), "sqlite"),
        ("postgresql://localhost/whosaid", "postgresql"),
        ("postgres://u@h:5433/db", "postgresql"),
        ("postgresql.db", "sqlite"),  # a file that happens to be named so is still a file
    ],
)
def test_the_target_names_its_backend(target, backend):
    assert backend_of(target) == backend


def test_a_reader_answers_what_the_query_functions_answer(stored):
    with open_reader(stored) as reader:
        assert isinstance(reader, Reader)
        hits = reader.search(SearchQuery(act="all"))
        assert len(hits) == reader.count(SearchQuery(act="all")) > 0
        assert reader.counts()["articles"] == 1
        assert reader.article(str(hits[0].article_id)).article_id == hits[0].article_id
        names = [s.name for s in reader.speakers()]
        assert names and all(names)
        assert reader.timeline(names[0])
        assert reader.quote_occurrences(hits[0].quote_id).occurrences
        reader.probe()


def test_the_version_changes_when_a_writer_commits(stored, pipeline):
    with open_reader(stored) as reader:
        before = reader.version()
        assert reader.version() == before  # reading changes nothing
        article = Article(text="Jane Smith said the plan was sound.", source="another")
        outcome = Outcome(source="another", analysis=pipeline.analyze(article))
        with open_writer(stored) as writer:
            writer.write_batch([(article_key(article), outcome)])
        assert reader.version() != before


def test_a_missing_store_is_not_found(seam_targets):
    with pytest.raises(NotFound, match="whosaid ingest"):
        open_reader(seam_targets("none"))


def test_an_unreachable_server_is_a_store_error():
    require_backend("postgresql")
    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL store"):
        open_reader("postgresql://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(StoreError) as caught:
        open_writer("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(caught.value)  # the password is never shown


def test_a_damaged_store_is_a_store_error_not_a_database_exception(stored, tmp_path):
    if not isinstance(stored, Path):
        pytest.skip(SQLITE_ONLY)
    data = bytearray(stored.read_bytes())
    page = 4096  # every page after the schema's is garbled: any question reads one of them
    data[2 * page :] = b"\xa5" * (len(data) - 2 * page)
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="integrity check"), open_reader(damaged) as reader:
        reader.counts()
