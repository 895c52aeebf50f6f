"""Play asked for by name, and carried on for a few turns: animal noises one after another ("do an
animal noise" ... "now a duck"), funny voices, a dance, a few words of another language, a maths
question (the child's answer judged), the opposites game ("i say big" -> small, "now up" -> down),
help spelling words one after another, and a bear hunt. (Ideas, a jigsaw, jobs and habitats:
`bear.talk.play_talk`.)

Content: `content/play_more.toml` (the noises and opposites are `content/games.toml`'s and
`content/word_games.toml`'s). A word of the child's is said back only when it is on those lists.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply

LEAD = r"^(?:(?:now|and|ok|okay|then|so|um|oh|yes|teddy|please|next|what about|how about|can you|could you) )*"
CLEAR_INTENTS = frozenset({"goodbye", "stop", "story", "song", "joke", "riddle", "hide_and_seek", "scared", "grief",
                           "sleep", "hug", "how_are_you", "counting_game"})
HARD_INTENTS = frozenset({"goodbye", "stop", "scared", "grief", "sleep"})  # moved on, however sure the game's words


@lru_cache(maxsize=1)
def data() -> dict:
    """content/play_more.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/play_more.toml").read_text(encoding="utf-8"))


def _pick(b, c: Ctx, table: str, key: str, **kw) -> str:
    return b.pick(c.session, f"play_more.{table}.{key}", data()[table][key]).format(**kw)


def _moved_on(c: Ctx, *, sure: bool = False) -> bool:
    """The child moved on: a clear other intent (when the line is `sure`ly the game's, only a goodbye, a stop,
    a fear or a loss)."""
    return c.intent in (HARD_INTENTS if sure else CLEAR_INTENTS) and c.confidence >= MIN_CONFIDENCE


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


# --- animal noises, one after another -----------------------------------------------------------------------------
NOISES = re.compile(r"\b(?:do|make|say|doing|making|play|know|give me) (?:an? |some |the |any |"
                    r"your )?(?:animal|animals) "
                    r"(?:noise|noises|sound|sounds)\b|\banimal (?:noise|noises|sound|sounds) game\b")
# while animal noises are going: "you do one and i guess", "now you do one and i'll guess what it is"
YOU_DO_I_GUESS = re.compile(LEAD + r"(?:you (?:do|make|say) (?:one|1|a noise|a sound|another)"
                            r"(?: first)?|you go(?: first)?) and i (?:will |ll |have to |can )?guess\b")
NEXT_ANIMAL = re.compile(LEAD + r"(?:(?:you |now you )?(?:do|make|say) )?(?:an? |the |some )?([a-z]+)"
                                r"(?: (?:one|noise|sound|now|please|next|too|again))*$")


def noises(b, c: Ctx) -> Reply | None:
    """"can you do an animal noise": one noise, then whichever animal the child names next."""
    if NOISES.search(c.canon) is None:
        return None
    known = b.content.games["word_play"]["noises"]
    animal = b.rng.choice([a for a in known if " " not in a and not c.session.taken("noise", a)] or list(known))
    c.session.take("noise", animal)
    c.session.pending = {"kind": "noise_next"}
    return Reply(_pick(b, c, "noises", "start", noise=known[animal], a=_a(animal), animal=animal), "play",
                 expects_answer=True)


def expect_noise_next(b, c: Ctx, p: dict) -> Reply | None:
    """The next animal ("do a cow", "now a duck"), or the child's own animal noise ("oink oink") guessed;
    None for anything else."""
    from bear.talk import noise_guess
    from bear.talk.word_games import guess_noise

    if YOU_DO_I_GUESS.match(c.canon):
        return noise_guess.start(b, c)
    m = NEXT_ANIMAL.match(c.canon)
    known = b.content.games["word_play"]["noises"]
    if m is None or (m.group(1) not in known and m.group(1).removesuffix("s") not in known):
        guessed = guess_noise(b, c) if len(c.words) <= 6 else None
        if guessed is not None:  # "oink oink": the child's own noise, guessed
            c.session.pending = p
            return guessed
        if m is None:
            return None
    animal = m.group(1) if m.group(1) in known else m.group(1).removesuffix("s")
    if _moved_on(c, sure=animal in known):
        return None
    if animal not in known:
        return Reply(data()["noises"]["unknown"], "play", expects_answer=True) if len(c.words) <= 4 else None
    c.session.pending = p
    return Reply(_pick(b, c, "noises", "next", noise=known[animal], a=_a(animal), animal=animal), "play",
                 expects_answer=True)


