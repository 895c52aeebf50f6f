"""Write the hash-locked requirements files from pyproject.toml (run it after changing a dependency).

    .venv/bin/python scripts/lock_requirements.py [--wheelhouse DIR] [--platform x86_64|aarch64 ...]

For each platform (CPython 3.11 on glibc <= 2.36: Debian 12 and Raspberry Pi OS bookworm, 64-bit)
it resolves pyproject's dependencies (and the build backend, so bear itself installs offline) with
`pip download` restricted to that platform's wheels, then writes one line per package with the
sha256 of the exact file pip chose:

    requirements/aarch64.txt        what a bear installs (scripts/install-pi.sh)
    requirements/x86_64.txt         the same on x86-64
    requirements/x86_64-test.txt    the `test` extra on top of x86_64.txt (scripts/dev.sh, CI;
                                    aarch64-test.txt likewise)

installed with `pip install --require-hashes -r ...`: a file whose hash differs is refused. A
package published only as a source archive (vosk's `srt`, pure Python) is locked by the archive's
sha256; it is built into a wheel here only so that pip can resolve for another platform.

pip evaluates environment markers for the machine it runs on, not the target: markers on
pyproject's own dependencies are evaluated here for the target (so `lgpio; platform_machine ==
"aarch64"` is locked for the Pi only), and the script stops if a marker on any dependency below
them would come out differently on the target than here.

`--wheelhouse DIR` keeps the files of <platform>.txt in DIR/<platform>/ (sdists as they are; not
the test extra): copy DIR to a bear without network and install with
`scripts/install-pi.sh --wheelhouse DIR`.
Needs the network (PyPI); takes ~1 min per platform with a warm pip cache.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # pip always has it
    from pip._vendor.packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "requirements"
PYTHON = "3.11"
GLIBC_MAX = 36  # Debian 12 / Raspberry Pi OS bookworm
PLATFORMS = ("x86_64", "aarch64")
TEST_PLATFORMS = PLATFORMS  # the `test` extra, for development machines and CI
# Built without network from the wheelhouse: an sdist without pyproject.toml (srt) builds with pip's
# default backend requirements, setuptools and wheel; bear itself needs its build-system.requires.
BUILD = ["wheel"]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def target_env(arch: str) -> dict[str, str]:
    """The environment markers of CPython 3.11 on 64-bit Linux `arch`."""
    return {"implementation_name": "cpython", "implementation_version": f"{PYTHON}.0",
            "os_name": "posix", "platform_machine": arch, "platform_python_implementation": "CPython",
            "platform_release": "", "platform_system": "Linux", "platform_version": "",
            "python_full_version": f"{PYTHON}.0", "python_version": PYTHON, "sys_platform": "linux"}


def host_env() -> dict[str, str]:
    from pip._vendor.packaging.markers import default_environment

    return dict(default_environment())


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def top_level(reqs: list[str], arch: str) -> list[str]:
    """pyproject's requirement strings that apply on `arch`, without their markers."""
    out = []
    for text in reqs:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate(target_env(arch)):
            continue
        req.marker = None
        out.append(str(req))
    return out


def platform_args(arch: str) -> list[str]:
    args = ["--only-binary=:all:", "--python-version", PYTHON, "--implementation", "cp", "--abi", "cp311",
            "--abi", "abi3", "--abi", "none", "--platform", f"manylinux2014_{arch}"]
    for minor in range(GLIBC_MAX, 16, -1):
        args += ["--platform", f"manylinux_2_{minor}_{arch}"]
    return args


def pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True)


def download(reqs: list[str], arch: str, dest: Path, pure: Path, sdists: Path,
             constraints: Path | None = None) -> None:
    """Download the wheels `reqs` need on `arch` into dest; a dependency with no wheel at all (pure
    Python sdist) is built into a wheel in `pure` (its sdist kept in `sdists`) and the resolve retried."""
    while True:
        extra = ["-c", str(constraints)] if constraints else []
        done = pip("download", "-q", "-d", str(dest), "--find-links", str(pure), *platform_args(arch), *extra, *reqs)
        if done.returncode == 0:
            return
        missing = re.search(r"No matching distribution found for ([A-Za-z0-9_.\-]+)", done.stderr)
        name = canonical(missing.group(1)) if missing else None
        if name is None or any(canonical(p.name.split("-")[0]) == name for p in sdists.glob("*")):
            sys.exit(f"lock: pip download failed for {arch}:\n{done.stderr[-3000:]}")
        got = pip("download", "-q", "--no-deps", "--no-binary=:all:", "-d", str(sdists), name)
        built = pip("wheel", "-q", "--no-deps", "-w", str(pure), *map(str, sdists.glob(f"{name}*")),
                    *map(str, sdists.glob(f"{name.replace('-', '_')}*")))
        wheels = [w for w in pure.glob("*.whl") if canonical(w.name.split("-")[0]) == name]
        if got.returncode or built.returncode or not wheels or not wheels[0].name.endswith("-py3-none-any.whl"):
            sys.exit(f"lock: {name} has no wheel for {arch} and is not a pure-Python sdist:\n"
                     f"{got.stderr[-1500:]}{built.stderr[-1500:]}")
        print(f"  {name}: no wheel on PyPI; locked by its source archive (pure Python)", flush=True)


