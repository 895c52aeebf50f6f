"""Playing along inside a game or a song: hide and seek with the roles swapped (the bear hides and the
child seeks: "your turn to hide", "ready or not, here I come"; "count again"; "I'm hiding!" is the
bear's cue to look), a bit of the song just sung by its name ("do the babies bit" after The Wheels on
the Bus), and Happy Birthday sung to someone ("sing it to my mummy").

Content: `content/companion.toml` (and hide and seek's lines in `content/moments.toml`). Whom the
birthday song is sung to is said only when it is on its list or a vetted first name.
"""

from __future__ import annotations

import re

from bear.talk import games
from bear.talk.companion import data
from bear.talk.turn import Ctx, Reply
from bear.talk.vetting import vet_name

# --- hide and seek ------------------------------------------------------------------------------------------------
# the child seeks, the bear hides ("you hide and i'll seek", "my turn to find you")
BEAR_HIDES = re.compile(r"\b(?:you (?:go and |can |have to |should )?hide|your turn to hide|you are hiding|"
                        r"my turn to (?:seek|look|find|count)|i (?:will|ll|am going to|want to|wanna) (?:seek|count|"
                        r"look for you|find you|be the seeker|be it)|i am (?:the seeker|seeking|it)|"
                        r"i will come and find)\b")
# the child is the seeker already counting or coming ("ready or not, here i come")
SEEKING = re.compile(r"\b(?:ready or not|here i come|coming to (?:find|get) you|i am coming|(?:i am|i m) counting|"
                     r"i (?:have|ve) finished counting|where are you(?: teddy)?)\b")
# the bear counts (again): "your turn to count", "count again", "you count"
BEAR_COUNTS = re.compile(r"\b(?:your turn to (?:count|seek|look|find me)|you count|count again|(?:can you |please )?"
                         r"count (?:to ten )?again|you (?:be|are) the seeker|you seek|come and find me|find me)\b")
# the child has hidden: the bear looks ("i'm hiding!", "i'm ready", "you can look now")
HIDDEN = re.compile(r"^(?:(?:ok|okay|right|teddy) )*(?:i am (?:hiding|hidden|ready)|i m (?:hiding|ready)|ready|"
                    r"(?:you can|start|come and) (?:look|looking|find me|seek)(?: now)?|i have hidden|i hid|"
                    r"i am in my hiding (?:place|spot)|try to find me)\b")
FOUND = re.compile(r"\b(?:found you|i (?:found|can see|see) you|got you|there you are|"
                   r"you are (?:under|behind|in|on|next to|inside)|are you (?:under|behind|in|on|next to|inside))\b")


HIDING_AT = re.compile(r"\bi (?:am|m|have|ve)? ?(?:hiding|hidden|hid|going to hide|will hide|ll hide) (behind|under|"
                       r"in|inside|on|next to|beside|by|underneath|in between) (?:the |my |a |an |our |some )?"
                       r"([a-z]+(?: [a-z]+)?)")


def _hiding_at(b, c: Ctx, near: str, place: str) -> Reply:
    """The child says where they hide: found there (a place that shuts: come out, it is no hiding place)."""
    places = data()["hide_places"]
    words = place.split()
    if place in places["shuts"] or words[0] in places["shuts"] or words[-1] in places["shuts"]:
        c.session.pending = {"kind": "hide_seek", "guesses": 0}
        return Reply(places["shuts_reply"], "hide_and_seek", expects_answer=True)
    said = place if place in places["safe"] else words[0] if words[0] in places["safe"] else None
    c.session.pending = {"kind": "offer", "yes": "hide_and_seek", "no": ""}
    text = b.pick(c.session, "companion.hide_places", places["found"]).format(where=f"{near} the {said}") if said \
        else places["found_plain"]
    return Reply(f"{text} Shall we play again?", "hide_and_seek", expects_answer=True)


