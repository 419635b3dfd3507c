"""The service's layout, read from its source with ``ast``: routes in their own modules, the
app factory importing them and never the reverse, no database library of its own (the store
seam is the only way to the corpus), and no module over 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from whosaid.service.routes.health import shown_target

SERVICE = Path(__file__).resolve().parent.parent / "src" / "whosaid" / "service"
MODULES = sorted(SERVICE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(SERVICE.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (inside functions and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


IMPORTS = {module_name(p): imports_of(p) for p in MODULES}


def test_the_layout_is_read_from_every_module():
    assert {"whosaid.service.app", "whosaid.service.routes.search"} <= set(IMPORTS)
    assert "whosaid.service.routes.search" in IMPORTS["whosaid.service.app"]
    # the reading sees an import where there is one: the store's own SQLite reader
    assert "sqlite3" in imports_of(SERVICE.parent / "store" / "sqlite_reader.py")


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_no_service_module_imports_a_database_library(name):
    assert not {m for m in IMPORTS[name] if m.split(".")[0] in ("sqlite3", "psycopg")}


@pytest.mark.parametrize("name", sorted(set(IMPORTS) - {"whosaid.service", "whosaid.service.app"}))
def test_only_the_package_imports_the_app_factory(name):
    # the package imports it lazily, for `whosaid serve`; everything else is imported by it
    assert "whosaid.service.app" not in IMPORTS[name]


def test_the_app_and_the_old_corpus_module_do_not_import_each_other():
    assert not any(m.startswith("whosaid.service.corpus") for m in IMPORTS["whosaid.service.app"])
    assert not any(m.startswith("whosaid.service.app") for m in IMPORTS["whosaid.service.corpus"])


@pytest.mark.parametrize(
    "name", sorted(n for n in IMPORTS if n.startswith("whosaid.service.routes."))
)
def test_route_modules_do_not_import_each_other(name):
    others = {m for m in IMPORTS[name] if m.startswith("whosaid.service.routes")}
    assert not others


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_no_service_module_is_over_500_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 500


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        (None, None),
        ("whosaid.db", "whosaid.db"),
        ("/data/pass:word@x.db", "/data/pass:word@x.db"),  # a file name is shown as it is
        ("postgresql://db.example/whosaid", "postgresql://db.example/whosaid"),
        ("postgresql://kim@db.example/whosaid", "postgresql://kim@db.example/whosaid"),
        (
            "postgresql://kim:s3cret@db.example:5432/whosaid",
            "postgresql://kim:***@db.example:5432/whosaid",
        ),
        (
            "postgres://kim:s3cret@db.example/whosaid?sslmode=require",
            "postgres://kim:***@db.example/whosaid?sslmode=require",
        ),
    ],
)
def test_health_shows_a_server_address_without_its_password(target, shown):
    assert shown_target(target) == shown
