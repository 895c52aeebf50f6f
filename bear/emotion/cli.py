"""`bear emotion TEXT`: the label and every class score."""

from __future__ import annotations

import asyncio
import sys


def main(cfg, text: str) -> int:
    """`bear emotion TEXT`: print the text's emotion scores; returns the exit code."""
    from bear.emotion import MODEL, classify, register
    from bear.models.manifest import ManifestError, ModelUnavailable, load_manifest
    from bear.models.registry import ModelRegistry

    async def run() -> int:
        try:
            registry = ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)
        except ManifestError as exc:
            print(f"bear: {exc}", file=sys.stderr)
            return 1
        register(registry)
        try:
            await registry.load(MODEL)
            result = await classify(registry, text)
        except ModelUnavailable as exc:
            print(f"bear: {exc}", file=sys.stderr)
            return 1
        finally:
            registry.close()
        print(result.label)
        for label, score in sorted(result.scores.items(), key=lambda kv: -kv[1]):
            print(f"  {label:<9} {score:.3f}")
        print(f"  ({result.ms:.2f} ms)")
        return 0

    return asyncio.run(run())
