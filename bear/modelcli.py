"""`bear models list | fetch | verify`."""

from __future__ import annotations

import sys

from bear.models.fetch import fetch_models
from bear.models.manifest import ManifestError, Verifier, load_manifest


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


def select_licensed(entries: list, *, non_commercial: bool) -> tuple[list, list[str]]:
    """(entries to install, names refused): models under a non-commercial licence (the manifest's
    `commercial = false`, e.g. the openWakeWord heads) only when `non_commercial` is asked for."""
    if non_commercial:
        return list(entries), []
    return [e for e in entries if e.commercial], [e.name for e in entries if not e.commercial]


def main(cfg, args, out=None) -> int:
    """`bear models list|fetch|verify`; returns the exit code."""
    out = out or sys.stdout
    try:
        manifest = load_manifest(cfg.manifest_path)
    except ManifestError as exc:
        print(f"bear: {exc}", file=sys.stderr)
        return 1
    model_dir = cfg.paths.model_dir
    action = args.models_command

    if action == "fetch":
        unknown = [n for n in args.names if n not in manifest.names()]
        if unknown:
            print(f"bear: not in the manifest: {', '.join(unknown)} (known: {', '.join(manifest.names())})",
                  file=sys.stderr)
            return 2
        if args.mirror is not None and not args.mirror.is_dir():
            print(f"bear: --from: no such directory: {args.mirror}", file=sys.stderr)
            return 2
        entries = [manifest.get(n) for n in args.names] if args.names else \
            [m for m in manifest.models if not m.development]
        entries, refused = select_licensed(entries, non_commercial=args.non_commercial)
        if refused and args.names:
            print(f"bear: non-commercial licence, not for a shipped bear: {', '.join(refused)} "
                  "(add --non-commercial to install it for development)", file=sys.stderr)
            return 2
        for name in refused:
            print(f"{name}: skipped: non-commercial licence (--non-commercial installs it)", file=out)
        print(f"Installing {len(entries)} model(s) into {model_dir} from "
              f"{args.mirror or 'the official URLs'}", file=out, flush=True)
        results = fetch_models(entries, model_dir, mirror=args.mirror, force=args.force,
                               skip_missing_in_mirror=not args.names, out=out)
        return 1 if any(o.startswith("error") for _, o in results) else 0

    verifier = Verifier(model_dir)
    rows, bad = [], 0
    for entry in manifest.models:
        status, detail = verifier.status(entry, use_cache=False)
        bad += status in ("corrupt", "partial")
        licence = entry.licence + ("" if entry.commercial else "  [NON-COMMERCIAL]") + \
            ("  [DEVELOPMENT ONLY]" if entry.development else "")
        rows.append((entry.name, entry.role, status, _size(entry.total_size), licence, detail))
    if action == "list":
        print(f"Models in {model_dir} (manifest {manifest.path}):", file=out)
        print(f"{'NAME':<30} {'ROLE':<8} {'STATUS':<10} {'SIZE':>9}  LICENCE", file=out)
        for name, role, status, size, licence, _ in rows:
            print(f"{name:<30} {role:<8} {status:<10} {size:>9}  {licence}", file=out)
        if any(not e.commercial for e in manifest.models):
            print("NON-COMMERCIAL models are fine for development, not for a shipped bear.", file=out)
        return 0
    for name, _, status, _, _, detail in rows:
        print(f"{status.upper():<10} {name}: {detail}", file=out)
    print(f"{bad} corrupt or partial, {sum(r[2] == 'installed' for r in rows)} verified, "
          f"{sum(r[2] == 'missing' for r in rows)} missing", file=out)
    return 1 if bad else 0
