"""The words of a question as the knowledge base compares them: children's words for the ones the
phrasings use, the little words that say nothing about which question it is, and when two words
are near enough the same (a child's spelling, what a speech recogniser heard)."""

from __future__ import annotations

import re

# children's words for what the phrasings say plainly ("what do they munch" -> "what do they eat")
SYNONYMS = {"munch": "eat", "munches": "eat", "nibble": "eat", "nibbles": "eat", "chomp": "eat", "gobble": "eat",
            "scoff": "eat", "scran": "eat", "pussycat": "cat", "love": "like", "loves": "likes",
            "doggy": "dog", "doggie": "dog", "kitty": "cat", "bunny": "rabbit", "bunnies": "rabbits", "piggy": "pig",
            "horsey": "horse", "birdie": "bird", "froggy": "frog",
            # children's forms and what a speech recogniser makes of them
            "breeve": "breathe", "breev": "breathe", "breave": "breathe", "breeves": "breathes",
            "kamelion": "chameleon", "kamelions": "chameleons", "cameleon": "chameleon", "cameleons": "chameleons",
            "camelion": "chameleon", "camelions": "chameleons", "kameleon": "chameleon", "kameleons": "chameleons",
            "dinos": "dinosaurs", "dino": "dinosaur", "fishes": "fish",
            "sheeps": "sheep", "mouses": "mice", "teeths": "teeth", "foots": "feet", "feets": "feet",
            "aeroplane": "plane", "aeroplanes": "planes", "airplane": "plane", "airplanes": "planes",
            "tummies": "tummy", "belly": "tummy", "mummy": "mum", "mommy": "mum", "daddy": "dad",
            "leafs": "leaves", "wolfs": "wolves", "knifes": "knives", "childs": "children", "gooses": "geese",
            # American words and spellings for the British ones the phrasings use
            "color": "colour", "colors": "colours", "favorite": "favourite", "gray": "grey", "mom": "mum",
            "candy": "sweets", "cookie": "biscuit", "cookies": "biscuits", "trash": "rubbish",
            "garbage": "rubbish", "diaper": "nappy", "diapers": "nappies", "vacation": "holiday", "poop": "poo",
            "pee": "wee", "largest": "biggest", "large": "big", "quickest": "fastest", "tiniest": "smallest",
            "littlest": "smallest", "teeniest": "smallest", "weeniest": "smallest",
            "whys": "why is", "hows": "how is", "wheres": "where is", "whos": "who is",
            # Australian and British children's short words
            "mozzie": "mosquito", "mozzies": "mosquitoes", "mozzy": "mosquito", "skeeter": "mosquito",
            "skeeters": "mosquitoes", "brekkie": "breakfast", "mummies": "mums", "mommies": "mums", "moms": "mums",
            "daddies": "dads", "man": "person", "woman": "person", "lady": "person", "nanny": "grandma",
            "nana": "grandma", "granny": "grandma", "grandad": "grandpa",
            # one word for "big" and for "sound" in the phrasings
            "huge": "big", "massive": "big", "enormous": "big", "ginormous": "big", "humongous": "big",
            "noise": "sound", "noises": "sounds",
            # a child's spelling of a question's little words (a content word's is found by how it sounds)
            "meny": "many", "menny": "many", "hav": "have", "wurld": "world", "werld": "world",
            "hole world": "whole world", "hole wide world": "whole world", "whole wide world": "whole world",
            "ladybug": "ladybird", "ladybugs": "ladybirds", "lady bird": "ladybird", "lady birds": "ladybirds",
            "lady bug": "ladybird", "lady bugs": "ladybirds",
            # children's spellings of words their questions are often about
            "dinasor": "dinosaur", "dinasors": "dinosaurs", "dinasaur": "dinosaur", "dinasaurs": "dinosaurs",
            "dinosor": "dinosaur", "dinosors": "dinosaurs", "dinosaw": "dinosaur", "dinosaws": "dinosaurs",
            "ortum": "autumn", "autum": "autumn", "awtum": "autumn", "ortumn": "autumn",
            "butterflys": "butterflies", "caterpiller": "caterpillar", "caterpillers": "caterpillars",
            "elefant": "elephant", "elefants": "elephants", "octopusses": "octopuses",
            "choclit": "chocolate", "chocklit": "chocolate", "choclate": "chocolate", "chocolit": "chocolate",
            "magnit": "magnet", "magnits": "magnets", "magnut": "magnet", "hart": "heart"}
