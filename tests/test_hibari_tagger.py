"""The packed part-of-speech tagger of hibari's text-to-phoneme step (`bear.speech.hibari_tagger`): the
same tags and phonemes as hibari's own, on the bear's real content, in a fraction of the memory."""

from __future__ import annotations

import glob
import re
import subprocess
import sys
from pathlib import Path

import hibari
import pytest

ASSETS = Path(hibari.__file__).parent / "assets"
ROOT = Path(__file__).resolve().parents[1]


def _lines(n: int) -> list[str]:
    """`n` sentences the bear says (content files: replies, stories, knowledge answers), spread out."""
    found = []
    for f in sorted(glob.glob(str(ROOT / "bear/talk/content/**/*.toml"), recursive=True)):
        found += re.findall(r'"([A-Z][^"\n{}]{15,240}[.!?])"', Path(f).read_text(encoding="utf-8"))
    return found[:: max(1, len(found) // n)][:n]


@pytest.fixture(scope="module")
def taggers():
    from hibari.g2p import _load_json
    from hibari.g2p.tagger import Tagger

    from bear.speech.hibari_tagger import packed_tagger

    return Tagger(_load_json("tagger.json.gz")), packed_tagger(ASSETS / "tagger.json.gz")


def test_the_packed_tagger_tags_the_bears_sentences_exactly_as_hibaris_own(taggers):
    ref, packed = taggers
    lines = _lines(1500)
    assert len(lines) >= 1000
    for line in lines:
        words = re.findall(r"[A-Za-z']+|\d+|[.,!?]", line)
        assert packed(words) == ref(words), line
    # the weight table itself: every feature's weights, in order, for a sample of features
    assert len(packed.weights) == len(ref.weights) > 50_000
    for feature in list(ref.weights)[::97]:
        assert packed.weights.get(feature) == ref.weights[feature]
    assert packed.weights.get("no such feature") is None


def test_the_voice_reads_the_bears_sentences_with_the_same_phonemes():
    from hibari.g2p import G2P

    from bear.speech.hibari_tagger import g2p

    ref, packed = G2P(oov=False), g2p(ASSETS, False)
    for line in _lines(300):
        assert packed(line) == ref(line), line


def test_packing_in_the_daemon_itself_gives_the_same_tagger(taggers):
    from bear.speech.hibari_tagger import packed_tagger

    _, in_child = taggers
    here = packed_tagger(ASSETS / "tagger.json.gz", child=False)
    words = "i read a book and then i will read another one".split()
    assert here(words) == in_child(words)


def test_a_child_that_cannot_start_falls_back_to_packing_here(monkeypatch, caplog):
    from bear.speech import hibari_tagger

    def broken(*args, **kwargs):
        raise OSError("no processes left")

    monkeypatch.setattr(subprocess, "run", broken)
    tagger = hibari_tagger.packed_tagger(ASSETS / "tagger.json.gz")
    assert tagger("we live here".split())
    assert "event=tagger_packed_here" in caplog.text


def test_a_file_that_is_not_a_tagger_model_is_refused_by_name(tmp_path):
    import gzip

    from bear.speech.hibari_tagger import pack

    bad = tmp_path / "tagger.json.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as f:
        f.write('{"tags": ["NN"], "tagdict": {}}')
    with pytest.raises(ValueError, match="tagger.json.gz"):
        pack(bad)


def test_the_packed_tagger_keeps_far_less_memory_than_hibaris():
    """RSS added by each tagger in a fresh process (a figure printed, a bound loose enough for a busy machine)."""
    code = ("import gc, psutil, sys; p = psutil.Process(); import numpy, hibari; gc.collect(); r0 = p.memory_info().rss\n"
            "from pathlib import Path\n"
            "if sys.argv[1] == 'packed':\n"
            "    from bear.speech.hibari_tagger import packed_tagger\n"
            "    t = packed_tagger(Path(hibari.__file__).parent / 'assets' / 'tagger.json.gz')\n"
            "else:\n"
            "    from hibari.g2p import _load_json\n    from hibari.g2p.tagger import Tagger\n"
            "    t = Tagger(_load_json('tagger.json.gz'))\n"
            "gc.collect(); print((p.memory_info().rss - r0) / 2**20)")
    mb = {kind: float(subprocess.run([sys.executable, "-c", code, kind], capture_output=True, text=True, check=True,
                                     cwd=ROOT).stdout) for kind in ("packed", "dict")}
    print(f"tagger RSS: packed {mb['packed']:.1f} MB, hibari's {mb['dict']:.1f} MB")
    assert mb["packed"] < mb["dict"] / 2, mb
