"""The module graph points one way: no import cycle, and each layer imports only below it.

The graph is drawn from the source (ast), with every import counted, also those inside
functions: an import moved into a function to dodge a cycle still closes the cycle here.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dashboard"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """(dashboard modules imported, third-party top-level packages imported) by a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ours, theirs = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        else:
            continue
        for name in names:
            if name.split(".")[0] != "dashboard":
                theirs.add(name.split(".")[0])
                continue
            while name and name not in MODULES:      # dashboard.scope.Scope → dashboard.scope
                name = name.rpartition(".")[0]
            if name and name != "dashboard":
                ours.add(name)
    return ours, theirs


GRAPH = {name: imports_of(path)[0] - {name} for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_module_graph_has_no_cycle():
    assert find_cycle(GRAPH) is None, " → ".join(find_cycle(GRAPH))


def test_the_cycle_finder_finds_a_cycle():
    # so that the test above can fail: the old loop queries → access → auth → store → queries
    old = {"queries": {"access"}, "access": {"auth"}, "auth": {"store"}, "store": {"queries"}}
    assert find_cycle(old) == ["access", "auth", "store", "queries", "access"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_query_loader_imports_nothing_from_the_app():
    assert GRAPH["dashboard.queries"] <= {"dashboard.config", "dashboard.scope"}


def test_layers_without_streamlit():
    """Rules, data and pure parts never import Streamlit (only session, auth, views and ui do)."""
    streamlit_side = {"dashboard.app", "dashboard.auth", "dashboard.session", "dashboard.views"}
    for name, path in MODULES.items():
        if name in streamlit_side or name.startswith("dashboard.ui"):
            continue
        assert "streamlit" not in imports_of(path)[1], name


def test_charts_never_query_and_export_has_no_widgets():
    data = {"dashboard.queries", "dashboard.store", "dashboard.catalog", "dashboard.views",
            "dashboard.metrics", "dashboard.session"}
    for name in MODULES:
        if name.startswith("dashboard.charts"):
            assert not GRAPH[name] & data, (name, GRAPH[name] & data)
        if name.startswith(("dashboard.charts", "dashboard.export")):
            assert not any(m.startswith("dashboard.ui") for m in GRAPH[name]), name


def test_the_command_line_help_loads_neither_pandas_nor_streamlit():
    code = ("import sys\nfrom dashboard.__main__ import build_parser\nbuild_parser()\n"
            "print(sorted({'pandas', 'streamlit', 'plotly'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
