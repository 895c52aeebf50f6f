import os
import shutil
import subprocess
import pytest

from conftest import MIRROR, ROOT, require_dir

UNIT = ROOT / "systemd" / "bear.service"


def _unit() -> dict[str, dict[str, str]]:
    """{section: {key: last value}} of a systemd unit file."""
    sections: dict[str, dict[str, str]] = {}
    current = None
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
        else:
            key, _, value = line.partition("=")
            current[key] = value
    return sections


def test_unit_has_what_the_technician_relies_on():
    svc = _unit()["Service"]
    assert svc["Type"] == "notify"
    assert svc["Restart"] == "on-failure"
    assert svc["RestartPreventExitStatus"] == "78"
    assert int(svc["WatchdogSec"]) >= 10
    assert svc["MemoryHigh"] and svc["MemoryMax"]
    assert svc["User"] == "bear" and set(svc["SupplementaryGroups"].split()) == {"audio", "gpio"}
    for key in ("StateDirectory", "ConfigurationDirectory", "RuntimeDirectory"):
        assert svc[key] == "bear"
    for key in ("NoNewPrivileges", "ProtectHome", "PrivateTmp"):
        assert svc[key] == "yes"
    assert svc["ProtectSystem"] == "strict"
    assert "bear run" in svc["ExecStart"]


def test_unit_passes_systemd_analyze_verify(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed on this machine")
    unit = tmp_path / "bear.service"
    unit.write_text(UNIT.read_text().replace("/opt/bear/current/venv/bin/bear", str(ROOT / ".venv" / "bin" / "bear")))
    proc = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    complaints = [ln for ln in proc.stderr.splitlines() if str(unit) in ln]
    assert proc.returncode == 0 and not complaints, proc.stderr


@pytest.mark.slow
def test_install_script_lays_out_a_working_bear(tmp_path):
    require_dir(MIRROR)
    env = dict(os.environ, ROOT_DIR=str(tmp_path), SKIP_SYSTEM="1")
    env.pop("BEAR_MODEL_DIR", None)
    install = lambda *args: subprocess.run(["bash", str(ROOT / "scripts" / "install-pi.sh"), *args],  # noqa: E731
                                           env=env, capture_output=True, text=True, timeout=600)
    proc = install("--from", str(MIRROR))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    opt = tmp_path / "opt" / "bear"
    bear = tmp_path / "usr" / "local" / "bin" / "bear"  # on the technician's PATH
    config = tmp_path / "etc" / "bear" / "bear.toml"
    first = (opt / "current").resolve()
    assert first.parent == opt / "releases" and bear.resolve() == first / "venv" / "bin" / "bear"
    assert (tmp_path / "etc" / "systemd" / "system" / "bear.service").is_file()
    assert not (first / "src" / ".venv").exists() and not (opt / "previous").exists()
    verify = subprocess.run([str(bear), "models", "verify", "--config", str(config)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0 and "INSTALLED  silero-vad" in verify.stdout, verify.stdout
    assert not (tmp_path / "var" / "lib" / "bear" / "models" / "openwakeword-hey-jarvis").exists()  # non-commercial
    # the installed (non-editable) package runs without the source tree on sys.path
    proc = subprocess.run([str(bear), "--version"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("bear ")

    # an upgrade: a fresh release (a file the new version no longer has is gone), the configuration kept
    site = next((first / "venv" / "lib").glob("python3*/site-packages/bear"))
    (site / "obsolete.py").write_text("")
    config.write_text(config.read_text() + "\n[logging]\nlevel = \"debug\"\n")
    again = install("--from", str(MIRROR))
    assert again.returncode == 0 and 'level = "debug"' in config.read_text(), again.stderr[-2000:]
    second = (opt / "current").resolve()
    assert second != first and (opt / "previous").resolve() == first
    assert not (next((second / "venv" / "lib").glob("python3*/site-packages/bear")) / "obsolete.py").exists()
    assert sorted(p.name for p in (opt / "releases").iterdir()) == sorted([first.name, second.name])
    assert subprocess.run([str(bear), "--version"], capture_output=True, timeout=60).returncode == 0

    back = install("--rollback")
    assert back.returncode == 0, back.stderr
    assert (opt / "current").resolve() == first and (opt / "previous").resolve() == second
