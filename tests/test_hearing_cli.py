"""The exact command-line forms other tools and benchmarks rely on."""

import re
import sqlite3
import subprocess
import shutil


from conftest import BEAR, SPEECH, require_file, require_model, write_config


def _run(args, env, timeout=300):
    return subprocess.run(BEAR + args, env=env, capture_output=True, text=True, timeout=timeout)


def test_transcribe_one_line_per_file_and_bad_files(tmp_path, child_env):
    cfg = write_config(tmp_path)
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF nonsense")
    goforward = require_file(SPEECH / "pocketsphinx-testdata" / "wav" / "goforward.wav")
    flac = next((SPEECH / "librispeech-samples" / "flac").glob("1089-134691-0000.flac"))
    proc = _run(["transcribe", "--config", str(cfg), str(goforward), str(bad), str(flac)], child_env)
    lines = proc.stdout.split("\n")[:-1]
    assert proc.returncode == 1 and len(lines) == 3
    assert "forward" in lines[0] and "meters" in lines[0]
    assert lines[1] == ""
    assert "wait" in lines[2] and "longer" in lines[2]
    assert "bad.wav" in proc.stderr


def test_eval_stt_last_line(tmp_path, child_env):
    cfg = write_config(tmp_path)
    proc = _run(["eval", "stt", "--config", str(cfg), str(require_file(SPEECH / "misc" / "manifest.tsv"))], child_env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith("vosk-api-test.wav\terrors=")
    assert re.fullmatch(r"figures engine=(whisper|pocketsphinx) audio_s=19\.3 cpu_per_audio_s=[\d.]+ load_s=[\d.]+ "
                        r"rss_base_mb=\d+ rss_loaded_mb=\d+ rss_peak_mb=\d+", lines[2]), lines[2]
    m = re.fullmatch(r"wer=(\d+\.\d+) utterances=2 rtf=(\d+\.\d+)", lines[-1])
    assert m and 0 < float(m.group(1)) < 0.6 and float(m.group(2)) > 0  # (speed is a benchmark's business)


def test_eval_stt_bad_manifest(tmp_path, child_env):
    manifest = tmp_path / "m.tsv"
    manifest.write_text("path\ttext\nx.wav\thello\n")
    proc = _run(["eval", "stt", "--config", str(write_config(tmp_path)), str(manifest)], child_env)
    assert proc.returncode == 2 and "'file' column" in proc.stderr


def test_eval_wake_last_line(tmp_path, child_env, piper_clips):
    pos, neg = tmp_path / "pos", tmp_path / "neg"
    pos.mkdir(), neg.mkdir()
    shutil.copy(piper_clips["wake_joke"], pos)
    shutil.copy(piper_clips["wake_only"], pos)
    shutil.copy(require_file(SPEECH / "misc" / "jfk.wav"), neg)
    shutil.copy(piper_clips["sing"], neg)
    proc = _run(["eval", "wake", "--config", str(write_config(tmp_path)), "--positives", str(pos),
                 "--negatives", str(neg)], child_env)
    assert proc.returncode == 0, proc.stderr
    m = re.fullmatch(r"detected=(\d+)/2 false_accepts_per_hour=(\d+\.\d+) cpu_per_audio_second=(\d+\.\d+)",
                     proc.stdout.strip().splitlines()[-1])
    assert m, proc.stdout
    assert int(m.group(1)) == 2 and float(m.group(2)) == 0.0 and 0 < float(m.group(3)) < 0.5


def test_listen_prints_utterances_with_timings(tmp_path, child_env, piper_clips):
    proc = _run(["listen", "--config", str(write_config(tmp_path)), str(piper_clips["wake_joke"])], child_env)
    assert proc.returncode == 0, proc.stderr
    first, last = proc.stdout.strip().splitlines()[0], proc.stdout.strip().splitlines()[-1]
    assert re.match(r"utterance 1: trigger=wake engine=phrase/pocketsphinx at=\d+\.\d+s speech=[\d.]+-[\d.]+s "
                    r"endpoint=[\d.]+s \(silence\) stt_final_ms=[\d.]+ text='tell me", first), first
    assert re.fullmatch(r"utterances=1 audio_s=[\d.]+ processing_s=[\d.]+ max_loop_stall_ms=[\d.]+ "
                        r"engine=(whisper|pocketsphinx)", last)


def test_bear_run_hears_wake_and_paw_and_records_timings(tmp_path, child_env, piper_clips):
    """The daemon on the WAV backend: wake phrase, then a paw press on gpiozero's mock pin."""
    import numpy as np
    import soundfile

    require_model("silero-vad")
    wake, _ = soundfile.read(piper_clips["wake_joke"], dtype="int16")
    sing, _ = soundfile.read(piper_clips["sing"], dtype="int16")
    recording = tmp_path / "child.wav"
    lead = np.zeros(32000, np.int16)  # 2 s to load the hearing models (Whisper's take ~1-3 s on a busy machine)
    soundfile.write(recording, np.concatenate([lead, wake, np.zeros(16000, np.int16), sing]), 16000)
    press_at = (len(lead) + len(wake) + 16000 + 8000) / 16000 - 0.2  # just before the second request
    # replies written at once and no follow-up listening: the second request needs the paw
    # the bear stops when the recording has ended and everything heard is answered, however slow the machine
    cfg = write_config(tmp_path, 'realtime = false\n[audio.input]\nat_end = "stop"\n[gpio]\nbackend = "mock"\n'
                                 '[talk]\nfollowup_s = 0.0\n')
    proc = _run(["run", "--config", str(cfg), "--wav", str(recording), "--press", f"{press_at:.2f}"], child_env,
                timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "event=wake engine=phrase/pocketsphinx" in proc.stderr and "event=paw_pressed" in proc.stderr
    db = sqlite3.connect(tmp_path / "data" / "bear.db")
    rows = db.execute("SELECT json_extract(t.timings, '$.trigger'), t.child_text, t.timings FROM turns t "
                      "ORDER BY t.id").fetchall()
    assert [r[0] for r in rows] == ["wake", "button"], rows
    assert rows[0][1].startswith("tell me") and "song" in rows[1][1]
    assert '"stt_final_ms"' in rows[0][2] and '"speech_end_s"' in rows[1][2]
    assert "tell me" not in proc.stderr  # transcripts stay out of the journal at the default level


def test_transcribe_a_recording_too_short_or_empty_says_so_in_one_line(tmp_path, child_env):
    import wave

    one, empty = tmp_path / "one.wav", tmp_path / "empty.wav"
    for path, frames in ((one, b"\x01\x00"), (empty, b"")):
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
            w.writeframes(frames)
    proc = _run(["transcribe", "--config", str(write_config(tmp_path)), str(one), str(empty)], child_env)
    assert proc.returncode == 1 and proc.stdout == "\n\n"  # one (empty) line per file
    errors = [line for line in proc.stderr.splitlines() if line.startswith("bear: ")]
    assert errors == [f"bear: {one}: 0.06 ms of audio is too short to hold speech (at least 0.1 s)",
                      f"bear: {empty}: contains no audio samples"]
    assert "Traceback" not in proc.stderr
