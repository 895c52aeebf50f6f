"""Pronouncing a wake phrase: which phrases can be spoken, and CMU phones for words outside the
PocketSphinx dictionary ("hey chatterbox").

Two steps, kept apart on purpose:
- `phrase_problem` (stdlib only, used by the config check at startup): is the phrase something a
  child can say and a spotter can spot at all (Latin letters, 1-4 words, no digits)?
- `g2p_phones` (in the engine's thread or process, at model load): espeak-ng's English rules turn an
  unknown word into IPA, mapped here to the recogniser's CMU/ARPAbet phone set. espeak-ng is the
  copy bundled inside the piper-tts wheel (already a dependency: the library and its `en` data, GPL-3.0
  like the bear); its extension module is loaded on its own, without `piper` (which would import
  onnxruntime into the decoder process).
"""

from __future__ import annotations

import re
import threading
import unicodedata

MAX_WORDS = 4
MAX_CHARS = 40
_SKIP = ",.!?;:\"()"  # punctuation a phrase may carry ("Hey, Teddy!"): dropped


class WakePhraseError(ValueError):
    """A wake phrase that cannot be spotted; the message is one line for a technician."""


def phrase_words(phrase: str) -> list[str]:
    """The phrase as the spotter sees it: lower case, punctuation dropped, hyphens split."""
    text = phrase.lower().replace("’", "'")
    text = re.sub(f"[{re.escape(_SKIP)}-]+", " ", text)
    return text.split()


def phrase_problem(phrase: str) -> str | None:
    """Why `phrase` cannot be a wake phrase (one line), or None if it can."""
    words = phrase_words(phrase)
    if not words:
        return "is empty"
    if any(ch.isdigit() for ch in phrase):
        return f"{phrase!r} has digits: write numbers as words (\"hey robot two\")"
    bad = sorted({ch for ch in "".join(words) if not ("a" <= ch <= "z" or ch == "'")})
    if bad:
        return (f"{phrase!r} has characters the English recogniser cannot pronounce ({' '.join(bad)}): "
                "use Latin letters a-z")
    if any(not re.search("[a-z]", w) for w in words):
        return f"{phrase!r} has a word without letters"
    if len(words) > MAX_WORDS or len(" ".join(words)) > MAX_CHARS:
        return f"{phrase!r} is too long: at most {MAX_WORDS} words and {MAX_CHARS} letters"
    return None


# espeak-ng (en-us) IPA -> CMU phones. Longest match first; stress and length marks are dropped.
_IPA = {
    "eɪ": "EY", "aɪ": "AY", "aʊ": "AW", "oʊ": "OW", "əʊ": "OW", "ɔɪ": "OY", "tʃ": "CH", "dʒ": "JH",
    "ɑː": "AA", "ɔː": "AO", "iː": "IY", "uː": "UW", "ɜː": "ER", "ɪɹ": "IH R", "ɛɹ": "EH R", "ʊɹ": "UH R",
    "n̩": "AH N", "l̩": "AH L", "m̩": "AH M",
    "a": "AE", "æ": "AE", "ɐ": "AH", "ə": "AH", "ʌ": "AH", "ᵻ": "IH", "ɪ": "IH", "i": "IY", "ɛ": "EH",
    "e": "EH", "ʊ": "UH", "u": "UW", "ɑ": "AA", "ɒ": "AA", "ɔ": "AO", "o": "OW", "ɚ": "ER", "ɝ": "ER", "ɜ": "ER",
    "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "g": "G", "ɡ": "G", "f": "F", "v": "V", "θ": "TH",
    "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH", "m": "M", "n": "N", "ŋ": "NG", "l": "L",
    "ɫ": "L", "ɹ": "R", "r": "R", "w": "W", "ʍ": "W", "j": "Y", "ɾ": "T", "ʔ": "T", "x": "K", "ç": "HH",
}
_IGNORED = set("ˈˌːˑʲ‿-_ \u0329\u032f")
_MAX_KEY = max(map(len, _IPA))


def ipa_to_cmu(ipa: str) -> list[str]:
    """CMU phones for an espeak-ng IPA string; raises WakePhraseError on a symbol it cannot map."""
    ipa = unicodedata.normalize("NFC", re.sub(r"\([^)]*\)", "", ipa))
    stripped = "".join(ch for ch in ipa if ch not in "ˈˌːˑ")
    phones: list[str] = []
    i = 0
    text = ipa.replace("ˈ", "").replace("ˌ", "")
    while i < len(text):
        for n in range(min(_MAX_KEY, len(text) - i), 0, -1):
            if text[i:i + n] in _IPA:
                phones.extend(_IPA[text[i:i + n]].split())
                i += n
                break
        else:
            if text[i] not in _IGNORED:
                raise WakePhraseError(f"cannot map the sound {text[i]!r} of {stripped!r} to the recogniser's phones")
            i += 1
    # espeak writes a doubled consonant where a word runs into itself ("grrr"): CMU never repeats a phone
    return [p for k, p in enumerate(phones) if k == 0 or p != phones[k - 1]]


_lock = threading.Lock()
_bridge = None


def _espeak():
    """espeak-ng's bridge from the piper-tts wheel, initialised for US English (once)."""
    global _bridge
    with _lock:
        if _bridge is None:
            import importlib.machinery
            import importlib.util
            from pathlib import Path

            spec = importlib.util.find_spec("piper")  # the package's location; piper itself is not imported
            if spec is None or not spec.submodule_search_locations:
                raise WakePhraseError("espeak-ng (from the piper-tts package) is not installed: "
                                      "words outside the dictionary cannot be pronounced")
            folder = Path(next(iter(spec.submodule_search_locations)))
            so = next(folder.glob("espeakbridge*.so"), None) or next(folder.glob("espeakbridge*.pyd"), None)
            if so is None or not (folder / "espeak-ng-data").is_dir():
                raise WakePhraseError(f"espeak-ng is missing from {folder}")
            loader = importlib.machinery.ExtensionFileLoader("espeakbridge", str(so))
            module = importlib.util.module_from_spec(importlib.util.spec_from_loader("espeakbridge", loader))
            loader.exec_module(module)
            module.initialize(str(folder / "espeak-ng-data"))
            _bridge = module
        return _bridge


def g2p_phones(word: str) -> list[str]:
    """CMU phones for one word (a-z and apostrophes) from espeak-ng's English rules and lexicon."""
    bridge = _espeak()
    with _lock:
        bridge.set_voice("en-us")
        clauses = bridge.get_phonemes(word)
    phones = ipa_to_cmu("".join(ipa for ipa, _term, _end in clauses))
    if not phones:
        raise WakePhraseError(f"espeak-ng gave no pronunciation for {word!r}")
    return phones


def pronunciations(words, known) -> dict[str, str]:
    """{word: "CMU PHONES"} for each of `words` that `known(word)` says is not in the dictionary."""
    return {w: " ".join(g2p_phones(w)) for w in dict.fromkeys(words) if not known(w)}
