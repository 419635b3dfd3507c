"""The layout shows the flow (docs/architecture.md): each module imports only down the flow

    model <- read, clean, annotate, extract <- pipeline <- runs <- cli, service      store beside

read from the package's own source with ``ast`` (no third-party tool), so a new import against
the flow fails here, with the line that made it. Imports under ``if TYPE_CHECKING:`` are not
counted (they never run); imports inside functions are (they run when called)."""

from __future__ import annotations

import ast
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "whosaid"

#: The stages that make records, and what they may never reach: what comes after them.
STAGES = ("read", "clean", "annotate", "extract")
DOWNSTREAM_OF_STAGES = ("pipeline", "runs", "store", "service", "cli")
#: The store keeps records; it never makes them nor serves them.
NOT_FROM_STORE = ("pipeline", "runs", "extract", "service")
#: The one documented exception: ``whosaid.store.ingest`` and friends still answer, lazily and
#: with a DeprecationWarning, for code written before they moved to ``whosaid.runs``.
STORE_SHIMS = {("whosaid.store", "whosaid.runs")}
#: Modules that may import the command line: itself, and ``python -m whosaid``.
CLI_ENTRY = ("whosaid.cli", "whosaid.__main__")

MAX_MODULE_LINES = 500
MAX_MEDIAN_FUNCTION_LINES = 20


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that runs, at any depth, leaving out ``if TYPE_CHECKING:`` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            yield from (n for child in node.orelse for n in _import_nodes_in(child))
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        yield from _import_nodes(node)


def _import_nodes_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    yield from _import_nodes(node)


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package(module):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> list[tuple[str, int]]:
    """``(imported module, line)`` for each import in ``module``; ``from X import Y`` counts
    as importing ``X.Y`` when that is a module of ours, else ``X``."""
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    found: list[tuple[str, int]] = []
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
            continue
        source = _absolute(module, node)
        for alias in node.names:
            sub = f"{source}.{alias.name}"
            found.append((sub if sub in MODULES else source, node.lineno))
    return found


def area(name: str) -> str:
    """``whosaid.extract.quotes`` -> ``extract``; a top-level module is its own area."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def internal_edges() -> list[tuple[str, str, int]]:
    edges = []
    for module in MODULES:
        for target, line in imports_of(module):
            if target.startswith("whosaid") and target != module:
                edges.append((module, target, line))
    return edges


EDGES = internal_edges()


def where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}"


Edge = tuple[str, str, int]


def against_the_flow(edges: list[Edge]) -> list[str]:
    """Each import that breaks a rule of the layout, with the rule it breaks."""
    wrong = []
    for m, t, line in edges:
        rule = _rule_broken(m, t)
        if rule:
            wrong.append(f"{where(m, line)} imports {t}: {rule}")
    return wrong


def _rule_broken(module: str, target: str) -> str | None:
    src, dst = area(module), area(target)
    if src in STAGES and dst in DOWNSTREAM_OF_STAGES:
        return "a stage never imports what comes after it"
    shim = (module, ".".join(target.split(".")[:2])) in STORE_SHIMS
    if src == "store" and dst in NOT_FROM_STORE and not shim:
        return "the store keeps records and never makes or serves them"
    if dst == "cli" and src != "cli" and module not in CLI_ENTRY:
        return "nothing imports the command line"
    if target.split(".")[0] in ("sqlite3", "psycopg") and src != "store":
        return "only the store talks to a database"
    return None


@pytest.mark.parametrize(
    ("module", "target", "broken"),
    [
        ("whosaid.read.html", "whosaid.pipeline", True),
        ("whosaid.extract.quotes", "whosaid.store.queries", True),
        ("whosaid.annotate.nlp", "whosaid.service.app", True),
        ("whosaid.store.sqlite", "whosaid.pipeline", True),
        ("whosaid.store.queries", "whosaid.extract.lexicon", True),
        ("whosaid.service.app", "whosaid.cli", True),
        ("whosaid.runs.ingest", "sqlite3", True),
        ("whosaid.service.cache", "psycopg", True),
        ("whosaid.extract.quotes", "whosaid.model", False),
        ("whosaid.extract.quotes", "whosaid.extract.marks", False),
        ("whosaid.pipeline", "whosaid.extract.quotes", False),
        ("whosaid.runs.ingest", "whosaid.store.base", False),
        ("whosaid.service.app", "whosaid.runs.ingest", False),
        ("whosaid.cli.search", "whosaid.store", False),
        ("whosaid.__main__", "whosaid.cli", False),
        ("whosaid.store.sqlite", "sqlite3", False),
        ("whosaid.store", "whosaid.runs.ingest", False),  # the documented shim
        ("whosaid.store.queries", "whosaid.runs.ingest", True),  # only the shim, nothing else
    ],
)
def test_the_rules(module, target, broken):
    assert (_rule_broken(module, target) is not None) is broken


def test_no_module_imports_against_the_flow():
    every = EDGES + [
        (m, t, line) for m in MODULES for t, line in imports_of(m) if not t.startswith("whosaid")
    ]
    wrong = against_the_flow(every)
    assert not wrong, "imports against the flow (docs/architecture.md):\n" + "\n".join(wrong)


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for m, t, _ in EDGES:
        if t in MODULES:
            graph[m].add(t)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return groups


def test_no_two_modules_import_each_other_even_through_others():
    assert _cycles() == [], "modules that import each other, directly or through others"


def _function_lengths() -> list[int]:
    lengths = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lengths.append((node.end_lineno or node.lineno) - node.lineno + 1)
    return lengths


def test_no_module_is_over_500_lines():
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in MODULES.values()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_the_median_function_is_short():
    assert statistics.median(_function_lengths()) < MAX_MEDIAN_FUNCTION_LINES
