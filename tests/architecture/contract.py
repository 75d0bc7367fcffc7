"""The import contract of ``bizq_app``, checked on the source text.

Layers, lowest first: ``core`` and ``data`` (bundled reference data) → ``integrations``
→ the domains, in ``DOMAINS`` order → the adapters (``api``, ``ui``, ``jobs``, and the
app's top-level modules). Imports go down only:

1. a layer imports only layers below it (and itself);
2. a domain imports only domains listed before it in ``DOMAINS``;
3. from another domain, only public modules and names (nothing starting with ``_``);
4. another domain's tables (the classes in its ``models``) are named only in type
   annotations: rows it hands out may be passed around and read, but every query of a
   table (``select``, ``session.get``, a column in a ``where``, a new row) stays in the
   domain that owns it, which offers read functions (``<domain>/lookups.py``) instead;
5. the adapters do not import each other across kinds (the REST API never imports
   the Reflex pages, a job imports neither);
6. no import cycle between modules, anywhere;
7. every package and top-level module has its place above: a new domain is added to
   ``DOMAINS`` (and to docs/architecture.md) before its first line of code, rather than
   ranking silently as an adapter.

Every ``import`` counts, also one inside a function or under ``TYPE_CHECKING``:
an import deferred to dodge a cycle is still a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FOUNDATION = ("core", "data")
INTEGRATIONS = "integrations"
DOMAINS = (
    "accounts",
    "billing",
    "tasks",
    "inventory",
    "catalog",
    "sales",
    "sourcing",
    "storefront",
    "channels",
    "payments",
    "approvals",
    "executors",
    "dashboards",
    "automations",
    "setup",
)
ADAPTERS = ("api", "ui", "jobs", "graphql")
TOP_LEVEL = ("bizq_app", "cli", "__main__", "tables", "wiring", "__init__")


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: [{self.rule}] {self.detail}"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    names: tuple[str, ...]
    line: int


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package at ``root``, by dotted name."""
    return {module_name(root, p): p for p in sorted(root.rglob("*.py"))}


def edges(root: Path) -> list[Edge]:
    """Every import of the package's own modules, as (importer, imported module, names)."""
    known = modules(root)
    found: list[Edge] = []
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found.extend(_edges_of(node, name, package, known, root.name))
    return found


def _edges_of(
    node: ast.AST, name: str, package: str, known: dict[str, Path], top: str
) -> Iterator[Edge]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.split(".")[0] == top:
                yield Edge(name, alias.name, (), node.lineno)
    elif isinstance(node, ast.ImportFrom):
        base = _absolute(node, package)
        if base.split(".")[0] != top:
            return
        for alias in node.names:
            child = f"{base}.{alias.name}"
            if child in known:
                yield Edge(name, child, (), node.lineno)
            else:
                yield Edge(name, base, (alias.name,), node.lineno)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    parts = parts[: len(parts) - node.level + 1]
    return ".".join(parts + ([node.module] if node.module else []))


def part_of(module: str) -> str:
    """The layer or domain a module belongs to (``bizq_app.sales.orders`` → ``sales``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def rank(part: str) -> tuple[int, int]:
    if part in FOUNDATION:
        return (0, 0)
    if part == INTEGRATIONS:
        return (1, 0)
    if part in DOMAINS:
        return (2, DOMAINS.index(part))
    return (3, 0)  # adapters and top-level modules


def tables(root: Path) -> set[str]:
    """The names of the SQLModel tables (``class X(SQLModel, table=True)``) in ``root``."""
    return {
        node.name
        for path in root.rglob("*.py")
        if "models" in path.relative_to(root).parts[1:] or path.stem == "models"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and any(k.arg == "table" for k in node.keywords)
    }


def check(root: Path) -> list[Violation]:
    """Every broken rule in the package at ``root``."""
    found: list[Violation] = []
    graph: dict[str, set[str]] = {}
    table_names = tables(root)
    known = modules(root)
    placed = {*FOUNDATION, INTEGRATIONS, *DOMAINS, *ADAPTERS, *TOP_LEVEL}
    for name in sorted({part_of(m) for m in known} - placed):
        first = min(m for m in known if part_of(m) == name)
        found.append(Violation(first, 0, "unplaced", f"{name} has no place in the contract"))
    for edge in edges(root):
        graph.setdefault(edge.source, set()).add(edge.target)
        found.extend(_layer_rules(edge))
        found.extend(_table_rule(edge, table_names, known))
    found.extend(_cycles(graph))
    return found


def _layer_rules(edge: Edge) -> Iterator[Violation]:
    source, target = part_of(edge.source), part_of(edge.target)
    if source == target:
        return
    if rank(target) > rank(source):
        yield Violation(
            edge.source, edge.line, "layers", f"imports {edge.target}, which sits above it"
        )
    if source in ADAPTERS and target in ADAPTERS:
        yield Violation(
            edge.source, edge.line, "adapters", f"imports another adapter: {edge.target}"
        )
    private = [n for n in (*edge.target.split(".")[2:], *edge.names) if n.startswith("_")]
    if private and source not in TOP_LEVEL:
        yield Violation(
            edge.source, edge.line, "private", f"uses {', '.join(private)} of {edge.target}"
        )


def _table_rule(edge: Edge, table_names: set[str], known: dict[str, Path]) -> Iterator[Violation]:
    source, target = part_of(edge.source), part_of(edge.target)
    if source == target or source not in DOMAINS or target not in DOMAINS:
        return
    if edge.target.split(".")[2:3] != ["models"]:
        return
    queried = _names_outside_annotations(known[edge.source])
    for table in edge.names or (edge.target.split(".")[-1],):
        if table in table_names and table in queried:
            yield Violation(
                edge.source, edge.line, "table", f"queries {target}'s table {table} directly"
            )


def _names_outside_annotations(path: Path) -> set[str]:
    """The names a module uses as values (a type annotation is not a use of the table)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    annotations: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            annotations += [a.annotation for a in every if a.annotation is not None]
            annotations += [node.returns] if node.returns is not None else []
        elif isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
    typed = {id(n) for a in annotations for n in ast.walk(a)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in typed}


def _cycles(graph: dict[str, set[str]]) -> Iterator[Violation]:
    """One violation per strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    for group in groups:
        yield Violation(group[0], 0, "cycle", " ↔ ".join(group))
