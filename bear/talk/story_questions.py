"""Questions about the story just told ("what happened to the straw house?", "who was in it?",
"why was she sad?"), answered from the story's own sentences, or honestly that it did not say."""

from __future__ import annotations

import re

# "what happens at the end", "and then what", "what happened next", "how does it end"
ENDING = re.compile(r"^(?:(?:and|so|but|then) )*(?:what (?:happens|happened|happen) (?:at the end|in the end|next|"
                    r"after that|then)|then what|what then|how does it end|how did it end|what is the end|"
                    r"what was the end|what happens after)$")
# "is that the end?" just after a story that ended
IS_END = re.compile(r"^(?:(?:and|so|oh|is it) )*(?:is|was) (?:that|it) (?:the end|the end of the story|finished|all)$")
ASKS = re.compile(r"^(?:why|what|how|where|who|whose|which|did|does|was|were|is|are)\b")
RECENT = 3  # turns after a story in which a question is about it
# words that say nothing about which part of the story is meant
PLAIN = frozenset("a an the and or of to in on at for with is are was were be do does did what why how where who which "
                  "when happen happens happened story it its they them their he she his her him that this there then "
                  "go goes went get got have has had make made say said end next after".split())


# "who was in the story", "who was it about", "what was the story about"
WHO_IN = re.compile(r"^(?:(?:and|so|but) )*(?:who (?:was|were|is|are) (?:in|on) (?:the|that|your) story|"
                    r"who (?:was|were|is|are) in (?:it|that)|who (?:was|is) (?:it|the story|that story|that) about|"
                    r"who (?:was|were|is|are) the (?:people|animals|characters|main character)"
                    r"(?: in (?:it|the story|that))?|what (?:was|is) (?:it|the story|that story|that) about)$")
# "what was the bear called", "what was the dragon's name", "what was she called", "what was her name"
NAME_OF = re.compile(r"^(?:(?:and|so|but) )*what (?:was|is|were) (?:the |that |his |her |their )?(?:little |big )?"
                     r"(?:([a-z]+?)(?: s)? (?:called|name)|(?:she|he|it|they) called|(?:her|his|its|their) names?)$")
# "why was she sad", "why did the fox feel cross": who, and the feeling (the story must say it)
WHY = re.compile(r"^why (?:was|were|is|did|does) (she|he|they|it|(?:the |little |baby )*[a-z]+(?: bear)?) "
                 r"(?:feel |feeling |so |very |really )*([a-z]+)$")
# words that start a sentence in a story and are no one's name
NOT_NAMES = frozenset("The A An One Once Every But When From Next At She He They It Then Everyone Slow So And Soon "
                      "In On Up Out Now All Some That This There His Her Their After Before Just Only Still Later "
                      "Even Today Tomorrow Yesterday Winter Summer Spring Autumn Buzzing Oh Yes No Hooray".split())


def characters(told: str) -> list[str]:
    """The story's named characters, in order ("Ember", "the Moon", "Stripy Sock")."""
    names: list[str] = []
    for m in re.finditer(r"(?:\b(the) )?\b([A-Z][a-z]+(?: [A-Z][a-z]+){0,3})\b", told):
        word = m.group(2)
        if word.split()[0] in NOT_NAMES or word.lower() in told.replace(word, "").lower():
            continue
        # a name is said inside a sentence too, or starts one as "Sammy the snail", "Ember was ..."
        inside = re.search(rf"[a-z,] (?:the )?{re.escape(word)}\b", told)
        if not inside and not re.match(r" (?:the|was|is|lived|and|had|loved|wanted)\b", told[m.end():]):
            continue
        if any(n.removeprefix("the ").startswith(word + " ") or n.endswith(" " + word) for n in names):
            continue  # "Stripy" after "Stripy Sock", "Crumb" after "Captain Crumb"
        name = f"the {word}" if m.group(1) else word
        if word not in {n.removeprefix("the ") for n in names}:
            names.append(name)
    return names


def _name_of(told: str, noun: str | None) -> str | None:
    """The name of the story's `noun` ("dragon" -> "Ember"), or its main character's name."""
    names = characters(told)
    if noun is None:
        return names[0] if names else None
    noun = re.escape(_stem(noun))
    for name in names:
        if re.search(rf"\b{noun}", name.lower()):
            return name  # "Little Fox" is what the fox was called
        n = re.escape(name)
        if re.search(rf"\b{n},? (?:the|was a|was an|was the|a|an) (?:[a-z]+ ){{0,2}}?{noun}\w*\b", told) or \
                re.search(rf"\b{noun}\w* (?:called|named) {n}\b", told):
            return name
    return None


def _about_the_story(told: str, sentences: list[str], canon: str) -> str | None:
    """Who was in the story, or what someone in it was called; None for other questions."""
    if WHO_IN.match(canon):
        names = characters(told)
        if not names:
            return f"Let me remember... {sentences[0]}"
        who = names[0] if len(names) == 1 else ", ".join(names[:-1][:3]) + f" and {names[-1]}"
        first = next((s for s in sentences if names[0].removeprefix("the ") in s), sentences[0])
        return f"In that story there was {who}. {first}"
    m = NAME_OF.match(canon)
    if m is None:
        return None
    noun = m.group(1) if m.group(1) not in ("her", "his", "its", "their", "she", "he", "it", "they") else None
    name = _name_of(told, noun)
    if name is None:
        return None
    said = f"{name[:1].upper()}{name[1:]}"
    who = (noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun) if noun else ""  # "dragons name"
    return f"{said}! The {who} was called {said} in the story." if who.isalpha() else \
        f"{said}! That was the name in the story."


