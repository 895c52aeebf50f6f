import pytest

from bear.hearing.text import transcript_form, number_words, word_errors


@pytest.mark.parametrize("text, expected", [
    ("Hello, World!", "hello world"),
    ("In 1961 he had 3 dogs and 1,000 cats.", "in nineteen sixty one he had three dogs and one thousand cats"),
    ("Mr. Smith's car—fast", "mister smith's car fast"),
    ("HE COULD WAIT NO LONGER", "he could wait no longer"),
    ("'quoted' words", "quoted words"),
    ("in 1900 and 2024", "in nineteen hundred and two thousand twenty four"),
])
def test_normalize(text, expected):
    assert transcript_form(text) == expected


def test_number_words():
    assert number_words(0) == "zero"
    assert number_words(115) == "one hundred fifteen"
    assert number_words(1_002_003) == "one million two thousand three"


def test_word_errors():
    assert word_errors("the cat sat", "the cat sat") == (0, 3)
    assert word_errors("the cat sat", "a cat sat down") == (2, 3)
    assert word_errors("Three cats.", "3 cats") == (0, 2)
    assert word_errors("one two", "") == (2, 2)
