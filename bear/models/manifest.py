"""The model manifest (`models/manifest.toml`) and checksum verification of installed models.

Each model is installed into `<model_dir>/<name>/`. A model is made of plain files (each with
its own sha256) or of one archive (checked by its sha256, then unpacked; the sha256 of every
unpacked file is recorded in `.bear-install.json` and re-checked from then on). A model that ships
inside a Python package (`package = "hibari"`) is not copied anywhere: its files are checked in
place, in the installed package's folder, against the same sha256 list.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("vad", "wake", "stt", "voice", "emotion", "understanding")
INSTALL_RECORD = ".bear-install.json"


class ManifestError(Exception):
    """The manifest itself is malformed."""


class ModelUnavailable(Exception):
    """A model cannot be used: not installed, not in the manifest, or failing its checksum."""


@dataclass(frozen=True)
class ModelFile:
    """One file of a model: path, sha256 and size."""

    path: str  # relative to the model's folder (for an archive: the archive's own name)
    sha256: str
    size: int
    url: str = ""  # official download URL
    mirror: str = ""  # path inside a mirror directory
    bundled: str = ""  # committed with the project: absolute path (the manifest gives it relative to itself)


@dataclass(frozen=True)
class ModelEntry:
    """One model of the manifest: its role, engine, licence, files and where it comes from."""

    name: str
    role: str  # vad | wake | stt | voice | emotion
    engine: str  # the code that loads it: onnx, vosk, piper, ...
    licence: str
    commercial: bool  # False for non-commercial licences (fine in development, not in a product)
    description: str = ""
    files: tuple[ModelFile, ...] = ()
    archive: ModelFile | None = None  # one zip holding the whole model
    strip: str = ""  # top-level folder inside the archive to strip
    size: int = 0  # installed size (bytes) for archive models, for `models list`
    development: bool = False  # never shipped: no official URL, fetched only when named
    builtin: bool = False  # bundled inside a Python package (e.g. PocketSphinx's model): no files here
    package: str = ""  # the files ship inside this installed Python package (paths relative to its folder)

    @property
    def total_size(self) -> int:
        """Bytes the model takes installed."""
        return self.size or sum(f.size for f in self.files)


@dataclass(frozen=True)
class Manifest:
    """models/manifest.toml, parsed: every model the bear may install."""

    path: Path
    models: tuple[ModelEntry, ...] = field(default_factory=tuple)

    def get(self, name: str) -> ModelEntry:
        """The model called `name`; raises ModelUnavailable when the manifest has none."""
        for m in self.models:
            if m.name == name:
                return m
        raise ModelUnavailable(f"model {name!r} is not in the manifest {self.path}")

    def names(self) -> list[str]:
        """Every model's name, in manifest order."""
        return [m.name for m in self.models]


def _file(d: dict, where: str, root: Path) -> ModelFile:
    try:
        f = ModelFile(path=d["path"], sha256=d["sha256"].lower(), size=int(d["size"]),
                      url=d.get("url", ""), mirror=d.get("mirror", ""),
                      bundled=str(root / d["bundled"]) if d.get("bundled") else "")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ManifestError(f"{where}: file entry needs path, sha256 and size ({exc!r})") from None
    if len(f.sha256) != 64 or any(c not in "0123456789abcdef" for c in f.sha256):
        raise ManifestError(f"{where}: {f.path}: sha256 must be 64 hex digits")
    if Path(f.path).is_absolute() or ".." in Path(f.path).parts:
        raise ManifestError(f"{where}: {f.path}: file paths must stay inside the model folder")
    return f