def _bear_hides(b, c: Ctx, *, seeking: bool) -> Reply:
    key = "seek" if seeking else "hide"
    c.session.pending = {"kind": "hide_bear", "looks": 0}
    c.session.last_topic = "hide_and_seek"
    return Reply(b.pick(c.session, f"companion.hide_bear.{key}", data()["hide_bear"][key]), "hide_and_seek",
                 expects_answer=True)


def _bear_counts(b, c: Ctx, p: dict | None) -> Reply:
    h = b.moments.hide_and_seek
    guess = b.pick(c.session, "hide.guess", h["guesses"])
    c.session.pending = {"kind": "hide_seek", "guesses": (p or {}).get("guesses", 0) + 1}
    c.session.last_topic = "hide_and_seek"
    intro = b.pick(c.session, "companion.hide_bear.counting", data()["hide_bear"]["counting"])
    return Reply(f"{intro} {h['count']} {guess}", "hide_and_seek", expects_answer=True)


def hide_and_seek(b, c: Ctx) -> Reply:
    """Start hide and seek: the bear counts, or hides when the child says they'll seek."""
    if BEAR_HIDES.search(c.canon) or SEEKING.search(c.canon):
        return _bear_hides(b, c, seeking=bool(SEEKING.search(c.canon)))
    return games.hide_and_seek(b, c)


def expect_hide(b, c: Ctx, p: dict) -> Reply | None:
    """During hide and seek (the child hiding): the roles swapped, "count again", "i'm hiding!" (the
    bear looks); else the game's own answers (found, not there)."""
    if SEEKING.search(c.canon) or BEAR_HIDES.search(c.canon):
        return _bear_hides(b, c, seeking=bool(SEEKING.search(c.canon)))
    if BEAR_COUNTS.search(c.canon):
        return _bear_counts(b, c, p)
    at = HIDING_AT.search(c.canon)
    if at:
        return _hiding_at(b, c, at.group(1), at.group(2))
    if HIDDEN.match(c.canon):
        h = b.moments.hide_and_seek
        p["guesses"] = p.get("guesses", 0) + 1
        return Reply(f"Ready or not, here I come! {b.pick(c.session, 'hide.guess', h['guesses'])}", "hide_and_seek",
                     expects_answer=True)
    return games.expect_hide(b, c, p)


def expect_bear_found(b, c: Ctx, p: dict) -> Reply | None:
    """The child looking for the hiding bear: found it (or a guess: the third one finds it)."""
    h = data()["hide_bear"]
    if BEAR_COUNTS.search(c.canon) and not FOUND.search(c.canon):
        return _bear_counts(b, c, None)
    if FOUND.search(c.canon) is None:
        if SEEKING.search(c.canon):  # "ready or not!": still hiding
            return Reply(b.pick(c.session, "companion.hide_bear.seek", h["seek"]), "hide_and_seek",
                         expects_answer=True)
        return None
    looks = p.get("looks", 0) + 1
    if re.search(r"\bare you\b", c.canon) and looks < 3:
        c.session.pending = {"kind": "hide_bear", "looks": looks}
        return Reply(b.pick(c.session, "companion.hide_bear.not_found", h["not_found"]), "hide_and_seek",
                     expects_answer=True)
    c.session.pending = {"kind": "offer", "yes": "hide_and_seek", "no": ""}
    return Reply(b.pick(c.session, "companion.hide_bear.found", h["found"]) + " Shall we play again?",
                 "hide_and_seek", expects_answer=True)


# --- a bit of the song just sung --------------------------------------------------------------------------------
BIT = re.compile(r"^(?:(?:now|and|ok|okay|then|can you|could you|please|teddy) )*(?:do|sing|what about|how about)? ?"
                 r"(?:the |a )?([a-z]+)(?: on the bus)?(?: (?:bit|verse|part|one|song))?(?: now| please| next)?$")


