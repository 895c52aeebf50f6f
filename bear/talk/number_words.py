"""Numbers as a child says them ("forty two", "one thousand and five", "a million and one").

No imports: the knowledge base's facet tables, the games and the companion all use it.
"""

from __future__ import annotations

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
       "seventeen eighteen nineteen".split()
TENS = "- - twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """A number as a child says it ("forty two", "one thousand and five", "one million and one")."""
    for size, name in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return f"{number_words(n // size)} {name}" + (
                "" if not rest else f" and {number_words(rest)}" if rest < 100 else f" {number_words(rest)}")
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f" {ONES[n % 10]}" if n % 10 else "")
    rest = n % 100
    return f"{ONES[n // 100]} hundred" + (f" and {number_words(rest)}" if rest else "")


def a_number(n: int) -> str:
    """A number as it is said on its own: "a thousand", "a million and one", "seven"."""
    words = number_words(n)
    return "a " + words[4:] if words.startswith("one ") and n >= 100 else words
