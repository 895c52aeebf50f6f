"""Prometheus metrics (bear/metrics): the real daemon writes a file prometheus_client's own parser
reads back, with counts and timings but never the child's words; a folder that cannot be written
is logged once and the bear carries on."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BEAR, arun, require_model, write_config

import prometheus_client  # noqa: E402,F401  (a runtime dependency)
from prometheus_client.parser import text_string_to_metric_families  # noqa: E402

from bear.config import ConfigError, parse_config  # noqa: E402
from bear.metrics import labels as L  # noqa: E402

CHILD = ["hey teddy, my name is lucy", "hey teddy, can I play with matches"]
CHILD_WORDS = {"lucy", "matches", "teddy"}


def read_metrics(path: Path) -> dict[str, list]:
    """{sample name: [(labels, value), ...]} as prometheus_client's parser reads the file."""
    samples: dict[str, list] = {}
    for family in text_string_to_metric_families(path.read_text()):
        for s in family.samples:
            samples.setdefault(s.name, []).append((s.labels, s.value))
    return samples


def total(samples: dict, name: str, **match) -> float:
    return sum(v for labels, v in samples.get(name, []) if all(labels.get(k) == x for k, x in match.items()))


def metrics_config(tmp_path: Path, textfile: Path, extra: str = ""):
    return parse_config(write_config(tmp_path, f"""
[gpio]
backend = "mock"
[metrics]
textfile = "{textfile}"
interval_s = 1.0
{extra}""").read_text(), env={})


# --- the handler: records read by name, labels from fixed sets --------------------------------------
def test_events_become_counts_and_timings_and_unknown_label_values_become_other(tmp_path):
    from prometheus_client import CollectorRegistry, generate_latest

    from bear.metrics.events import EventMetrics, template_fields

    assert template_fields("event=turn n=%d trigger=%s reply_ms=%.1f done 100%% of %s") == \
        ("turn", ("n", "trigger", "reply_ms", None))
    registry = CollectorRegistry(auto_describe=False)
    labels = L.Labels.load(parse_config("", env={}).manifest_path)
    handler = EventMetrics(registry, labels)
    log = logging.getLogger("bear.test_metrics")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        log.info("event=turn n=%d trigger=%s intent=%s source=%s emotion=%s stt_final_ms=%.1f emotion_ms=%s "
                 "understand_ms=%s reply_ms=%.1f tts_first_ms=%s reply_latency_ms=%s spoken_s=%.2f barged_in=%s",
                 1, "wake", "joke", "offline", "-", 12.0, "-", 3.5, 20.0, 150.0, 180.0, 2.0, "-")
        log.info("event=turn n=%d trigger=%s source=%s reply_latency_ms=%s", 2, "my name is lucy", "lucy", "-")
        log.info("event=safety_redirect category=%s flagged=%s", "self_harm", True)
        log.warning("event=safety_flag category=%s turn_id=%s", "lucy lives at 4 elm street", 7)
        log.info("event=wake engine=%s at_s=%.2f score=%.2f", "openwakeword/openwakeword-hey-jarvis", 1.0, 0.9)
        log.error("event=task_crashed task=%s crashes_last_minute=%d", "conversation", 1)
        log.error("event=something_new detail=%r", "lucy")
        log.info("event=model_loaded name=%s role=%s load_ms=%.0f rss_cost_mb=%.1f", "silero-vad", "vad", 5, 1.0)
        log.info(f"event=utterance trigger=wake text={'my name is lucy'}")  # a message made by hand: no args
    finally:
        log.removeHandler(handler)
    text = generate_latest(registry).decode()
    assert "lucy" not in text and "elm" not in text
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples.setdefault(s.name, []).append((s.labels, s.value))
    assert total(samples, "bear_turns_total", trigger="wake", source="offline") == 1
    assert total(samples, "bear_turns_total", trigger="other", source="other") == 1
    assert total(samples, "bear_reply_latency_seconds_count") == 1  # "-" is no timing
    assert total(samples, "bear_reply_latency_seconds_sum") == pytest.approx(0.18)
    assert total(samples, "bear_turn_stage_seconds_sum", stage="tts_first") == pytest.approx(0.15)
    assert total(samples, "bear_turn_stage_seconds_count", stage="emotion") == 0
    assert total(samples, "bear_safety_redirects_total", category="self_harm") == 1
    assert total(samples, "bear_safety_flags_total", category="other") == 1
    assert total(samples, "bear_wakes_total", engine="openwakeword") == 1
    assert total(samples, "bear_task_crashes_total", task="conversation") == 1
    assert total(samples, "bear_errors_total", event="task_crashed") == 1
    assert total(samples, "bear_errors_total", event="other") == 1
    assert total(samples, "bear_model_loads_total", model="silero-vad") == 1
    assert total(samples, "bear_utterances_total") == 1
    assert total(samples, "bear_metrics_event_errors_total") == 0


