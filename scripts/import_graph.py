#!/usr/bin/env python3
"""The import graph of `bear`, by part (a top-level module or a subpackage), as text.

    scripts/import_graph.py            print the graph (the README's "Architecture" section holds it)
    scripts/import_graph.py --check    exit 1 if the README's copy differs (a test runs this)

Every `import bear.x` / `from bear.x import ...` counts, at module level or inside a function
(the lazy imports that keep `import bear` light): an arrow A → B says A uses B. The command-line
parts (cli, modelcli, demo, bench, soak, doctor, the `cli.py`/`evaluate.py` modules of
subpackages) are left out: they use everything and nothing uses them.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bear"
README = ROOT / "README.md"
BEGIN, END = "<!-- import-graph:begin -->", "<!-- import-graph:end -->"
COMMANDS = {"cli", "cli_commands", "modelcli", "demo", "bench", "soak", "doctor", "__main__"}
COMMAND_FILES = {"cli.py", "evaluate.py", "eval_stt.py", "cache_builder.py"}


def part_of(module: str) -> str | None:
    """bear.hearing.listener -> hearing; bear.wiring -> wiring; bear -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "bear" else None


def edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        if name.endswith(".__init__"):
            name = name[: -len(".__init__")]
        src = part_of(name)
        if src is None or src in COMMANDS or path.name in COMMAND_FILES:
            continue
        graph.setdefault(src, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names if node.module == "bear"]
            for target in targets:
                dst = part_of(target)
                if dst and dst != src and dst not in COMMANDS and (PACKAGE / dst).exists() | (PACKAGE / f"{dst}.py").exists():
                    graph[src].add(dst)
    return graph


def render(graph: dict[str, set[str]]) -> str:
    """One line per part: `part → what it uses`, parts that use more first."""
    def kind(p: str) -> str:
        return f"{p}/" if (PACKAGE / p).is_dir() else p

    width = max(len(kind(p)) for p in graph)
    lines = []
    for part in sorted(graph, key=lambda p: (-len(graph[p]), p)):
        uses = ", ".join(kind(d) for d in sorted(graph[part])) or "(standard library and third-party only)"
        lines.append(f"{kind(part):<{width}} → {uses}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render(edges())
    if argv[:1] == ["--check"]:
        readme = README.read_text(encoding="utf-8")
        if BEGIN not in readme or END not in readme:
            print(f"{README}: no {BEGIN} ... {END} block", file=sys.stderr)
            return 1
        held = readme.split(BEGIN, 1)[1].split(END, 1)[0].strip().strip("`").strip()
        if held != text:
            print("README's import graph is out of date: run scripts/import_graph.py --write", file=sys.stderr)
            return 1
        return 0
    if argv[:1] == ["--write"]:
        readme = README.read_text(encoding="utf-8")
        head, rest = readme.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        README.write_text(f"{head}{BEGIN}\n```\n{text}\n```\n{END}{tail}", encoding="utf-8")
        return 0
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
