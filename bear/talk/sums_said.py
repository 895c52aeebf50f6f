"""Little sums told over two lines ("i have 10 sweets" ... "and i give my brother 4, how many have i
got?"; "there are 4 cats in my street" ... "how many legs all together?") and sums of time ("how many
days in two weeks?"): answered exactly from what the child just said, else None."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

# the line before: how many the child has ("i have 10 sweets", "we had 20 pounds", "there are 4 cats")
HAVE = re.compile(r"\b(?:(?:i|we|you|my \w+|he|she) (?:have|had|has|got|have got|had got)|there (?:are|were|is)) "
                  r"(\d{1,3}) (?:[a-z]+ ){0,3}?([a-z]+)\b")
ASKED = re.compile(r"\bhow (?:many|much)\b")
GAVE = re.compile(r"\b(?:give|gave|gives|giving|eat|ate|eats|spend|spent|spends|lose|lost|loses|drop|dropped|"
                  r"pop|popped|break|broke|sell|sold|take away|took away|use|used|share|shared)\b[a-z ]{0,25}?\b"
                  r"(\d{1,3})\b")
GOT = re.compile(r"\b(?:get|got|gets|find|found|finds|buy|bought|buys|am given|was given|get given|got given|"
                 r"make|made|win|won|pick|picked)\b(?: (?:another|more|given))?[a-z ]{0,20}?\b(\d{1,3})\b")
LEGS_ASKED = re.compile(r"^(?:(?:and|so|then|now|ok) )*how many (legs|wheels)(?: (?:is that|are there|have they got|"
                        r"do they have|have they))?(?: all together| altogether| in total| in all| all)?$")
# "how many days in two weeks", "how many in 3 weeks" (after "how many days are there in a week")
TIME = re.compile(r"^(?:(?:and|so|then|now|ok) )*how many (?:(days|months|weeks|hours|minutes|seconds) )?"
                  r"(?:are there |is there |are )?in (\d{1,2}) (weeks|years|days|hours|minutes)(?: then)?$")
PER = {"weeks": ("days", 7), "years": ("months", 12), "days": ("hours", 24), "hours": ("minutes", 60),
       "minutes": ("seconds", 60)}
OTHER = {("years", "weeks"): 52, ("years", "days"): 365, ("weeks", "hours"): 168}


NEXT = re.compile(r"^(?:(?:and|so|then|ok|okay|now) )*(?:what (?:comes|is|number comes|number is) next|what next|"
                  r"what comes after that|and then what number|which number comes next)$")


def asked(b, c: Ctx) -> Reply | None:
    """A sum told over the last two lines, a sum of time, or the next number of a run the child counted
    ("10 20 30" ... "what comes next?"); else None."""
    return _told(c) or _told_over_two(c) or _ages_apart(c) or _age(c) or _candles(c) or _legs(c) or _time(c) \
        or _run(c)


def _steps(line: str) -> tuple[int, int] | None:
    """(the next number, the step) of a line of three or more numbers going up or down in equal steps."""
    if not re.fullmatch(r"\d{1,4}(?: \d{1,4}){2,}", line.strip()):
        return None
    n = [int(x) for x in line.split()]
    step = n[1] - n[0]
    if step == 0 or any(b - a != step for a, b in zip(n, n[1:])) or n[-1] + step < 0:
        return None
    return n[-1] + step, step


def _one_by_one(c: Ctx) -> str:
    """A run of numbers said one word each ("one two three four", "ten nine eight"), which the spoken form may
    read as bigger numbers ("1234", "10 98"), as digits: "1 2 3 4", "10 9 8"; "" for anything else."""
    from bear.talk.spoken import TENS, UNITS

    words = c.norm.split()
    if len(words) < 3 or not all(w.isdigit() or w in UNITS or w in TENS for w in words):
        return ""
    return " ".join(w if w.isdigit() else str(UNITS.get(w, TENS.get(w))) for w in words)


def _run(c: Ctx) -> Reply | None:
    said = _steps(c.norm) or _steps(c.canon) or _steps(_one_by_one(c))
    if said is None:
        return None
    return _said_next(c, *said)


def _said_next(c: Ctx, nxt: int, step: int) -> Reply:
    c.session.last_number, c.session.number_said = nxt, True
    c.session.pending = {"kind": "count_run", "last": nxt, "step": step}
    way = f"counting in {abs(step)}s" if abs(step) > 1 else "counting"
    way += " backwards" if step < 0 else ""
    return Reply(f"{nxt} comes next! You're {way}. What comes after {nxt}?", "question", expects_answer=True)


def expect_run(b, c: Ctx, p: dict) -> Reply | None:
    """After the bear said the next number of the child's run: the child's next one judged, or "what comes
    next?" answered; None for anything else."""
    nxt = p["last"] + p["step"]
    if NEXT.match(c.canon):
        return _said_next(c, nxt, p["step"]) if nxt >= 0 else None
    said = re.fullmatch(r"(?:(?:um|erm|is it|it is|its) )*(\d{1,4})", c.canon)
    if said is None:
        return None
    if int(said.group(1)) == nxt:
        return _said_next(c, nxt + p["step"], p["step"]) if nxt + p["step"] >= 0 else None
    c.session.pending = p
    return Reply(f"Nearly! After {p['last']} comes {nxt}. Try the next one!", "question", expects_answer=True)


