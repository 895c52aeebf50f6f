"""Little sums children ask ("what's two plus two", "ten take away three", "what comes after
nineteen", "what comes next 2 4 6 8"): answered exactly, in words a child can repeat, for numbers up to
9,999."""

from __future__ import annotations

import re

_OPS = {"plus": "+", "add": "+", "and": "+", "added to": "+", "minus": "-", "take away": "-", "takeaway": "-",
        "subtract": "-", "times": "*", "multiplied by": "*", "divided by": "/", "shared between": "/",
        "shared by": "/", "shared among": "/", "shared out between": "/"}
_SUM = re.compile(r"\b(?:what is|what are|what s|how much is|how many is|whats|what does|what do|is)?\s*"
                  r"(\d{1,4}) (plus|add|added to|and|minus|take away|takeaway|subtract|times|multiplied by|"
                  r"divided by|shared (?:between|by|among)|shared out between) (\d{1,4})\b(?: more)?"
                  r"(?: (?:people|children|kids|friends|of us|bears|teddies|plates|bowls|groups|teams|boys|girls))?"
                  r"(?: make| equal| equals| makes)?(?: each)?\s*$")
_CHAIN = re.compile(r"^(?:what is |what are |what s |how much is |whats |what does |what do |is )?(\d{1,4})"
                    r"((?: (?:plus|add|and|minus|take away|takeaway|subtract) \d{1,4}){2,4})"
                    r"(?: more)?(?: make| equal| equals| makes| altogether| all together)?$")
_AFTER = re.compile(r"\bwhat (?:number )?comes (after|before) (\d{1,4})\b")
# "what comes next 2 4 6 8" (the spoken form reads single digits said in a row as one number: "2468")
_NEXT = re.compile(r"\bwhat (?:number )?comes next\b(?: in| after)?(?: this| the pattern)?((?: \d{1,4}){1,8})$")


def _pattern(canon: str) -> tuple[int, int] | None:
    """(the next number, the step) when the line asks what comes next in a steady pattern ("2 4 6 8" or "2468" ->
    (10, 2); "20 15 10" -> (5, -5)), else None."""
    m = _NEXT.search(canon)
    if m is None:
        return None
    parts = m.group(1).split()
    nums = [int(d) for d in parts[0]] if len(parts) == 1 and len(parts[0]) >= 3 else [int(p) for p in parts]
    if len(nums) < 3:
        return None
    step = nums[1] - nums[0]
    if step == 0 or any(b - a != step for a, b in zip(nums, nums[1:])) or nums[-1] + step < 0:
        return None
    return nums[-1] + step, step


# number words speech-to-text writes for a number next to a sum's operator ("whats too plus three")
_HEARD = {"to": "2", "too": "2", "for": "4", "fore": "4", "won": "1", "ate": "8", "tree": "3", "free": "3"}
_OP_WORDS = r"(?:plus|add|added to|minus|take away|takeaway|subtract|times|multiplied by|divided by)"
_HEARD_BEFORE = re.compile(r"\b(to|too|for|fore|won|ate|tree|free) (?=" + _OP_WORDS
                           + r" (?:\d|to\b|too\b|for\b|fore\b|won\b|ate\b|tree\b|free\b))")
_HEARD_AFTER = re.compile(r"(?<=\d )(" + _OP_WORDS + r") (to|too|for|fore|won|ate|tree|free)\b")


def _heard(canon: str) -> str:
    canon = _HEARD_BEFORE.sub(lambda m: _HEARD[m.group(1)] + " ", canon)
    return _HEARD_AFTER.sub(lambda m: f"{m.group(1)} {_HEARD[m.group(2)]}", canon)


_HALF = re.compile(r"^(?:what is |what s |whats |how much is |what does |what do )?half (?:of )?(\d{1,3})"
                   r"(?: make| equal| equals| is)?$")
# "what's a quarter of 8", "a third of 9"
_PART_OF = re.compile(r"^(?:what is |what s |whats |how much is |what does |what do )?(?:a |one |1 )?"
                      r"(quarter|third|fifth|tenth) (?:of )?(\d{1,3})(?: make| equal| equals| is)?$")
_PARTS = {"quarter": 4, "third": 3, "fifth": 5, "tenth": 10}
# "my brother is 4 and i am 3 years older, how old am i", "i am 7 and my sister is 2 years younger how old is she"
_AGES = re.compile(r"\b(?:is|am|s) (\d{1,2})(?: years old)?(?: and| but|,)? "
                   r"(?:i am|i m|he is|she is|he s|she s|they are|my \w+(?: \w+)? is) (\d{1,2}) "
                   r"(?:years? |more years? )?(older|younger|bigger|smaller)\b(?: than (?:him|her|them|me))?"
                   r"[a-z ]*\bhow old (am i|is he|is she|are they)$")
