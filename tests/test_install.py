"""scripts/install-pi.sh without installing: its functions (the script is sourced), a dry run,
and shellcheck when it is there."""

import os
import shutil
import subprocess

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "install-pi.sh"


def sh(code: str, **env):
    """Run bash `code` after sourcing install-pi.sh: (exit code, stdout, stderr)."""
    proc = subprocess.run(["bash", "-c", f'source "{SCRIPT}"; {code}'], capture_output=True, text=True,
                          timeout=60, env=dict(os.environ, **env))
    return proc.returncode, proc.stdout.strip(), proc.stderr.strip()


@pytest.mark.parametrize("platform, arch", [("linux-aarch64", "aarch64"), ("linux-x86_64", "x86_64")])
def test_64_bit_platforms_pick_their_lock_file(platform, arch):
    assert sh(f"lock_arch {platform}") == (0, arch, "")
    assert (ROOT / "requirements" / f"{arch}.txt").is_file()


@pytest.mark.parametrize("platform", ["linux-armv7l", "linux-armv6l"])
def test_a_32_bit_os_is_refused_with_a_clear_message(platform):
    code, out, err = sh(f"lock_arch {platform}")
    assert code == 1 and out == ""
    assert "bear needs a 64-bit OS" in err and "64-bit image" in err and platform in err


def test_python_must_match_the_lock():
    assert sh("check_python 3.11")[0] == 0
    code, _, err = sh("check_python 3.13")
    assert code == 1 and "locked requirements are for Python 3.11" in err


def test_wheelhouse_folder_per_platform_or_flat(tmp_path):
    (tmp_path / "wh" / "aarch64").mkdir(parents=True)
    (tmp_path / "flat").mkdir()
    assert sh(f'wheel_dir "{tmp_path / "wh"}" aarch64')[1] == str(tmp_path / "wh" / "aarch64")
    assert sh(f'wheel_dir "{tmp_path / "flat"}" aarch64')[1] == str(tmp_path / "flat")
    assert sh(f'wheel_dir "{tmp_path / "none"}" aarch64')[0] == 1


def test_only_current_and_previous_releases_are_kept(tmp_path):
    rel = tmp_path / "releases"
    for name in ("20260101-000000-1", "20260201-000000-2", "20260301-000000-3"):
        (rel / name).mkdir(parents=True)
    code, out, _ = sh(f'stale_releases "{rel}" "{rel / "20260301-000000-3"}" "{rel / "20260201-000000-2"}"')
    assert code == 0 and out.splitlines() == [str(rel / "20260101-000000-1")]


def test_switch_link_replaces_a_link_atomically(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    link = tmp_path / "current"
    assert sh(f'switch_link "{link}" "{tmp_path / "a"}" && switch_link "{link}" "{tmp_path / "b"}"')[0] == 0
    assert link.resolve() == tmp_path / "b" and not (tmp_path / "current.new").exists()


def test_dry_run_changes_nothing(tmp_path):
    proc = subprocess.run(["bash", str(SCRIPT), "--dry-run", "--wheelhouse", str(tmp_path)], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, ROOT_DIR=str(tmp_path / "root"), SKIP_SYSTEM="1"))
    assert proc.returncode == 0, proc.stderr
    assert "--require-hashes" in proc.stdout and f"from {tmp_path} only" in proc.stdout
    assert "dry run: nothing changed" in proc.stdout and not (tmp_path / "root").exists()


def test_shellcheck_finds_nothing():
    if not shutil.which("shellcheck"):
        pytest.skip("shellcheck is not installed (apt install shellcheck)")
    scripts = [SCRIPT, ROOT / "scripts" / "dev.sh", ROOT / ".ci" / "run"]
    proc = subprocess.run(["shellcheck", *map(str, scripts)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout
