"""Piper speech through the registry, streamed per sentence (real voice from the mirror); `bear say`
with either engine (hibari's own tests: test_voice_engines.py)."""

import subprocess
import time

import numpy as np
import pytest
import soundfile

from bear.audio.files import read_audio
from bear.hearing.sphinx import SphinxModel
from bear.hearing.text import word_errors
from bear.models.manifest import load_manifest
from bear.models.registry import ModelRegistry
from bear.speech.tts import Speaker, load_voice
from conftest import BEAR, MODEL_DIR, ROOT, arun, require_model, write_config

STORY = "Once upon a time there was a bunny. The bunny loved carrots. One day it found a giant carrot."


def _speaker(voice="piper-en_US-joe-medium"):
    require_model(voice)
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), MODEL_DIR)
    registry.register(voice, load_voice, thread="voice")
    return registry, Speaker(registry, voice)


def test_sentences_stream_before_the_text_is_done():
    async def main():
        registry, speaker = _speaker()
        await registry.load(speaker.voice)
        t0, times, chunks = time.perf_counter(), [], []
        async for audio in speaker.sentences(STORY):
            times.append(time.perf_counter() - t0)
            chunks.append(audio)
        registry.close()
        return times, chunks, speaker.rate

    times, chunks, rate = arun(main(), timeout=60)
    assert len(chunks) == 3 and rate == 22050
    assert times[0] < times[-1] * 0.8  # sentence 1 was ready well before the last one
    assert all(np.abs(c).max() > 0.1 for c in chunks)


def test_stop_ends_synthesis_early():
    async def main():
        registry, speaker = _speaker()
        n = 0
        async for _ in speaker.sentences(STORY):
            n += 1
            speaker.stop()  # barge-in after the first sentence
        registry.close()
        return n

    assert arun(main(), timeout=60) < 3


@pytest.mark.parametrize("engine, rate", [("piper", 22050), ("hibari", 24000)])
def test_say_writes_a_wav_that_says_the_words(tmp_path, child_env, engine, rate):
    require_model("piper-en_US-joe-medium")
    out = tmp_path / "hello.wav"
    proc = subprocess.run(BEAR + ["say", "Hello there. Would you like a story?", "--out", str(out), "--engine", engine,
                                  "--config", str(write_config(tmp_path))],
                          env=child_env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"wrote {out} ") and "first_audio_ms=" in proc.stdout
    info = soundfile.info(out)
    assert info.samplerate == rate and 1.5 < info.duration < 6
    heard = SphinxModel().recognizer.transcribe_whole(read_audio(out)).text
    errors, words = word_errors("Hello there. Would you like a story?", heard)
    assert errors / words <= 0.4 and "story" in heard.split(), heard  # the words are really spoken


def test_say_refuses_empty_text_and_missing_voice(tmp_path, child_env):
    cfg = str(write_config(tmp_path))
    empty = subprocess.run(BEAR + ["say", "  ", "--out", str(tmp_path / "x.wav"), "--config", cfg],
                           env=child_env, capture_output=True, text=True, timeout=60)
    assert empty.returncode == 2 and "empty" in empty.stderr
    env = dict(child_env, BEAR_MODEL_DIR=str(tmp_path / "none"))
    missing = subprocess.run(BEAR + ["say", "hi", "--out", str(tmp_path / "x.wav"), "--config", cfg,
                                     "--engine", "piper"],
                             env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "piper-en_US-joe-medium is missing" in missing.stderr
    assert not (tmp_path / "x.wav").exists()


def test_tiny_test_voice_plumbing():
    async def main():
        registry, speaker = _speaker("piper-test-voice")
        chunks = [c async for c in speaker.sentences("hello")]
        registry.close()
        return chunks, speaker.rate

    chunks, rate = arun(main(), timeout=60)
    assert rate == 22050 and len(chunks) == 1 and len(chunks[0]) > 0
    assert np.abs(chunks[0]).max() == 0  # the test graph outputs silence, by design


def test_speech_pieces_stay_short_and_keep_every_word():
    from bear.speech.tts import MAX_CHUNK_CHARS, chunks_for_speech
    from bear.talk.content import load_content

    content = load_content()
    for text in [s.text for s in content.stories] + [s.text for s in content.songs] + list(content.jokes):
        pieces = chunks_for_speech(text)
        assert " ".join(pieces).split() == text.split()  # nothing lost, nothing reordered
        assert all(len(p) <= MAX_CHUNK_CHARS for p in pieces if " " in p), pieces
    assert chunks_for_speech("Hi! Yes.") == ["Hi!", "Yes."]
    assert chunks_for_speech("But one hot summer day the baby animals of the valley were too warm to play.") == \
        ["But one hot summer day the baby animals", "of the valley were too warm to play."]
    assert chunks_for_speech("   ") == []


def test_tune_malloc_applies_on_glibc():
    import subprocess
    import sys

    code = "from bear.resources import tune_malloc; import sys; sys.exit(0 if tune_malloc() else 1)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
