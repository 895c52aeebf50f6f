"""Printing benchmark figures: one `name=value` line each (with its target), then one JSON line."""

from __future__ import annotations

import json
from pathlib import Path

OPS = {"<": lambda v, t: v < t, "<=": lambda v, t: v <= t, ">=": lambda v, t: v >= t}


def report(results: dict, targets: dict[str, tuple[str, float]], json_path: Path | None = None) -> int:
    """Print the figures; returns how many targets were missed."""
    missed = 0
    for key, value in results.items():
        note = ""
        if key in targets:
            op, target = targets[key]
            ok = OPS[op](value, target)
            missed += not ok
            note = f"  (target {op} {target:g}: {'ok' if ok else 'MISSED'})"
        print(f"{key}={value}{note}")
    print(json.dumps(results))
    if json_path:
        json_path.write_text(json.dumps(results, indent=1))
    return missed
