"""Little things a child asks the bear to say or play: count to ten, say the alphabet, words that
rhyme with a word, an animal's noise, I spy and Simon says. The bear says only words of its own
lists (`content/games.toml` [word_play]): a child's word is said back only when it is on them.
"""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                "seventeen eighteen nineteen twenty").split()
# "can you count to ten", "count up to 20 for me", "count to a hundred": the bear counts (a request, not news)
COUNT_TO = re.compile(r"^(?:(?:can|could|will|would) you |please |teddy |now |let us |shall we |can we |i want to "
                      r"|i want you to |we can |ok |okay )*count (?:all the way |up )?to "
                      r"(\d+|a hundred)(?: for me| please| with me| together)?$")
# "count backwards", "now count down from twenty" (after a count: from where it stopped)
COUNT_DOWN = re.compile(r"^(?:(?:can|could|will|would) you |please |teddy |now |and |ok |okay |let us |can we |"
                        r"shall we )*count (?:down|backwards?|back)(?: from (\d+))?(?: now| for me| please| again)?$")
# "now backwards" just after the bear counted; "do a countdown for my rocket"
BACKWARDS = re.compile(r"^(?:now |and |ok |okay |can you |could you |do it |say it |say them |go |teddy )*"
                       r"(?:backwards?|the other way|back down)(?: now| please| again| for me)?$")
COUNTDOWN = re.compile(r"\b(?:do|give me|say|make|start|we need|i need) (?:a |the |us a |me a )?(?:count ?down|"
                       r"blast ?off count)\b|^(?:a )?count ?down(?: for (?:my|the|our) \w+)?(?: please)?$")
ALPHABET = re.compile(r"^(?:(?:can|could|will|would) you |please |teddy |do you know )*(?:say|sing|do|tell me|know)? ?"
                      r"(?:the |your )?(?:alphabet|abc|a b c|abcs|a b cs)(?: song)?(?: for me| please)?$")
RHYME = re.compile(r"\b(?:what (?:word )?(?:rhymes|rhyme) with|(?:words? )?(?:that )?rhymes? with|"
                   r"a rhyme for|rhyming words? for) (?:the word )?([a-z]+)$")
_LOUD = r"(?!(?:big|loud|little|scary|best|huge|giant) )"  # "do a big roar like a t rex": no animal called big
NOISE = re.compile(r"\b(?:make|do|say|give me) (?:a |an |the |your |me a |me an )?(?:big |loud |little |scary |best )?"
                   + _LOUD + r"([a-z]+(?: rex)?) (?:noise|noises|sound|sounds|roar|call)\b"
                   r"|\b(?:sound|roar|moo|bark|oink|quack|neigh|hiss|growl|howl) like an? ([a-z]+(?: rex)?)\b"
                   r"|^(?:can you |please |teddy )?(?:make|do) an? " + _LOUD + r"([a-z]+(?: rex)?) (?:roar|noise)\b")
# "now do a lion" (an animal on the noises list), "what about a cow" while doing animal noises
NOISE_NEXT = re.compile(r"^(?:(?:now|and|ok|okay|then|can you|teddy) )*(?:(do|make)|what about|how about|try) "
                        r"(?:a|an|the) ([a-z]+(?: rex)?)(?: now| please| next| one| noise)?$")
# words that end a game rather than play it
STOP_GAME = frozenset("stop no nope bye goodbye enough finished done end quit bored yes yeah again another".split())
# the child's own pair in the rhyming game: "moon and spoon", "cat rhymes with hat"
PAIR = re.compile(r"^([a-z]+) (?:and|rhymes with|rhyme with|with) ([a-z]+)$")
# "let's play a rhyming game": the child says words, the bear rhymes them
RHYME_GAME = re.compile(r"\b(?:play|do|have|start|a game of|lets|let us|can we|can you)"
                        r"(?: make up| make| think of| think up| write| do)? (?:a |the |some )?(?:rhyming|rhyme|rhymes)"
                        r"(?: game| games| words)?\b(?! with)"
                        r"|^(?:(?:can|could|will) you |please |teddy |now )*(?:say|tell me|give me|think of|find) "
                        r"(?:me )?(?:a |some |another )?(?:word|words|one) (?:that|which|to) (?:rhymes?|rhyming)$")
