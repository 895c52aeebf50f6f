"""How the parts meet: the README's import graph is the code's, and the parts form no cycle."""

import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import import_graph  # noqa: E402


def test_the_readme_draws_the_import_graph_as_it_is():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_graph.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_the_parts_import_each_other_without_a_cycle():
    graph = import_graph.edges()
    done: set[str] = set()

    def visit(part: str, path: list[str]) -> None:
        assert part not in path, " → ".join(path[path.index(part):] + [part])
        if part in done:
            return
        for dep in graph.get(part, ()):
            visit(dep, path + [part])
        done.add(part)

    for part in graph:
        visit(part, [])
    assert "hearing" in graph and "audio" in graph["hearing"]  # the graph is read at all
