"""Enrolment: the wake phrase as one voice says it, kept as openWakeWord speech embeddings.

The parent or child says the phrase a few times (`bear enrol FILE...`); each clip is cut to the
phrase with the VAD, and the openWakeWord front end (melspectrogram + speech embedding, Apache-2.0,
the `openwakeword-frontend` model) turns it into a sequence of 96-dim embeddings, one every 80 ms.
Only those small float arrays are kept (`<data_dir>/wake-templates.npz`), never the audio;
`bear forget` erases them.

At run time a candidate from the phrase spotter is checked against them (bear.hearing.wake): the
embeddings of the audio around the candidate are aligned with each template by subsequence DTW
(cosine distance, free start and end in the candidate), and the wake stands when the nearest
template is within `wake.enrol_distance`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from bear.hearing.types import SR

FRONTEND = "openwakeword-frontend"
TEMPLATE_FILE = "wake-templates.npz"
MIN_CLIPS, MAX_CLIPS = 3, 8
MIN_SPEECH_S, MAX_SPEECH_S = 0.25, 2.5  # the phrase as a clip's speech (1-4 words)
PAD_BEFORE_S, PAD_AFTER_S = 0.3, 0.2  # kept around the phrase's speech in a template
EMBED_WINDOW = 76 * 160 + 480  # samples one embedding sees (76 mel frames and the melspectrogram's context)
EMBED_STEP = 1280  # 80 ms between embeddings
CANDIDATE_BEFORE_S = 0.2  # audio before the spotter's phrase start that the verifier embeds
OUTLIER_FACTOR = 1.5  # a clip further than this from the others' typical distance is "a different phrase"

log = logging.getLogger(__name__)


class EnrolError(ValueError):
    """Enrolment input refused; the message says what to do (one line)."""


class Embedder:
    """The openWakeWord front end on whole clips (engine thread only): audio → (n, 96) embeddings."""

    def __init__(self, folder: Path):
        from bear.models.onnx import onnx_session

        self.mel = onnx_session(folder / "melspectrogram.onnx")
        self.embed_model = onnx_session(folder / "embedding_model.onnx")
        self._mel_in = self.mel.get_inputs()[0].name
        self._embed_in = self.embed_model.get_inputs()[0].name

    def embed(self, audio_int16):
        """Embeddings of `audio_int16` (16 kHz), one per 80 ms from its start (zero-padded to one window)."""
        import numpy as np

        audio = np.asarray(audio_int16, np.int16)
        if len(audio) < EMBED_WINDOW:
            audio = np.concatenate((np.zeros(EMBED_WINDOW - len(audio), np.int16), audio))
        spec = np.squeeze(self.mel.run(None, {self._mel_in: audio.astype(np.float32)[None, :]})[0]) / 10.0 + 2.0
        windows = np.stack([spec[i:i + 76] for i in range(0, len(spec) - 76 + 1, 8)]).astype(np.float32)
        out = self.embed_model.run(None, {self._embed_in: windows[..., None]})[0]
        return out.reshape(len(windows), 96).astype(np.float32)


def _unit(x):
    import numpy as np

    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-6)


def dtw_distance(template, sequence) -> float:
    """Subsequence DTW of `template` (m, 96) inside `sequence` (n, 96): the mean cosine distance along
    the best path (free start and end in `sequence`, steps (1,1) (1,0) (0,1)), normalised by its length."""
    import numpy as np

    cost = 1.0 - _unit(template) @ _unit(sequence).T  # (m, n)
    m, n = cost.shape
    acc = np.full((m, n), np.inf)
    steps = np.zeros((m, n))
    acc[0] = cost[0]
    steps[0] = 1
    for i in range(1, m):
        diag = np.concatenate(([np.inf], acc[i - 1, :-1]))
        dsteps = np.concatenate(([1.0], steps[i - 1, :-1]))
        up = acc[i - 1]
        best_prev = np.where(diag <= up, diag, up)
        best_steps = np.where(diag <= up, dsteps, steps[i - 1])
        row, row_steps = acc[i], steps[i]
        for j in range(n):  # the horizontal step depends on this row's previous cell
            prev, prev_steps = best_prev[j], best_steps[j]
            if j and row[j - 1] < prev:
                prev, prev_steps = row[j - 1], row_steps[j - 1]
            row[j] = cost[i, j] + prev
            row_steps[j] = prev_steps + 1
    ends = acc[-1] / steps[-1]
    return float(ends.min())


@dataclass(frozen=True)
class Templates:
    """The enrolled phrase: what it is and one embedding sequence per clip (no audio)."""

    phrase: str
    sequences: tuple  # of (k, 96) float32 arrays

    def distance(self, sequence) -> float:
        """The nearest template's DTW distance to `sequence` (embeddings of the candidate's audio)."""
        return min(dtw_distance(t, sequence) for t in self.sequences)

    def save(self, path: Path) -> None:
        """Write atomically, mode 0600 (only derived features: never audio)."""
        import numpy as np

        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        arrays = {f"t{i}": s.astype(np.float32) for i, s in enumerate(self.sequences)}
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            np.savez(f, phrase=np.array(self.phrase), **arrays)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> Templates | None:
        """The enrolled templates, or None when nobody has enrolled (or the file is unreadable)."""
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as z:
                seqs = tuple(z[k] for k in sorted((k for k in z.files if k.startswith("t")), key=lambda k: int(k[1:])))
                phrase = str(z["phrase"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as exc:
            log.error("event=wake_enrol_unreadable path=%s error=%r", path, str(exc))
            return None
        if not seqs or any(s.ndim != 2 or s.shape[1] != 96 for s in seqs):
            log.error("event=wake_enrol_unreadable path=%s error='bad shapes'", path)
            return None
        return cls(phrase, seqs)


def template_path(data_dir: Path) -> Path:
    """Where the enrolled templates live."""
    return Path(data_dir) / TEMPLATE_FILE


def erase(data_dir: Path) -> bool:
    """Delete the enrolled templates (`bear forget`); True if there were any."""
    try:
        template_path(data_dir).unlink()
        return True
    except FileNotFoundError:
        return False


def speech_span(vad_session, audio, threshold: float = 0.5) -> tuple[int, int] | None:
    """(first, last) sample of speech in `audio` by Silero VAD (frames at or above `threshold`,
    runs of at least 3 frames), or None when there is no speech."""
    from bear.hearing.vad import FRAME, SileroState

    probs = SileroState().probabilities(vad_session, audio)
    first: int | None = None
    last: int | None = None
    run = 0
    for j, p in enumerate(probs):
        run = run + 1 if p >= threshold else 0
        if run >= 3:
            if first is None:
                first = (j - 2) * FRAME
            last = (j + 1) * FRAME
        elif p >= threshold - 0.15 and last is not None and last == j * FRAME:
            last = (j + 1) * FRAME
    return None if first is None or last is None else (first, last)


def cut_phrase(vad_session, audio, name: str = "clip"):
    """The phrase's stretch of a clip (with `PAD_BEFORE_S` / `PAD_AFTER_S` around its speech), or
    EnrolError for silence, too little or too much speech."""
    span = speech_span(vad_session, audio)
    if span is None:
        raise EnrolError(f"{name}: no speech heard (silence or too quiet): say the phrase close to the bear")
    s, e = span
    speech_s = (e - s) / SR
    if speech_s < MIN_SPEECH_S:
        raise EnrolError(f"{name}: only {speech_s:.2f} s of speech, too short for the phrase: say the whole phrase")
    if speech_s > MAX_SPEECH_S:
        raise EnrolError(f"{name}: {speech_s:.1f} s of speech, too long: say only the phrase, once, "
                         f"with nothing before or after it")
    return with_context(audio, max(s, e - int(PAD_BEFORE_S * SR)), e + int(PAD_AFTER_S * SR))


def with_context(audio, start: int, end: int):
    """audio[start:end] with one embedding window of audio before `start` (zeros where the clip has
    none), so that the first embedding ends at `start` and there is one embedding per 80 ms to `end`."""
    import numpy as np

    lead = EMBED_WINDOW - EMBED_STEP
    lo = start - lead
    out = audio[max(0, lo):min(len(audio), end)]
    if lo < 0:
        out = np.concatenate((np.zeros(-lo, np.int16), out))
    return out


def consistency(sequences) -> list[float]:
    """Per clip: its median DTW distance to the other clips (a clip saying something else stands out)."""
    import statistics

    out = []
    for i, s in enumerate(sequences):
        out.append(statistics.median(dtw_distance(s, o) for j, o in enumerate(sequences) if j != i))
    return out


def build_templates(embedder: Embedder, vad_session, clips: list[tuple[str, object]], phrase: str,
                    heard=None) -> Templates:
    """Templates from `clips` ([(name, int16 audio)]), or EnrolError naming the clip at fault.

    `heard(audio) -> bool`, when given, says whether a recognizer hears `phrase` in a clip: more
    than half of the clips must pass (recognizers miss some real voices; another phrase said five
    times passes rarely), and a clip unlike the others (DTW) is refused."""
    if not MIN_CLIPS <= len(clips) <= MAX_CLIPS:
        raise EnrolError(f"give {MIN_CLIPS} to {MAX_CLIPS} recordings of the phrase, got {len(clips)}")
    sequences, passed = [], 0
    for name, audio in clips:
        cut = cut_phrase(vad_session, audio, name)
        passed += heard is None or heard(audio)
        sequences.append(embedder.embed(cut))
    if passed <= len(clips) // 2:
        raise EnrolError(f"only {passed} of {len(clips)} recordings sound like {phrase!r} (more than half must): "
                         f"say the wake phrase itself, clearly, once per recording")
    spread = consistency(sequences)
    typical = sorted(spread)[len(spread) // 2]
    for (name, _), d in zip(clips, spread):
        if d > OUTLIER_FACTOR * typical and d > 0.3:
            raise EnrolError(f"{name}: sounds unlike the other recordings (distance {d:.2f}, typical "
                             f"{typical:.2f}): every recording must be the same phrase, {phrase!r}")
    return Templates(phrase, tuple(sequences))


class EnrolVerifier:
    """Checks a spotter candidate against the enrolled templates on the front end's engine thread
    ("wake", beside the spotter): (the wake stands, the nearest template's distance)."""

    kind = "enrol"
    score_name = "distance"
    before_s = CANDIDATE_BEFORE_S + (EMBED_WINDOW - EMBED_STEP) / SR  # audio wanted before the phrase's start
    pad = True  # zeros stand for audio the spotter no longer holds (as at enrolment)

    def __init__(self, registry, templates: Templates, max_distance: float, model: str = FRONTEND):
        self.registry, self.templates, self.max_distance, self.model = registry, templates, max_distance, model
        self.rejected = 0

    async def check(self, audio) -> tuple[bool, float]:
        """(the wake stands, the distance to the nearest enrolled template)."""
        templates = self.templates
        distance = await self.registry.run(self.model, lambda m: templates.distance(m.embed(audio)))
        ok = distance <= self.max_distance
        self.rejected += not ok
        return ok, distance


def load_enrolment(cfg) -> Templates | None:
    """The templates `bear enrol` made for the configured phrase, or None (logged: `wake_enrolment`)."""
    from bear.hearing.pronounce import phrase_words

    path = template_path(cfg.paths.data_dir)
    if cfg.wake.enrolment == "off" or not path.exists():
        return None
    templates = Templates.load(path)
    if templates is None:
        return None
    phrase = " ".join(phrase_words(cfg.wake.phrase))
    if templates.phrase != phrase:
        log.warning("event=wake_enrolment state=off reason=other_phrase enrolled=%r", templates.phrase)
        return None
    return templates