I_SPY = re.compile(r"\b(?:play|do|have a game of|a game of) i spy\b|^i spy(?: with my little eye)?$")
DID_IT = re.compile(r"^(?:(?:yes|yeah|yay|ok|okay|and|teddy|look) )*(?:i did it|i did|i did them|i did them all|"
                    r"i did all of them|i did everything|done|finished|i done it|i didnt clap|i did not clap|"
                    r"i did not do it|i didnt do it|i did not move|i didnt move|i got it right|i clapped|"
                    r"oops i clapped|i moved)(?: teddy)?(?: all)?$")
SIMON = re.compile(r"\b(?:play|do|have a game of|a game of) simon says\b|^simon says$|^(?:(?:ok|okay|now|and|so) )*"
                   r"(?:you be|you are|you can be|you could be|your turn to be|you do|you go as|now you are) simon\b")
# the child is Simon: "simon says jump" (the bear does it), then "touch your ears" without it (the bear stays still)
SIMON_SAYS = re.compile(r"^(?:ok |okay |now |and |right |then )*simon says (.+)$")
ACTION = re.compile(r"^(?:ok |okay |now |and |right |then )*(?:you |can you |everybody |everyone )?"
                    r"(jump|hop|clap|touch|wiggle|wave|spin|turn around|stamp|stomp|sit down|stand up|shake|pat|rub|"
                    r"point|nod|dance|march|roar|sneeze|blink|put your hands up|hands up|hold|lift|raise|reach|smile|"
                    r"laugh|freeze|stand on|balance|bend|flap|pull a|make a|do a|say|run)\b(.*)$")
# "do a big roar", "give a loud clap", "make a little jump": the action itself
DO_A = re.compile(r"^(?:do|give|make|have|let out) (?:a |an |one |your |a really )?(?:big |little |loud |huge |"
                  r"silly |funny |great |tiny |massive |quiet |giant |scary |bear )*(roar|jump|dance|spin|clap|wave|"
                  r"sneeze|smile|laugh|march|stomp|stamp|hop|wiggle|run|blink|nod)\b")
# the only words an action of Simon's may carry besides a body part: anything else is not done ("hop on one foot")
SIMON_WORDS = frozenset("up high higher around round again on one the spot and down your my both two hands paws feet "
                        "foot leg legs to now please like a an frog bunny kangaroo rabbit bear really very fast slow "
                        "slowly quickly times three left right side in air".split())
ALPHABET_TEXT = ", ".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _spoken_count(numbers: list[int]) -> str:
    words = [NUMBER_WORDS[n - 1] for n in numbers]
    return ", ".join(words).capitalize() + "!"


def count_to(c: Ctx) -> Reply | None:
    """"can you count to ten": the bear counts (to twenty at most), then offers the counting game."""
    m = COUNT_TO.match(c.canon)
    if m:
        n = 100 if m.group(1) == "a hundred" else int(m.group(1))
        if n < 1:
            return None
        if n > 20:
            return Reply(f"That's a lot of counting! Here are the first ten: {_spoken_count(list(range(1, 11)))} "
                         "Can you carry on from there?", "counting_game", expects_answer=True)
        c.session.last_number = n
        return Reply(f"{_spoken_count(list(range(1, n + 1)))} Shall we play a counting game now?", "counting_game",
                     expects_answer=True)
    m = COUNT_DOWN.match(c.canon)
    if m and re.match(r"^(?:let us|can we|shall we)\b", c.canon):
        return None  # "let's count backwards": together, taking turns (the counting game)
    counted = re.match(r"^one, two", c.session.last_reply.lower()) and c.session.last_number
    if m or COUNTDOWN.search(c.canon) or (counted and BACKWARDS.match(c.canon)):
        n = int(m.group(1)) if m and m.group(1) else counted or 10
        if not 1 <= n <= 20:
            return None
        return Reply(f"{_spoken_count(list(range(n, 0, -1)))} Blast off!", "counting_game")
    return None


NO_RHYME = frozenset({"orange", "silver", "purple", "month", "wolf", "pint", "chimney"})  # no true English rhyme


