#!/usr/bin/env python3
"""Write systemd/bear.example.toml from the configuration dataclasses (the single source of truth).

Run after changing bear/config.py; tests/test_config.py fails while the file is out of date.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bear.config import Config  # noqa: E402

HEADER = """\
# bear configuration: copy to /etc/bear/bear.toml and uncomment what you change.
# Every key is shown with its default. Relative paths are taken from this file's folder.
# A bad key or value stops the bear with one line naming it (exit code 78, systemd does not
# restart it): check with `journalctl -u bear -n 20`.
"""


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    if isinstance(value, Path) and str(value) == ".":
        return '""'
    return json.dumps(str(value))


def render_options(cls, prefix: str, out: list[str]) -> None:
    hints = typing.get_type_hints(cls)
    plain = [f for f in dataclasses.fields(cls)
             if not f.metadata.get("internal") and not dataclasses.is_dataclass(hints[f.name])]
    if plain:
        out.append("")
        doc = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
        if doc and not doc.startswith(cls.__name__ + "("):
            out.append(f"## {doc}")
        out.append(f"[{prefix}]")
        for f in plain:
            meta = f.metadata
            note = meta["doc"]
            if meta.get("choices"):
                note += " One of: " + ", ".join(toml_value(c) for c in meta["choices"]) + "."
            if meta.get("min") is not None or meta.get("max") is not None:
                note += f" Range: {meta.get('min')} to {meta.get('max')}."
            out.append(f"## {note}")
            out.append(f"# {f.name} = {toml_value(f.default)}")
    for f in dataclasses.fields(cls):
        if not f.metadata.get("internal") and dataclasses.is_dataclass(hints[f.name]):
            render_options(hints[f.name], f"{prefix}.{f.name}" if prefix else f.name, out)


def render() -> str:
    out: list[str] = [HEADER.rstrip("\n")]
    render_options(Config, "", out)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    (ROOT / "systemd" / "bear.example.toml").write_text(render())
    print("wrote systemd/bear.example.toml")