EXPECTATIONS = {"count_run": expect_run}


# "my friend gives me 4 more" after "i have 4 apples": a sum told, the question left unsaid
MORE_TOLD = re.compile(r"\b(?:gives|gave|give|get|got|gets|find|found|buy|bought|buys) (?:me |us )?(\d{1,3}) more\b")
# "how old will he be next year" after "my brother is 3" (the child's own age is the moments', which remember it)
AGE_TOLD = re.compile(r"\b(?:my (?:[a-z]+ )?[a-z]+|he|she) (?:is|s|turned) (\d{1,2})(?: years old| now| today)?$")
AGE_ASKED = re.compile(r"^(?:(?:and|so|then|ok) )*how old will (he|she|they|it) be "
                       r"(?:next year|in (\d{1,2}) years?|in a year|after (?:his|her|my|their) (?:next )?birthday)$")
WILL_BE = {"he": "He'll", "she": "She'll", "they": "They'll", "it": "It'll"}


CANDLES = re.compile(r"^(?:(?:and|so|then|ok) )*how many candles (?:does|do|will|should) (?:he|she|they|it|my \w+|we) "
                     r"(?:need|have|get|want|put on)\b")


def _candles(c: Ctx) -> Reply | None:
    """"how many candles does he need?" after "my grandad is 80 today"."""
    had = AGE_TOLD.search(c.session.heard[-1]) if CANDLES.match(c.canon) and c.session.heard else None
    if had is None:
        return None
    n = int(had.group(1))
    more = " That's a lot of candles! Some people use number candles instead." if n > 20 else ""
    return Reply(f"{n} candles, one for every year!{more} Don't forget to make a wish.", "question")


def _age(c: Ctx) -> Reply | None:
    m = AGE_ASKED.match(c.canon)
    had = AGE_TOLD.search(c.session.heard[-1]) if m is not None and c.session.heard else None
    if m is None or had is None:
        return None
    n, k = int(had.group(1)), int(m.group(2) or 1)
    c.session.last_number, c.session.number_said = n + k, True
    return Reply(f"{WILL_BE[m.group(1)]} be {n + k}! {n} and {k} more is {n + k}.", "question")


def _told(c: Ctx) -> Reply | None:
    asked = ASKED.search(c.canon) is not None
    more = None if asked else MORE_TOLD.search(c.canon)  # "my friend gives me 4 more": the question left unsaid
    if not c.session.heard or not (asked or more):
        return None
    had = HAVE.search(c.session.heard[-1])
    if had is None or HAVE.search(c.canon):
        return None
    n = int(had.group(1))
    if asked and (m := GAVE.search(c.canon)) is not None and int(m.group(1)) <= n:
        k = int(m.group(1))
        c.session.last_number, c.session.number_said = n - k, True
        return Reply(f"{n} take away {k} is {n - k}! So there are {n - k} left.", "question")
    if (m := more or GOT.search(c.canon)) is not None:
        k = int(m.group(1))
        c.session.last_number, c.session.number_said = n + k, True
        return Reply(f"{n} and {k} more is {n + k} altogether!", "question")
    return None