# a story's past tenses that no suffix makes ("why did he run away": "he ran away")
PAST = {"ran": "run", "ate": "eat", "won": "win", "went": "go", "came": "come", "found": "find", "saw": "see",
        "hid": "hide", "flew": "fly", "swam": "swim", "fell": "fall", "took": "take", "sang": "sing", "gave": "give",
        "threw": "throw", "broke": "break", "woke": "wake", "sat": "sit", "lost": "lose", "caught": "catch",
        "brought": "bring", "thought": "think", "felt": "feel", "left": "leave", "built": "build", "drank": "drink"}
# "why?" just after an answer from the story: the why in that sentence, or what came before it
# a question in the past about someone or something of the story ("what did the fox have for dinner")
STORY_PAST = re.compile(r"^(?:what|where|who|how|which)(?: \w+){0,2} (?:did|was|were|had)\b|"
                        r"^(?:did|was|were) (?:the|he|she|they|it|his|her)\b")
# "what colour was she", "what size was the dragon": a thing the story may not say
ATTRIBUTE = re.compile(r"^(?:(?:and|so|but) )*what (colou?r|size|shape) (?:was|were|is|are) (she|he|it|they|the [a-z]+)"
                       r"(?: in the story)?$")
BARE_WHY = re.compile(r"^(?:(?:and|but|so|oh) )*why(?: (?:though|not|did (?:he|she|they|it)|was that))?$")


def _stem(word: str) -> str:
    word = PAST.get(word, word)
    for suffix in ("ing", "ed", "est", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):  # "dress" stays
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":  # "biggest" and "big" alike
        word = word[:-1]
    return word[:-1] if word.endswith("e") and len(word) > 3 else word  # "giggle" and "giggled" alike


def from_the_story(session, canon: str) -> str | None:
    """The answer to a question about the story just told, from its own sentences, or None when
    the line is not one (or the story does not say)."""
    told, at = session.last_story
    if not told or session.turns - at > RECENT:
        return None
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", told) if s and not s.startswith("The end")]
    if ENDING.match(canon) and (session.pending or {}).get("kind") == "story_choice":  # not told yet: the child chooses
        return "What happens next is up to you!"
    if ENDING.match(canon):
        return f"Here's how it ends: {sentences[-1]} The end!"
    if IS_END.match(canon) and "The end" in session.last_reply:
        return "Yes, that was the end! Did you like it?"
    said = session.last_reply.removeprefix("Let me remember... ")
    if BARE_WHY.match(canon) and said != session.last_reply:
        because = re.search(r"\bbecause (.+)$", said)
        if because:
            return f"Because {because.group(1)}"
        before = [s for s, nxt in zip(sentences, sentences[1:]) if said.startswith(nxt)]
        return f"Let me remember... {before[0]}" if before else "Hmm, the story didn't say! What do you think?"
    if not ASKS.match(canon):
        return None
    about = _about_the_story(told, sentences, canon)
    if about is not None:
        return about
    attr = ATTRIBUTE.match(canon)
    if attr and (attr.group(2) in ("she", "he", "it", "they") or re.search(rf"\b{_stem(attr.group(2).split()[-1])}",
                                                                            told.lower())):
        what, who = attr.group(1), attr.group(2)
        if not re.search(rf"\b{what}\b", told.lower()):  # "what colour was she": it did not say, ask back
            was = "were" if who in ("they",) or who.endswith("s") and who.startswith("the ") else "was"
            return f"Hmm, the story didn't say what {what} {who} {was}! What {what} do you think?"
    asked = {_stem(w) for w in canon.split() if w not in PLAIN and len(w) > 2}
    if not asked:
        return None
    why = WHY.match(canon)
    if why:  # "why was she sad": a sentence that says "sad", else honestly that the story did not say
        feeling = _stem(why.group(2))
        said = [x for x in sentences if feeling in {_stem(w) for w in re.findall(r"[a-z]+", x.lower())}]
        names = {w.lower() for n in characters(told) for w in n.split()}
        if not said and (why.group(1) in ("she", "he", "they", "it") or set(why.group(1).split()) & names):
            return "Hmm, the story didn't say! What do you think?"
    later = bool(re.search(r"\bhappen", canon))  # "what happened to the straw house": what came of it
    scored = []
    for i, sentence in enumerate(sentences):
        have = {_stem(w) for w in re.findall(r"[a-z]+", sentence.lower())}
        scored.append((len(asked & have), i if later else -i, sentence))
    found, at, sentence = max(scored)
    if found < min(2, len(asked)):  # both of "straw house", or the one word asked about
        told_words = {_stem(w) for w in re.findall(r"[a-z]+", told.lower())}
        if STORY_PAST.match(canon) and asked & told_words:  # "what colour was the train": it did not say
            return "Hmm, the story didn't say! What do you think?"
        return None
    i = abs(at)
    if canon.startswith("why ") and i > 0 and not re.search(r"\b(because|so|as)\b", sentence):
        sentence = f"{sentences[i - 1]} {sentence}"  # "why was she sad": what came before it is the why
    return f"Let me remember... {sentence}"
