#!/usr/bin/env python3
"""Write systemd/grafana-bear.json: the Grafana dashboard for a fleet of bears.

Import it in Grafana (Dashboards → New → Import), choose the Prometheus data source. A fleet row
on top, then one row per bear (repeated over the `instance` label of node_exporter's targets):
reply latency p50/p95 and its stages, error and restart rates, memory and CPU against the KPI
lines, wakes and turns per hour, safety flags per day, sync health, the store and the audio.
Run after changing the metrics; tests/test_metrics.py fails while the file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "systemd" / "grafana-bear.json"
DS = {"type": "prometheus", "uid": "${datasource}"}
I = 'instance="$instance"'  # noqa: E741 (short: used in 34 queries)

# the project's KPI lines
LATENCY_S, ERROR_PERCENT, MEMORY_PERCENT, CPU_PERCENT, STORE_S = 2.0, 1.0, 70.0, 60.0, 0.1


def q(expr: str, legend: str = "", **extra) -> dict:
    return {"datasource": DS, "expr": expr, "legendFormat": legend, **extra}


def panel(title: str, targets: list[dict], *, unit: str = "short", kpi: float | None = None, w: int = 12,
          h: int = 8, kind: str = "timeseries", bars: bool = False, description: str = "", stack: bool = False,
          decimals: int | None = None) -> dict:
    custom = {"drawStyle": "bars" if bars else "line", "fillOpacity": 60 if bars else 10, "lineWidth": 1,
              "spanNulls": True, "stacking": {"mode": "normal" if stack else "none"}}
    steps = [{"color": "green", "value": None}]
    if kpi is not None:
        custom["thresholdsStyle"] = {"mode": "line"}
        steps.append({"color": "red", "value": kpi})
    defaults = {"unit": unit, "thresholds": {"mode": "absolute", "steps": steps}}
    if kind == "timeseries":
        defaults["custom"] = custom
    if decimals is not None:
        defaults["decimals"] = decimals
    for i, t in enumerate(targets):
        t.setdefault("refId", chr(ord("A") + i))
    return {"type": kind, "title": title, "description": description, "datasource": DS,
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                        "tooltip": {"mode": "multi", "sort": "none"}} if kind == "timeseries" else {},
            "targets": targets, "gridPos": {"w": w, "h": h}}


def fleet() -> list[dict]:
    table = panel("Bears", [q('bear_build_info{instance=~"$instance"}', format="table", instant=True),
                            q('time() - bear_metrics_written_timestamp_seconds{instance=~"$instance"}',
                              format="table", instant=True)],
                  kind="table", w=16, h=7, description="Version and engines of each bear; Value #B: seconds "
                  "since its metrics file was written (over 120 = the bear is down).")
    table["transformations"] = [{"id": "merge", "options": {}}, {"id": "organize", "options": {
        "excludeByName": {"Time": True, "__name__": True, "job": True, "Value #A": True}}}]
    reporting = panel("Bears reporting", [q("count(time() - bear_metrics_written_timestamp_seconds < 120)")],
                      kind="stat", w=8, h=7, description="Bears whose metrics file is fresh (written within 2 min).")
    latency = panel("Reply latency p95 by bear", [q(
        'histogram_quantile(0.95, sum by (instance, le) (rate(bear_reply_latency_seconds_bucket{instance=~"$instance"}'
        '[1h])))', "{{instance}}")], unit="s", kpi=LATENCY_S, w=24,
        description="End of the child's speech to the first audio of the reply, over the last hour; KPI < 2 s.")
    return [table, reporting, latency]


def per_bear() -> list[dict]:
    return [
        panel("Reply latency", [
            q(f"histogram_quantile(0.5, sum by (le) (rate(bear_reply_latency_seconds_bucket{{{I}}}[1h])))", "p50"),
            q(f"histogram_quantile(0.95, sum by (le) (rate(bear_reply_latency_seconds_bucket{{{I}}}[1h])))", "p95"),
        ], unit="s", kpi=LATENCY_S, description="End of speech → first reply audio, over the last hour; KPI < 2 s."),
        panel("Reply stages p95", [q(
            f"histogram_quantile(0.95, sum by (stage, le) (rate(bear_turn_stage_seconds_bucket{{{I}}}[1h])))",
            "{{stage}}")], unit="s", description="stt_final: transcript after the end of speech; understand; "
            "reply: deciding the reply (understand included); tts_first: the voice's first audio; emotion."),
        panel("Errors and restarts per hour", [
            q(f"sum by (event) (increase(bear_errors_total{{{I}}}[1h]))", "error {{event}}"),
            q(f"sum by (task) (increase(bear_task_restarts_total{{{I}}}[1h]))", "restart {{task}}"),
        ], bars=True, stack=True, decimals=0, description="Log records at error level by event, and supervised "
            "task restarts by task (journalctl -u bear -p err tells more)."),
        panel("Error rate (errors per turn)", [q(
            f"100 * sum(increase(bear_errors_total{{{I}}}[1h])) / sum(increase(bear_turns_total{{{I}}}[1h]))",
            "errors per 100 turns")], unit="percent", kpi=ERROR_PERCENT, description="KPI < 1 %."),
        panel("Memory", [
            q(f"100 * bear_system_memory_used_ratio{{{I}}}", "system used %"),
        ], unit="percent", kpi=MEMORY_PERCENT, description="System memory in use; above memory.high_water_percent "
            "(70 %) the bear unloads models. KPI < 70 %."),
        panel("Bear memory (RSS)", [
            q(f"bear_process_resident_memory_bytes{{{I}}}", "bear + engine processes"),
            q(f"bear_model_rss_bytes{{{I}}}", "{{model}}"),
        ], unit="bytes", description="The bear's process tree, and what each loaded model added when it loaded."),
        panel("CPU", [
            q(f"100 * rate(bear_process_cpu_seconds_total{{{I}}}[5m]) / on(instance) "
              f"count by (instance) (node_cpu_seconds_total{{{I}, mode=\"idle\"}})", "bear (% of the Pi)"),
            q(f"100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{{{I}, mode=\"idle\"}}[5m])))",
              "whole Pi"),
        ], unit="percent", kpi=CPU_PERCENT, description="CPU of the bear's process tree and of the whole Pi "
            "(node_exporter), as a share of all its cores. KPI < 60 %."),
        panel("Wakes and turns per hour", [
            q(f"sum by (engine) (increase(bear_wakes_total{{{I}}}[1h]))", "wake {{engine}}"),
            q(f"sum(increase(bear_paw_presses_total{{{I}}}[1h]))", "paw"),
            q(f"sum by (trigger) (increase(bear_turns_total{{{I}}}[1h]))", "turns ({{trigger}})"),
            q(f"sum(increase(bear_barge_ins_total{{{I}}}[1h]))", "barge-ins"),
        ], bars=True, decimals=0),
        panel("Safety per day", [
            q(f"sum by (category) (increase(bear_safety_flags_total{{{I}}}[1d])) > 0", "flag {{category}}"),
            q(f"sum by (category) (increase(bear_safety_redirects_total{{{I}}}[1d])) > 0", "redirect {{category}}"),
        ], bars=True, stack=True, decimals=0, description="Counts only, by category: flags stored for the parent "
            "and redirects. What was said is only in the parent's sync, never here."),
        panel("Sync", [
            q(f"bear_sync_outbox_turns{{{I}}}", "outbox turns"),
            q(f"(time() - bear_sync_last_success_timestamp_seconds{{{I}}}) / 3600", "hours since last success"),
            q(f"increase(bear_sync_failures_total{{{I}}}[1h])", "failures per hour"),
            q(f"increase(bear_sync_successes_total{{{I}}}[1h])", "successes per hour"),
        ], description="Only when sync.url is set (bear_sync_configured)."),
        panel("Store writes", [
            q(f"histogram_quantile(0.95, sum by (le) (rate(bear_store_write_seconds_bucket{{{I}}}[1h])))", "p95"),
            q(f"sum(increase(bear_store_writes_total{{{I}, result=\"failed\"}}[1h]))", "failed per hour"),
        ], unit="s", kpi=STORE_S, description="One write transaction of the store; KPI < 100 ms."),
        panel("Store size", [
            q(f"bear_store_database_bytes{{{I}}}", "database + WAL"),
        ], unit="bytes"),
        panel("Audio problems per hour", [
            q(f"increase(bear_audio_overruns_total{{{I}}}[1h])", "hearing overruns"),
            q(f"increase(bear_capture_overflows_total{{{I}}}[1h])", "capture overflows"),
            q(f"increase(bear_capture_device_errors_total{{{I}}}[1h])", "microphone errors"),
            q(f"increase(bear_capture_reconnects_total{{{I}}}[1h])", "microphone reconnects"),
            q(f"increase(bear_playback_underruns_total{{{I}}}[1h])", "speaker underruns"),
        ], bars=True, decimals=0),
        panel("Uptime", [q(f"bear_uptime_seconds{{{I}}}")], kind="stat", unit="s", w=6, h=5),
        panel("Models loaded", [q(f"bear_models_loaded{{{I}}}")], kind="stat", w=6, h=5),
        panel("Metrics file age", [q(f"time() - bear_metrics_written_timestamp_seconds{{{I}}}")], kind="stat",
              unit="s", w=6, h=5, kpi=120, description="Over 2 minutes: the bear is not running."),
        panel("Longest loop stall", [q(f"bear_loop_max_stall_seconds{{{I}}}")], kind="stat", unit="s", w=6, h=5),
    ]


def layout(panels: list[dict], y: int, ids: list[int]) -> int:
    x = 0
    row_h = 0
    for p in panels:
        w, h = p["gridPos"]["w"], p["gridPos"]["h"]
        if x + w > 24:
            x, y = 0, y + row_h
            row_h = 0
        p["gridPos"] = {"x": x, "y": y, "w": w, "h": h}
        p["id"] = ids[0] = ids[0] + 1
        x += w
        row_h = max(row_h, h)
    return y + row_h


def render() -> str:
    ids = [0]
    panels: list[dict] = []
    y = 0
    fleet_row = {"type": "row", "title": "Fleet", "collapsed": False, "panels": [],
                 "gridPos": {"x": 0, "y": y, "w": 24, "h": 1}, "id": 1}
    ids[0] = 1
    top = fleet()
    y = layout(top, y + 1, ids)
    bear_row = {"type": "row", "title": "$instance", "repeat": "instance", "collapsed": False, "panels": [],
                "gridPos": {"x": 0, "y": y, "w": 24, "h": 1}, "id": ids[0] + 1}
    ids[0] += 1
    mine = per_bear()
    layout(mine, y + 1, ids)
    panels = [fleet_row, *top, bear_row, *mine]
    dashboard = {
        "title": "Bears", "uid": "bear-fleet", "tags": ["bear"], "timezone": "browser", "editable": True,
        "schemaVersion": 39, "version": 1, "refresh": "1m", "time": {"from": "now-24h", "to": "now"},
        "description": "bear: the offline brain of a talking teddy bear. Metrics from node_exporter's textfile "
                       "collector (README, Metrics); one row per bear (instance).",
        "templating": {"list": [
            {"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
             "current": {}, "hide": 0, "refresh": 1, "options": []},
            {"name": "instance", "label": "Bear", "type": "query", "datasource": DS,
             "query": {"query": "label_values(bear_build_info, instance)", "refId": "instances"},
             "definition": "label_values(bear_build_info, instance)", "multi": True, "includeAll": True,
             "current": {"selected": True, "text": ["All"], "value": ["$__all"]}, "refresh": 2, "sort": 1,
             "hide": 0, "options": []},
        ]},
        "annotations": {"list": []},
        "panels": panels,
    }
    return json.dumps(dashboard, indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    OUT.write_text(render())
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