# "4 flew away" / "i gave half to my sister", told on the line after "there were 10 birds on the fence", then
# "how many are left?" / "how many did she get?"
WENT = re.compile(r"\b(\d{1,3}) (?:of them |[a-z]+ )?(?:flew|ran|swam|hopped|walked|went|jumped|rolled|fell|popped|"
                  r"burst|melted|got eaten|were eaten|got lost|were lost)(?: away| off| down| out)?\b")
GIVEN = re.compile(r"\b(?:gave|give|gives|got|get|bought|found|picked) (?:me|us) (?:another )?(\d{1,3})\b")
HALF = re.compile(r"\b(?:gave|give|gives|ate|eat|eats|shared|share|shares)\b[a-z ]{0,12}?\bhalf\b")
LEFT = re.compile(r"^(?:(?:and|so|then|now|ok) )*how many (?:(?:are|is|have|has) )?"
                  r"(?:i |we |you |there |they |he |she )?"
                  r"(?:left|got left|are left|have left|now|got now|have i got now|left over)\b")
GOT_HALF = re.compile(r"^(?:(?:and|so|then|now|ok) )*how many (?:did|does|do|will) (?:she|he|they|my \w+|[a-z]+) "
                      r"(?:get|have|got)\b")


def _told_over_two(c: Ctx) -> Reply | None:
    """A sum told over the two lines before the question: the number had, then how many went or half given."""
    if len(c.session.heard) < 2 or not ASKED.search(c.canon):
        return None
    had, then = HAVE.search(c.session.heard[-2]), c.session.heard[-1]
    if had is None or HAVE.search(then):
        return None
    n = int(had.group(1))
    if (m := MORE_TOLD.search(then) or GIVEN.search(then)) is not None:  # "mum gave me 2 more": more, not fewer
        k = int(m.group(1))
        c.session.last_number, c.session.number_said = n + k, True
        return Reply(f"{n} and {k} more is {n + k} altogether!", "question")
    if (m := WENT.search(then) or GAVE.search(then)) is not None and int(m.group(1)) <= n and LEFT.match(c.canon):
        k = int(m.group(1))
        c.session.last_number, c.session.number_said = n - k, True
        return Reply(f"{n} take away {k} is {n - k}! So there are {n - k} left.", "question")
    if HALF.search(then) and n % 2 == 0 and (GOT_HALF.match(c.canon) or LEFT.match(c.canon)):
        c.session.last_number, c.session.number_said = n // 2, True
        return Reply(f"Half of {n} is {n // 2}! So you each have {n // 2}.", "question")
    return None


# "my brother is 8" ... "i am 5" ... "how much older is he?"
MY_AGE = re.compile(r"\bi (?:am|m) (\d{1,2})(?: years old| now)?\b")
THEIR_AGE = re.compile(r"\b(?:my (?:[a-z]+ )?[a-z]+|he|she) (?:is|s|turned) (\d{1,2})(?: years old| now| today)?\b")
OLDER = re.compile(r"^(?:(?:and|so|then|now|ok) )*how (?:much|many years) (older|younger|bigger|smaller) (?:is|am|are) "
                   r"(he|she|i|they)\b")


def _ages_apart(c: Ctx) -> Reply | None:
    m = OLDER.match(c.canon)
    if m is None or not c.session.heard:
        return None
    lines = c.session.heard[-2:]
    mine = next((int(a.group(1)) for line in lines if (a := MY_AGE.search(line))), None)
    theirs = next((int(a.group(1)) for line in lines if (a := THEIR_AGE.search(line))), None)
    if mine is None or theirs is None or mine == theirs:
        return None
    d = abs(mine - theirs)
    return Reply(f"{max(mine, theirs)} take away {min(mine, theirs)} is {d}, so that's {d} year{'s' if d != 1 else ''} "
                 "between you!", "question")


def _legs(c: Ctx) -> Reply | None:
    from bear.talk.legs import LEGS, WHEELS

    m = LEGS_ASKED.match(c.canon)
    if m is None or not c.session.heard:
        return None
    table = LEGS if m.group(1) == "legs" else WHEELS
    for k, words in re.findall(r"\b(\d{1,2}) ([a-z]+(?: [a-z]+)?)", c.session.heard[-1]):
        one = next((w for word in words.split() for w in (word, word[:-1], word[:-2]) if w in table), None)
        if one is not None:
            n, each = int(k), table[one][0]
            c.session.last_number, c.session.number_said = n * each, True
            return Reply(f"{n} {one}{'s' if n != 1 else ''} with {each} {m.group(1)} each: that's {n * each} "
                         f"{m.group(1)} altogether!", "question")
    return None


