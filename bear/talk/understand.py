"""Understanding what the child said: is it risky (and how), and what do they want.

Deterministic and on the device. The line is put in its canonical spoken form
(`bear.talk.spoken`); then
1. the safety layer's precise rules (`content/safety.toml`) look at the whole line;
2. the trained classifier (`models/understanding`, int8 ONNX, ~4 MB; on its own engine thread)
   scores the whole line and each of its sentences over the risk categories and the intents;
3. a sentence of a harmless kind the classifier is known to mistake for a risk (the [harmless]
   patterns of `content/safety.toml`, unless a word of harm, fear or secrecy is there too: "when
   i grow up i'm going to be a paramedic", "is it a car?") loses the classifier's guess; a whole
   line of such a kind loses it on every sentence (rules still apply);
4. a risk is decided: any rule that fired, or a sentence whose probability mass on the flagged
   categories (emergency, self-harm, abuse, bullying, strangers, running away) reaches the
   model's `flag_threshold`, or on the other risk categories its `risk_threshold`. When several
   apply, a flagged category wins over the others (a disclosure is never answered as "personal
   data"), then rules over the model;
   A danger the child says is happening now or about to ("i'm using it on my arm now") becomes
   the category's `escalate` (`danger_now`: "stop and get a grown-up right now", urgent flag);
5. the intent is the classifier's best intent for the whole line, with its probability.

Without the classifier (missing or corrupt model: `event=understanding_unavailable`) the rules
still decide risk and the conversation engine falls back to its own patterns for intents.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from bear.talk.spoken import sentences, spoken_form

log = logging.getLogger(__name__)

MODEL = "understanding"
SHORT_LINE = 20  # words: a harmless whole line this short speaks for all its sentences


@dataclass(frozen=True)
class Understanding:
    """What a child's line is about: intent, risk category, whether to flag it for the parent."""

    text: str  # the whole line in canonical spoken form
    risk: str | None = None  # the risk category, or None
    flag: bool = False  # store a safety flag for the parent
    urgent: bool = False  # ... and tell the parent at once
    intent: str | None = None  # the classifier's intent (None without the classifier)
    confidence: float = 0.0  # its probability
    source: str = ""  # what decided the risk: "rule" | "model" | "garbage"
    scores: dict[str, float] = field(default_factory=dict)  # the best few labels of the whole line
    concern: float = 0.0  # the classifier's most of a (not harmless) part's mass on the flagged categories
    ms: float = 0.0


class UnderstandingModel:
    """The classifier (loaded lazily on its engine thread through the model registry)."""

    def __init__(self, folder: Path):
        from bear.models.onnx import onnx_session

        self.session = onnx_session(Path(folder) / "understanding.onnx")
        meta = self.session.get_modelmeta().custom_metadata_map
        self.labels: list[str] = meta["labels"].split(",")
        self.risk_labels = set(meta["risk_labels"].split(","))
        self.dim = int(meta["dim"])
        self.risk_threshold = float(meta["risk_threshold"])
        self.flag_threshold = float(meta.get("flag_threshold", meta["risk_threshold"]))

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        """Label probabilities of each (canonical) text."""
        import numpy as np

        from bear.text_features import featurize

        out = []
        for text in texts:
            idx, tf = featurize(text, self.dim)
            if not idx:
                out.append({})
                continue
            p = self.session.run(None, {"indices": np.asarray(idx, np.int64), "tf": np.asarray(tf, np.float32)})[0]
            out.append({lab: float(v) for lab, v in zip(self.labels, p)})
        return out


def register(registry) -> None:
    """Declare the understanding model in the registry (nothing loads yet)."""
    registry.register(MODEL, UnderstandingModel, thread="understanding")


