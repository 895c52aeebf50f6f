"""scripts/lock_requirements.py without the network: markers evaluated for the target platform,
a marker that pip would have got wrong is refused, and the file format pip --require-hashes reads."""

import hashlib
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import lock_requirements as lock  # noqa: E402


def test_markers_on_our_dependencies_are_evaluated_for_the_target():
    reqs = ["numpy>=1.24", "lgpio>=0.2.2; platform_machine == 'aarch64'"]
    assert lock.top_level(reqs, "aarch64") == ["numpy>=1.24", "lgpio>=0.2.2"]
    assert lock.top_level(reqs, "x86_64") == ["numpy>=1.24"]


def _wheel(folder, name, requires):
    path = folder / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{name}-1.0.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
                   + "".join(f"Requires-Dist: {r}\n" for r in requires))
        z.writestr(f"{name}-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr(f"{name}-1.0.dist-info/RECORD", "")
    return path


def test_a_dependency_marker_that_differs_on_the_target_stops_the_lock(tmp_path):
    machine = lock.host_env()["platform_machine"]
    other = "aarch64" if machine != "aarch64" else "x86_64"
    _wheel(tmp_path, "fine", ["colorzero; python_version >= '3'", "torch; extra == 'train'"])
    lock.check_markers(tmp_path, other, set())  # the same everywhere: no complaint
    _wheel(tmp_path, "picky", [f"helper; platform_machine == '{machine}'"])
    with pytest.raises(SystemExit, match="picky-1.0-py3-none-any.whl requires"):
        lock.check_markers(tmp_path, other, set())


def test_written_file_has_one_hash_per_package_and_pip_reads_it(tmp_path, monkeypatch):
    monkeypatch.setattr(lock, "ROOT", tmp_path)
    wheel = _wheel(tmp_path, "demo_pkg", [])
    out = tmp_path / "x.txt"
    lock.write(out, "test", {"demo-pkg": ("1.0", wheel)})
    text = out.read_text()
    assert f"demo-pkg==1.0 \\\n    --hash=sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}\n" in text
    # pip accepts the file in hash-checking mode (a dry run resolving from the folder only)
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--find-links",
                           str(tmp_path), "--require-hashes", "-r", str(out)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Would install demo_pkg-1.0" in proc.stdout or "Would install demo-pkg-1.0" in proc.stdout
