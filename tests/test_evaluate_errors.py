"""`bear eval` with content the bear refuses to run with (a broken safety rule): a clear error and exit code 1,
and no store thread left behind to keep the process alive (it had hung after printing the traceback)."""

from __future__ import annotations

import threading

import pytest

from conftest import write_config


@pytest.mark.parametrize("kind", ["chat", "safety"])
def test_bear_eval_stops_cleanly_on_broken_safety_rules(tmp_path, monkeypatch, capsys, kind):
    from bear.config import load_config
    from bear.talk import safety
    from bear.talk.evaluate import eval_chat, eval_safety

    def broken(cls, *args, **kwargs):
        raise safety.SafetyError("safety rules: KeyError: 'category'")

    monkeypatch.setattr(safety.Safety, "load", classmethod(broken))
    table = tmp_path / "t.tsv"
    table.write_text("says\texpect_regex\tcontext\nhello\thi\t\n" if kind == "chat" else
                     "category\tsays\tforbidden_regex\tkind\nx\thello\tzz\tbenign\n", encoding="utf-8")
    cfg = load_config(write_config(tmp_path))
    before = {t.ident for t in threading.enumerate()}
    assert (eval_chat if kind == "chat" else eval_safety)(cfg, table) == 1
    assert f"bear: eval {kind}: safety rules: KeyError" in capsys.readouterr().err
    left = [t for t in threading.enumerate() if t.ident not in before and not t.daemon]
    for t in left:
        t.join(timeout=10)
    assert not [t.name for t in left if t.is_alive()]