# --- voices, a dance, another language -----------------------------------------------------------------------------
VOICE = re.compile(r"\b(?:do|talk in|speak in|use|say (?:it|something|hello) in|put on|have|make) (?:a |an |"
                   r"your |the )?"
                   r"(?:(robot|monster|pirate|baby|mouse|squeaky|deep|giant|ghost|dinosaur|princess|whisper|silly|"
                   r"funny|scary|different|high|low|posh|grumpy) )?voice\b|\b(?:talk|speak) like (?:a |an )?"
                   r"(robot|monster|pirate|baby|mouse|giant|ghost|dinosaur|princess)\b")
DANCE = re.compile(r"^(?:(?:let us|can we|shall we|can you|will you|could you|do you want to|i want to|teddy|please|"
                   r"come on|come and) )*(?:do |have |do a little )?(?:a |some |the |your )?"
                   r"(?:little |silly |funny |happy |crazy |special )?(?:dance|dancing|boogie|disco)"
                   r"(?: with me| together| for me| party| now| please)*$")
SPEAK = re.compile(r"\b(?:can|do) you (?:speak|talk|talk in|know|know any words in|know some|know any|speak any|"
                   r"say anything in|say "
                   r"something in|understand) ([a-z]+)$|\bsay (?:something|some words|a word|anything) in ([a-z]+)$|"
                   r"\bteach me (?:some |a bit of |a few words in |a word in )?([a-z]+)$")


def voice(b, c: Ctx) -> Reply | None:
    """"do a robot voice"."""
    m = VOICE.search(c.canon)
    if m is None:
        return None
    voices = data()["voices"]
    kind = m.group(1) or m.group(2) or "silly"
    return Reply(voices.get(kind, voices["silly"]), "play", expects_answer=True)


def dance(b, c: Ctx) -> Reply | None:
    """"let's do a dance"."""
    if DANCE.match(c.canon) is None:
        return None
    return Reply(_pick(b, c, "dance", "replies"), "play", expects_answer=True)


def speak(b, c: Ctx) -> Reply | None:
    """"can you speak spanish": a few words of it (the languages the bear knows hello in)."""
    from bear.talk.word_games import OTHER_LANGUAGES
    from bear.talk.word_games import data as games

    m = SPEAK.search(c.canon)
    if m is None:
        return None
    language = next(g for g in m.groups() if g)
    hello, thanks, bye = (games().get(w, {}).get(language) for w in ("hello", "thank you", "goodbye"))
    if hello and thanks and bye:
        return Reply(data()["languages"]["known"].format(Language=language.capitalize(), hello=hello,
                                                         thanks=thanks, goodbye=bye), "question", expects_answer=True)
    if language in OTHER_LANGUAGES or language in games()["hello"]:
        return Reply(data()["languages"]["unknown"], "question", expects_answer=True)
    return None


# --- a maths question ---------------------------------------------------------------------------------------------
MATHS = re.compile(r"\b(?:give me|ask me|tell me|do you have|have you got|i want|i would like|can i have|can you do|"
                   r"set me|test me (?:on|with)|quiz me (?:on|with)) (?:a |an |some |another |1 )?(?:maths|"
                   r"math|sum|sums|"
                   r"adding|number|numbers|take away)(?: question| questions| problem| problems| quiz| sum| sums)?\b|"
                   r"\b(?:maths|math) quiz\b|\blet us do (?:some )?(?:maths|sums)\b")


# "that's too hard", "give me an easier one" while doing sums
EASIER = re.compile(LEAD + r"(?:(?:that is|it is|this is|that one is|these are) (?:too|really|so) "
                           r"(?:hard|tricky|difficult)(?: for me)?|"
                           r"(?:give me|do|ask me|can i have|can you do|i want|try) "
                           r"(?:a|an|another) (?:easier|easy|easy peasy|simpler|little|small) (?:one|1|sum|question))"
                           r"(?: please| teddy)?$")
SUMS = re.compile(r"\b(?:sum|sums|maths|math|plus|add|adding|take away|minus|times)\b")
# "three add four" said back to the bear's sum: the child's own sum (not "is it 7", not "1 add 4 is 5")
OWN_SUM = re.compile(LEAD + r"\d{1,3} (?:plus|add|take away|minus|times)(?! \d{1,3} (?:is|equals|makes)\b)")


