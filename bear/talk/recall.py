"""What the child told the bear, asked back: "my brother is called sam" ... "what's my brother's name?"
gets "You told me your brother is called sam!".

Only this conversation's lines are kept (`Session.told`, in memory, never stored); only plain
statements the bear answered without a safety redirect; never a line about where the child lives or
goes to school, a phone number or a password; and a line is said back only when none of its words
is on the blocked lists (`bear.talk.vetting`). Also "what's my favourite colour?" from the child's
profile (the favourites the bear remembers): that kind only, or honestly not told yet.
"""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

TOLD = 8  # how many of the child's statements are kept
# a question about the child's own things: "what's my brother's name", "where am i going tomorrow"
RECALL = re.compile(r"^(?:(?:do you (?:know|remember)|can you remember|remember) )?"
                    r"(?:what|who|where|which|how many|how old|what colou?r|when)\b")
# "what can i do in the car" after "we are going on a long car journey": advice asked, not something told
ADVICE = re.compile(r"^what (?:can|could|should|shall) (?:i|we) (?:do|play|take|bring|pack|make|say)\b")
MINE = re.compile(r"\b(?:my|i|me|mine|we|our|us)\b")
NAMED = re.compile(r"\b(?:called|named|name is) ([a-z]+)")
# a line that asks, not tells
ASKING = re.compile(r"^(?:what|whats|who|where|when|why|how|which|is|are|am|can|could|do|does|did|will|would|shall|"
                    r"should|have|has|was|were|guess|tell|lets|let s)\b")
# never kept, never said back: where the child lives or learns, how to reach them
PRIVATE = re.compile(r"\b(?:live|lives|living|address|street|road|lane|avenue|close|postcode|zip|school|phone|number|"
                     r"numbers|email|password|passcode|pin|surname|last name|flat|house number|town|city|village)\b")
# words that do not say which statement a question is about
LITTLE = frozenset("""what whats who whos where which how many much old when do does did is are am was were i my me mine
 have has got the a an of to in on at it its be called name names you know remember can tell please teddy
 and or that this there they them their he she his her your say said we us our""".split())
# a word as the question would say it: a past as its plain form ("where did we go" ... "we went to the
# beach"), "love" and "favourite" as "like"
PAST = {"went": "go", "gone": "go", "saw": "see", "seen": "see", "ate": "eat", "had": "have", "made": "make",
        "gave": "give", "took": "take", "bought": "buy", "found": "find", "won": "win", "lost": "lose",
        "met": "meet", "drew": "draw", "built": "build", "played": "play", "visited": "visit",
        "likes": "like", "love": "like", "loves": "like", "favourite": "like", "favorite": "like"}
# kinds of thing: a question may name the kind ("what fruit do i like") where the child named the thing
KINDS = frozenset("""fruit food foods colour color animal animals pet pets toy toys game games sport sports book books
 film films movie movies song songs drink drinks place places day days number dinner breakfast lunch snack sweet
 sweets dessert vegetable vegetables subject shape""".split())
# words that carry the question when a kind is named instead of the thing
SOFT = frozenset("like best going want wants".split())  # (after _stem: "love", "favourite" are "like")
YOU = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are", "we": "you",
       "us": "you", "our": "your", "ours": "yours", "im": "you are", "ive": "you have", "was": "were"}


def _stem(word: str) -> str:
    if word in PAST:
        return PAST[word]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _keys(canon: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z]+", canon) if w not in LITTLE}


def remember(session, canon: str, reply: Reply) -> None:
    """After a reply: the child's plain statement kept for this conversation (not a question, nothing
    the safety layer redirected, nothing private)."""
    if reply.safety or reply.source == "safety" or ASKING.match(canon) or PRIVATE.search(canon) \
            or not 3 <= len(canon.split()) <= 14 or not re.search(r"\b(?:i|my|me|we|our)\b", canon):
        return
    session.told = (session.told + [canon])[-TOLD:]


def _matches(question: set[str], line: str) -> bool:
    words = _keys(line)
    # "what did i say my fish is called" ... "i have a goldfish called goldie": a kind inside a longer word
    words |= {q for q in question if len(q) >= 4 and any(w.endswith(q) and len(w) > len(q) for w in words)}
    hard = question - SOFT
    missing = hard - words
    if not question & words:
        return False
    if not missing:
        return True
    # "what fruit do i like" ... "i really like strawberries": the kind asked for, the thing told;
    # "what colour is biscuit" ... "i have a brown dog called biscuit": the kind asked of a thing told of
    return missing <= KINDS and (bool(question & words - SOFT) or bool(question & SOFT & words)
                                 and not (words & KINDS))