_STORY = re.compile(r"\b(?:if )?(?:i|you|we) (?:have|had|got|has) (\d{1,3}) (?:[a-z]+ ){0,3}?(?:and|then) "
                    r"(?:(?:i|you|we) )?(?:(eat|ate|eats|give away|gave away|gives away|lose|lost|loses|drop|dropped|"
                    r"give|gave|gives|pop|popped|break|broke|sell|sold|spend|spent)|(get|got|find|found|buy|bought|"
                    r"make|made|are given|were given|get given|got given)) (?:away )?(\d{1,3})(?: more)?\b[a-z ]*?"
                    r"\bhow many ?(?:are |is |do (?:i|you|we) have |have (?:i|you|we) got |(?:i|you|we) have )?"
                    r"(left|now|altogether|all together|in total)?\b")


_ASK = (r"^(?:(?:and|so|teddy|now) )*(?:what is |what are |what s |whats |how much is |how many is |what do |what does "
        r"|is )?")
_PLURALS = {w + "s": i for w, i in (("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("seven", 7),
                                   ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12))} | {
    "sixes": 6}
# "four lots of three", "5 fives", "3 groups of 2"
_LOTS = re.compile(_ASK + r"(\d{1,2}) (?:lots of|groups of|sets of|bags of|packs of|rows of) (\d{1,3})"
                   r"(?: make| equal| equals| makes| altogether| all together)?$|" + _ASK + r"(\d{1,2}) ("
                   + "|".join(_PLURALS) + r")(?: make| equal| equals| makes)?$")
# "one more than 39", "2 less than 10", "10 more than 45"
_MORE_THAN = re.compile(_ASK + r"(\d{1,3}) (more|less|fewer) than (\d{1,4})(?: is)?$")
_FRACTIONS = {"whole": 1.0, "whole one": 1.0, "half": 1 / 2, "third": 1 / 3, "quarter": 1 / 4, "fifth": 1 / 5,
              "sixth": 1 / 6, "eighth": 1 / 8, "tenth": 1 / 10, "hundredth": 1 / 100}
_FRACTION = r"(?:a |an |one |1 )?(whole one|whole|half|third|quarter|fifth|sixth|eighth|tenth|hundredth)"
_DECIMAL = r"((?:0|nought|zero)? ?(?:point|\.) ?\d{1,3})"
# "which is bigger a half or a quarter", "what's more 0.5 or 0.25"
_COMPARE = re.compile(_ASK + r"(?:which is |what is |whats |which one is |which s )?"
                      r"(bigger|biggest|larger|more|greater|"
                      r"smaller|smallest|less|littler|more than the other)(?: number)?,? (?:" + _FRACTION + r"|"
                      + _DECIMAL + r") or (?:" + _FRACTION + r"|" + _DECIMAL + r")$")


def _decimal(said: str) -> float:
    digits = re.sub(r"\D", "", said.split("point")[-1].split(".")[-1])
    return float("0." + digits)


def compared(text: str) -> str | None:
    """"which is bigger, a half or a quarter?", "what's more, 0.5 or 0.25?" (on the folded line, decimal
    points kept) -> which is bigger, and why, in a child's words; else None."""
    text = re.sub(r"\s+", " ", re.sub(r"[^a-z0-9. ]", "", text.lower().replace(",", " "))).strip(" .")
    m = _COMPARE.match(text)
    if m is None:
        return None
    way, f1, d1, f2, d2 = m.groups()
    a = _FRACTIONS[f1] if f1 else _decimal(d1)
    b = _FRACTIONS[f2] if f2 else _decimal(d2)
    if a == b:
        return "They're the same size!"
    said1 = f"a {f1}" if f1 else d1.strip()
    said2 = f"a {f2}" if f2 else d2.strip()
    big, small = (said1, said2) if a > b else (said2, said1)
    if way in ("smaller", "smallest", "less", "littler"):
        answer = f"{small.capitalize()} is smaller than {big}!"
    else:
        answer = f"{big.capitalize()} is bigger than {small}!"
    if f1 and f2 and f1 != "whole" and f2 != "whole":
        answer += " If you share a cake into fewer pieces, each piece is bigger."
    elif not (f1 or f2):
        answer += " Look at the first number after the point: the bigger it is, the bigger the number."
    return answer


def next_in_pattern(canon: str) -> int | None:
    """The next number when the line asks what comes next in a steady pattern of numbers, else None."""
    found = _pattern(canon)
    return found[0] if found else None


