import wave

import numpy as np
import pytest
import soundfile

from bear.audio.files import AudioFileError, WavWriter, read_audio
from conftest import SPEECH, require_file


def _peak_hz(samples, rate):
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float32)))
    return np.fft.rfftfreq(len(samples), 1 / rate)[spectrum.argmax()]


@pytest.mark.parametrize("rate, channels, subtype", [
    (44100, 2, "PCM_16"), (48000, 1, "FLOAT"), (22050, 1, "PCM_24"), (8000, 2, "PCM_U8"), (16000, 1, "PCM_16")])
def test_any_rate_and_channel_count_becomes_16k_mono(tmp_path, rate, channels, subtype):
    t = np.arange(int(rate * 1.5)) / rate
    tone = 0.5 * np.sin(2 * np.pi * 440 * t)
    data = np.stack([tone] * channels, axis=1) if channels > 1 else tone
    path = tmp_path / f"tone_{rate}_{channels}.wav"
    soundfile.write(path, data, rate, subtype=subtype)
    out = read_audio(path)
    assert out.dtype == np.int16
    assert abs(len(out) - 24000) <= 2
    assert abs(_peak_hz(out, 16000) - 440) < 2
    assert 0.45 < np.abs(out).max() / 32767 < 0.55


def test_flac_from_the_shared_set():
    path = require_file(next((SPEECH / "librispeech-samples" / "flac").glob("*.flac"), SPEECH / "none.flac"))
    out = read_audio(path)
    assert len(out) > 16000 and out.std() > 100


@pytest.mark.parametrize("content, reason", [
    (b"", "not a readable audio file"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "not a readable audio file"),
    (b"\x00\x01garbage" * 100, "not a readable audio file"),
])
def test_malformed_files_are_refused_with_their_name(tmp_path, content, reason):
    path = tmp_path / "broken.wav"
    path.write_bytes(content)
    with pytest.raises(AudioFileError) as info:
        read_audio(path)
    assert "broken.wav" in str(info.value) and reason in str(info.value)


def test_wav_with_no_samples_and_missing_file(tmp_path):
    empty = tmp_path / "empty.wav"
    with wave.open(str(empty), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
    with pytest.raises(AudioFileError, match="no audio samples"):
        read_audio(empty)
    with pytest.raises(AudioFileError, match="no such file"):
        read_audio(tmp_path / "absent.wav")


def test_wav_writer_is_atomic(tmp_path):
    target = tmp_path / "out" / "reply.wav"
    with pytest.raises(RuntimeError):
        with WavWriter(target, 22050) as w:
            w.write(np.zeros(100, dtype=np.float32))
            raise RuntimeError("synthesis failed")
    assert not target.exists() and not list(target.parent.iterdir())
    with WavWriter(target, 22050) as w:
        w.write(np.full(2205, 0.25, dtype=np.float32))
    data, rate = soundfile.read(target, dtype="int16")
    assert rate == 22050 and len(data) == 2205 and data[0] == round(0.25 * 32767)
