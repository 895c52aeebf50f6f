"""The test set-up itself: one variable for the model folder, and no silent skips in CI."""

import os
import subprocess
import sys

from conftest import ROOT

PROBE = """
from conftest import MODEL_DIR, require_model

def test_probe():
    print("model_dir", MODEL_DIR)
    require_model("no-such-model")
"""


def _run(tmp_path, **env):
    (tmp_path / "test_probe.py").write_text(PROBE)
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "BEAR_MODEL_DIR")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-c", os.devnull,
                           "--rootdir", str(tmp_path), str(tmp_path / "test_probe.py")],
                          env=dict(base, PYTHONPATH=str(ROOT / "tests"), **env), capture_output=True, text=True,
                          timeout=120)


def test_a_missing_model_skips_in_development_and_fails_in_ci(tmp_path):
    dev = _run(tmp_path, BEAR_MODEL_DIR=str(tmp_path / "models"))
    assert dev.returncode == 0 and "1 skipped" in dev.stdout, dev.stdout
    assert f"model_dir {tmp_path / 'models'}" in dev.stdout  # the app's variable, nothing else
    ci = _run(tmp_path, BEAR_MODEL_DIR=str(tmp_path / "models"), CI="true")
    assert ci.returncode == 1 and "1 failed" in ci.stdout, ci.stdout
    assert "model no-such-model is not installed" in ci.stdout and "CI=true" in ci.stdout


def test_no_second_model_dir_variable():
    for folder in ("tests", "scripts", ".ci", "bear"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".sh", "") and path.name != "test_test_setup.py":
                assert "BEAR_TEST_MODEL_DIR" not in path.read_text(errors="replace"), path
    assert "BEAR_TEST_MODEL_DIR" not in (ROOT / "README.md").read_text()


def test_every_test_listed_slow_exists():
    """A renamed test must not fall out of slow_tests.py into the fast lane unnoticed."""
    import ast

    from slow_tests import SLOW_TESTS

    for entry in sorted(SLOW_TESTS):
        file, name = entry.split("::")
        tree = ast.parse((ROOT / "tests" / file).read_text())
        names = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        assert name in names, f"tests/slow_tests.py lists {entry}, which no longer exists"