def solve(canon: str) -> str | None:
    """The answer to a little sum in canonical spoken form (digits), or None if it is not one:
    "what's 2 plus 2", "half of 10", "if i have 3 sweets and eat 1 how many are left"."""
    canon = _heard(canon)
    if m := _HALF.search(canon):
        n = int(m.group(1))
        return f"Half of {n} is {n // 2}!" if n % 2 == 0 else f"Half of {n} is {n // 2} and a half!"
    if m := _PART_OF.match(canon):
        part, n = m.group(1), int(m.group(2))
        k = _PARTS[part]
        if n % k:
            return None
        return f"A {part} of {n} is {n // k}! Share {n} into {k} equal groups and each group has {n // k}."
    if m := _AGES.search(canon):
        age, diff = int(m.group(1)), int(m.group(2))
        older = m.group(3) in ("older", "bigger")
        other = age + diff if older else age - diff
        if other <= 0:
            return None
        who = {"am i": "You're", "is he": "He's", "is she": "She's", "are they": "They're"}[m.group(4)]
        return f"{who} {other}! {age} {'and' if older else 'take away'} {diff} {'more ' if older else ''}makes {other}."
    if (m := _STORY.search(canon)) and (m.group(2) or m.group(5) != "left"):
        a, b = int(m.group(1)), int(m.group(4))
        if m.group(2):
            return f"{a} take away {b} is {a - b}!" if a >= b else None
        return f"{a} plus {b} is {a + b}!"
    if m := _LOTS.match(canon):
        a, b = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), _PLURALS[m.group(4)])
        return f"{a} lots of {b} is {a * b}!"
    if m := _MORE_THAN.match(canon):
        k, way, n = int(m.group(1)), m.group(2), int(m.group(3))
        if way == "more":
            return f"{k} more than {n} is {n + k}!"
        return f"{k} less than {n} is {n - k}!" if n >= k else None
    if found := _pattern(canon):
        nxt, step = found
        return f"{nxt} comes next! The numbers go {'up' if step > 0 else 'down'} by {abs(step)} each time."
    m = _AFTER.search(canon)
    if m:
        n = int(m.group(2))
        return f"{n + 1} comes after {n}!" if m.group(1) == "after" else (
            f"{n - 1} comes before {n}!" if n > 0 else "Nothing comes before zero when we count!")
    if m := _CHAIN.match(canon):  # "what's 2 add 2 add 2": left to right
        value, said = int(m.group(1)), m.group(1)
        for op, n in re.findall(r"(plus|add|and|minus|take away|takeaway|subtract) (\d{1,4})", m.group(2)):
            plus = _OPS[op] == "+"
            value += int(n) if plus else -int(n)
            said += f" {'plus' if plus else 'take away'} {n}"
        return f"{said} is {value}!" if value >= 0 else None
    m = _SUM.search(canon)
    if not m or re.search(r"\b(?:between|from)$", canon[:m.start(1)].strip()):  # "a number between 1 and 10"
        return None
    a, op, b = int(m.group(1)), _OPS[m.group(2)], int(m.group(3))
    if op == "/" and (b == 0 or a % b):
        return None  # fractions: a grown-up explains those better
    value = {"+": a + b, "-": a - b, "*": a * b, "/": a // b if b else 0}[op]
    if value < 0:
        return f"{a} take away {b} goes below zero! That's minus {abs(value)}."
    word = {"+": "plus", "-": "take away", "*": "times", "/": "divided by"}[op]
    return f"{a} {word} {b} is {value}!"


_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                              "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
                                              "twenty".split())}
_DOUBLE = re.compile(r"^(?:what is |what s |whats |what does |how much is |what do |can you do )?double "
                     r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")(?: make| equal| equals| is| please)?$")


def doubled(norm: str) -> str | None:
    """"what's double four" (in the folded words: the spoken form reads "double four" as the
    digits "44" of a phone number) -> "Double 4 is 8!", or None."""
    m = _DOUBLE.match(norm)
    if m is None:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
    return f"Double {n} is {2 * n}!"


# "take away two", "and add three more" right after a sum: on the sum's answer
_ON = re.compile(r"^(?:(?:and|now|then|ok|okay|so) )*(?:what if (?:you |we )?|if you |can you )?"
                 r"(plus|add|minus|take away|takeaway|subtract|times|multiplied by|divided by) (?:another )?(\d{1,4})"
                 r"(?: more| again| then| now)?(?: is what| equals what| makes what)?$")
_ANSWERED = re.compile(r"\bis (\d{1,4})!$")


def solve_on(canon: str, last_reply: str) -> str | None:
    """The answer to "take away two" said right after a sum the bear answered, or None."""
    m, last = _ON.match(_heard(canon)), _ANSWERED.search(last_reply.strip())
    if m is None or last is None:
        return None
    return solve(f"{last.group(1)} {m.group(1)} {m.group(2)}")


# "are you sure?", "how did you work it out?" right after a sum the bear answered
_SURE = re.compile(r"^(?:(?:and|but|so|um|hmm|teddy|really) )*(?:are you sure|you sure|is that right|is that true|"
                   r"really|are you certain|is it really|is that really right)(?: teddy)?$")
