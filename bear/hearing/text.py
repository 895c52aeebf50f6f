"""The transcript form (how recognizers write what they heard, and how reference transcripts are
compared with it) and word error rate, for evaluating speech-to-text and spotting phrases.

The child's words are put into other forms for other purposes, each named for it:
`bear.talk.spoken` (`plain`, `folded`, `spoken_form`) for understanding and speaking,
`bear.text_features.featurize` for the understanding model.
"""

from __future__ import annotations

import re

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
        "sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """English words for a whole number (0 to 999,999,999,999)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    for size, word in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return number_words(n // size) + " " + word + ("" if rest == 0 else " " + number_words(rest))
    raise ValueError(n)


def _year_or_number(match: re.Match) -> str:
    text = match.group(0)
    n = int(text)
    if len(text) == 4 and 1100 <= n <= 1999:  # a year: "1961" -> "nineteen sixty one"
        hi, lo = divmod(n, 100)
        return number_words(hi) + " " + ("hundred" if lo == 0 else ("oh " if lo < 10 else "") + number_words(lo))
    return number_words(n)


def transcript_form(text: str) -> str:
    """The transcript form: lower case, numbers as words, no punctuation, single spaces ("Mr." becomes
    "mister"), the way every recognizer's output is written."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"\bmr\.", "mister", text)
    text = re.sub(r"\bmrs\.", "missus", text)
    text = re.sub(r"\bdr\.", "doctor", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"\d+", _year_or_number, text)
    text = re.sub(r"[^a-z' ]+", " ", text)
    text = re.sub(r"(?<![a-z])'|'(?![a-z])", " ", text)
    return " ".join(text.split())


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance between two word lists."""
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(errors, reference words) after normalising both."""
    ref, hyp = transcript_form(reference).split(), transcript_form(hypothesis).split()
    return edit_distance(ref, hyp), len(ref)