SAME_MEANING = re.compile(r"\b(" + "|".join(sorted(SYNONYMS, key=len, reverse=True)) + r")\b")  # longest first
# little words that say nothing about which question it is (question words and "my"/"your" do)
STOP = frozenset("a an the is are was were do does did can could will would of to in on at for and or be "
                 "so really very please tell me about teddy actually exactly even just".split())
# words that say what kind of question it is, not what it is about (left out of the coverage)
GENERIC = STOP | frozenset("what why how when where who which many much there here thing things some any kind "
                           "get got go goes make makes made really very called call has have had do does did come "
                           "comes from of for ever whole actually need needs okay ok world happen happens happened all "
                           "sometimes not yes yeah yep yup sure "
                           "with into out up i we you me us my our your they them their it he she people children as "
                           "kids child".split())


def _sound(word: str) -> str:
    """How a word sounds, roughly: "elefants" and "elephants", "teef" and "teeth" sound the same."""
    # consonants spelled two ways only: vowels stay (beer is not bear, hell is not heal)
    for a, b in (("ph", "f"), ("ck", "k"), ("wh", "w"), ("th", "f")):
        word = word.replace(a, b)
    return re.sub(r"(.)\1", r"\1", word)


def _stem(word: str) -> str:
    """"falling" -> "fall", "rainbows" -> "rainbow" (near enough to compare a question's words)."""
    if word.endswith("ing") and len(word) >= 7:
        word = word[:-3]
    if word.endswith("ies") and len(word) > 4:  # "babies" -> "baby", "houseflies" -> "housefly"
        return word[:-3] + "y"
    return word.rstrip("s") if len(word) > 3 else word  # "as" is not "a", "bus" not "bu"


def _content(text: str) -> list[str]:
    return [_stem(w) for w in text.split() if w not in GENERIC]


def _close(a: str, b: str) -> bool:
    """The same word, or one a speech recogniser or a child's spelling would make of it."""
    if a == b or (len(a) > 4 and len(b) > 4 and a[:4] == b[:4]):
        return True
    if min(len(a), len(b)) >= 4 and a[0] == b[0] and _sound(a) == _sound(b):  # "elefant", "teef"
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3 or a[0] != b[0]:  # "seed" is not "need"
        return False
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        # a short word only by a vowel heard wrong ("son" -> sun, "see" -> sea; "eat" is not "ear", "bark" not "bare")
        return len(diff) <= 1 and (len(a) > 4 or all(x in "aeiou" and y in "aeiou" for x, y in diff))
    if min(len(a), len(b)) < 5:  # "word" is not "world"
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


ONE_WITH_S = frozenset("mars gas lens news species series christmas".split())


def singular(word: str) -> str:
    """"volcanoes" -> "volcano", "butterflies" -> "butterfly", "lions" -> "lion" (near enough for subjects)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("us") or word in ONE_WITH_S:  # "octopus", "venus", "mars" are one
        return word
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


# words that are plural already or the same for many ("teeth", "sheep"): never "teeths"
PLURAL_ALREADY = frozenset("teeth feet mice geese children people men women sheep fish deer moose police".split())


def plural(word: str) -> str:
    """"lion" -> "lions", "fox" -> "foxes", "butterfly" -> "butterflies" (for a question about one animal)."""
    if word in PLURAL_ALREADY:
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


# "what does a penguin eat" is asked as "what do penguins eat" (the phrasings children use most)
DOES_A = re.compile(r"^(what|where|how|why|when) does (?:a |an )?([a-z]{3,}) (?!do\b|have\b)")
