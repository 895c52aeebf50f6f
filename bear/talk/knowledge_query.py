"""How a question is looked up: the child's words made into the knowledge base's question, with a
follow-up's pronoun or ellipsis filled from the topic ("what do they eat" after lions, "are there any in
england" after volcanoes, "which one is the biggest" after dinosaurs)."""

from __future__ import annotations

import re

from bear.talk.knowledge_words import SAME_MEANING, SYNONYMS, plural, singular
from bear.talk.spoken import spoken_form

# what a child says around a question ("teddy do you know why the sky is blue", "tell me how bees make
# honey"). Two questions run together are not split: "what's a joint and how do you roll it" is one line.
ASKED_AROUND = re.compile(r"^(?:(?:hey|hi|ok|okay|so|and|um|erm|well|teddy|please) )*(?:(?:do|did) you know|"
                          r"can you tell me|could you tell me|will you tell me|tell me|i want to know|"
                          r"i would like to know|i wonder|i was wondering) (?=(?:why|what|how|where|when|who|which) )")


# "tell me the colours of the rainbow", "can you name the planets in space": a question put as a request
NAME_THE = re.compile(r"^(?:(?:hey|hi|ok|okay|so|and|um|erm|well|teddy|please) )*(?:can you |could you |will you )?"
                      r"(?:tell me|name|say|list)(?: me)? (?:all )?(?P<rest>the [a-z]+ (?:of|in|on) [a-z ]+)$")


def core_question(canon: str) -> str:
    """The question itself in a canonical line: "do you know why the sky is blue" -> "why the sky is blue",
    "tell me the colours of the rainbow" -> "what are the colours of the rainbow"."""
    m = NAME_THE.match(canon)
    if m is not None:
        return f"what are {m.group('rest')}"
    return ASKED_AROUND.sub("", canon)


def normal_form(text: str) -> str:
    """The canonical spoken form in the knowledge base's words ("what color is it" -> "what colour is it")."""
    return SAME_MEANING.sub(lambda m: SYNONYMS[m.group(1)], spoken_form(text))


# a question's first word as heard ("wear does rain come from", "y do cats purr")
FIRST_WORD = {"wear": "where", "ware": "where", "y": "why", "wy": "why", "wat": "what", "wot": "what"}
WHICH_ONE = re.compile(r"^which (?:ones?|1)\b")  # "one" is "1" in the spoken form
# "the smallest one" after planets, "the first one" after the days of the week (the first day)
THE_EST_ONE = re.compile(r"\b(?:the )?(\w{3,}est|first) (?:ones?|1)\b")
GO_THERE = re.compile(r"\b(go|get|fly|travel|live|visit|walk|swim|been|gone|landed) there\b")
ANY_THERE = re.compile(r"\b(are|is|were|was) there any(?= (?:in|on|at|near|here|where)\b|$)")
# "which one is the hottest" after space, "and which one do we live on" after jupiter: a planet
ONE_OF = {"space": "planet", **{p: "planet" for p in ("mercury", "venus", "earth", "mars", "jupiter", "saturn",
                                                      "uranus", "neptune", "planets")}}
# "does it rain", "will it snow": that "it" is the weather, nobody said before
PRONOUNS = re.compile(r"\b(they|them|their|it|its|he|she|him|his|her|those|these)\b"
                      r"(?<!\bit(?= (?:rain|rains|snow|snows|hail|hails|thunder|get dark|gets dark|get cold|"
                      r"gets cold)\b))")


