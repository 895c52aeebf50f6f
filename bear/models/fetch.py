"""Installing models: from their official URLs (resumable) or from a local mirror directory.

Every file is written as `<file>.part`, checked against its sha256, fsynced and renamed into
place, so a model is never half-written under its real name. Archives are checked, unpacked
into a staging folder and swapped in whole. Nothing here runs at bear run time.
"""

from __future__ import annotations

import http.client
import logging
import os
import shutil
import sys
import time
import urllib.error
import urllib.request

from bear.backoff import backoff_delay
import zipfile
from pathlib import Path

from bear.models.manifest import ModelEntry, ModelFile, Verifier, sha256_file, write_install_record

log = logging.getLogger(__name__)


class FetchError(Exception):
    """A model could not be installed; the message says which file and why."""


class NotInMirror(FetchError):
    """The mirror directory does not carry this model."""


class Progress:
    """A one-line progress bar on a terminal; a start and an end line otherwise."""

    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last = 0.0
        if not self.tty:
            print(f"  {label}: {total / 1e6:.1f} MB ...", file=self.stream, flush=True)

    def update(self, n: int) -> None:
        """`n` more bytes fetched: redraw the progress line at most every half second."""
        self.done += n
        now = time.monotonic()
        if self.tty and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            pct = 100 * self.done / self.total
            bar = "#" * int(pct / 5)
            print(f"\r  {self.label} [{bar:<20}] {pct:5.1f}% {self.done / 1e6:.1f}/{self.total / 1e6:.1f} MB",
                  end="", file=self.stream, flush=True)

    def finish(self, note: str = "ok") -> None:
        """The last progress line, with `note`."""
        if self.tty:
            print(file=self.stream)
        print(f"  {self.label}: {note}", file=self.stream, flush=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_from_mirror(src: Path, part: Path, progress: Progress) -> None:
    with open(src, "rb") as fin, open(part, "wb") as fout:
        while block := fin.read(1 << 20):
            fout.write(block)
            progress.update(len(block))
        fout.flush()
        os.fsync(fout.fileno())


def download(url: str, part: Path, size: int, progress: Progress, *, timeout: float = 30.0,
             attempts: int = 6, backoff_s: float = 1.0) -> None:
    """Download `url` into `part`, resuming from what `part` already holds (HTTP Range)."""
    last_error = None
    for attempt in range(attempts):
        have = part.stat().st_size if part.exists() else 0
        if have > size:
            part.unlink()
            have = 0
        if have == size:
            return
        if attempt == 0 and have:
            progress.update(have)
        headers = {"User-Agent": "bear-model-fetcher/1", "Range": f"bytes={have}-"} if have else \
            {"User-Agent": "bear-model-fetcher/1"}
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as resp:
                if have and resp.status != 206:  # the server ignored the range: start over
                    progress.update(-have)
                    have = 0
                with open(part, "ab" if have else "wb") as f:
                    while block := resp.read(1 << 16):
                        if f.tell() + len(block) > size:
                            raise FetchError(f"{url}: server sent more than the expected {size} bytes")
                        f.write(block)
                        progress.update(len(block))
                    f.flush()
                    os.fsync(f.fileno())
            if part.stat().st_size == size:
                return
            last_error = f"connection ended at {part.stat().st_size} of {size} bytes"
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 410, 401, 403):
                raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
            last_error = f"HTTP {exc.code} {exc.reason}"
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            last_error = str(exc) or type(exc).__name__
        log.warning("event=model_download_retry url=%s attempt=%d error=%r", url, attempt + 1, last_error)
        time.sleep(backoff_delay(attempt + 1, backoff_s, 60.0))
    raise FetchError(f"{url}: download failed after {attempts} attempts ({last_error})")


def _obtain(f: ModelFile, part: Path, mirror: Path | None, label: str) -> str:
    """Fetch one file into `part` from the project, the mirror or its URL and check it; returns the source."""
    if f.bundled:  # committed with the project: the same everywhere, no mirror or network needed
        src = Path(f.bundled)
        if not src.is_file():
            raise FetchError(f"{label}: the project's copy {src} is missing")
        progress = Progress(label, f.size)
        _copy_from_mirror(src, part, progress)
        source = f"project:{src}"
    elif mirror is not None:
        src = mirror / (f.mirror or f.path)
        if not f.mirror or not src.is_file():
            raise NotInMirror(f"{label}: not in mirror {mirror}")
        progress = Progress(label, f.size)
        _copy_from_mirror(src, part, progress)
        source = f"mirror:{src}"
    else:
        if not f.url:
            raise FetchError(f"{label}: the manifest gives no URL")
        progress = Progress(label, f.size)
        download(f.url, part, f.size, progress)
        source = f.url
    actual = sha256_file(part)
    if actual != f.sha256 or part.stat().st_size != f.size:
        part.unlink(missing_ok=True)
        progress.finish("CHECKSUM MISMATCH")
        raise FetchError(f"{label}: checksum mismatch from {source} (got sha256 {actual[:16]}..., "
                         f"expected {f.sha256[:16]}...); nothing installed")
    progress.finish()
    return source


