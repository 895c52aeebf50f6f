"""Questions about words children ask while learning to write: which past tense is right ("is it i
runned or i ran?", "goed or went?"), the difference between words that sound the same ("there and
their"), and a word that means the same ("give me one for happy" after "what's a synonym?"). From fixed
tables; every word the bear says back is one of its own."""

from __future__ import annotations

import re
from functools import lru_cache

from bear.talk.turn import Ctx, Reply

# verb -> its past tense, for the verbs children get wrong ("runned", "goed", "eated", "brang")
PAST = {"run": "ran", "go": "went", "eat": "ate", "bring": "brought", "buy": "bought", "catch": "caught",
        "come": "came", "do": "did", "drink": "drank", "drive": "drove", "fall": "fell", "feel": "felt",
        "fight": "fought", "find": "found", "fly": "flew", "forget": "forgot", "get": "got", "give": "gave",
        "grow": "grew", "have": "had", "hear": "heard", "hide": "hid", "hold": "held", "hurt": "hurt",
        "keep": "kept", "know": "knew", "leave": "left", "make": "made", "meet": "met", "ride": "rode",
        "ring": "rang", "say": "said", "see": "saw", "sell": "sold", "sing": "sang", "sit": "sat", "sleep": "slept",
        "speak": "spoke", "stand": "stood", "steal": "stole", "swim": "swam", "take": "took", "teach": "taught",
        "tell": "told", "think": "thought", "throw": "threw", "wake": "woke", "wear": "wore", "win": "won",
        "write": "wrote", "draw": "drew", "break": "broke", "blow": "blew", "dig": "dug", "put": "put",
        "cut": "cut", "shut": "shut", "hit": "hit", "swing": "swung", "stick": "stuck", "spin": "spun",
        "begin": "began", "bite": "bit", "choose": "chose", "freeze": "froze", "shake": "shook", "slide": "slid",
        "tear": "tore", "lose": "lost", "send": "sent", "build": "built", "spend": "spent", "light": "lit"}
# the wrong pasts children say -> the verb
WRONG = {f: v for v, p in PAST.items() if p != v for f in
         {v + ("ed" if not v.endswith("e") else "d"), v + v[-1] + "ed", p + "ed", p + "d"} - {p}} \
    | {"brang": "bring", "brung": "bring", "thinked": "think", "buyed": "buy", "catched": "catch", "runned": "run",
       "swimmed": "swim", "sitted": "sit", "eated": "eat", "goed": "go", "comed": "come", "drawed": "draw",
       "throwed": "throw", "knowed": "know", "seed": "see", "falled": "fall", "telled": "tell", "singed": "sing"}
WORD = r"(?:i |we |he |she |they |you |it )?([a-z]+)"
WHICH = re.compile(r"^(?:(?:and|so|teddy|um|but) )*(?:is it|do you say|do we say|should i say|which is right|which "
                   r"is it|what is right|is it right to say|can you say)? ?" + WORD + r" or " + WORD
                   + r"(?: teddy)?$")

# words that sound the same -> what each one means
SOUND_ALIKE = {
    ("there", "their"): "'There' is a place, like 'over there'. 'Their' means it belongs to them, like 'their dog'. "
                        "And 'they're' is short for 'they are'.",
    ("to", "too"): "'Too' means 'as well' or 'very much', like 'me too' or 'too hot'. 'To' is for going somewhere, "
                   "like "
                   "'to the park'. And 'two' is the number 2.",
    ("your", "you're"): "'Your' means it belongs to you, like 'your coat'. 'You're' is short for 'you are'.",
    ("where", "wear"): "'Where' asks about a place, like 'where is it?'. 'Wear' is what you do with clothes.",
    ("here", "hear"): "'Here' is this place. 'Hear' is what you do with your ears: it has an ear in it!",
    ("no", "know"): "'No' is the opposite of yes. 'Know' means you have it in your head, like 'I know the answer'.",
    ("see", "sea"): "'See' is what you do with your eyes. The 'sea' is the big salty water at the beach.",
    ("right", "write"): "'Write' is what you do with a pencil. 'Right' means correct, or the opposite of left.",
    ("which", "witch"): "'Which' asks you to choose, like 'which one?'. A 'witch' is in stories, with a broomstick.",
    ("new", "knew"): "'New' is the opposite of old. 'Knew' means you knew something before, like 'I knew it!'.",
    ("one", "won"): "'One' is the number 1. 'Won' means you came first, like 'I won the race'.",
    ("bear", "bare"): "A 'bear' is a furry animal, like me! 'Bare' means with nothing on, like bare feet.",
    ("flower", "flour"): "A 'flower' grows in the garden. 'Flour' is the white powder for baking cakes.",
    ("knight", "night"): "'Night' is when it's dark. A 'knight' wore shiny armour in a castle.",
}
DIFFERENCE = re.compile(r"^(?:(?:and|so|teddy|um|but) )*(?:what is|whats|what s|what) the difference (?:between )?"
                        r"(?:the word )?'?([a-z']+)'? and (?:the word )?'?([a-z']+)'?(?: teddy)?$")

