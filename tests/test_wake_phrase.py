"""Any wake phrase: words outside the PocketSphinx dictionary pronounced by espeak-ng (the real one,
bundled in piper-tts), spotted on real voices; a phrase that cannot be spoken is one config error."""

import os
import subprocess
import sys

import pytest

from bear.audio.files import read_audio
from bear.config import ConfigError, parse_config
from bear.hearing.pronounce import WakePhraseError, g2p_phones, ipa_to_cmu, phrase_problem, phrase_words
from bear.hearing.sphinx import SphinxModel
from conftest import BEAR, MODEL_DIR, ROOT, SPEECH, require_file, write_config

REAL = SPEECH / "precise-wake-real"


@pytest.mark.parametrize("phrase", ["hey chatterbox", "Hey, Teddy!", "bumble-bee", "don't stop", "amelia"])
def test_speakable_phrases_pass(phrase):
    assert phrase_problem(phrase) is None
    assert parse_config(f'[wake]\nphrase = "{phrase}"\n', env={}).wake.phrase == phrase


@pytest.mark.parametrize("phrase, why", [("", "is empty"), ("  ,! ", "is empty"), ("1234", "digits"),
                                         ("hey 2", "digits"), ("привет медведь", "Latin letters"),
                                         ("héy teddy", "Latin letters"), ("hey '' x", "without letters"),
                                         ("one two three four five", "too long"), ("a" * 41, "too long")])
def test_unspeakable_phrases_are_one_config_error(phrase, why):
    with pytest.raises(ConfigError, match=f"^config: wake.phrase .*{why}") as info:
        parse_config(f"[wake]\nphrase = \"{phrase}\"\n", env={})
    assert "\n" not in str(info.value)
    # a Vosk model of another language spots its own words; the button-only bear ignores the phrase
    if why != "is empty":
        assert parse_config(f"[stt]\nengine = \"vosk\"\n[wake]\nphrase = \"{phrase}\"\n", env={})
    assert parse_config(f"[wake]\nengine = \"none\"\nphrase = \"{phrase}\"\n", env={}).wake.engine == "none"


def test_phrase_words_lower_case_without_punctuation():
    assert phrase_words("Hey, Teddy!") == ["hey", "teddy"]
    assert phrase_words("Mr Bumble-Bee’s") == ["mr", "bumble", "bee's"]


def _cmudict() -> dict[str, str]:
    from pocketsphinx import get_model_path

    entries = {}
    with open(os.path.join(get_model_path(), "en-us", "cmudict-en-us.dict"), encoding="utf-8") as f:
        for line in f:
            word, phones = line.split(maxsplit=1)
            entries.setdefault(word, phones.split())
    return entries


def test_espeak_pronunciations_match_the_dictionary_for_common_words():
    """espeak-ng's rules mapped to CMU phones agree with CMUdict on most everyday words (a check of
    the IPA mapping on the real espeak-ng): exact for at least 60 %, within one phone for 90 %."""
    from bear.hearing.text import edit_distance

    cmu = _cmudict()
    words = ("teddy bear hey hello computer story song sing jump happy monkey rabbit castle dragon tell "
             "joke please thank you morning night sleep water apple banana cookie friend mother father "
             "sister brother school garden flower yellow purple orange window kitchen pillow blanket").split()
    exact = close = 0
    for w in words:
        ours = g2p_phones(w)
        assert set(ours) <= {p for phones in cmu.values() for p in phones}  # only phones the model has
        d = edit_distance(cmu[w], ours)
        exact, close = exact + (d == 0), close + (d <= 1)
    assert exact >= 0.6 * len(words) and close >= 0.9 * len(words), (exact, close, len(words))


def test_ipa_mapping_rejects_what_it_cannot_say():
    assert ipa_to_cmu("tʃˈæɾɚbˌɑːks") == ["CH", "AE", "T", "ER", "B", "AA", "K", "S"]
    assert ipa_to_cmu("bˈʌʔn̩") == ["B", "AH", "T", "AH", "N"]
    with pytest.raises(WakePhraseError, match="cannot map"):
        ipa_to_cmu("ʘa")


def _spot_count(model, clips) -> int:
    detected = 0
    for path in clips:
        model.spotter.start(0, new_channel=True)
        audio = read_audio(path)
        hits = []
        for i in range(0, len(audio), 1536):
            hits += model.spotter.accept(audio[i:i + 1536], False)
        hits += model.spotter.accept(b"\0\0" * 8000, True)
        detected += bool(hits)
    return detected


