"""Answers to children's questions from the curated knowledge base (`content/knowledge/*.toml`).

Each entry has several phrasings of one question, a short answer (checked against its own notes
and cited source by a test), and an id `<topic>.<slug>`. A question is matched by meaning as far
as a small model can: the canonical spoken form's hashed word and character n-grams
(`bear.text_features`, as the understanding classifier) weighted by IDF over all phrasings,
cosine similarity against every phrasing through an inverted index (under a millisecond, numpy). Below
`MIN_SCORE` the bear does not guess: it says honestly that it does not know (a wrong match
would be a made-up fact). Besides the similarity, the question's own words must be in the entry
(two thirds of them in one phrasing, or all in its phrasings when the similarity is high; a
near-miss spelling counts); an amount ("how many") or a question about the bear or the child
("your favourite", "my dog called") needs an entry asked that way; a question with no words of
its own, or about "them" when nobody said who, needs a near-exact phrasing; and two different
answers too close to call give none.

The index is built offline (`scripts/build_knowledge_index.py`, `bear.talk.knowledge_index`) and
memory-mapped on the first question (~10 MB besides numpy, ~60 ms; building it from the TOML took
~45 MB and ~2 s).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bear.talk.knowledge_query import asked, core_question, normal_form  # noqa: F401 (core_question: for callers)
from bear.talk.knowledge_words import (DOES_A, STOP, _close, _content, _sound, plural,
                                       singular)
from bear.text_features import featurize

DIM = 1 << 18
MIN_SCORE = 0.3  # cosine similarity below which the bear says it does not know
BARE_SCORE = 0.8  # ... the similarity needed when the question has no words of its own ("what is it")
ONE_WORD_SCORE = 0.45  # ... and when it has only one word of its own
MARGIN = 0.02  # ... or when two different answers are this close (it cannot tell which was meant)
TRIMMED_SCORE = 0.75  # ... the similarity needed for the question asked without its last clause (`trimmed`)
MIN_COVERAGE = 0.67  # ... and at least this share of the question's own words must be in one phrasing (not
# two of three: "can kangaroos walk backwards" is not "can kangaroos walk"), and none of those that no phrasing
# has is what other entries are about, or a word no entry has
LOOSE_SCORE = 0.5  # ... or, this similar, every one of them in some phrasing of the entry ("why do bears
# hibernate in winter" against "why do bears sleep all winter" and "do bears hibernate")
COMMON = 5  # a short word in this many phrasings is never a mishearing of another ("hot" is not "hit")
TOP = 24  # the most similar entries whose words are checked
COVERAGE_WEIGHT = 0.15  # a close call goes to the entry whose phrasings have more of the question's words
WH_WEIGHT = 0.03  # ... and to one asked with the same question word ("why did they build them", not "how")



# "how many stars are there" is not answered by an entry that only says what stars are: a question
# for an amount needs an entry asked that way too
# "what's your favourite food" asks the bear, not about mice and cheese, and "what's my dog called" what
# the child told it: only an entry asked that way answers them
ABOUT_YOU = re.compile(r"\b(your favourite|do you (like|love|eat|have)|are you|my name|my \w+ called"
                       r"|what did i call)\b")
AMOUNT = re.compile(r"\bhow (many|much|old|far|long|big|tall|hot|cold|fast|heavy|deep|high|small)\b")
UNSAID = re.compile(r"\b(they|them|their|those|these|he|she|his|him|her)\b|\bit$"
                    r"|\b(?:does|did|do|can|could|will|would|has|was) it\b")  # "what does it mean"
IS_IT = re.compile(r"\b(?:is|was|are|were) (?:it|they)$")  # "how big is it": what "it" is was not said


# people a question mentions on the way ("why do onions make my dad cry"): not what it is about
NOT_ANOTHER = frozenset("mum dad grandma grandpa brother sister baby friend teacher family person".split())


@dataclass(frozen=True)
class Entry:
    """One knowledge entry: its question phrasings, answer, source and subject."""

    id: str
    questions: tuple[str, ...]
    answer: str
    source: str
    subject: str  # what the entry is about, for follow-ups ("panda" for animals.panda-bamboo)
    deeper: str = ""  # the answer to "but why?" just after the answer, when the entry has one


@dataclass(frozen=True)
class Answer:
    """The entry found for a question, its score and what was looked up."""

    entry: Entry
    score: float
    query: str  # what was looked up (a follow-up's pronoun replaced by the topic)


# words an id may start with that say what is asked, not what it is about ("space.biggest-planet")
NOT_SUBJECTS = frozenset("biggest smallest tallest fastest slowest longest oldest loudest hottest coldest first "
                         "why what how when where who baby babies many much long far old tall big deep heavy high "
                         "do does is are can the a an in on of".split())

# a word an entry lacks that narrows the question: "was t rex the biggest meat eater" is not "was t rex a meat eater"
NARROWING = frozenset(w for w in NOT_SUBJECTS if w.endswith("est")) | {"first", "baby", "babies"}


def _unsaid(query: str) -> bool:
    """True when the question is about "them" or "it" and nobody said who ("what do they eat", "how
    big is it"): not "where does my food go when i swallow it", where the food was said before it."""
    m = UNSAID.search(query)
    return m is not None and (not _content(query[:m.start()]) or bool(IS_IT.search(query)))


def _subject(entry_id: str, given: str = "") -> str:
    """What an entry is about: its `subject` if the data says, else the first id word that names a thing,
    else its topic ("dinosaurs.what-is" is about a dinosaur, not "what": "did they lay eggs" follows it)."""
    topic, _, slug = entry_id.partition(".")
    words = slug.split("-")
    return given or next((w for w in words if w not in NOT_SUBJECTS), singular(topic))


def load_entries() -> list[Entry]:
    """Every entry of content/knowledge/*.toml, the hand-written ones first, then those made from the
    animals' facet tables (`bear.talk.knowledge_facets`)."""
    return list(_load_entries())


@lru_cache(maxsize=1)
def _load_entries() -> tuple[Entry, ...]:
    from bear.talk.knowledge_facets import facet_entries

    entries: list[Entry] = []
    folder = resources.files("bear.talk").joinpath("content/knowledge")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".toml"):
            continue
        data = tomllib.loads(item.read_text(encoding="utf-8"))
        for e in data.get("entry", []):
            entries.append(Entry(e["id"], tuple(e["questions"]), e["answer"], e.get("source", ""),
                                 _subject(e["id"], e.get("subject", "")), e.get("deeper", "")))
    kb = Knowledge(entries)

    def answered_about(question: str, subject: str) -> bool:
        found = kb.search(question)
        return found is not None and singular(found.entry.subject) == singular(subject)

    return tuple(entries + facet_entries(entries, Entry, normal_form, answered_about))


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The knowledge base, loaded once per process (the prebuilt index, memory-mapped)."""
    return Knowledge()


def _tf(text: str) -> dict[int, float]:
    words = [w for w in text.split() if w not in STOP] or text.split()
    idx, tf = featurize(" ".join(words), DIM)
    return dict(zip(idx, tf))


def build_index(entries: list[Entry] | None = None) -> bytes:
    """The packed index of `entries` (default: every TOML entry, fingerprinted) for `Index`."""
    from bear.talk import knowledge_index

    if entries is None:
        return knowledge_index.build(load_entries(), normal_form, _tf, knowledge_index.fingerprint(), _counted)
    return knowledge_index.build(entries, normal_form, _tf, counted=_counted)


def _counted(entry: Entry) -> bool:
    """Whether an entry's phrasings count in how rare a word is (IDF): not the facets' templated ones, which
    would make "where do ... live" words look common and weaken every hand-written match."""
    return not entry.id.startswith("facets.")


class Knowledge:
    """Finds the entry whose question phrasings best match a question (weighted term overlap)."""

    def __init__(self, entries: list[Entry] | None = None):
        from bear.talk.knowledge_index import Index, load_file

        index = load_file() if entries is None else None
        if index is None:
            index = Index(build_index(entries))
        self._index = index
        records, index.records = index.records, []  # made into entries here; the dicts are not kept
        self._spoken = [tuple(r["spoken"]) for r in records]  # each entry's phrasings, canonical
        # From the file, an entry's questions are their canonical forms (load_entries() has them as written).
        self.entries = entries if entries is not None else [
            Entry(r["id"], forms, r["answer"], r["source"], r["subject"], r.get("deeper", ""))
            for r, forms in zip(records, self._spoken)]
        self._content: dict[int, list[tuple[str, ...]]] = {}  # entry -> its phrasings' content words (when needed)
        self._sounds: dict[str, str] | None = None  # how a phrasing word sounds -> the word (when first needed)
        self._groups: dict[str, set[str]] | None = None  # a subject -> the topics of its entries (when first needed)

    def _heard_as(self, query: str) -> str:
        """The query with a word no phrasing has replaced by the one it sounds like ("how long do
        elefants live" -> "elephants"), when exactly one word of the phrasings sounds like it."""
        if self._sounds is None:
            counts: Counter[str] = Counter()
            for forms in self._spoken:
                for f in forms:
                    counts.update(set(f.split()))
            vocab = {sys.intern(w) for w in counts}
            apart: set[str] = set()  # a word a phrasing says as two ("sun burn out"): those two, not joined
            for forms in self._spoken:
                for f in forms:
                    ws = f.split()
                    apart.update(f"{a} {b}" for a, b in zip(ws, ws[1:]) if a + b in vocab)
            sounds: dict[str, str] = {}
            for w in sorted(vocab):
                key = _sound(w)
                sounds[key] = "" if key in sounds and sounds[key] != w else w  # "" when two words sound alike
            self._sounds = {k: v for k, v in sounds.items() if v}
            self._vocab = vocab
            self._counts = counts
            self._apart = apart
        words = query.split()
        for i in range(len(words) - 1, 0, -1):  # "hedge hogs", "lady birds": one word said as two (not "sun burn
            joined = words[i - 1] + words[i]  # out", which a phrasing says as two words)
            if min(len(words[i - 1]), len(words[i])) >= 3 and joined in self._vocab \
                    and f"{words[i - 1]} {words[i]}" not in self._apart:
                words[i - 1:i + 1] = [joined]
        for i, w in enumerate(words):
            if len(w) >= 4 and w not in self._vocab:
                heard = self._sounds.get(_sound(w))
                if heard and heard[0] == w[0]:
                    words[i] = heard
        return " ".join(words)

    def _coverage(self, query: str, k: int) -> tuple[float, float, list[str]]:
        """The largest share of the query's content words found (or nearly) in one of entry k's
        phrasings, the share found in any of them, and the words none of them has."""
        words = _content(query)
        if not words:
            return 1.0, 1.0, []  # nothing but question words: the similarity alone decides
        if k not in self._content:
            self._content[k] = [tuple(map(sys.intern, _content(q))) for q in self._spoken[k]]
        # a short word many phrasings have is heard as another only as common: "is lightning hot" is not "hit"
        # (in one phrasing), "why is the see salty" is the sea, "is the son a star" the sun
        n = self._counts
        found = [[any(w == h or (_close(w, h) and (len(w) > 4 or n[w] < COMMON or n[h] * 4 >= n[w])) for h in have)
                  for w in words] for have in self._content[k]]
        anywhere = [any(f[i] for f in found) for i in range(len(words))]
        return (max(sum(f) for f in found) / len(words), sum(anywhere) / len(words),
                [w for w, f in zip(words, anywhere) if not f])

    def _another_subject(self, missing: list[str], k: int) -> bool:
        return any(w in NARROWING for w in missing) or self._about_another(missing, k)

    def _about_another(self, missing: list[str], k: int) -> bool:
        """True when a word the entry lacks is what other entries are about ("do trees talk to each
        other" is not "do animals talk to each other", "why does my hair keep growing" not nails),
        unless the entry is about a kind of thing that word is ("how do ants talk to each other":
        animals talk)."""
        if self._groups is None:
            groups: dict[str, set[str]] = {}
            for e in self.entries:
                groups.setdefault(singular(e.subject), set()).add(e.id.split(".", 1)[0])
            self._groups = groups
        kind = singular(self.entries[k].subject)
        return any(w not in NOT_ANOTHER and self.is_subject(w) and not kind.startswith(w)
                   and not any(kind in g for g in self._groups.get(singular(w), ())) for w in missing)

    def _scores(self, query: str):
        """Each entry's best cosine similarity with the query (a numpy array)."""
        import numpy as np

        ix = self._index
        tf = _tf(query)
        feats = np.fromiter(tf, np.uint32, len(tf))
        pos = np.minimum(np.searchsorted(ix.features, feats), len(ix.features) - 1)
        known = ix.features[pos] == feats
        w = np.fromiter(tf.values(), np.float64, len(tf)) * np.where(known, ix.idf[pos], ix.default_idf)
        w /= np.sqrt(np.dot(w, w)) or 1.0
        pos, w = pos[known], w[known]
        scores = np.zeros(ix.n_rows + 1)
        if len(pos):
            lo, hi = ix.starts[pos].astype(np.int64), ix.starts[pos + 1].astype(np.int64)
            lengths = hi - lo
            take = np.repeat(lo - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
            scores[:-1] = np.bincount(ix.rows[take], weights=ix.weights[take] * np.repeat(w, lengths),
                                      minlength=ix.n_rows)
        return np.maximum.reduceat(scores, ix.entry_start[:-1].astype(np.int64))

    def search(self, question: str, *, topic: str | None = None,
               exclude: set[str] | frozenset[str] = frozenset()) -> Answer | None:
        """The best entry for `question` if it is a confident match, else None. `topic` replaces a
        pronoun in a follow-up ("what do they eat" after lions)."""
        query, said = asked(question, topic)
        answer = self._rank(query, exclude)
        if topic and not said and len(query.split()) <= 6 and singular(topic) not in map(singular, query.split()):
            # "how many hearts" after octopuses, "what do i need to learn" after "i want to be an astronaut":
            # asked about the topic when an entry about it answers that at least as well
            on_query = f"{query} {plural(topic) if ' ' not in topic else topic}"
            # an answer about the topic given already ("three hearts and eight arms") still beats another topic's
            on_topic = self._rank(on_query, exclude) or (self._rank(on_query, frozenset()) if exclude else None)
            if on_topic is not None and singular(topic) in on_topic.entry.id and (
                    answer is None or on_topic.score >= answer.score):
                answer = on_topic
        one = DOES_A.match(query) if answer is None else None
        if one and self.is_subject(one.group(2)) and singular(plural(one.group(2))) == one.group(2):
            # "what does a penguin eat", asked as children ask it most: "what do penguins eat"
            answer = self._rank(f"{one.group(1)} do {plural(one.group(2))} {query[one.end():]}", exclude)
        if answer is None and not said:
            # "why do cats purr when you stroke them", "what makes you happy bear": the question without its
            # last clause, its words of emphasis or the bear's name, when the bear is sure of that
            for shorter in trimmed(query):
                found = self._rank(shorter, exclude)
                if found is not None and found.score >= TRIMMED_SCORE:
                    return found
        return answer

    def _rank(self, query: str, exclude: set[str] | frozenset[str]) -> Answer | None:
        """The best entry for the (normalised) `query` if it is a confident match, else None."""
        import numpy as np

        query = self._heard_as(query)
        best = self._scores(query)
        order = np.argsort(-best, kind="stable")
        top = [(float(best[k]), int(k)) for k in order[:TOP + len(exclude)] if self.entries[k].id not in exclude][:TOP]
        # the question's own words must be in one of the entry's phrasings (similar letters are not enough);
        # among those, the one covering more of them wins a close call
        ranked = []
        asked = [m.group(0) for m in (AMOUNT.search(query), ABOUT_YOU.search(query)) if m]
        # nothing but question words ("what is it", "why") says what it is about only when it is nearly a phrasing
        # and so does one about "them" or "it" when nobody said what they are ("what do they eat")
        words = _content(query)
        wh = query.split()[0] if query.split()[0] in ("where", "who", "when") and not asked else None
        min_score = (BARE_SCORE if not words or _unsaid(query)
                     else ONE_WORD_SCORE if len(words) == 1 else MIN_SCORE)
        asked_wh = next((f"{w} " for w in ("why", "how", "what", "where", "when", "who")
                         if query.startswith(f"{w} ")), None)
        for s, k in top:
            if any(not any(a in q for q in self._spoken[k]) for a in asked):
                continue
            if wh and not any(wh in q for q in self._spoken[k]) and any(AMOUNT.search(q) for q in self._spoken[k]):
                continue  # "where do cats live" is not answered by "how long do cats live"
            if query.startswith("why ") and all(AMOUNT.search(q) for q in self._spoken[k]):
                continue  # "why should i brush my teeth" is not answered by "how long should i brush my teeth"
            cov, cov_all, missing = self._coverage(query, k)
            if s >= min_score and ((cov >= MIN_COVERAGE and not self._another_subject(missing, k))
                                   or (cov_all == 1.0 and s >= LOOSE_SCORE)):
                same_wh = asked_wh is not None and any(q.startswith(asked_wh) for q in self._spoken[k])
                ranked.append((s + COVERAGE_WEIGHT * cov + WH_WEIGHT * same_wh, s, k))
        ranked.sort(reverse=True)
        if not ranked:
            return None
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN \
                and self.entries[ranked[0][2]].answer != self.entries[ranked[1][2]].answer:
            return None
        _, score, k = ranked[0]
        return Answer(self.entries[k], round(score, 3), query)

    def is_subject(self, word: str) -> bool:
        """True when some entry is about `word` ("koalas", "volcano"), not merely mentions it."""
        if not hasattr(self, "_subjects"):
            self._subjects = {singular(e.subject) for e in self.entries}
        return len(word) > 2 and singular(word) in self._subjects

    def about(self, subject: str, exclude: set[str] | frozenset[str] = frozenset()) -> list[Entry]:
        """Entries about `subject` ("lion", "lions", "volcanoes", "space"): for "tell me about lions"
        and "tell me more". First those whose subject it is, then those whose id names it, then a
        whole topic ("space", "dinosaurs")."""
        s = singular(subject)
        names = {s} | ({ALSO_CALLED[s]} if s in ALSO_CALLED else set())
        first, named, topic = [], [], []
        for e in self.entries:
            if e.id in exclude:
                continue
            group, slug = e.id.split(".", 1)
            if singular(e.subject) in names:
                first.append(e)
            elif names & {singular(w) for w in slug.split("-")}:
                named.append(e)
            elif singular(group) in names:
                topic.append(e)
        return sorted(first, key=_generality) + named + topic


def _generality(e: Entry) -> int:
    """1 for an entry that answers a yes-or-no or a where-do-i-live question ("Not any that could erupt!",
    "No, we couldn't breathe there"), else 0: "tell me about volcanoes" starts with a fact that stands alone."""
    return 1 if re.match(r"(?:yes|no|not|nope|hardly|rarely|never|i can ?no?t|there are no)\b", e.answer.lower()) else 0


# a question's last clause ("... when you stroke them", "... with no water"), words of emphasis and the bear's name
CLAUSE = re.compile(r" (?:when|with|if|because|cos|coz|after|before|while|even though|so that|in the|on the|at the|"
                    r"for the|all the time|every day|at night)\b.*$")
EMPHASIS = re.compile(r"\b(?:all|really|so|actually|even|ever|very|just)\b ?")
VOCATIVE = re.compile(r" (?:bear|teddy|ted|mr bear|please)$")


def trimmed(query: str) -> list[str]:
    """Shorter forms of a question the knowledge base did not answer: without the bear's name, words of
    emphasis or its last clause; each still has at least three words."""
    out: list[str] = []
    for shorter in (VOCATIVE.sub("", query), EMPHASIS.sub("", query).strip(), CLAUSE.sub("", query)):
        shorter = " ".join(shorter.split())
        if shorter != query and len(shorter.split()) >= 3 and shorter not in out:
            out.append(shorter)
    return out


ALSO_CALLED = {"ocean": "sea", "sea": "ocean", "dino": "dinosaur", "planet": "space", "bug": "insect"}