SAME_AS = {"happy": "glad, cheerful or joyful", "sad": "unhappy, upset or miserable", "big": "large, huge or enormous",
           "small": "little, tiny or teeny", "fast": "quick, speedy or rapid", "slow": "unhurried or sluggish",
           "good": "great, fine or excellent", "bad": "awful, poor or terrible", "nice": "kind, lovely or pleasant",
           "cold": "chilly, icy or freezing", "hot": "warm, boiling or scorching", "scared": "afraid, frightened or "
           "nervous", "angry": "cross, mad or grumpy", "tired": "sleepy, weary or worn out", "funny": "silly, "
           "comical or hilarious", "pretty": "beautiful, lovely or gorgeous", "smart": "clever, bright or brainy",
           "clever": "smart, bright or brainy", "shout": "yell, call or holler", "walk": "stroll, march or wander",
           "run": "dash, sprint or race", "say": "tell, speak or utter", "look": "see, watch or peek", "jump": "leap, "
           "hop or spring", "eat": "munch, nibble or gobble", "begin": "start", "end": "finish or stop",
           "quiet": "silent, hushed or calm", "loud": "noisy or booming", "wet": "damp, soggy or soaked",
           "nasty": "mean, horrid or unkind", "kind": "nice, caring or gentle", "easy": "simple", "hard": "tough, "
           "tricky or difficult", "shiny": "sparkly, gleaming or glittery", "yummy": "tasty or delicious",
           "messy": "untidy or mucky", "brave": "bold, fearless or daring", "hungry": "starving or peckish",
           "old": "ancient or aged", "new": "fresh or brand new", "rich": "wealthy", "beautiful": "pretty, lovely or "
           "gorgeous", "enormous": "huge, giant or gigantic", "tiny": "little, small or teeny"}
SYNONYM = re.compile(r"^(?:(?:and|so|ok|okay|now|teddy) )*(?:(?:give me|tell me|say|what is|whats|what s|can you "
                     r"(?:give me|tell me|think of)) )?(?:a |one |1 |another )?"
                     r"(?:synonym|word|one|1|other word)s? (?:for|"
                     r"that means|that means the same as|like|meaning)(?: the same as)? '?([a-z]+)'?(?: please)?$")
SYNONYM_TALK = re.compile(r"\b(?:synonym|synonyms|same meaning|means the same)\b", re.IGNORECASE)


MEANS = {"awesome": "amazing, brilliant or really, really good", "enormous": "very, very big",
         "gigantic": "enormous, as big as a giant", "tiny": "very, very small", "brave": "doing something even when "
         "it feels scary", "curious": "wanting to find out about things", "delicious": "tasting really yummy",
         "fantastic": "really brilliant", "grumpy": "a bit cross and not smiley", "exhausted": "very, very tired",
         "furious": "very, very cross", "gorgeous": "really beautiful", "hilarious": "really, really funny",
         "ancient": "very, very old", "gentle": "soft and careful, not rough", "polite": "using kind words like "
         "please and thank you", "patient": "able to wait calmly", "generous": "happy to share and give",
         "excited": "so happy about something that you can hardly wait", "nervous": "a bit worried about "
         "something", "disgusting": "really yucky", "marvellous": "wonderful", "magnificent": "really grand and "
         "wonderful", "terrified": "very, very scared", "astonished": "really, really surprised"}
MEANING = re.compile(r"^(?:(?:and|so|teddy|um) )*(?:what does|what do|whats|what is) (?:the word )?'?([a-z]+)'? mean|"
                     r"^(?:(?:and|so|teddy|um) )*what is the meaning of (?:the word )?([a-z]+)$")
NOUNS_VERBS = re.compile(r"^(?:(?:and|so|teddy|um|then) )*is (?:the word )?([a-z]+) (?:a |an )?(noun|verb|adjective|"
                         r"naming word|doing word|describing word|one|1)$")
KIND_SAID = re.compile(r"\b(noun|verb|adjective|naming word|doing word|describing word)s?\b", re.I)
KIND_NAME = {"naming word": "noun", "doing word": "verb", "describing word": "adjective"}