def test_out_of_dictionary_word_is_spotted_on_real_voices(tmp_path):
    """"athena" taken out of the dictionary: espeak-ng's pronunciation spots real people saying it
    about as well as CMUdict's own (30 clips; every 16th of the set)."""
    clips = sorted((require_file(REAL / "README.md").parent / "athena").glob("*.flac"))[::16][:30]
    dic = tmp_path / "no-athena.dict"
    dic.write_text("hey HH EY\nteddy T EH D IY\n")
    ours = SphinxModel("athena", 0.3, 0.9, dic=str(dic), spotter_only=True)
    assert ours.added == {"athena": "AE TH IY N AH"}
    theirs = SphinxModel("athena", 0.3, 0.9, spotter_only=True)
    assert theirs.added == {}
    got, reference = _spot_count(ours, clips), _spot_count(theirs, clips)
    assert got >= 0.6 * len(clips) and got >= reference - 3, (got, reference)
    silence = SphinxModel("athena", 0.3, 0.9, dic=str(dic), spotter_only=True)
    assert not silence.spotter.accept(b"\0\0" * 16000 * 3, True)


def test_decoder_process_pronounces_and_refuses():
    from bear.hearing.sphinx_process import SphinxProcess

    proc = SphinxProcess("Hey, Chatterbox!", 0.3, 0.9, spotter_only=True)
    try:
        assert proc.added == {"chatterbox": "CH AE T ER B AA K S"}
        assert proc.spotter.accept(b"\0\0" * 16000, True) == []
    finally:
        proc.close()
    with pytest.raises(WakePhraseError, match="digits"):
        SphinxProcess("hey 22", 0.3, 0.9, spotter_only=True)


def test_bear_listen_wakes_on_hey_chatterbox(tmp_path, child_env):
    """End to end: `wake.phrase = "hey chatterbox"` starts and wakes on the real Piper voice saying it."""
    voice_dir = MODEL_DIR / "piper-en_US-joe-medium"
    if not voice_dir.is_dir():
        pytest.skip("Piper voice not installed (run: scripts/dev.sh setup)")
    import numpy as np
    from piper import PiperVoice

    from bear.audio.files import WavWriter, resample
    from bear.speech.tts import synthesize_fixed

    audio, rate = synthesize_fixed(PiperVoice.load(str(voice_dir / "en_US-joe-medium.onnx")),
                                   "hey chatterbox, tell me a joke", 1.0)
    wav = tmp_path / "chatterbox.wav"
    with WavWriter(wav, 16000) as w:
        w.write(np.concatenate([np.zeros(8000, np.float32), resample(audio, rate, 16000) * 0.5,
                                np.zeros(16000, np.float32)]))
    cfg = write_config(tmp_path, '[wake]\nphrase = "hey chatterbox"\n[logging]\nlevel = "info"\n')
    proc = subprocess.run(BEAR + ["listen", "--config", str(cfg), str(wav)], env=child_env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "trigger=wake" in proc.stdout and "tell me" in proc.stdout, proc.stdout
    assert "event=wake_word_pronounced word=chatterbox phones='CH AE T ER B AA K S'" in proc.stderr


@pytest.mark.parametrize("command", [["run"], ["listen", "x.wav"]])
def test_unspeakable_phrase_exits_78_with_one_line(tmp_path, child_env, command):
    cfg = write_config(tmp_path, '[wake]\nphrase = "4 2"\n')
    proc = subprocess.run(BEAR + [command[0], "--config", str(cfg)] + command[1:], env=child_env,
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 78
    assert proc.stderr.strip().splitlines() == [
        "bear: config: wake.phrase '4 2' has digits: write numbers as words (\"hey robot two\")"]


def test_import_bear_hearing_pronounce_is_stdlib_only():
    code = "import sys, bear.config, bear.hearing.pronounce; print(sorted({'piper', 'numpy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


def test_threshold_scales_with_the_phrase_length():
    from bear.hearing.sphinx import kws_threshold

    assert kws_threshold(0.3, 6) == pytest.approx(1e-21)  # "hey teddy": the threshold it always had
    assert kws_threshold(0.3, 10) == pytest.approx(1e-35)  # "hey computer": as eager per phone
    assert kws_threshold(0.8, 6) < kws_threshold(0.3, 6) < kws_threshold(0.0, 6)


def test_two_word_phrase_heard_on_real_voices():
    """Real people saying "hey computer" (10 phones): one fixed threshold (the old 1e-21, i.e.
    2.1 per phone) left it nearly deaf; scaled with the phrase's length it is heard."""
    clips = sorted((require_file(REAL / "README.md").parent / "hey-computer").glob("*.flac"))
    scaled = _spot_count(SphinxModel("hey computer", 0.3, 0.9, spotter_only=True), clips)
    fixed = _spot_count(SphinxModel("hey computer", 0.3, 0.9, spotter_only=True, threshold_exp=2.1), clips)
    assert scaled >= 6 and scaled > fixed, (scaled, fixed)