def test_the_store_tells_its_observer_how_long_each_write_took_and_if_the_disk_took_it(tmp_path):
    from test_store import _fill, _tmpfs

    from bear.store import Store, TurnRecord

    seen = []
    disk = _tmpfs(tmp_path / "disk", 1024)
    try:
        async def main():
            store = await Store.open(disk / "bear.db")
            store.db.on_write = lambda seconds, ok: seen.append((seconds, ok))
            session = await store.conversations.start_session("wake")
            _fill(disk)
            await store.conversations.record(TurnRecord(session, "words " * 2000, "ok"))  # kept in memory
            await store.close()

        arun(main())
    finally:
        subprocess.run(["umount", str(disk)], check=False)
    assert seen[0][1] is True and 0 < seen[0][0] < 5
    assert (False in [ok for _, ok in seen[1:]]), seen


# --- the writer ---------------------------------------------------------------------------------------
@pytest.fixture
def read_only_folder(tmp_path):
    """A read-only folder: a read-only tmpfs where we are root (these machines and CI), else mode 0555."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], check=True)
        yield folder
        subprocess.run(["umount", str(folder)], check=False)
    else:
        folder.chmod(0o555)
        yield folder


@pytest.mark.parametrize("where", ["missing", "read_only"])
def test_a_folder_that_cannot_be_written_is_logged_once_and_tried_again(tmp_path, caplog, request, where):
    from bear.metrics import Metrics

    folder = tmp_path / "no" / "such" / "folder" if where == "missing" else request.getfixturevalue("read_only_folder")
    cfg = metrics_config(tmp_path, folder / "bear.prom")
    status = {"uptime_s": 3.0, "memory": {"system_percent": 41.5}, "models": [{"name": "silero-vad", "role": "vad",
                                                                               "rss_mb": 12.5}]}

    async def live_status():  # the daemon's live_status() (a seam)
        return status

    metrics = Metrics(cfg, live_status)

    async def main():
        return [await metrics.write_once() for _ in range(3)]

    with caplog.at_level("INFO", logger="bear"):
        assert arun(main()) == [False, False, False]
    assert caplog.text.count("event=metrics_write_failed") == 1
    if where == "missing":  # the technician creates the folder: the next interval writes
        folder.mkdir(parents=True)
        with caplog.at_level("INFO", logger="bear"):
            assert arun(metrics.write_once()) is True
        assert "event=metrics_write_recovered" in caplog.text
        assert stat.S_IMODE((folder / "bear.prom").stat().st_mode) == 0o644  # node_exporter runs as another user
        samples = read_metrics(folder / "bear.prom")
        assert total(samples, "bear_system_memory_used_ratio") == pytest.approx(0.415)
        assert total(samples, "bear_model_rss_bytes", model="silero-vad", role="vad") == 12.5e6
        assert total(samples, "bear_metrics_write_failures_total") == 3
        assert [n for n in os.listdir(folder) if n != "bear.prom"] == []  # no temporary file left


def test_the_bear_carries_on_when_the_metrics_folder_is_missing(tmp_path, caplog, jfk_wav):
    from bear.daemon import Daemon
    from bear.sdnotify import Notifier

    cfg = metrics_config(tmp_path, tmp_path / "missing" / "bear.prom",
                         f'[audio.input]\nbackend = "wav"\nwav_path = "{jfk_wav}"\n')
    with caplog.at_level("INFO", logger="bear"):
        async def main():
            return await (await Daemon.create(cfg, notifier=Notifier(env={}))).run(3.5)

        assert arun(main(), timeout=30) == 0
    assert caplog.text.count("event=metrics_write_failed") == 1
    assert "event=ready" in caplog.text and "event=task_crashed" not in caplog.text
    assert "ran for 3.5 s" in caplog.text  # it stopped because its time was up, nothing else


def test_metrics_textfile_must_be_a_prom_file():
    with pytest.raises(ConfigError, match=r"metrics.textfile must end in .prom"):
        parse_config('[metrics]\ntextfile = "/var/lib/prometheus/node-exporter/bear.txt"', env={})
    assert not parse_config("", env={}).metrics.enabled


def test_the_process_tree_is_read_from_the_kernel_s_child_lists_as_psutil_sees_it():
    import psutil

    from bear.resources import process_tree

    code = "import subprocess, sys, time; subprocess.Popen(['sleep', '20']); time.sleep(20)"
    kids = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
    try:
        me = psutil.Process()
        want = {me.pid} | {p.pid for p in me.children(recursive=True)}
        for _ in range(100):  # until both grandchildren exist
            if len(want) >= 5:
                break
            import time

            time.sleep(0.05)
            want = {me.pid} | {p.pid for p in me.children(recursive=True)}
        assert len(want) >= 5
        assert {p.pid for p in process_tree()} == want
    finally:
        for k in kids:
            for p in psutil.Process(k.pid).children():
                p.kill()
            k.kill()
            k.wait()


# --- the real daemon ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_running_bear_writes_metrics_prometheus_can_read_without_the_child_s_words(tmp_path, child_env):
    require_model("silero-vad")
    voice = require_model("piper-en_US-joe-medium")
    from bear.scenario import Line, build

    rec = build(voice, [Line(text, pause_s=5.0) for text in CHILD], tmp_path / "child.wav")
    prom = tmp_path / "prom" / "bear.prom"
    prom.parent.mkdir()
    # (replies written at once, not at a speaker's pace: each turn ends before the next line)
    cfg = write_config(tmp_path, f'realtime = false\n[gpio]\nbackend = "mock"\n[metrics]\ntextfile = "{prom}"\n'
                                 'interval_s = 1.0\n')
    run = ["run", "--config", str(cfg), "--wav", str(rec.wav), "--for", f"{rec.seconds + 5:.0f}"]
    proc = subprocess.run(BEAR + run, capture_output=True, text=True, env=child_env, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    con = sqlite3.connect(tmp_path / "data" / "bear.db")
    heard = [r[0] for r in con.execute("SELECT child_text FROM turns")]
    con.close()
    assert any("lucy" in h for h in heard), heard  # the child was heard: the test is not vacuous

    text = prom.read_text()
    assert not [w for w in CHILD_WORDS if w in text.lower()]
    tokens = set(re.findall(r"[a-z]+", text.lower()))
    heard_words = {w for h in heard for w in re.findall(r"[a-z]+", h.lower()) if len(w) > 3}
    assert "lucy" in heard_words and not (heard_words - {"name", "with", "play"}) & tokens
    samples = read_metrics(prom)
    expected = {
        "bear_turns_total", "bear_reply_latency_seconds_bucket", "bear_turn_stage_seconds_count", "bear_wakes_total",
        "bear_barge_ins_total", "bear_utterances_dropped_total", "bear_safety_redirects_total",
        "bear_safety_flags_total", "bear_model_loads_total", "bear_model_rss_bytes", "bear_models_loaded",
        "bear_process_resident_memory_bytes", "bear_process_cpu_seconds_total", "bear_system_memory_used_ratio",
        "bear_store_write_seconds_bucket", "bear_store_database_bytes", "bear_sync_configured",
        "bear_capture_overflows_total", "bear_uptime_seconds", "bear_build_info",
        "bear_metrics_written_timestamp_seconds",
    }
    assert expected <= set(samples), sorted(expected - set(samples))
    turns = total(samples, "bear_turns_total")
    assert turns >= 2 and total(samples, "bear_turns_total", trigger="wake") >= 1
    assert total(samples, "bear_wakes_total") >= 1 and total(samples, "bear_wakes_total", engine="other") == 0
    assert 1 <= total(samples, "bear_reply_latency_seconds_count") <= turns
    mean = total(samples, "bear_reply_latency_seconds_sum") / total(samples, "bear_reply_latency_seconds_count")
    assert 0.005 < mean < 10
    assert total(samples, "bear_turn_stage_seconds_count", stage="tts_first") >= 1
    redirects = [(labels, v) for labels, v in samples["bear_safety_redirects_total"] if v > 0]
    assert redirects and all(labels["category"] != "other" for labels, _ in redirects)  # a real category
    assert 50e6 < total(samples, "bear_process_resident_memory_bytes") < 4e9
    assert 0 < total(samples, "bear_process_cpu_seconds_total") < 600
    assert 0 < total(samples, "bear_system_memory_used_ratio") < 1
    assert total(samples, "bear_store_writes_total", result="ok") >= 2
    assert total(samples, "bear_store_database_bytes") > 4096
    assert total(samples, "bear_models_loaded") >= 2 and total(samples, "bear_model_rss_bytes") > 0
    assert total(samples, "bear_uptime_seconds") > 5
    assert total(samples, "bear_errors_total") == 0
    [(build_labels, _)] = samples["bear_build_info"]
    assert build_labels["version"] != "other" and build_labels["stt_engine"] in {"pocketsphinx", "vosk", "whisper"}
    # every label value comes from a fixed set
    allowed = (L.TRIGGERS | L.SOURCES | L.BARGE_IN | L.DROP_REASONS | L.SYNC_SOURCES | L.WAKE_ENGINES
               | L.STT_ENGINES | L.WAKE_CONFIG | L.VOICE_ENGINES | set(L.STAGES) | L.TASKS | L.ERROR_EVENTS
               | L.Labels.load(parse_config("", env={}).manifest_path).models | L.safety_categories()
               | set(L.Labels.load(parse_config("", env={}).manifest_path).roles) | {"ok", "failed", L.OTHER})
    for name, rows in samples.items():
        for labels, _ in rows:
            for key, value in labels.items():
                if key == "le" or (name == "bear_build_info" and key == "version"):
                    continue
                assert value in allowed, (name, key, value)
    assert stat.S_IMODE(prom.stat().st_mode) == 0o644


# --- the dashboard and the alert rules ---------------------------------------------------------------
NODE_EXPORTER = {"node_cpu_seconds_total", "up"}
RULES = Path(__file__).resolve().parent.parent / "systemd" / "prometheus-rules.yml"
RULES_TEST = Path(__file__).resolve().parent / "data" / "prometheus-rules-test.yml"


def _written_text(tmp_path: Path) -> str:
    """The file the bear writes from its start, with a status that has every field
    `bear status` has: a counter that appears only at its first increment would hide that increment
    from increase() and rate()."""
    from bear.metrics import Metrics

    status = {"uptime_s": 60.0, "muted": False, "max_loop_stall_ms": 12.0, "turns": 3,
              "models": [{"name": "silero-vad", "role": "vad", "rss_mb": 12.5}],
              "memory": {"bear_rss_mb": 180.0, "system_percent": 41.5, "system_available_mb": 2000},
              "errors": {"device_errors": 0, "overflows": 0, "underruns": 0, "task_crashes": 0},
              "sync": {"configured": True, "last_success": "2026-12-01T10:00:00", "state": "idle", "failures": 0,
                       "outbox_turns": 4},
              "store": {"available": True, "waiting_turns": 0}}

    async def live_status():
        return status

    cfg = metrics_config(tmp_path, tmp_path / "bear.prom")
    cfg.db_path.parent.mkdir(parents=True)
    sqlite3.connect(cfg.db_path).close()
    metrics = Metrics(cfg, live_status)
    assert arun(metrics.write_once())
    return (tmp_path / "bear.prom").read_text()


def written_names(tmp_path: Path) -> set[str]:
    """Every sample and family name in that file."""
    text = _written_text(tmp_path)
    families = {f.name for f in text_string_to_metric_families(text)}
    return {s.name for f in text_string_to_metric_families(text) for s in f.samples} | families


def referenced(text: str) -> set[str]:
    return set(re.findall(r"\b(?:bear|node)_[a-z_]+\b", text)) - {"bear_instance"}


def test_the_dashboard_is_generated_and_shows_only_what_the_bear_writes(tmp_path):
    import json

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import gen_grafana_dashboard

    assert gen_grafana_dashboard.OUT.read_text() == gen_grafana_dashboard.render(), \
        "systemd/grafana-bear.json is out of date: run scripts/gen_grafana_dashboard.py"
    dashboard = json.loads(gen_grafana_dashboard.OUT.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    used = referenced("\n".join(exprs))
    names = written_names(tmp_path)
    assert used - NODE_EXPORTER <= names, sorted(used - NODE_EXPORTER - names)
    assert {"bear_reply_latency_seconds_bucket", "bear_errors_total", "bear_task_restarts_total",
            "bear_system_memory_used_ratio", "bear_process_cpu_seconds_total", "bear_wakes_total", "bear_turns_total",
            "bear_safety_flags_total", "bear_sync_outbox_turns"} <= used
    rows = [p for p in dashboard["panels"] if p["type"] == "row"]
    assert [r.get("repeat") for r in rows] == [None, "instance"]  # one row per bear
    assert all('instance="$instance"' in e or 'instance=~"$instance"' in e or "count(" in e for e in exprs)


def test_the_alert_rules_watch_only_what_the_bear_writes(tmp_path):
    text = RULES.read_text()
    used = referenced(text.split("groups:", 1)[1])
    assert used - NODE_EXPORTER <= written_names(tmp_path), sorted(used - NODE_EXPORTER)
    for alert in ("BearDown", "BearSlowReplies", "BearErrorRate", "BearMemoryHigh", "BearSyncFailing"):
        assert f"alert: {alert}" in text


def test_promtool_accepts_the_rules_and_the_dashboard_s_queries_and_the_alerts_fire_when_they_should(tmp_path):
    import json
    import shutil

    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (apt install prometheus)")
    proc = subprocess.run([promtool, "test", "rules", RULES_TEST.name], cwd=RULES_TEST.parent, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    dashboard = json.loads((RULES.parent / "grafana-bear.json").read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    as_rules = tmp_path / "dashboard-queries.yml"
    as_rules.write_text("groups:\n  - name: dashboard\n    rules:\n" + "".join(
        f"      - record: query_{i}\n        expr: {json.dumps(e)}\n" for i, e in enumerate(exprs)))
    proc = subprocess.run([promtool, "check", "rules", str(as_rules)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_readme_explains_every_metric(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    families = {f.name for f in text_string_to_metric_families(_written_text(tmp_path))}
    described = set(re.findall(r"`(bear_[a-z_]+)(?:\{[^}]*\})?`", readme))
    counters = {n for n in described if n.endswith("_total")}
    missing = {f for f in families if f not in described and f"{f}_total" not in counters}
    assert not missing, f"README's metric table lacks {sorted(missing)}"