def rhymes(b, c: Ctx) -> Reply | None:
    """"what rhymes with cat": words of the bear's own rhyming lists that rhyme with it (the
    child's word is said back only when it is on a list)."""
    m = RHYME.search(c.canon)
    if m is None:
        return None
    word = m.group(1)
    if word in NO_RHYME:  # "orange": famously nothing rhymes with it
        return Reply(f"Nothing rhymes with {word}! It's one of the few words with no proper rhyme at all. Can you "
                     "think of a word that does rhyme, like cat?", "spelling_game", expects_answer=True)
    group = next((g for g in b.content.games["word_play"]["rhymes"] if word in g), None)
    if group is None:
        return Reply("Ooh, that's a tricky one to rhyme! Let's try an easier one: cat rhymes with hat, bat and mat. "
                     "Can you think of another?", "spelling_game", expects_answer=True)
    picks = b.rng.sample([w for w in group if w != word], min(3, len(group) - 1))
    said = ", ".join(picks[:-1]) + f" and {picks[-1]}" if len(picks) > 1 else picks[0]
    return Reply(f"{said.capitalize()} all rhyme with {word}! Can you think of another?", "spelling_game",
                 expects_answer=True)


def alphabet(c: Ctx) -> Reply | None:
    """"say the alphabet": A to Z."""
    if ALPHABET.match(c.canon) is None:
        return None
    return Reply(f"{ALPHABET_TEXT}! That's the whole alphabet, all twenty-six letters. Can you say it too?",
                 "spelling_game", expects_answer=True)


def noise(b, c: Ctx) -> Reply | None:
    """"make a cow noise", "do a dinosaur roar", "roar like a lion": the animal's noise (only for an
    animal on the bear's list)."""
    m = NOISE.search(c.canon)
    noises = b.content.games["word_play"]["noises"]
    n = NOISE_NEXT.match(c.canon)
    if m is None and n is not None and n.group(2) in noises and (
            n.group(1) or any("noise" in h for h in c.session.heard[-3:])):
        animal = n.group(2)
    elif m is None:
        return None
    else:
        animal = next(g for g in m.groups() if g)
    key = animal if animal in noises else animal.rstrip("s") if animal.rstrip("s") in noises else None
    if key is None:
        return None
    a = "an" if key[0] in "aeiou" else "a"
    return Reply(f"{noises[key]} That's how {a} {key} sounds! Can you do one too?", "play", expects_answer=True)


YOU_PICK = re.compile(r"^(?:(?:ok|okay|um|hmm|teddy|no) )*(?:you (?:pick|choose|decide|say|pick one|choose one)|"
                      r"your (?:pick|choice)|anything|any game|any of them|i do not mind|surprise me)(?: teddy)?$")
YES = re.compile(r"^(?:yes|yeah|yep|yes please|ok|okay|yay|sure|alright)(?: teddy| please)?$")
ANY_GAME = re.compile(r"\b(?:play|do|have) (?:a |another |some |a fun |a different )?(?:game|games|something)\b")


def game(b, c: Ctx) -> Reply | None:
    """"let's play i spy": the bear spies in its pretend garden (it cannot see the room) and the
    guesses are judged (`bear.talk.i_spy`); "simon says": a round of it; else None."""
    data = b.content.games["word_play"]
    if RHYME_GAME.search(c.canon):
        c.session.pending = {"kind": "rhyme_game"}
        c.session.last_topic = "rhyme_game"
        return Reply("Let's play rhymes! You say a word, and I'll find words that rhyme with it. Ready? Say a word!",
                     "play", expects_answer=True)
    if SIMON.search(c.canon):
        return _simon_round(b, c)
    from bear.talk.i_spy import YOUR_TURN

    your_turn = YOUR_TURN.match(c.canon) and any("i spy" in h for h in c.session.heard[-3:])
    # "let's play a game" ... "you pick": the bear picks I spy
    picked = (YOU_PICK.match(c.canon) or (YES.match(c.canon) and "?" in c.session.last_reply)) \
        and c.session.heard and ANY_GAME.search(c.session.heard[-1])  # "yes" to "I spy, a riddle...? Which one?"
    if I_SPY.search(c.canon) is None and not your_turn and not picked:  # "your turn" after the child's own i spy
        return None
    from bear.talk.i_spy import spy

    spied = [s for s in data["i_spy"] if not c.session.taken("i_spy", s["question"])] or data["i_spy"]
    s = b.rng.choice(spied)
    c.session.take("i_spy", s["question"])
    return spy(b, c, s)