def song_bit(b, c: Ctx) -> Reply | None:
    """"do the babies bit" just after The Wheels on the Bus: that verse (only bits of the bear's list)."""
    bits = data()["song_bits"].get(c.session.last_song or "")
    if not bits or c.session.last_topic != "song":
        return None
    m = BIT.match(c.canon)
    if m is None or m.group(1) not in bits:
        return None
    return Reply(bits[m.group(1)] + " Which bit next?", "song", expects_answer=True)


# --- the next line of a song: "what's the next bit?" after the child sang a line of it, or after the bear sang -----
NEXT_BIT = re.compile(r"^(?:(?:and|so|ok|okay|teddy|um|now) )*(?:what is |whats |what s |sing |say |tell me |do )?"
                      r"(?:the )?(?:next (?:bit|line|part|verse|words?)|what comes next|how does it go(?: next)?|"
                      r"and then what)(?: of (?:the|that) (?:song|rhyme))?(?: teddy| please)?$")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower().replace("'", ""))


def song_next(b, c: Ctx) -> Reply | None:
    """The line after the one the child just sang ("twinkle twinkle little star" ... "what's next?"), or "that was
    the whole song" just after the bear sang one; None when no song is under way."""
    if NEXT_BIT.match(c.canon) is None or not c.session.heard:
        return None
    said = _words(c.session.heard[-1])
    for s in b.content.songs:
        lines = [p for p in re.split(r"(?<=[.!?])\s+", s.text) if p]
        for i, line in enumerate(lines[:-1]):
            words = _words(line)
            if len(said) >= 3 and said == words[:len(said)]:
                c.session.last_topic, c.session.last_song = "song", s.title
                return Reply(f"{lines[i + 1]} Now you sing the next bit!", "song", expects_answer=True)
    if c.session.last_topic == "song" and c.session.last_song:
        c.session.pending = {"kind": "offer", "yes": "song", "no": ""}
        return Reply(f"That was the end of {c.session.last_song}! Shall I sing another song?", "song",
                     expects_answer=True)
    return None


# --- Happy Birthday to someone ----------------------------------------------------------------------------------
TO_WHOM = re.compile(r"^(?:(?:now|and|ok|okay|can you|could you|please|teddy) )*sing (?:it|that|happy birthday|the "
                     r"(?:happy )?birthday song|it again|that again)(?: again)? (?:to|for) (?:my |our )?"
                     r"((?:best )?[a-z]+)(?: (?:called |named )?([a-z]+))?(?: please| now| too)?$")


def birthday_to(b, c: Ctx) -> Reply | None:
    """"sing it to my mummy" after Happy Birthday, "sing happy birthday to my nana": the song with
    their name (a family word on the list, or a vetted first name; else "friend")."""
    m = TO_WHOM.match(c.canon)
    if m is None or ("birthday" not in c.canon and c.session.last_song != "Happy Birthday"):
        return None
    who = m.group(1)
    if m.group(2) and vet_name(m.group(2)):  # "to my sister lily": her name
        who = m.group(2)
    if who in ("me", "myself"):
        name = c.profile.name or "friend"
    else:
        name = who.capitalize() if who in data()["birthday_song"]["family"] else vet_name(who) or "friend"
    c.session.last_topic, c.session.last_song = "song", "Happy Birthday"
    c.session.take("song", "Happy Birthday")
    text = f"Happy birthday to you, happy birthday to you, happy birthday dear {name}, happy birthday to you!"
    return Reply(f"{text} Hip hip hooray!", "song")


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line asks for, or None ("you hide and i'll seek" starts the game, the bear hiding)."""
    if re.search(r"\b(?:hide|seek|seeker)\b", c.canon) and BEAR_HIDES.search(c.canon):
        return _bear_hides(b, c, seeking=False)
    return song_bit(b, c) or birthday_to(b, c)


HANDLERS = {"hide_and_seek": hide_and_seek}
EXPECTATIONS = {"hide_seek": expect_hide, "hide_bear": expect_bear_found}
