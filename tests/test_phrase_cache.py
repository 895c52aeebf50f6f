"""The phrase cache (bear/speech/cache.py, phrases.py, cache_builder.py): what the bear says often,
rendered ahead of time with the real hibari voice, played without waiting for the voice; the
child's name rendered and forgotten; size bound; damaged files refused."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time

import numpy as np
import pytest

from bear.config import SpeechConfig
from bear.models.manifest import load_manifest
from bear.models.registry import ModelRegistry
from bear.speech import cache_builder
from bear.speech.cache import CacheCorrupt, PhraseCache, name_tag, piece_key, usage, voice_id
from bear.speech.cache_builder import Builder, Job, PhraseKeeper, plan
from bear.speech.phrases import FILLER, catalogue
from bear.speech.tts import Speaker, chunks_for_speech
from bear.speech.voice import register_voice
from bear.talk.brain import Brain
from bear.talk.turn import Profile, Session
from conftest import BEAR, MODEL_DIR, ROOT, arun, until, write_config

MANIFEST = ROOT / "models" / "manifest.toml"
SR = 24000


def _voice():
    registry = ModelRegistry(load_manifest(MANIFEST), MODEL_DIR)
    return registry, register_voice(registry, SpeechConfig(engine="hibari"))


def _tone(seconds: float = 0.6, freq: float = 220.0) -> np.ndarray:
    t = np.arange(int(SR * seconds)) / SR
    return (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


# --- what is in the catalogue ----------------------------------------------------------------------
def test_the_engines_replies_are_made_of_catalogued_pieces():
    """Whole replies of the offline engine (jokes, riddles, facts, stories, songs, greetings, safety
    lines) are pieces the catalogue lists, cut the same way the Speaker cuts them."""
    pieces = {p.text for p in catalogue()}
    brain = Brain(seed=7)
    asked = ["hello", "tell me a joke", "tell me a riddle", "tell me an animal fact", "sing a song",
             "tell me a story about a dragon", "how are you", "thank you", "goodbye"]
    for text in asked:
        reply = brain.reply(text, Session(), Profile())
        missing = [p for p in chunks_for_speech(reply.text) if p not in pieces]
        assert not missing, (text, reply.text, missing)


def test_every_story_and_song_title_is_in_its_introduction():
    """A placeholder with many values (67 titles) is expanded, not left out for having too many."""
    from bear.talk.content import load_content

    content = load_content()
    pieces = {p.text for p in catalogue()}
    assert len(content.stories) + len(content.songs) > 64
    intros = [f"Here's a story called {s.title}." for s in content.stories] + [f"Here's {s.title}." for s in content.songs]
    assert [i for i in intros if not set(chunks_for_speech(i)) <= pieces] == []


def test_the_childs_name_is_only_in_the_pieces_marked_personal():
    plain = catalogue()
    named = catalogue("Marisol")  # a name no content says (Paddington's Aunt Lucy is in an answer)
    assert not any("Marisol" in p.text for p in plain)
    personal = [p for p in named if p.personal]
    assert personal and all("Marisol" in p.text for p in personal)
    assert not any("Marisol" in p.text for p in named if not p.personal)
    assert FILLER == plain[0].text  # the filler comes first, then the openings
    assert all(len(p.text) <= 40 or " " not in p.text for p in plain)


def test_the_plan_renders_the_name_first_then_openings_at_both_paces():
    jobs = plan(SpeechConfig(), "Lucy")
    tags = [j.tag for j in jobs]
    assert tags[0] == name_tag("Lucy") and "" in tags
    assert tags.index("") == sum(1 for t in tags if t)  # every named piece before the others
    assert {j.scale for j in jobs} == {1.0, 1.15}
    assert len({j.key for j in jobs}) == len(jobs)


def test_the_compact_plan_holds_the_same_jobs_as_a_list_would():
    from bear.speech.phrases import catalogue

    speech = SpeechConfig()
    jobs = plan(speech, "Lucy", "999")
    phrases = catalogue("Lucy", "999")
    scales = (speech.length_scale, speech.bedtime_length_scale)
    order = ([(p, name_tag("Lucy")) for p in phrases if p.personal],
             [(p, "") for p in phrases if p.opening and not p.personal],
             [(p, "") for p in phrases if not p.opening and not p.personal])
    expected = [Job(p.text, s, t, piece_key(s, p.text)) for group in order for s in scales for p, t in group]
    assert len(jobs) == len(expected) and list(jobs) == expected
    assert jobs[-1] == expected[-1] and jobs[3:6] == expected[3:6]
    assert expected[-1].key in jobs and piece_key(1.0, "not a line the bear says") not in jobs
    with pytest.raises(IndexError):
        jobs[len(expected)]


# --- the cache itself ------------------------------------------------------------------------------
def test_a_piece_is_stored_compressed_checksummed_and_read_back(tmp_path):
    cache = PhraseCache(tmp_path, 10_000_000)
    audio = _tone()
    entry = cache.put("v1", 1.0, "Hello there!", audio, SR)
    assert cache.lookup("v1", 1.0, "Hello there!") is entry
    assert cache.lookup("v1", 1.15, "Hello there!") is None and cache.lookup("v2", 1.0, "Hello there!") is None
    path = tmp_path / "v1" / entry.filename
    assert path.stat().st_size < audio.nbytes / 4  # compressed
    assert b"Hello" not in path.read_bytes() and "Hello" not in path.name  # the text is not stored

    async def read(e):
        return [(rate, chunk) for rate, chunk in [x async for x in cache.read("v1", e)]]

    chunks = arun(read(entry))
    assert {r for r, _ in chunks} == {SR} and len(chunks[0][1]) == int(SR * 0.25)
    back = np.concatenate([c for _, c in chunks])
    n = min(len(back), len(audio))
    assert abs(len(back) - len(audio)) < SR // 50
    assert np.corrcoef(back[:n], audio[:n])[0, 1] > 0.95
    fresh = PhraseCache(tmp_path, 10_000_000)  # another process sees it after open()
    assert fresh.load("v1") == 1 and fresh.lookup("v1", 1.0, "Hello there!").sha == entry.sha
    cache.close()


def test_a_damaged_piece_is_refused_and_deleted(tmp_path):
    cache = PhraseCache(tmp_path, 10_000_000)
    entry = cache.put("v1", 1.0, "Hello there!", _tone(), SR)
    path = tmp_path / "v1" / entry.filename
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))

    async def read():
        return [x async for x in cache.read("v1", entry)]

    with pytest.raises(CacheCorrupt):
        arun(read())
    assert not path.exists() and cache.lookup("v1", 1.0, "Hello there!") is None
    cache.close()


def test_the_size_bound_evicts_the_least_recently_used_but_never_the_plan(tmp_path):
    cache = PhraseCache(tmp_path, 10_000_000)
    sizes = [cache.put("v1", 1.0, f"line {i}", _tone(0.6, 200 + 50 * i), SR).size for i in range(3)]
    cache.max_bytes = sum(sizes) + 100  # room for three
    for i, e in enumerate(sorted(cache.entries("v1"), key=lambda e: e.key)):
        e.used = 1000.0 + i  # a known order of last use
    lru = min(cache.entries("v1"), key=lambda e: e.used)
    keep = frozenset(e.key for e in cache.entries("v1"))
    assert cache.put("v1", 1.0, "line 9", _tone(0.6, 900), SR, keep=keep) is None  # the plan's own: no room
    assert len(cache.entries("v1")) == 3
    assert cache.put("v1", 1.0, "line 9", _tone(0.6, 900), SR) is not None  # not in a plan: the oldest goes
    assert lru.key not in {e.key for e in cache.entries("v1")}
    assert not (tmp_path / "v1" / lru.filename).exists()
    assert cache.size() <= cache.max_bytes
    cache.max_bytes = sizes[0] + 100
    assert cache.shrink() >= 2 and cache.size() <= cache.max_bytes
    cache.close()


def test_forgetting_deletes_every_rendering_of_the_name_and_only_those(tmp_path):
    cache = PhraseCache(tmp_path, 10_000_000)
    cache.put("v1", 1.0, "Hello, Lucy!", _tone(), SR, tag=name_tag("Lucy"))
    cache.put("v2", 1.15, "Night night, Lucy.", _tone(), SR, tag=name_tag("Lucy"))
    cache.put("v1", 1.0, "Hello, Max!", _tone(), SR, tag=name_tag("Max"))
    cache.put("v1", 1.0, "Hello, friend!", _tone(), SR)
    assert usage(tmp_path)["personal"] == 3
    assert cache.forget_personal(keep=name_tag("Max")) == 2  # the name changed to Max: Lucy goes
    assert cache.lookup("v1", 1.0, "Hello, Max!") is not None
    other = PhraseCache(tmp_path, 0)  # `bear forget`: another process, no index
    assert other.forget_personal() == 1
    held = usage(tmp_path)
    assert held["personal"] == 0 and held["pieces"] == 1
    assert sorted(os.listdir(tmp_path / "v1")) == [cache.lookup("v1", 1.0, "Hello, friend!").filename]
    cache.close()


# --- speaking from the cache -----------------------------------------------------------------------
async def _render(cache, registry, voice, texts, scale=1.0):
    builder = Builder(cache, registry, voice, [Job(t, scale, "", piece_key(scale, t)) for t in texts])
    while await builder.step():
        pass
    return builder


def test_a_cached_reply_plays_without_the_voice_and_a_partly_cached_one_plays_its_prefix_first(tmp_path):
    reply = "Here's a riddle. What has hands but cannot clap? A clock!"
    pieces = chunks_for_speech(reply)
    assert len(pieces) == 3

    async def main():
        registry, voice = _voice()
        cache = PhraseCache(tmp_path, 50_000_000)
        await _render(cache, registry, voice, pieces[:2] + [FILLER])
        await registry.unload(voice)
        speaker = Speaker(registry, voice, cache=cache)
        await cache.open(speaker.voice_id())
        whole = [a async for a in speaker.sentences(" ".join(pieces[:2]), 1.0)]
        assert not registry.slot(voice).loaded  # spoken entirely from the cache: the voice never loaded
        assert speaker.last == {"pieces": 2, "cached": 2, "filler": False}
        order = []
        async for _audio in speaker.sentences(reply, 1.0):
            order.append(registry.slot(voice).loaded)
        assert speaker.last == {"pieces": 3, "cached": 2, "filler": False}
        registry.close()
        cache.close()
        return whole, order, speaker.rate

    whole, order, rate = arun(main(), timeout=120)
    assert rate == SR and len(whole) >= 2 and sum(len(a) for a in whole) > SR  # two pieces, over a second
    # the cached prefix came while the voice was still loading for the third piece
    assert order[0] is False and order[-1] is True


def test_the_filler_plays_when_the_voice_must_load_first(tmp_path):
    async def main():
        registry, voice = _voice()
        cache = PhraseCache(tmp_path, 50_000_000)
        builder = await _render(cache, registry, voice, [FILLER])
        assert builder.rendered == 1
        await registry.unload(voice)
        speaker = Speaker(registry, voice, cache=cache)
        await cache.open(speaker.voice_id())
        chunks = [a async for a in speaker.sentences("A piece nobody rendered.", 1.0)]
        filler = speaker.last["filler"]
        again = [a async for a in speaker.sentences("Another piece nobody rendered.", 1.0)]  # loaded now
        out = filler, speaker.last["filler"], len(chunks), len(again)
        registry.close()
        cache.close()
        return out

    filler, filler_again, n, m = arun(main(), timeout=120)
    assert filler is True and filler_again is False
    assert n == m + 2  # the filler's two chunks (its first quarter second, then the rest) came first


# --- the keeper ------------------------------------------------------------------------------------
class _Cfg:
    def __init__(self, idle_s: float = 5.0):
        from bear.config import TalkConfig

        self.speech = SpeechConfig(engine="hibari", cache_idle_s=idle_s)
        self.talk = TalkConfig()


def test_the_keeper_builds_only_while_idle_and_follows_the_childs_name(tmp_path, monkeypatch):
    small = ["Hello, {name}!", "Here's a riddle.", "Want another one?"]

    def small_plan(speech, name=None, emergency=""):
        texts = [t.replace("{name}", name or "friend") for t in small]
        tag = name_tag(name) if name else ""
        return [Job(t, speech.length_scale, tag if name and name in t else "", piece_key(speech.length_scale, t))
                for t in texts]

    monkeypatch.setattr(cache_builder, "plan", small_plan)
    monkeypatch.setattr(cache_builder, "POLL_S", 0.05)
    state = {"idle": False, "name": "Lucy"}

    async def child_name():
        return state["name"]

    async def main():
        registry, voice = _voice()
        await registry.load(voice)
        cache = PhraseCache(tmp_path, 50_000_000)
        keeper = PhraseKeeper(cache, registry, voice, _Cfg(idle_s=5.0), idle=lambda: state["idle"],
                              child_name=child_name)
        keeper.idle_since = time.monotonic()
        task = asyncio.ensure_future(keeper.run())
        await asyncio.sleep(1.0)
        vid = voice_id(registry.slot(voice).entry)
        busy = len(cache.entries(vid))  # a conversation is going on: nothing rendered
        state["idle"] = True
        keeper.idle_since = time.monotonic() - 10  # idle long enough
        await until(lambda: len(cache.entries(vid)) == 3, 60, "the plan rendered")
        named = [e for e in cache.entries(vid) if e.name_tag]
        state["idle"], state["name"] = False, None  # a conversation, in which the parent forgets everything
        await until(lambda: not any(e.name_tag for e in cache.entries(vid)), 5, "the name's renderings deleted")
        left = sorted(os.listdir(tmp_path / vid))
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        registry.close()
        return busy, named, left

    busy, named, left = arun(main(), timeout=120)
    assert busy == 0
    assert len(named) == 1 and named[0].name_tag == name_tag("Lucy")
    assert len(left) == 2 and not any(".n" in f for f in left)


# --- commands --------------------------------------------------------------------------------------
def test_forget_deletes_the_name_renderings_and_doctor_reports_the_cache(tmp_path, child_env):
    config = write_config(tmp_path)
    folder = tmp_path / "data" / "phrase-cache"
    cache = PhraseCache(folder, 10_000_000)
    cache.put("hibari-heart-x", 1.0, "Hello, Lucy!", _tone(), SR, tag=name_tag("Lucy"))
    cache.put("hibari-heart-x", 1.0, "Hello, friend!", _tone(), SR)
    (folder / "stats.json").write_text('{"hits": 3, "misses": 1}')
    doctor = subprocess.run(BEAR + ["doctor", "--config", str(config)], capture_output=True, text=True,
                            env=child_env, cwd=tmp_path, timeout=120)
    line = next(x for x in doctor.stdout.splitlines() if "phrase cache" in x)
    assert "2 pieces" in line and "1 say the child's name" in line and "hit rate 75% of 4" in line
    done = subprocess.run(BEAR + ["forget", "--yes", "--config", str(config)], capture_output=True, text=True,
                          env=child_env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1 recordings of the bear saying it" in done.stdout
    assert usage(folder) | {"voices": None} == {"pieces": 1, "bytes": usage(folder)["bytes"], "personal": 0,
                                                 "voices": None}


def test_cache_build_renders_into_the_data_dir_and_says_what_it_did(tmp_path, child_env):
    config = write_config(tmp_path, "[speech]\nengine = \"hibari\"\n")
    done = subprocess.run(BEAR + ["cache", "build", "--max-s", "3", "--config", str(config)], capture_output=True,
                          text=True, env=child_env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    figures = dict(x.split("=") for x in last.split())
    assert int(figures["rendered"]) > 0 and int(figures["left"]) > 0 and float(figures["cache_mb"]) > 0
    assert usage(tmp_path / "data" / "phrase-cache")["pieces"] == int(figures["pieces"])
    off = subprocess.run(BEAR + ["cache", "build", "--config", str(write_config(tmp_path, "[speech]\ncache_mb = 0\n"))],
                         capture_output=True, text=True, env=child_env, cwd=tmp_path, timeout=120)
    assert off.returncode == 1 and "off" in off.stderr


def test_the_catalogue_reads_the_knowledge_answers_from_the_prebuilt_index():
    """Making the entries from the content files (the facet tables are checked against the written
    entries with a search each) took 12 s and 55 MB in the idle-time keeper, where the prebuilt
    index already holds every answer."""
    import subprocess
    import sys

    code = ("from bear.speech.phrases import catalogue; pieces = catalogue(); "
            "from bear.talk.knowledge import _load_entries, knowledge; "
            "from bear.speech.phrases import _SENTENCE; from bear.speech.tts import chunks_for_speech; "
            "texts = {p.text for p in pieces}; "
            "assert all(chunks_for_speech(_SENTENCE.split(e.answer)[0])[0] in texts for e in knowledge().entries); "
            "print(_load_entries.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "0"