def _simon_round(b, c: Ctx) -> Reply:
    """A round of the bear's Simon says; the child may be Simon next ("touch your nose") or say yes to another."""
    c.session.last_topic = None
    c.session.pending = {"kind": "simon", "round": True}
    return Reply(b.pick(c.session, "simon_says", b.content.games["word_play"]["simon_says"]["rounds"]), "play",
                 expects_answer=True)


def _simon_does(b, c: Ctx, said: str) -> str:
    """What the bear does for Simon: its own words for a known action (a body part only from its list)."""
    data = b.content.games["word_play"]["simon_does"]
    said = DO_A.sub(r"\1", said)  # "do a big roar" is "roar"
    m = ACTION.match(said)
    if m is None:
        return data["other"]
    verb, rest = m.group(1), m.group(2).split()
    if any(w not in SIMON_WORDS and w not in data["parts"] for w in rest):  # "jump off the ...": not done
        return data["other"]
    part = next((w for w in rest if w in data["parts"]), None)
    if verb in ("touch", "pat", "rub", "point", "wiggle", "shake", "hold", "lift", "raise", "flap") and part:
        return data["part"].format(verb=verb, part=part)
    return data.get(verb.replace(" ", "_"), data["other"])


def simon_says(b, c: Ctx) -> Reply | None:
    """"simon says jump": the bear does it and waits for the next; the pending game takes the next line."""
    m = SIMON_SAYS.match(c.canon)
    if m is None:
        return None
    c.session.pending = {"kind": "simon"}
    nxt = b.pick(c.session, "simon.next", b.content.games["word_play"]["simon_does"]["next"])
    return Reply(f"{_simon_does(b, c, m.group(1))} {nxt}", "play", expects_answer=True)


def expect_simon(b, c: Ctx, pending: dict) -> Reply | None:
    """While the child is Simon: "simon says ..." is done, a bare action is a trick the bear does not fall for."""
    reply = simon_says(b, c)
    if reply is None and pending.get("round") and c.intent == "yes" and len(c.words) <= 4:
        return _simon_round(b, c)  # "yes" to "shall we play again?"
    if reply is None and pending.get("round") and DID_IT.match(c.canon):  # "i did it!": well done, and again?
        c.session.pending = dict(pending)
        return Reply(b.pick(c.session, "simon.did_it", b.content.games["word_play"]["simon_says"]["did_it"]), "play",
                     expects_answer=True)
    if reply is not None or ACTION.match(c.canon) is None:
        return reply
    c.session.pending = {"kind": "simon"}
    return Reply(b.pick(c.session, "simon.caught", b.content.games["word_play"]["simon_does"]["caught"]), "play",
                 expects_answer=True)


RULES_SAID = re.compile(r"^(?:(?:ok|okay|so|and|right) )*(?:i (?:say|will say|ll say|do|pick) (?:a|the|1) word|you "
                        r"(?:say|find|do|tell me) (?:a|the) rhym)")