_HOW = re.compile(r"^(?:(?:and|but|so|um|hmm|teddy) )*(?:how did you (?:work|figure|find) (?:it|that) out|how do you "
                  r"know|how did you know|how did you do (?:it|that)|how do you work (?:it|that) out|how|show me how|"
                  r"how did you get (?:that|it)|how do you do (?:it|that))(?: teddy)?$")
_DONE = re.compile(r"^(\d{1,3}) (plus|take away|times|divided by) (\d{1,3}) is (\d{1,4})!$")


def _counting(start: int, step: int, n: int) -> str:
    return ", ".join(str(start + step * i) for i in range(1, n + 1))


def explained(canon: str, last_reply: str) -> str | None:
    """"are you sure?" or "how did you work it out?" right after a sum the bear answered: yes, and how
    (counting on, counting back, lots of, sharing); else None."""
    m = _DONE.match(last_reply.strip())
    sure, how = _SURE.match(canon), _HOW.match(canon)
    if m is None or not (sure or how):
        return None
    a, op, b, value = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
    if op == "plus":
        way = (f"I started at {a} and counted on {b} more: {_counting(a, 1, b)}!" if 0 < b <= 10 else
               f"I put {a} and {b} together, the tens first and then the ones, and that makes {value}.")
    elif op == "take away":
        way = (f"I started at {a} and counted back {b}: {_counting(a, -1, b)}!" if 0 < b <= 10 else
               f"I took {b} away from {a}, the tens first and then the ones, and {value} were left.")
    elif op == "times":
        way = (f"{a} times {b} is {b} lots of {a}: {_counting(0, a, b)}!" if 0 < b <= 10 and a <= 12 else
               f"{a} times {b} means {b} lots of {a}, and that makes {value}.")
    else:
        way = f"I shared {a} into {b} equal groups, and each group got {value}."
    return (f"Yes, I'm sure! {way}" if sure else way) + " You can check it on your fingers too."


# "is 7 an odd number?", "is 10 odd or even?", and "is that an even number?" just after a number
_PARITY = re.compile(r"^(?:(?:and|so|but|um|teddy|ok|okay) )*(?:is|are) (?:(\d{1,6})|that|it|this|the answer)"
                     r"(?: 1| one| number)? (?:a |an )?(odd|even)(?: number| 1| one)?(?: or (?:a |an )?(?:odd|even)"
                     r"(?: number)?)?(?: teddy)?$")


def parity(canon: str, last_number: int | None) -> str | None:
    """Whether a number (said, or the last one said) is odd or even: "Yes! 7 is an odd number..."; else None."""
    m = _PARITY.match(canon)
    n = int(m.group(1)) if m is not None and m.group(1) else last_number
    if m is None or n is None:
        return None
    kind = "even" if n % 2 == 0 else "odd"
    either = " or " in canon
    why = (f"{n} can be shared into two equal groups with none left over" if kind == "even" else
           f"when you share {n} into two groups, there's one left over")
    start = "" if either else ("Yes! " if m.group(2) == kind else "No! ")
    return f"{start}{n} is an {kind} number: {why}."


# "if you share 12 sweets between 3 people how many do they get", "12 cakes shared between 4 friends"
_SHARE = re.compile(r"\b(?:share|shares|shared|sharing|split|splits|divide|divides|divided|give out|gave out)"
                    r"(?: out| up)? (\d{1,3}) ((?:[a-z]+ ){0,2}?)(?:equally |fairly )?(?:between|among|amongst|into) "
                    r"(\d{1,2})"
                    r"(?: (?:people|children|kids|friends|of us|boys|girls|teddies|bears|plates|bags|groups|[a-z]+))?\b"
                    r"|\b(\d{1,3}) ((?:[a-z]+ ){0,2}?)(?:shared|split|divided)(?: out| up)?(?: equally| fairly)? "
                    r"(?:between|among|amongst|into) (\d{1,2})\b")


def shared(canon: str) -> str | None:
    """A sharing story ("share 12 sweets between 3 people"): how many each gets, and any left over; else None."""
    m = _SHARE.search(canon)
    if m is None or not (re.search(r"\b(?:how many|how much|each|what)\b", canon) or canon.startswith("share")
                         or m.start() == 0):
        return None
    n, things, k = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    n, k, things = int(n), int(k), things.strip()
    if k < 2 or k > 20:
        return None
    each, left = divmod(n, k)
    what = f" {things}" if things and things.split()[-1] not in ("of", "the", "your", "my", "some") else ""
    said = f"{n}{what} shared between {k} is {each} each"
    return f"{said}!" if not left else f"{said}, with {left} left over!"
