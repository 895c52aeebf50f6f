"""Second opinion on a wake: the accurate recogniser (Whisper) transcribes the stretch around a
candidate the phrase spotter found, and the wake stands only if the phrase is in what it heard.

PocketSphinx's keyphrase search is fast and streams, but on real voices it is either deaf or
jumpy: tuned on real people it took children's read speech for "athena" tens of times an hour.
Whisper hears words far better, but cannot stream; it only sees the ~1-2 s around each candidate.

Matching is by spelling, tolerant of Whisper's splits and near-misses ("a tina" for "athena"):
the phrase (spaces removed) against every run of 1 to n+1 consecutive transcript words (n = the
phrase's words), best `difflib` ratio; the wake stands if it reaches `wake.verify_similarity`.
"""

from __future__ import annotations

import difflib

from bear.hearing.text import transcript_form

MARGIN_S = 0.3  # audio kept before the phrase's start (the spotter's alignment is rough)


def phrase_similarity(transcript: str, phrase: str) -> float:
    """How well `phrase` appears in `transcript`: 0..1 (1 = the phrase's letters exactly)."""
    target = transcript_form(phrase).replace(" ", "")
    words = transcript_form(transcript).split()
    if not target or not words:
        return 0.0
    n = len(transcript_form(phrase).split())
    best = 0.0
    for size in range(1, n + 2):
        for i in range(0, max(1, len(words) - size + 1)):
            best = max(best, difflib.SequenceMatcher(None, target, "".join(words[i:i + size])).ratio())
    return best


def whisper_check(model, audio) -> str:
    """Whisper's text for a short stretch of audio (int16), on the engine thread that owns `model`
    (a bear.hearing.whisper_engine.WhisperModel); its recogniser's buffer is used and forgotten."""
    rec = model.recognizer
    rec.start()
    rec.accept(audio)
    return rec.final().text


class WhisperVerifier:
    """Re-checks the spotter's candidates with the Whisper model the bear transcribes with (its
    "stt" engine thread; the listener is idle while it waits for a wake, so the recogniser is free)."""

    kind = "whisper"
    score_name = "similarity"
    before_s = MARGIN_S  # audio wanted before the phrase's start
    pad = False

    def __init__(self, registry, model: str, phrase: str, min_similarity: float):
        self.registry, self.model, self.phrase, self.min_similarity = registry, model, phrase, min_similarity
        self.rejected = 0

    async def check(self, audio) -> tuple[bool, float]:
        """(the wake stands, the phrase's similarity to what Whisper heard)."""
        text = await self.registry.run(self.model, whisper_check, audio)
        similarity = phrase_similarity(text, self.phrase)
        ok = similarity >= self.min_similarity
        self.rejected += not ok
        return ok, similarity
