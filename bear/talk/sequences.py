"""Things that come in order: the days of the week, the months, the seasons and the letters of the
alphabet. "What's the day after tuesday?", "which month comes before june?", "what letter comes
after b?", and then "what comes after that?" / "and after that?" carrying on from the last one
said (numbers are `follow_ups.next_number`)."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

ORDERS: dict[str, tuple[str, ...]] = {
    "day": tuple("monday tuesday wednesday thursday friday saturday sunday".split()),
    "month": tuple("january february march april may june july august september october november december".split()),
    "season": ("spring", "summer", "autumn", "winter"),
    "letter": tuple("abcdefghijklmnopqrstuvwxyz"),
    "colour": ("red", "orange", "yellow", "green", "blue", "indigo", "violet"),  # the rainbow's, in order
}
KINDS = {"day": "day", "days": "day", "month": "month", "months": "month", "season": "season", "seasons": "season",
         "letter": "letter", "letters": "letter"}
SAME = {"fall": "autumn", "weds": "wednesday", "sept": "september"}
# "what's the day after tuesday", "which month comes before june", "what letter is after b", "what comes after spring"
ASKED = re.compile(r"^(?:and |so |ok |okay |teddy )*(?:what|which)(?: (day|days|month|months|season|seasons|letter))?"
                   r"(?: (?:is|comes|will it be|is it|do you get))?(?: the (day|month|season|letter))?"
                   r"(?: (?:that )?comes?)? (after|before|next after) (?:the )?(?:(?:day|month|season|letter) )?"
                   r"(?:of )?([a-z]+)$")
# "what comes after that", "and after that", "what's next", "and then what", "what comes before that"
AGAIN = re.compile(r"^(?:and |so |ok |okay |then |um )*(?:(?:what|which) (?:is |comes |one is |one comes )?"
                   r"(after|before|next)(?: (?:that|it|this|that one|then))?|(after|before) that|then what|what then"
                   r"|what is next|what comes next|next|and next"
                   r"|(?:what about |and )?the (?:1|next 1) (after|before) (?:that|it|this))$")
# "what's next in the rainbow", "what day is after that" just after the child said a run ("red orange yellow",
# "monday tuesday"): carried on from its last one
RUN_NEXT = re.compile(r"^(?:and |so |ok |okay |then |um )*(?:what|which)(?: (?:day|month|season|colour|color|letter))?"
                      r"(?: is| comes| one is| one comes)? (?:next|after that|after it)"
                      r"(?: in the (?:rainbow|week|year|alphabet))?$")
# "what day is it tomorrow" just after "it's monday today" (or "if today is friday what day is tomorrow")
TOMORROW = re.compile(r"^(?:and |so |ok |okay |teddy |then )*(?:if (?:today is|it is) (?P<day>[a-z]+)(?: today)? )?"
                      r"(?:what|which) day (?:is it|will it be|is|was it|was) (?P<when>tomorrow|yesterday)"
                      r"(?: then| teddy)?$")
TODAY = re.compile(r"\b(?:today is|it is|its|it s) (?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                   r"(?: today)?\b|\b(?P<day2>monday|tuesday|wednesday|thursday|friday|saturday|sunday) today\b")
LETTER_WORDS = {"bee": "b", "see": "c", "sea": "c", "dee": "d", "gee": "g", "jay": "j", "kay": "k", "pea": "p",
                "pee": "p", "queue": "q", "tea": "t", "tee": "t", "you": "u", "why": "y", "ex": "x", "oh": "o",
                "okay": "k", "are": "r"}  # as heard, and as the spoken form writes a letter ("k" -> "okay")


def _find(kind: str | None, word: str) -> tuple[str, int] | None:
    """The sequence and place of `word` ("tuesday" -> ("day", 1)); a letter only when asked about letters."""
    word = SAME.get(word, word)
    if kind == "letter" or (kind is None and len(word) == 1):
        word = LETTER_WORDS.get(word, word)
        return ("letter", ORDERS["letter"].index(word)) if len(word) == 1 and word in ORDERS["letter"] else None
    for name in ([kind] if kind else ["day", "month", "season"]):
        if word in ORDERS[name]:
            return name, ORDERS[name].index(word)
    return None


def _say(kind: str, item: str) -> str:
    return item.upper() if kind == "letter" else item.capitalize() if kind in ("day", "month") else item


def _answer(c: Ctx, kind: str, i: int, after: bool) -> Reply:
    order = ORDERS[kind]
    if kind == "letter" and not 0 <= i + (1 if after else -1) < len(order):
        text = ("Z is the very last letter of the alphabet! Nothing comes after it." if after
                else "A is the very first letter of the alphabet! Nothing comes before it.")
        return Reply(text, "question")
    j = (i + (1 if after else -1)) % len(order)
    said, was = _say(kind, order[j]), _say(kind, order[i])
    note = ""
    if kind != "letter" and after and j == 0:
        note = " Then it all starts again!"
    c.session.last_in_order = (kind, j, c.session.turns)
    where = "After" if after else "Before"
    return Reply(f"{said[:1].upper()}{said[1:]}! {where} {was} comes {said}.{note}", "question")


def tomorrow(c: Ctx) -> Reply | None:
    """The day tomorrow (or yesterday) when the line or the line before says what day it is today."""
    m = TOMORROW.match(c.canon)
    if m is None:
        return None
    day = m.group("day")
    if day is None and c.session.heard:
        told = TODAY.search(c.session.heard[-1])
        day = told and (told.group("day") or told.group("day2"))
    if day not in ORDERS["day"]:
        return None
    order = ORDERS["day"]
    i = order.index(day)
    other = order[(i + (1 if m.group("when") == "tomorrow" else -1)) % 7]
    if m.group("when") == "tomorrow":
        return Reply(f"If today is {day.capitalize()}, tomorrow is {other.capitalize()}!", "question")
    return Reply(f"If today is {day.capitalize()}, yesterday was {other.capitalize()}!", "question")


def asked(b, c: Ctx) -> Reply | None:
    """The next (or last) day, month, season or letter asked about, or after the last one said; else None."""
    if (told := tomorrow(c)) is not None:
        return told
    m = ASKED.match(c.canon)
    if m is not None:
        kind = KINDS.get(m.group(1) or m.group(2) or "")
        found = _find(kind, m.group(4))
        if found is not None:
            return _answer(c, found[0], found[1], m.group(3) != "before")
    run = _run(c.session.heard[-1] if c.session.heard else "")
    if run is not None and RUN_NEXT.match(c.canon):
        return _answer(c, run[0], run[1], True)
    last = c.session.last_in_order
    m = AGAIN.match(c.canon)
    if m is None or last is None or c.session.turns - last[2] != 1:  # only just after it
        return None
    return _answer(c, last[0], last[1], (m.group(1) or m.group(2) or m.group(3) or "after") != "before")


def _run(line: str) -> tuple[str, int] | None:
    """(the order, the place of the last one) when the line is a run of two or more of one order said in
    order ("monday tuesday", "red orange yellow"); else None. A run of the rainbow wraps no further than violet."""
    words = line.split()
    if len(words) < 2:
        return None
    for kind in ("day", "month", "season", "colour"):
        order = ORDERS[kind]
        if all(w in order for w in words):
            at = [order.index(w) for w in words]
            if all(b == a + 1 for a, b in zip(at, at[1:])) and (kind != "colour" or at[-1] + 1 < len(order)):
                return kind, at[-1]
    return None