class Understander:
    """Understands a child's line: the safety rules and the understanding model together."""

    def __init__(self, safety, registry=None):
        self.safety = safety
        self.registry = registry
        self._warned = False

    async def _model_scores(self, parts: list[str]) -> tuple[list[dict[str, float]], object | None]:
        if self.registry is None:
            return [], None
        from bear.models.manifest import ModelUnavailable

        try:
            return await self.registry.run(MODEL, lambda m: (m.scores(parts), m))
        except ModelUnavailable as exc:
            if not self._warned:
                self._warned = True
                log.error("event=understanding_unavailable reason=%r (the safety rules still apply)", str(exc))
            return [], None

    async def understand(self, raw: str) -> Understanding:
        """Understand one line (never raises: without the model, the rules alone)."""
        t0 = time.perf_counter()
        if self.safety.is_garbage(raw):
            return Understanding(spoken_form(raw), "garbage", source="garbage")
        parts = sentences(raw)
        whole = parts[0]
        fired = self.safety.rule_hits(whole)
        scored, model = await self._model_scores(parts)
        risk, concern = None, 0.0
        if model is not None:
            # a rule's category the classifier does not know ("weapon_seen") is flagged all the same
            flagged = {c for c in set(model.risk_labels) | set(fired) if self.safety.category(c).flag}
            risky = not_harmless(self.safety, parts, scored)
            risk = decide_risk(fired, risky, model.risk_labels, flagged, model.flag_threshold, model.risk_threshold)
            concern = max((sum(v for k, v in probs.items() if k in flagged) for probs in risky), default=0.0)
        elif fired:
            risk = decide_risk(fired, [], set(), {c for c in fired if self.safety.category(c).flag}, 1.0, 1.0)
        intent, confidence, top = None, 0.0, {}
        if scored and scored[0]:
            probs = scored[0]
            top = dict(sorted(probs.items(), key=lambda kv: -kv[1])[:4])
            intents = {k: v for k, v in probs.items() if k not in model.risk_labels}
            total = sum(intents.values()) or 1.0
            intent = max(intents, key=intents.get)
            confidence = intents[intent] / total
        flag = urgent = False
        decided_by_rule = risk is not None and risk in fired
        if risk == "personal_data" and not decided_by_rule and is_counting(raw):
            risk, intent, confidence = None, "counting_game", 1.0  # "one, two, three ... ten!" is no phone number
        if risk is not None:
            risk = self.safety.escalated(risk, whole)
            cat = self.safety.category(risk)
            flag, urgent = cat.flag or cat.about_to_here(whole), cat.urgent
        return Understanding(whole, risk, flag, urgent, intent, round(confidence, 4),
                             "rule" if decided_by_rule else "model" if risk else "",
                             {k: round(v, 4) for k, v in top.items()}, round(concern, 4),
                             (time.perf_counter() - t0) * 1000)


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_ABOUT_ME = re.compile(r"\b(number|phone|mobile|call|ring|address|live|lives|street|road|house|code|password|pin)\b")


def is_counting(raw: str) -> bool:
    """A child counting aloud: at least four numbers (three when they are the whole line: "one two
    three"), each one more (or one less) than the one before, making up most of the line, and no word
    about a phone, an address or a code."""
    words = re.findall(r"[a-z]+|\d+", raw.lower())
    numbers = [int(w) if w.isdigit() else _NUMBER_WORDS.get(w) for w in words]
    values = [n for n in numbers if n is not None]
    if len(values) < (3 if len(values) == len(words) else 4) or 2 * len(values) < len(words) \
            or _ABOUT_ME.search(raw.lower()):
        return False
    steps = {b - a for a, b in zip(values, values[1:])}
    return steps in ({1}, {-1})


def not_harmless(safety, parts: list[str], scored: list[dict[str, float]]) -> list[dict[str, float]]:
    """The classifier's scores of the parts (the whole line first, then its sentences) that may
    carry a risk: a sentence of a harmless kind (`Safety.harmless`) carries none, and neither
    does any part of a whole line of a harmless kind ("nobody sat with me cos i was late but then
    mia came and sat down") unless it is a long ramble, where each sentence speaks for itself
    ("my teddy fell in the toilet ... and then my sister drank the purple stuff")."""
    if parts and safety.harmless(parts[0]) and len(parts[0].split()) <= SHORT_LINE:
        return []
    return [s for p, s in zip(parts, scored) if not safety.harmless(p)]


def decide_risk(fired: list[str], scored: list[dict[str, float]], risk_labels: set[str], flagged: set[str],
                flag_threshold: float, risk_threshold: float) -> str | None:
    """The risk of a line: `fired` rule categories (in priority order) and the classifier's label
    probabilities for the whole line and each sentence. A sentence is risky when its mass on the
    flagged categories reaches `flag_threshold` (its best flagged category) or its mass on the
    others reaches `risk_threshold`. Flagged categories win (rules first), then the rest."""
    from_model = []
    for probs in scored:
        risky = {k: v for k, v in probs.items() if k in risk_labels}
        if not risky:
            continue
        if sum(v for k, v in risky.items() if k in flagged) >= flag_threshold:
            from_model.append(max((k for k in risky if k in flagged), key=risky.get))
        elif sum(v for k, v in risky.items() if k not in flagged) >= risk_threshold:
            from_model.append(max((k for k in risky if k not in flagged), key=risky.get))
    for candidates in ([c for c in fired if c in flagged], [c for c in from_model if c in flagged], fired, from_model):
        if candidates:
            return candidates[0]
    return None