def expect_rhyme(b, c: Ctx, pending: dict) -> Reply | None:
    """A word in the rhyming game: words of the bear's lists that rhyme with it (the child's word said
    back only when it is on a list); None when the child moved on (more than two words)."""
    if ANOTHER_RHYME.match(c.canon) and pending.get("word"):  # "another one": more rhymes for the same word
        return _more_rhymes(b, c, pending)
    if RULES_SAID.search(c.canon):  # "i say a word and you say a rhyme": the rules, said back
        c.session.pending = {"kind": "rhyme_game"}
        return Reply("Yes! You say a word, and I'll find a rhyme. Go on, say a word!", "play", expects_answer=True)
    said = re.sub(r"\b(?:(?:now )?(?:it s |it is )?(?:your turn|your go|you go|you do one|you say one|you now)|"
                  r"now you)$", "", c.canon).strip()  # "hat now your turn": the child's rhyme, and the bear's turn
    said = re.sub(r"^(?:(?:now|and|ok|okay|so) )*(?:do|say|give me|find|tell me|can you do) "
                  r"(?:1|one|a rhyme|another|another 1|some|rhymes?|a word) (?:for|with|that rhymes with) ", "",
                  said)  # "now do one for cat": the next word
    words = [w for w in said.split() if w not in ("um", "erm", "ok", "okay", "teddy", "now", "then")]
    if len(words) >= 2 and words[0] in ("about", "for", "with") and (len(words) == 2
                                                                   or words[1] in ("a", "an", "the", "some")):
        words = words[-1:]  # "about a frog" when the bear asked for a word
    if not 1 <= len(words) <= 4 or not all(w.isalpha() for w in words) or set(words) & STOP_GAME \
            or c.intent in ("stop", "goodbye", "no", "thanks", "sleep", "hug", "love_you"):
        return None
    groups = b.content.games["word_play"]["rhymes"]
    c.session.pending = {"kind": "rhyme_game"}
    pair = PAIR.match(" ".join(words))
    if pair:  # "moon and spoon": the child's own rhyme, judged by the bear's lists
        first, second = pair.group(1), pair.group(2)
        together = next((g for g in groups if first in g and second in g), None)
        if together is not None:
            more = [w for w in together if w not in (first, second)]
            extra = f" And {b.rng.choice(more)} rhymes with them too." if more else ""
            return Reply(f"Yes! {first.capitalize()} and {second} rhyme!{extra} Say another word!", "play",
                         expects_answer=True)
        known = next((g for g in groups if first in g), None)
        if known is not None and any(second in g for g in groups):
            return Reply(f"Hmm, I don't think {first} and {second} rhyme. {first.capitalize()} rhymes with "
                         f"{b.rng.choice([w for w in known if w != first])}! Say another word!", "play",
                         expects_answer=True)
        words = [second]
    elif not 1 <= len(words) <= 2:
        return None
    word = words[-1]
    group = next((g for g in groups if word in g), None)
    if group is None:
        other = b.rng.choice(groups)
        return Reply(f"Ooh, that's a tricky one to rhyme! Here's an easier one: {other[0]} rhymes with {other[1]}. "
                     "Say another word!", "play", expects_answer=True)
    picks = b.rng.sample([w for w in group if w != word], min(2, len(group) - 1))
    c.session.pending = {"kind": "rhyme_game", "word": word, "said": picks}
    said = " and ".join(picks)
    return Reply(f"{word.capitalize()} rhymes with {said}! Your turn: say another word!", "play",
                 expects_answer=True)


# "another one", "what else rhymes with it": more rhymes for the word just rhymed
ANOTHER_RHYME = re.compile(r"^(?:(?:and|now|ok|okay|teddy|can you|please|um) )*(?:another|another one|another 1|"
                           r"one more|1 more|more|any more|give me another(?: one)?|tell me another(?: one)?|"
                           r"say another(?: one)?|what else(?: rhymes(?: with (?:it|that))?)?|anything else|"
                           r"more rhymes|any more rhymes)(?: please| teddy)?$")


def _more_rhymes(b, c: Ctx, pending: dict) -> Reply:
    """Rhymes of the bear's list for the last word that it has not said yet."""
    word, said = pending["word"], list(pending.get("said", []))
    group = next((g for g in b.content.games["word_play"]["rhymes"] if word in g), ())
    left = [w for w in group if w != word and w not in said]
    c.session.pending = dict(pending)
    if not left:
        return Reply(f"I've run out of rhymes for {word}! Your turn: say another word!", "play", expects_answer=True)
    picks = b.rng.sample(left, min(2, len(left)))
    c.session.pending["said"] = said + picks
    return Reply(f"More rhymes for {word}: {' and '.join(picks)}! Your turn: say another word!", "play",
                 expects_answer=True)


EXPECTATIONS = {"simon": expect_simon, "rhyme_game": expect_rhyme}


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line asks for, or None."""
    return count_to(c) or alphabet(c) or rhymes(b, c) or noise(b, c) or simon_says(b, c) or game(b, c)