def asked(question: str, topic: str | None) -> tuple[str, re.Match | None]:
    """The query for `question` in the knowledge base's words, and the pronoun the topic replaced, if any."""
    query = normal_form(core_question(spoken_form(question)))
    query = re.sub(r"(?<=\w) (?:then|though|anyway|too|as well|also)$", "", query)  # "how do they sleep then"
    query = re.sub(r"^then (?=(?:why|what|how|where|when|who|which|do|does|is|are|can)\b)", "", query)  # "then why ..."
    # "what's it called when they sleep all winter": that "it" is nobody ("they" may be the topic)
    query = re.sub(r"^what is it called (?=when |if )", "what is called ", query)
    first, _, rest = query.partition(" ")
    if first in FIRST_WORD and rest:
        query = f"{FIRST_WORD[first]} {rest}"
    # "how do they make juice": "they" are people in general ("you"), not someone the child did not name
    query = re.sub(r"^how (do|did|can) they (?=(?:make|get|build|grow|put|find|keep|do)\b)", r"how \1 you ",
                   query)
    # "and why did they build them" after the pyramids: "they" are the people who did, "them" the topic
    query = re.sub(r"^(?:(?:and|so|but) )?(why|when|where|how) (do|did|can|could) they (?=(?:make|build|made|built|"
                   r"dig|paint|carve|put) (?:them|it)$)", r"\1 \2 you ", query)
    # "did t rex eat people / me": people are what it is about (a "yes, it ate meat" would be a false fact)
    query = re.sub(r"\b(eat|hunt|attack) (?:people|a person|persons|kids|children|me|us)\b", r"\1 humans", query)
    # "how many of them are vowels" after the alphabet: how many vowels there are (the topic is not the answer)
    query, counted = re.subn(r"^how many (?:of (?:them|those|these|the letters|the planets) )?(?:are|is) ([a-z]+)$",
                             r"how many \1 are there", query)
    if topic:  # "which one is the biggest" after dinosaurs, "can we go there" after the moon
        # "what are the baby ones called" after sheep: babies of the topic
        query = re.sub(r"\b(baby|little|big|grown up) ones\b", rf"\1 {plural(topic)}", query, count=1)
        query = WHICH_ONE.sub(f"which {ONE_OF.get(topic, topic)}", query, count=1)
        query = THE_EST_ONE.sub(rf"the \1 {topic}", query, count=1)
        query = GO_THERE.sub(rf"\1 to the {topic}", query, count=1)
        # "will a new one grow" after a lost tooth: a new tooth
        query = re.sub(r"\b(a|the|another) (new|big|little|other|baby|grown up|real) (?:one|1)\b",
                       rf"\1 \2 {singular(topic)}", query, count=1)
        # "is there one near me" after volcanoes: a volcano near me
        query = re.sub(r"\bis there (?:one|1)\b", f"is there a {singular(topic)}", query, count=1)
        # "are there any in england" after volcanoes: any volcanoes (not an answer about england alone)
        query = ANY_THERE.sub(rf"\1 there any {plural(topic)}", query, count=1)
        # "which is the smallest" after bones: the smallest bone
        query = re.sub(r"^(which|what) (is|was|are) the (\w{3,}est)$", rf"\1 \2 the \3 {singular(topic)}", query)
        # "can you touch one" after rainbows: a rainbow
        query = re.sub(r"\b(touch|see|catch|hold|find|make|keep|have|get|ride|meet|stroke|hug|climb|visit) (?:1|one)$",
                       rf"\1 a {singular(topic)}", query)
        # "do bears do that?" after hibernation: whether bears hibernate
        query = re.sub(r"^(do|does|can|did|could) ((?!(?:you|i|we)\b)[a-z]+(?: [a-z]+)?) (?:do|does) (?:that|it|this)$",
                       rf"\1 \2 {topic}", query)
        # "how fast?" after the fastest bird: how fast the topic is
        query = re.sub(r"^how (fast|big|tall|long|heavy|old|far|deep|high|small|hot|cold|strong)$",
                       rf"how \1 is a {singular(topic)}", query)
    said = PRONOUNS.search(query) if topic else None
    if topic and not said and not counted:  # "does it rain there" after mars: the weather on the topic
        query = re.sub(r"\bthere$", f"on {topic}", query)
    if topic and said:  # "where do they go" after birds: "where do birds go" (they are many)
        many = said.group(1) in ("they", "them", "their", "those", "these") and singular(topic) == topic \
            and " " not in topic
        query = PRONOUNS.sub(plural(topic) if many else topic, query, count=1)
    if said:  # the topic put in its place, in the knowledge base's words too ("mummies")
        query = normal_form(query)
    return query, said