def load_manifest(path: Path) -> Manifest:
    """Read and check the manifest; raises ManifestError for a missing or malformed file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"cannot read model manifest {path}: {exc}") from None
    models = []
    for i, m in enumerate(data.get("model", [])):
        where = f"{path}: model #{i + 1} ({m.get('name', '?')})"
        if m.get("role") not in ROLES:
            raise ManifestError(f"{where}: role must be one of {', '.join(ROLES)}")
        root = Path(path).resolve().parent
        files = tuple(_file(f, where, root) for f in m.get("file", []))
        archive = _file(m["archive"], where, root) if "archive" in m else None
        if bool(files) == bool(archive):
            raise ManifestError(f"{where}: give either [[model.file]] entries or one [model.archive]")
        try:
            models.append(ModelEntry(
                name=m["name"], role=m["role"], engine=m["engine"], licence=m["licence"],
                commercial=bool(m.get("commercial", True)), description=m.get("description", ""),
                files=files, archive=archive, strip=m.get("strip", ""), size=int(m.get("size", 0)),
                development=bool(m.get("development", False)), package=m.get("package", "")))
        except KeyError as exc:
            raise ManifestError(f"{where}: missing key {exc}") from None
    names = [m.name for m in models]
    if len(set(names)) != len(names):
        raise ManifestError(f"{path}: duplicate model names")
    for m in models:
        if m.package and m.archive is not None:
            raise ManifestError(f"{path}: model {m.name}: a model inside a Python package lists its files, "
                                "not an archive")
    return Manifest(Path(path), tuple(models))


def package_folder(package: str) -> Path | None:
    """The folder of an installed Python package, found without importing it; None if not installed."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """The file's sha256 (hex), read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def expected_files(entry: ModelEntry, model_dir: Path) -> dict[str, tuple[str, int | None]]:
    """{relative path: (sha256, size or None)} that an installed copy of `entry` must match."""
    if entry.files:
        return {f.path: (f.sha256, f.size) for f in entry.files}
    record = model_dir / entry.name / INSTALL_RECORD
    try:
        data = json.loads(record.read_text())
        if data.get("archive_sha256") != entry.archive.sha256:
            return {}  # installed from another archive than the manifest names
        return {p: (s, None) for p, s in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


class Verifier:
    """Checks installed models against their checksums.

    Hashing a 60 MB voice takes a noticeable fraction of a second on a Pi, so within one load a
    file that passed is not hashed again while its size, mtime and inode are unchanged; but bytes
    can change in place with all three kept, so a model loaded again after an unload is hashed
    afresh (`require(..., fresh=True)`, which the registry does).
    """

    def __init__(self, model_dir: Path):
        self.model_dir = Path(model_dir)
        self._ok: dict[Path, tuple] = {}

    def status(self, entry: ModelEntry, *, use_cache: bool = True) -> tuple[str, str]:
        """('installed' | 'missing' | 'partial' | 'corrupt', detail)."""
        if entry.builtin:
            return "installed", "bundled with its Python package"
        folder = self.folder(entry)
        if folder is None:
            return "missing", f"the Python package {entry.package!r} is not installed"
        if not folder.is_dir():
            return "missing", f"not installed in {folder}"
        files = expected_files(entry, self.model_dir)
        if not files:
            return "corrupt", f"{folder}: no valid install record for this archive"
        missing = [p for p in files if not (folder / p).is_file()]
        if len(missing) == len(files):
            return "missing", f"not installed in {folder}"
        if missing:
            return "partial", f"{folder}: missing {', '.join(sorted(missing)[:3])}"
        for rel, (sha, size) in files.items():
            path = folder / rel
            st = path.stat()
            key = (st.st_size, st.st_mtime_ns, st.st_ino)
            if use_cache and self._ok.get(path) == key:
                continue
            if size is not None and st.st_size != size:
                return "corrupt", f"{path}: size {st.st_size}, expected {size}"
            if sha256_file(path) != sha:
                return "corrupt", f"{path}: sha256 does not match the manifest"
            self._ok[path] = key
        return "installed", str(folder)

    def folder(self, entry: ModelEntry) -> Path | None:
        """Where the model's files are: `<model_dir>/<name>`, or the installed package's folder."""
        return package_folder(entry.package) if entry.package else self.model_dir / entry.name

    def require(self, entry: ModelEntry, *, fresh: bool = False) -> Path | None:
        """The model's folder (None for a builtin), or ModelUnavailable if missing or corrupt.
        `fresh`: hash every file again, whatever passed before."""
        if entry.builtin:
            return None
        status, detail = self.status(entry, use_cache=not fresh)
        if status != "installed":
            raise ModelUnavailable(f"model {entry.name} is {status}: {detail}")
        return self.folder(entry)


def write_install_record(folder: Path, entry: ModelEntry, source: str, files: dict[str, str]) -> None:
    """Write the model folder's install record (source, time, each file's sha256)."""
    import time

    data = {"name": entry.name, "source": source, "installed_at": int(time.time()), "files": files}
    if entry.archive:
        data["archive_sha256"] = entry.archive.sha256
    tmp = folder / (INSTALL_RECORD + ".part")
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, folder / INSTALL_RECORD)