def inventory(dest: Path, sdists: Path) -> dict[str, tuple[str, Path]]:
    """{canonical name: (version, the file to hash)}: wheels from dest, sdists for pure packages."""
    found = {}
    for f in dest.iterdir():
        if f.suffix == ".whl":
            name, version = f.name.split("-")[:2]
            found[canonical(name)] = (version, f)
    for f in sdists.iterdir():
        stem = f.name.removesuffix(".tar.gz").removesuffix(".zip")
        name, version = stem.rsplit("-", 1)
        if canonical(name) in found:
            found[canonical(name)] = (version, f)
    return found


def check_markers(dest: Path, arch: str, extras: set[str]) -> None:
    """Stop if a dependency's marker evaluates differently on `arch` than on this machine (pip
    resolved with this machine's markers)."""
    here, there = host_env(), target_env(arch)
    for wheel in dest.glob("*.whl"):
        with zipfile.ZipFile(wheel) as z:
            meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
            headers = Parser().parsestr(z.read(meta).decode("utf-8"))
        for text in headers.get_all("Requires-Dist") or []:
            req = Requirement(text)
            if req.marker is None:
                continue
            for extra in {""} | extras:
                a = req.marker.evaluate(dict(here, extra=extra))
                b = req.marker.evaluate(dict(there, extra=extra))
                if a != b:
                    sys.exit(f"lock: {wheel.name} requires {text!r}: true on {'this machine' if a else arch} "
                             f"only; resolve on an {arch} machine instead")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write(path: Path, title: str, found: dict[str, tuple[str, Path]]) -> None:
    lines = [f"# {title}",
             "# Generated by scripts/lock_requirements.py from pyproject.toml: do not edit by hand.",
             "# Install with: pip install --require-hashes -r " + path.relative_to(ROOT).as_posix(), ""]
    for name in sorted(found):
        version, file = found[name]
        lines += [f"{name}=={version} \\", f"    --hash=sha256:{sha256(file)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(found)} packages", flush=True)


def lock(arch: str, work: Path, wheelhouse: Path | None) -> None:
    meta = pyproject()
    runtime = meta["project"]["dependencies"] + meta["build-system"]["requires"] + BUILD
    extras = {canonical(e) for r in runtime for e in Requirement(r).extras}
    dest, pure, sdists = work / arch, work / "pure", work / "sdists"
    for d in (dest, pure, sdists):
        d.mkdir(parents=True, exist_ok=True)
    print(f"{arch}: resolving {len(runtime)} requirements", flush=True)
    download(top_level(runtime, arch), arch, dest, pure, sdists)
    check_markers(dest, arch, extras)
    found = inventory(dest, sdists)
    write(OUT / f"{arch}.txt", f"bear's dependencies on Linux {arch}, CPython {PYTHON}, glibc <= 2.{GLIBC_MAX}", found)
    files = {f for _, f in found.values()}
    if arch in TEST_PLATFORMS:
        pins = work / "pins.txt"
        pins.write_text("".join(f"{n}=={v}\n" for n, (v, _) in found.items()))
        test = meta["project"]["optional-dependencies"]["test"]
        tdest = work / f"{arch}-test"
        tdest.mkdir(exist_ok=True)
        download(top_level(runtime + test, arch), arch, tdest, pure, sdists, constraints=pins)
        check_markers(tdest, arch, extras | {"test"})
        everything = inventory(tdest, sdists)
        write(OUT / f"{arch}-test.txt", f"the `test` extra on Linux {arch} on top of {arch}.txt "
              f"(install both with one pip command)", {n: everything[n] for n in everything if n not in found})
    if wheelhouse is not None:
        target = wheelhouse / arch
        target.mkdir(parents=True, exist_ok=True)
        by_name = {f.name: f for f in files}
        for name, f in by_name.items():
            shutil.copy2(f, target / name)
        print(f"wheelhouse: {target} ({len(by_name)} files)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--platform", action="append", choices=PLATFORMS, help="default: all")
    ap.add_argument("--wheelhouse", type=Path, help="also keep the locked files in DIR/<platform>/")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bear-lock-") as tmp:
        for arch in args.platform or PLATFORMS:
            lock(arch, Path(tmp), args.wheelhouse.absolute() if args.wheelhouse else None)


if __name__ == "__main__":
    main()