def _said_back(line: str) -> str | None:
    """The line in the bear's words ("i am going to the zoo" -> "you are going to the zoo"), or None."""
    from bear.talk.number_words import number_words
    from bear.talk.vetting import lexicon

    if lexicon().find(line) is not None:
        return None
    words = []
    for i, w in enumerate(line.split()):
        if w == "was" and (i == 0 or line.split()[i - 1] not in ("i", "we")):
            words.append(w)
        elif w.isdigit() and int(w) < 10 ** 6:
            words.append(number_words(int(w)))
        elif w.isalpha() or w in YOU:
            words.append(YOU.get(w, w))
        else:
            return None
    said = " ".join(words).replace("you are", "you're", 1)
    return NAMED.sub(lambda m: m.group(0)[:-len(m.group(1))] + m.group(1).capitalize(), said)  # "called Rolo"


# "can you say his name" just after "my puppy is called pudding"
SAY_NAME = re.compile(r"^(?:(?:can|could|will) you |please |teddy |now )*(?:say|said|shout|sing) "
                      r"(?:his|her|its|their|the|my \w+ s|my \w+s) name(?: again| out loud| please| teddy| too)*$")


def name_said(b, c: Ctx) -> Reply | None:
    """A pet's or a friend's name the child just told (vetted), said back when asked to say it."""
    from bear.talk.vetting import vet_pet_name

    if not SAY_NAME.match(c.canon):
        return None
    for line in reversed(c.session.heard[-3:]):
        m = NAMED.search(line)
        name = vet_pet_name(m.group(1)) if m else None
        if name:
            return Reply(f"{name}! {name}, {name}! What a lovely name. I'll say it again any time you like.",
                         "chitchat")
    return None


def asked(b, c: Ctx) -> Reply | None:
    """"What's my brother's name?" after the child said it: what they told the bear, said back; None
    when the line asks nothing of theirs or nothing told answers it."""
    if (named_back := name_said(b, c)) is not None:
        return named_back
    if not RECALL.match(c.canon) or not c.session.told or PRIVATE.search(c.canon) or ADVICE.match(c.canon) \
            or re.fullmatch(r"what is my name|who am i|how old am i", c.canon):
        return None
    fav = re.search(r"\bmy favou?rite ([a-z]+)", c.canon)
    if fav and fav.group(1).replace("color", "colour") in c.profile.likes:
        return None  # "what's my favourite colour?": the favourite remembered answers it, not the last "i like"
    names = {m.group(1) for line in c.session.told for m in NAMED.finditer(line)}
    if not MINE.search(c.canon) and not names & set(c.words):  # "what colour is biscuit": a name they gave
        return None
    question = _keys(c.canon)
    if not question:
        return None
    for line in reversed(c.session.told):
        if _matches(question, line):
            said = _said_back(line)
            if said is not None:
                return Reply(f"You told me {said}!", "question")
    return None


def ask_my_favourite(b, c: Ctx) -> Reply:
    """"What's my favourite ...?"."""
    likes = {k: v for k, v in c.profile.likes.items() if not k.startswith("pet_")}
    m = re.search(r"\bfavou?rite ([a-z]+)", c.canon)
    kind = m.group(1).replace("color", "colour") if m else "thing"
    if kind in likes:  # "what's my favourite colour?": that one only
        return Reply(b.say(c, "ask_my_favourite", "kind", kind=kind, thing=likes[kind]), "ask_my_favourite")
    if kind not in ("thing", "things") and likes:  # told of an animal, asked for a colour: not the animal
        return Reply(b.say(c, "ask_my_favourite", "unknown_kind", kind=kind), "ask_my_favourite",
                     expects_answer=True)
    if not likes:
        return Reply(b.say(c, "ask_my_favourite", "unknown"), "ask_my_favourite", expects_answer=True)
    things = [v if k == "thing" else f"{v} as your favourite {k}" for k, v in likes.items()]
    text = "I remember you like " + (", ".join(things[:-1]) + " and " + things[-1] if len(things) > 1
                                     else things[0]) + "!"
    return Reply(text, "ask_my_favourite")