def _time(c: Ctx) -> Reply | None:
    m = TIME.match(c.canon)
    if m is None:
        return None
    small, n, big = m.group(1), int(m.group(2)), m.group(3)
    small = small or PER[big][0]
    each = PER[big][1] if PER[big][0] == small else OTHER.get((big, small))
    if each is None:
        return None
    one = big[:-1]
    return Reply(f"There are {each} {small} in a {one}, so in {n} {big if n != 1 else one} there are {n * each} "
                 f"{small}!", "question")


# "i have four sweets" / "and my brother gave me three" / "how many is that all together": the child's own sum
ALTOGETHER = re.compile(r"^(?:and |so |now |then )*(?:how many (?:is that|are there|have i got|do i have|have i|"
                        r"is it|does that make|are there now|now)?(?: all| now| then)*(?: together| altogether| "
                        r"in total| in all)?|how many altogether|what is that altogether|what does that make|"
                        r"(?:all together|altogether|in total)(?: then)?)$")
# the bear's last answer gave the total ("... so twenty altogether!"): said again when "all together?" is asked
TOTAL_SAID = re.compile(r"\b(\d{1,4}|[a-z]+(?:[ -][a-z]+)?) (?:altogether|all together|in total)\b")
MORE_WORDS = re.compile(r"\b(?:gave me|give me|got|get|found|find|bought|buys|picked|add|more|another|plus|and then)\b")
LOST = re.compile(r"\b(?:ate|eat|lost|lose|gave away|gave (?:him|her|them|my \w+)|took|takes|dropped|broke|"
                  r"popped|flew away|ran away|take away)\b")


def altogether(b, c: Ctx) -> Reply | None:
    """"how many is that all together?" after the child said how many they had and how many more (or fewer):
    the sum; else None."""
    if not ALTOGETHER.match(c.canon) or len(c.session.heard) < 2:
        return None
    first, then = (THIS_ONE.sub("", h) for h in c.session.heard[-2:])  # "and 5 on this one": no "1" told
    a, d = re.findall(r"\b\d{1,3}\b", first), re.findall(r"\b\d{1,3}\b", then)
    if len(a) + len(d) == 2 and not (a and d):  # "i got 5 on this hand and 3 on that one", the two in one line
        (a, d), then = ((a or d)[:1], (a or d)[1:]), first if a else then
    if len(a) != 1 or len(d) != 1:
        return total_said(c)
    n, k = int(a[0]), int(d[0])
    if LOST.search(then) and k <= n:
        c.session.last_number, c.session.number_said = n - k, True
        return Reply(f"{n} take away {k} leaves {n - k}! So now there are {n - k}.", "question")
    if MORE_WORDS.search(then) or ON_EACH.search(first + " " + then):
        c.session.last_number, c.session.number_said = n + k, True
        return Reply(f"{n} and {k} more makes {n + k} altogether!", "question")
    return None


THIS_ONE = re.compile(r"\b(?:this|that|the other|my other) 1\b")
# "5 on this hand" ... "and 5 on this one": two handfuls told, to be added
ON_EACH = re.compile(r"\b\d{1,3} (?:[a-z]+ )?(?:on|in) (?:this|that|my|the|each|one|1) ")


def total_said(c: Ctx) -> Reply | None:
    """"all together?" just after the bear's answer gave a total ("... twenty altogether"): that total again."""
    from bear.talk.number_words import a_number

    said = TOTAL_SAID.search(c.session.last_reply.lower())
    told = said.group(1).replace("-", " ") if said else ""
    total = next((str(n) for w in (told, told.split()[-1] if told else "") for n in range(1, 101)
                  if w in (str(n), a_number(n).lower())), None)
    if total is None:
        return None
    c.session.last_number, c.session.number_said = int(total), True
    return Reply(f"{total} altogether! That's what I counted.", "question")