def asked(b, c: Ctx) -> Reply | None:
    """The answer to a question about words, or None."""
    return _past(c) or _sound_alike(c) or _synonym(c) or _means(b, c) or _word_kind(c)


def _means(b, c: Ctx) -> Reply | None:
    m = MEANING.match(c.canon)
    word = (m.group(1) or m.group(2)) if m else None
    if word not in MEANS and word not in SAME_AS:
        return None
    if b.knowledge.search(c.canon) is not None:  # the knowledge base's meaning first
        return None
    said = MEANS.get(word) or SAME_AS[word]
    return Reply(f"{word.capitalize()} means {said}!", "question")


@lru_cache(maxsize=1)
def _kinds() -> dict[str, frozenset[str]]:
    from bear.talk.word_games import data

    nouns = set(data()["animal_words"].split()) | {w for w in data()["spelling_words"].split() if w in NOUN_WORDS}
    verbs = set(PAST) | {"jump", "hop", "skip", "dance", "play", "laugh", "cry", "walk", "talk", "climb", "kick",
                         "clap", "cook", "bake", "paint", "read", "shout", "smile", "wave", "wash", "help", "jog"}
    adjectives = set(SAME_AS) | set(MEANS) | {"red", "blue", "green", "yellow", "soft", "fluffy", "tall", "short",
                                              "happy", "sad", "big", "small", "hot", "cold", "wet", "dry"}
    return {"noun": frozenset(nouns), "verb": frozenset(verbs), "adjective": frozenset(adjectives)}


NOUN_WORDS = frozenset("""house school friend family teacher library hospital doctor police train tractor rocket planet
  flower tree garden castle balloon present cake candle party pizza apple banana sandwich biscuit chocolate ball
  book table chair bed door window car bus boat bike dog cat""".split())


def _word_kind(c: Ctx) -> Reply | None:
    m = NOUNS_VERBS.match(c.canon)
    if m is None:
        return None
    word, kind = m.group(1), KIND_NAME.get(m.group(2), m.group(2))
    if kind in ("one", "1"):  # "is dog one?" just after the bear said what a noun is
        said = KIND_SAID.search(c.session.last_reply)
        if said is None:
            return None
        kind = KIND_NAME.get(said.group(1).lower(), said.group(1).lower())
    kinds = _kinds()
    if kind not in kinds or not any(word in words for words in kinds.values()):
        return None
    plain = {"noun": "a naming word", "verb": "a doing word", "adjective": "a describing word"}
    if word in kinds[kind]:
        return Reply(f"Yes! {word.capitalize()} is {'an' if kind == 'adjective' else 'a'} {kind}, {plain[kind]}.",
                     "question")
    other = next(k for k, words in kinds.items() if word in words)
    return Reply(f"Not quite! {word.capitalize()} is {'an' if other == 'adjective' else 'a'} {other}, "
                 f"{plain[other]}.", "question")


def _past(c: Ctx) -> Reply | None:
    m = WHICH.match(c.norm)  # the words as said: the spoken form puts "goed" right already
    if m is None:
        return None
    a, b = m.group(1), m.group(2)
    for wrong, right in ((a, b), (b, a)):
        verb = WRONG.get(wrong)
        if verb is not None and PAST[verb] == right:
            pronoun = re.search(r"\b(i|we|he|she|they|you) " + right + r"\b", c.norm)
            said = f"{pronoun.group(1)} {right}" if pronoun else right
            said = "I" + said[1:] if said.startswith("i ") else said
            return Reply(f"It's '{said}'! '{wrong.capitalize()}' is a really good guess, because lots of words "
                         f"just add 'ed'. But {verb} is a special word: today I {verb}, yesterday I {right}.",
                         "question")
    return None


def _sound_alike(c: Ctx) -> Reply | None:
    m = DIFFERENCE.match(c.canon)
    if m is None:
        return None
    a, b = m.group(1).replace("'", ""), m.group(2).replace("'", "")
    for (x, y), text in SOUND_ALIKE.items():
        if {a, b} == {x.replace("'", ""), y.replace("'", "")}:
            return Reply(text, "question")
    return None


def _synonym(c: Ctx) -> Reply | None:
    m = SYNONYM.match(c.canon)
    if m is None or m.group(1) not in SAME_AS:
        return None
    if "synonym" not in c.canon and not SYNONYM_TALK.search(c.session.last_reply) and \
            not any("synonym" in h for h in c.session.heard[-2:]):
        return None  # "give me one for happy" only when synonyms are being talked about
    return Reply(f"A word that means {m.group(1)} is {SAME_AS[m.group(1)]}!", "question")