def _sum(b, c: Ctx, easy: bool = False) -> Reply:
    a, k = (b.rng.randint(1, 3), 1) if easy else (b.rng.randint(1, 6), b.rng.randint(1, 4))
    if b.rng.random() < 0.3 and a > k:
        c.session.pending = {"kind": "maths", "answer": a - k, "said": f"{a} take away {k} is {a - k}"}
        text = f"Okay, an easier one! What is {a} take away {k}?" if easy \
            else _pick(b, c, "maths", "ask_take", a=a, n=k)
        return Reply(text, "question", expects_answer=True)
    c.session.pending = {"kind": "maths", "answer": a + k, "said": f"{a} add {k} is {a + k}"}
    text = f"Okay, an easier one! What is {a} add {k}?" if easy else _pick(b, c, "maths", "ask", a=a, n=k)
    return Reply(text, "question", expects_answer=True)


def maths(b, c: Ctx) -> Reply | None:
    """"give me a maths question": a little sum the child answers; an easier one when sums were too hard."""
    if EASIER.match(c.canon) and (SUMS.search(c.session.last_reply.lower())
                                  or any(SUMS.search(h) for h in c.session.heard[-3:])):
        return _sum(b, c, easy=True)
    return _sum(b, c) if MATHS.search(c.canon) else None


def expect_maths(b, c: Ctx, p: dict) -> Reply | None:
    """The child's answer to the bear's sum ("an easier one" is none); None when the line has no number."""
    from bear.talk.games import number

    if EASIER.match(c.canon):
        return _sum(b, c, easy=True)
    said = number(b.content.games, c.norm)
    if said is None or len(c.words) > 8:
        return None
    from bear.talk.arithmetic import solve

    if (re.match(r"^(?:what|how much|how many|whats)\b", c.canon) or OWN_SUM.match(c.canon)) \
            and solve(c.canon) is not None:
        return None  # "what's three plus three?", "three add four": a sum of the child's own, not an answer
    key = "right" if said == p["answer"] else "wrong"
    c.session.pending = {"kind": "maths_more"}
    c.session.last_number = p["answer"]
    return Reply(_pick(b, c, "maths", key, sum=p["said"]), "question", expects_answer=True)


def expect_maths_more(b, c: Ctx, p: dict) -> Reply | None:
    """"yes" to another sum."""
    if c.intent == "yes" or re.match(r"^(?:yes|yeah|yep|ok|okay|another|1 more|more)\b", c.canon):
        return _sum(b, c)
    return None


# --- the opposites game -------------------------------------------------------------------------------------------
OPPOSITES_GAME = re.compile(r"\b(?:play|do|game of|playing) (?:the )?opposites?(?: game)?\b|\bopposites game\b")
SAID_WORD = re.compile(LEAD + r"(?:i say |the word |my word is |what is the opposite of |opposite of )?([a-z]+)"
                              r"(?: now| next| please)?$")


def _opposite(word: str) -> str | None:
    from bear.talk.word_games import data as games

    found = [b for a, b in games()["opposites"] if a == word] + [a for a, b in games()["opposites"] if b == word]
    return found[0] if found else None


def opposites_game(b, c: Ctx) -> Reply | None:
    """"let's play opposites (i say big)"."""
    if OPPOSITES_GAME.search(c.canon) is None:
        return None
    c.session.pending = {"kind": "opposites"}
    said = re.search(r"\bi say ([a-z]+)$", c.canon)
    if said and _opposite(said.group(1)):
        return _said_opposite(b, c, said.group(1))
    return Reply(data()["opposites_game"]["start"], "play", expects_answer=True)


def _said_opposite(b, c: Ctx, word: str) -> Reply:
    other = _opposite(word) or ""
    text = _pick(b, c, "opposites_game", "said", word=word, Word=word.capitalize(), opposite=other)
    return Reply(text[:1].upper() + text[1:], "play", expects_answer=True)


def expect_opposite(b, c: Ctx, p: dict) -> Reply | None:
    """The next word of the opposites game; None when the child moved on."""
    m = SAID_WORD.match(c.canon)
    if m is None or _moved_on(c, sure=bool(_opposite(m.group(1)))) or m.group(1) in ("stop", "no", "finished",
                                                                                   "enough", "bye"):
        return None
    c.session.pending = p
    if _opposite(m.group(1)) is None:
        return Reply(data()["opposites_game"]["unknown"], "play", expects_answer=True)
    return _said_opposite(b, c, m.group(1))


# --- spelling words one after another -----------------------------------------------------------------------------
HELP_SPELL = re.compile(r"\b(?:(?:can you |could you |will you )?help me (?:to |with )?(?:my )?(?:spell|spelling|"
                        r"spellings)|(?:let us|can we|shall we) (?:do|practise|practice) (?:some |my )?spellings?|"
                        r"i (?:need|want) (?:help|some help) (?:with )?(?:my )?(?:spell|spelling|spellings)|"
                        r"help with (?:my )?spellings?)(?: (?:a |some |my )?(?:words?|please|homework))*$")
