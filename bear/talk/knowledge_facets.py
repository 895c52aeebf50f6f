"""Knowledge entries made from a compact table per animal (`content/knowledge/animal_facets.toml`):
one sentence per FACET (what it eats, where it lives, how big, colour, babies, sound, how it
moves, whether it bites, how long it lives, how fast, what is special), asked the ways children ask
it (`FACETS`), so that a follow-up about any of them is answered ("what colour are they" after
"tell me about pandas" is "what colour are pandas").

A phrasing the hand-written entries already answer about the same animal is left out (theirs is
the answer; two answers to one question would be too close to call), and so is one the
hand-written entries have word for word. Used only when the index is built (or rebuilt).

Each animal has `notes` (its facts as the source states them) and `more` (the everyday comparisons the
answers use: "as heavy as a bag of sugar" for about a kilogram), which together are the notes every one
of its answers is checked against (numbers also in words)."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

FILE = "animal_facets.toml"

# facet -> the ways children ask it ({s}: one animal, {p}: many). The last is a near-paraphrase of one
# before it (the knowledge test holds each entry's last phrasing out and asks it).
FACETS: dict[str, tuple[str, ...]] = {
    "eat": ("what do {p} eat", "what does a {s} eat", "what food do {p} like", "what do {p} have for dinner",
            "what do {p} like to eat"),
    "home": ("where do {p} live", "where does a {s} live", "where do {p} come from", "where can you find {p}",
             "where do {p} sleep", "what is a {s} home like", "where does a {s} come from"),
    "size": ("how big do {p} get", "how big is a {s}", "how big are {p}", "how heavy is a {s}", "what do {p} weigh",
             "how much does a {s} weigh", "how tall are {p}", "how long are {p}", "how heavy are {p}"),
    "colour": ("what colour are {p}", "what colour is a {s}", "what colours can {p} be", "what do {p} look like",
               "what colour are {p} fur", "what colour do {p} come in"),
    "baby": ("what is a baby {s} called", "what are baby {p} called", "how do {p} have babies",
             "how many babies do {p} have", "what do you call a baby {s}"),
    "sound": ("what sound does a {s} make", "what noise do {p} make", "what do {p} say", "do {p} make a sound",
              "what sound do {p} make"),
    "moves": ("can {p} climb trees", "can {p} swim", "how do {p} move", "can {p} jump", "can {p} climb",
              "can a {s} swim"),
    "danger": ("do {p} bite", "are {p} dangerous", "can a {s} hurt you", "are {p} friendly", "are {p} nice",
               "do {p} hurt people", "is a {s} dangerous"),
    "life": ("how long do {p} live", "how old do {p} get", "how long does a {s} live", "how old can a {s} be",
             "how long can {p} live"),
    "speed": ("how fast are {p}", "how fast can a {s} go", "are {p} fast", "how fast can {p} run", "how fast is a {s}"),
    "special": ("what else can {p} do", "what is special about {p}", "what are {p} good at", "what can {p} do",
                "tell me something amazing about {p}", "what else can a {s} do"),
}


def _worded(notes: str) -> str:
    """The notes with each number also in words ("10 to 15 years" -> "... 10 (ten) to 15 (fifteen) years"),
    as an answer says it."""
    from bear.talk.number_words import number_words

    return re.sub(r"\b\d[\d,]*\b", lambda m: f"{m.group(0)} ({number_words(int(m.group(0).replace(',', '')))})",
                  notes)


def facet_records() -> list[dict]:
    """Every facet of every animal as a knowledge record (id, questions, answer, notes, source),
    before the phrasings the hand-written entries answer are left out."""
    text = resources.files("bear.talk").joinpath(f"content/knowledge/{FILE}").read_text(encoding="utf-8")
    records = []
    for animal in tomllib.loads(text).get("animal", []):
        one, many = animal["name"]
        key = one.replace(" ", "")
        extra = animal.get("ask", {})
        notes = _worded(" ".join(n for n in (animal["notes"], animal.get("more", "")) if n))
        for facet, templates in FACETS.items():
            if facet not in animal:
                continue
            asked = [t.format(s=one, p=many) for t in templates]
            own = list(extra.get(facet, ()))
            records.append({"id": f"facets.{key}-{facet}", "questions": own + asked, "answer": animal[facet],
                            "notes": notes, "source": animal["source"], "subject": key})
    return records


def facet_entries(written: list, entry_type, normal, answered_about) -> list:
    """The facet entries (`entry_type`, as `bear.talk.knowledge.Entry`) for the hand-written entries
    `written`: each without the phrasings they already answer about its animal
    (`answered_about(phrasing, subject)`: a hand-written entry about that subject answers it), and
    without one they have word for word (`normal` makes a phrasing canonical)."""
    have = {normal(q) for e in written for q in e.questions}
    entries = []
    for r in facet_records():
        keep = []
        for q in r["questions"]:
            form = normal(q)
            if form in have:
                continue
            if answered_about(q, r["subject"]):
                continue  # the hand-written entry about this animal answers it
            have.add(form)
            keep.append(q)
        if len(keep) >= 3:
            entries.append(entry_type(r["id"], tuple(keep), r["answer"], r["source"], r["subject"]))
    return entries