def _safe_extract(zf: zipfile.ZipFile, dest: Path, strip: str) -> dict[str, str]:
    """Unpack a zip into `dest`, refusing paths that escape it; returns {path: sha256}."""
    files = {}
    for info in zf.infolist():
        name = info.filename
        if strip:
            if not (name == strip or name.startswith(strip.rstrip("/") + "/")):
                continue
            name = name[len(strip.rstrip("/")) + 1:]
        if not name or info.is_dir():
            continue
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts:
            raise FetchError(f"archive entry {info.filename!r} would escape the model folder")
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as fin, open(target, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
            fout.flush()
            os.fsync(fout.fileno())
        files[rel.as_posix()] = sha256_file(target)
    if not files:
        raise FetchError(f"archive has no files under {strip!r}")
    return files


def fetch_model(entry: ModelEntry, model_dir: Path, *, mirror: Path | None = None,
                force: bool = False) -> str:
    """Install one model. Returns 'already installed' or 'installed'; raises FetchError."""
    model_dir = Path(model_dir)
    verifier = Verifier(model_dir)
    if entry.package:  # installed with the Python package (pip), checked in place: nothing to copy
        status, detail = verifier.status(entry, use_cache=False)
        if status == "installed":
            return "already installed"
        raise FetchError(f"{entry.name} ships inside the Python package {entry.package!r} and is {status} "
                         f"({detail}): reinstall the bear's Python dependencies")
    if not force and verifier.status(entry, use_cache=False)[0] == "installed":
        return "already installed"
    folder = model_dir / entry.name
    if entry.archive is None:
        folder.mkdir(parents=True, exist_ok=True)
        sources, files = set(), {}
        for f in entry.files:
            target = folder / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not force and target.is_file() and target.stat().st_size == f.size \
                    and sha256_file(target) == f.sha256:
                files[f.path] = f.sha256
                continue
            part = target.with_name(target.name + ".part")
            sources.add(_obtain(f, part, mirror, f"{entry.name}/{f.path}"))
            os.replace(part, target)
            _fsync_dir(target.parent)
            files[f.path] = f.sha256
        write_install_record(folder, entry, ", ".join(sorted(sources)) or "existing files", files)
        return "installed"

    downloads = model_dir / ".downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    part = downloads / (entry.archive.path + ".part")
    source = _obtain(entry.archive, part, mirror, f"{entry.name} ({entry.archive.path})")
    staging = model_dir / f".staging-{entry.name}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        with zipfile.ZipFile(part) as zf:
            files = _safe_extract(zf, staging, entry.strip)
    except (zipfile.BadZipFile, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise FetchError(f"{entry.name}: cannot unpack {entry.archive.path}: {exc}") from None
    write_install_record(staging, entry, source, files)
    old = model_dir / f".old-{entry.name}"
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(staging, folder)
    _fsync_dir(model_dir)
    shutil.rmtree(old, ignore_errors=True)
    part.unlink(missing_ok=True)
    return "installed"


def fetch_models(entries: list[ModelEntry], model_dir: Path, *, mirror: Path | None = None,
                 force: bool = False, skip_missing_in_mirror: bool = False,
                 out=None) -> list[tuple[str, str]]:
    """Install several models; returns [(name, outcome)], outcome 'error: ...' on failure."""
    out = out or sys.stderr
    results = []
    for entry in entries:
        try:
            outcome = fetch_model(entry, model_dir, mirror=mirror, force=force)
        except NotInMirror as exc:
            outcome = ("skipped: " if skip_missing_in_mirror else "error: ") + str(exc)
        except FetchError as exc:
            outcome = f"error: {exc}"
        except OSError as exc:
            outcome = f"error: {entry.name}: {exc}"
        print(f"{entry.name}: {outcome}", file=out, flush=True)
        results.append((entry.name, outcome))
    return results