SPELL_NEXT = re.compile(LEAD + r"(?:(?:how do you |how do i |can you )?spell |the word |"
                               r"word )?([a-z]+)(?: please| next)?$")


def spelling_help(b, c: Ctx) -> Reply | None:
    """"can you help me spell": which word? (then each word said is spelled)."""
    if HELP_SPELL.search(c.canon) is None:
        return None
    c.session.pending = {"kind": "spell_next"}
    return Reply(data()["spelling_help"]["ask"], "spelling_game", expects_answer=True)


def expect_spell_next(b, c: Ctx, p: dict) -> Reply | None:
    """A word to spell ("cat", "now dog"); None for anything else."""
    from bear.talk.word_games import NOT_A_WORD, _known_word

    m = SPELL_NEXT.match(c.canon)
    if m is None or _moved_on(c, sure=True) or m.group(1) in NOT_A_WORD or c.intent in ("no", "stop"):
        return None
    c.session.pending = p
    word = _known_word(m.group(1))
    if word is None:
        return Reply(data()["spelling_help"]["unknown"], "spelling_game", expects_answer=True)
    return Reply(data()["spelling_help"]["spelled"].format(Word=word.capitalize(), letters=", ".join(word.upper())),
                 "spelling_game", expects_answer=True)


# --- a bear hunt -----------------------------------------------------------------------------------------------------
BEAR_HUNT = re.compile(r"\bbear hunt\b")
CHANT = re.compile(r"\b(?:not scared|not afraid|scared|going on|bear hunt|big one|beautiful day|uh oh|over it|under it|"
                   r"through it|swish\w*|splash\w*|splosh\w*|squelch\w*|stumble|trip|tiptoe|cave|grass|river|mud|"
                   r"forest|run|what is next|what next|and then|next|again|go on|keep going|oh no)\b")


def bear_hunt(b, c: Ctx) -> Reply | None:
    """"let's go on a bear hunt": the first verse (the next come as the child joins in)."""
    if BEAR_HUNT.search(c.canon) is None:
        return None
    c.session.pending = {"kind": "bear_hunt", "verse": 1}
    return Reply(data()["bear_hunt"]["verses"][0], "play", expects_answer=True)


def expect_bear_hunt(b, c: Ctx, p: dict) -> Reply | None:
    """The next verse while the child joins in; None when they moved on."""
    verses = data()["bear_hunt"]["verses"]
    chant = CHANT.search(c.canon) is not None
    if (c.intent in ("goodbye", "stop") or not chant and (_moved_on(c) or c.intent == "no")) \
            or re.search(r"\b(?:stop|enough|finish)\b", c.canon) or len(c.words) > 10:
        return None
    n = p["verse"]
    c.session.pending = {"kind": "bear_hunt", "verse": n + 1} if n + 1 < len(verses) else {"kind": "bear_hunt_again"}
    return Reply(verses[n], "play", expects_answer=True)


def expect_hunt_again(b, c: Ctx, p: dict) -> Reply | None:
    """"yes" to going again."""
    if c.intent == "yes" or re.match(r"^(?:yes|yeah|again|ok|okay)\b", c.canon):
        c.session.pending = {"kind": "bear_hunt", "verse": 1}
        return Reply(data()["bear_hunt"]["verses"][0], "play", expects_answer=True)
    return None


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line asks for, or None."""
    for f in (noises, voice, dance, speak, maths, opposites_game, spelling_help, bear_hunt):
        reply = f(b, c)
        if reply is not None:
            return reply
    return None


EXPECTATIONS = {"noise_next": expect_noise_next, "maths": expect_maths, "maths_more": expect_maths_more,
                "opposites": expect_opposite, "spell_next": expect_spell_next, "bear_hunt": expect_bear_hunt,
                "bear_hunt_again": expect_hunt_again}


def game_or_pretend(b, c: Ctx) -> Reply:
    """The play intent's reply: the games offered when a game was asked for ("let's play a game", "can we play
    something": the bear picks on "you pick"), else a pretend game ("let's pretend", "play with me")."""
    from bear.talk.word_play import ANY_GAME

    if ANY_GAME.search(c.canon) and not re.search(r"\bpretend\b", c.canon):
        return b.moment(c, "play_menu", "play")
    return b.moment(c, "play", "play")
