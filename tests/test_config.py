import dataclasses
import subprocess
from pathlib import Path

import pytest

from bear.config import (EX_CONFIG, Config, ConfigError, Secret, iter_options, load_config,
                         parse_config)
import sys

from conftest import BEAR, ROOT

sys.path.insert(0, str(ROOT / "scripts"))

EXAMPLE = ROOT / "systemd" / "bear.example.toml"


def test_empty_config_gives_documented_defaults():
    cfg = parse_config("", env={})
    assert cfg.paths.model_dir == Path("/var/lib/bear/models")
    assert cfg.audio.input.ring_seconds >= 10
    assert cfg.memory.high_water_percent == 70.0
    assert cfg.manifest_path == ROOT / "models" / "manifest.toml"
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.memory.high_water_percent = 1  # type: ignore[misc]


def test_every_option_is_documented():
    for key, _default, meta in iter_options():
        assert meta.get("doc"), f"{key} has no documentation"


def test_example_file_is_generated_from_the_dataclasses():
    import gen_example_config

    assert EXAMPLE.read_text() == gen_example_config.render(), \
        "systemd/bear.example.toml is out of date: run scripts/gen_example_config.py"


def test_example_file_documents_every_key_with_its_default():
    text = EXAMPLE.read_text()
    # Uncommenting every "# key = value" line must give exactly the defaults.
    uncommented = "\n".join(line[2:] if line.startswith("# ") and " = " in line else line
                            for line in text.splitlines() if not line.startswith("# bear") )
    cfg = parse_config(uncommented, env={})
    assert cfg == parse_config("", env={})
    for key, _default, _meta in iter_options():
        section, _, name = key.rpartition(".")
        assert f"[{section}]" in text, f"section [{section}] missing from {EXAMPLE.name}"
        assert f"# {name} = " in text, f"{key} missing from {EXAMPLE.name}"


@pytest.mark.parametrize("text, message", [
    ("[audio.input]\nbogus = 1", "unknown key audio.input.bogus"),
    ("[nonsense]\nx = 1", "unknown key nonsense"),
    ("[memory]\nhigh_water_percent = 'high'", "memory.high_water_percent must be a number, got 'high'"),
    ("[memory]\nhigh_water_percent = 150", "memory.high_water_percent must be at most 99.0, got 150.0"),
    ("[audio.input]\nring_seconds = 2", "audio.input.ring_seconds must be at least 10.0, got 2.0"),
    ("[audio.input]\nbackend = 'alsa'", "audio.input.backend must be one of 'sounddevice', 'wav', got 'alsa'"),
    ("[audio.input]\nrealtime = 'yes'", "audio.input.realtime must be true or false, got 'yes'"),
    ("[audio.input]\nblock_ms = 32.5", "audio.input.block_ms must be a whole number, got 32.5"),
    ("[audio]\ninput = 3", "audio.input must be a table"),
    ("[memory]\nlow_water_percent = 80", "memory.low_water_percent (80.0) must be below"),
    ("[audio.input]\nbackend = 'wav'", "audio.input.wav_path must be set"),
    ("[sync]\nurl = 'http://example.org'", "sync.url must be an https:// URL, got 'http://example.org'"),
    ("[sync]\nurl = 'https://parent.example/bear'", "sync.token must be set when sync.url is set"),
    ("[sync]\nretry_initial_s = 60\nretry_max_s = 30", "sync.retry_initial_s (60) must not exceed"),
    ("[sync]\nurl = 'https://p.example'\ntoken = 't'\nca_file = '/nonexistent/ca.pem'",
     "sync.ca_file '/nonexistent/ca.pem' is not a file"),
    ("this is not toml", "is not valid TOML"),
    ("[speech]\nengine = 'espeak'", "speech.engine must be one of 'piper', 'hibari', got 'espeak'"),
    ("[speech]\nengine = 1", "speech.engine must be a string, got 1"),
])
def test_bad_values_name_the_key_and_the_value(text, message):
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={})
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_relative_paths_are_taken_from_the_config_file(tmp_path):
    cfg_file = tmp_path / "bear.toml"
    cfg_file.write_text('[paths]\ndata_dir = "state"\n')
    cfg = load_config(cfg_file, env={})
    assert cfg.paths.data_dir == tmp_path / "state"
    assert cfg.db_path == tmp_path / "state" / "bear.db"


def test_env_overrides(tmp_path):
    cfg_file = tmp_path / "b.toml"
    cfg_file.write_text("[memory]\nrss_budget_mb = 300\n")
    cfg = load_config(None, env={"BEAR_CONFIG": str(cfg_file), "BEAR_MODEL_DIR": str(tmp_path / "m")})
    assert cfg.memory.rss_budget_mb == 300
    assert cfg.paths.model_dir == tmp_path / "m"
    assert cfg.source == str(cfg_file)


def test_missing_named_file_is_an_error_but_missing_default_is_not(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml", env={})
    assert load_config(None, env={}).source in ("<defaults>", "/etc/bear/bear.toml")


def test_secrets_are_redacted():
    cfg = parse_config("[sync]\nurl = 'https://parent.example'\ntoken = 's3cr3t-token'", env={})
    assert cfg.sync.token == "s3cr3t-token"
    assert isinstance(cfg.sync.token, Secret)
    assert "s3cr3t" not in repr(cfg)
    assert cfg.redacted()["sync"]["token"] == "***"
    assert "s3cr3t" not in str(cfg.redacted())


def test_bad_config_exits_78_with_one_line(tmp_path, child_env):
    bad = tmp_path / "bad.toml"
    bad.write_text("[audio.input]\nring_seconds = 'long'\n")
    proc = subprocess.run(BEAR + ["run", "--config", str(bad)], env=child_env,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == EX_CONFIG
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "audio.input.ring_seconds" in lines[0] and "'long'" in lines[0]


def test_secret_in_bad_value_is_not_echoed():
    with pytest.raises(ConfigError) as info:
        parse_config("[sync]\ntoken = 42", env={})
    assert "sync.token must be a string" in str(info.value)
    assert isinstance(Config().sync.token, Secret)


@pytest.mark.parametrize("text, key", [
    ("[listen]\nmax_utterance_s = nan", "listen.max_utterance_s must be a finite number"),
    ("[audio.input]\nring_seconds = nan", "audio.input.ring_seconds must be a finite number"),
    ("[memory]\nhigh_water_percent = nan", "memory.high_water_percent must be a finite number"),
    ("[memory]\nhigh_water_percent = inf", "memory.high_water_percent must be a finite number"),
    ('[store]\nfilename = "../../x.db"', "store.filename must be a plain file name"),
    ('[store]\nfilename = "/tmp/x.db"', "store.filename must be a plain file name"),
    ('[store]\nfilename = ""', "store.filename must be a plain file name"),
    ('[talk]\nemergency_number = "call 999"', "talk.emergency_number must match"),
])
def test_values_that_pass_range_checks_but_are_wrong_are_refused(text, key):
    """nan compared false with every bound, so it passed them all (a 66 s utterance, the memory
    watchdog off); a database name could leave the data folder."""
    with pytest.raises(ConfigError, match=key):
        parse_config(text, env={})


def test_a_config_path_that_is_a_fifo_is_refused_at_once(tmp_path, child_env):
    import os

    fifo = tmp_path / "bear.toml"
    os.mkfifo(fifo)
    proc = subprocess.run(BEAR + ["status", "--config", str(fifo)], env=child_env, capture_output=True, text=True,
                          timeout=30)  # it used to block on the read for ever
    assert proc.returncode == EX_CONFIG and "is not a regular file" in proc.stderr
