"""Build the knowledge base's packed search index from content/knowledge/*.toml.

    .venv/bin/python scripts/build_knowledge_index.py          # writes bear/talk/content/knowledge/index.bin
    .venv/bin/python scripts/build_knowledge_index.py --check  # exit 1 when the committed file is stale

Run it after changing any knowledge TOML file (or content/spoken.toml); tests/test_knowledge.py
fails while the committed index is not what the TOML builds. See bear/talk/knowledge_index.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = ROOT / "bear" / "talk" / "content" / "knowledge" / "index.bin"


def main() -> int:
    from bear.talk.knowledge import build_index

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed index is up to date")
    args = parser.parse_args()
    data = build_index()
    if args.check:
        fresh = TARGET.exists() and TARGET.read_bytes() == data
        print(f"{TARGET.relative_to(ROOT)}: {'up to date' if fresh else 'STALE: run scripts/build_knowledge_index.py'}")
        return 0 if fresh else 1
    tmp = TARGET.with_name(f".{TARGET.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, TARGET)  # a running bear has the old file memory-mapped: never rewrite it in place
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(data) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
