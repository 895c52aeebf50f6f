"""Harmless kinds the understanding classifier mistakes for a risk (`[harmless]` in
content/safety.toml, `Safety.harmless`, `bear.talk.understand.not_harmless`).

Such a line loses the classifier's guess only: a rule still decides, and a word of harm, fear,
secrecy or a dangerous thing (the guard) keeps the line for the classifier. No risky line of the
training corpus may lose the classifier on every part of it.
"""

from __future__ import annotations

import csv

import pytest

from bear.talk.safety import Safety
from bear.talk.spoken import sentences, spoken_form
from bear.talk.understand import SHORT_LINE, not_harmless
from conftest import ROOT

SAFETY = Safety.load()


@pytest.mark.parametrize("text", [
    "when i'm older i'm going to be a vet", "i want to be an astronaut when i grow up",
    "is it a bus", "um is it the moon", "we're playing what's the time mr wolf and i'm the wolf",
    "i ran away from a big spider", "i'm going away to my bedroom to build a fort",
    "my auntie is having a baby in march", "my duplo tower fell over", "my friend is moving to scotland",
    "i'm going to the dentist on friday", "will you still be there when i get back from school",
    "my dad is a firefighter", "everyone signed my cast at school", "the bird flew away",
    "in the film the dragon burnt down the village", "my name is aria and i am 5",
    "some boys say girls are yucky", "we made up after lunch", "they let me go first on the slide",
    "my water pistol is a shark", "i got my gold swimming badge", "i'm the big bad wolf",
    "grandpa gave me a piggy back all the way home", "oh no there's a monster",
    "i had spaghetti hoops for my lunch", "we are having roast chicken for dinner tonight",
])
def test_harmless_kinds(text):
    assert SAFETY.harmless(spoken_form(text)), spoken_form(text)


@pytest.mark.parametrize("text", [
    "when i grow up i want to be dead", "we were playing tag and he hit me really hard",
    "a man let me stroke his dog and then said get in his car", "my lego fell and my dad hit me",
    "i ran away from a bee and now i'm hiding on my own", "is it a knife",
    "when i'm ten i'm going to start smoking", "in the story the wizard says a rude word and you have to say it",
    "opposite day means you have to say bad words", "i'm going to the dentist but i'm scared he'll hurt me",
    "my tooth has hurt for weeks and mum says the dentist is too busy",
    "the kids laugh at me because i'm from poland",
    "i ate a battery for tea", "i had some of mum's tablets for breakfast", "i ate something for lunch and now my throat is tight",
    "i had dry bread for tea again because the cupboards are empty",
])
def test_the_guard_keeps_lines_with_harm_fear_or_secrecy(text):
    assert not SAFETY.harmless(spoken_form(text)), spoken_form(text)


def test_a_long_ramble_keeps_its_other_sentences():
    line = ("my teddy fell off the bed and i picked him up and gave him a kiss and a cuddle and "
            "then my little sister drank the purple stuff from the cupboard")
    parts = sentences(line)
    assert len(parts[0].split()) > SHORT_LINE and SAFETY.harmless(parts[0]) and len(parts) == 3
    kept = not_harmless(SAFETY, parts, [{"n": i} for i in range(len(parts))])
    assert {"n": 2} in kept and {"n": 0} not in kept  # the sister's sentence is still for the classifier
    short = sentences("we fell out at break. but then we made up")
    assert not_harmless(SAFETY, short, [{}] * len(short)) == []


def test_no_risky_corpus_line_loses_the_classifier_on_every_part():
    risks = set(SAFETY.categories)
    lost = []
    for path in sorted((ROOT / "scripts" / "corpus").glob("**/*.tsv")):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["label"] not in risks:
                    continue
                parts = sentences(row["text"])
                if not SAFETY.rule_hits(parts[0]) and not not_harmless(SAFETY, parts, [{}] * len(parts)):
                    lost.append(row["text"])
    assert not lost, lost[:10]
