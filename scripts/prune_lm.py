#!/usr/bin/env python3
"""Make the bear's small English language model for PocketSphinx from the one it bundles.

    .venv/bin/python scripts/prune_lm.py [--words 20000]

PocketSphinx's en-us LM (72k words, 3.8M n-grams) costs ~95 MB of RAM in the decoder. This keeps
the `--words` most likely words (by unigram probability), every word the bear's own content uses
(bear/talk/content/*.toml) and the wake phrase, drops every n-gram with another word and every trigram (pocketsphinx 5 cannot write its own
trigrams back; ljspeech-32 WER 0.261 -> 0.296, decoder RAM 95 -> 53 MB), writes the
result as a binary LM plus the matching slice of the pronunciation dictionary into
models/pocketsphinx-en-us-small/, and updates the manifest's sizes and checksums.
Deterministic: the same pocketsphinx release gives byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "models" / "pocketsphinx-en-us-small"
KEEP = {"<s>", "</s>", "<unk>"}


_DUMP = """
import os, sys
from pocketsphinx import Config, LogMath, NGramModel
config, logmath = Config(), LogMath(1.0001)
lm = NGramModel(config, logmath, sys.argv[1])
lm.write(sys.argv[2], NGramModel.str_to_type("arpa"))
os._exit(0)
"""


def content_words() -> set[str]:
    words: set[str] = set()
    for f in (ROOT / "bear" / "talk" / "content").glob("*.toml"):
        words |= set(re.findall(r"[a-z]+(?:'[a-z]+)?", f.read_text(encoding="utf-8").lower()))
    return words | {"hey", "teddy"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--words", type=int, default=55000)
    args = ap.parse_args()
    from pocketsphinx import Config, LogMath, NGramModel, get_model_path

    src = Path(get_model_path()) / "en-us"
    config, logmath = Config(), LogMath(1.0001)  # an NGramModel uses both: they must outlive it
    alive = []  # pocketsphinx's NGramModel crashes when freed: keep every one until os._exit
    with tempfile.TemporaryDirectory() as tmp:
        arpa = Path(tmp) / "full.arpa"
        # pocketsphinx 5 crashes while writing the trigram section of its own LM as ARPA, so
        # the writer runs in a child process and the complete 1- and 2-gram sections are used.
        import subprocess

        subprocess.run([sys.executable, "-c", _DUMP, str(src / "en-us.lm.bin"), str(arpa)], check=False)
        sections: dict[int, list[str]] = {}
        order = 0
        with open(arpa, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"\\(\d)-grams:", line)
                if m:
                    order = int(m.group(1))
                    sections[order] = []
                elif line.startswith("\\end\\"):
                    break
                elif order and line.strip():
                    sections[order].append(line.rstrip("\n"))
        sections.pop(3, None)  # incomplete (see above): a bigram model
        if len(sections.get(2, ())) < 1000:
            print("could not read the 2-grams of the bundled LM", file=sys.stderr)
            return 1
        unigrams = sorted(sections[1], key=lambda x: -float(x.split("\t")[0]))
        wanted = content_words()
        vocab = {u.split("\t")[1] for u in unigrams[:args.words]} | KEEP
        vocab |= {u.split("\t")[1] for u in unigrams if u.split("\t")[1] in wanted}
        def ok(line: str, n: int) -> bool:
            fields = line.split("\t")
            return len(fields) >= n + 1 and all(w in vocab for w in fields[1:n + 1]) and \
                re.fullmatch(r"-?\d+\.\d+", fields[0]) is not None

        kept = {n: [x for x in lines if ok(x, n)] for n, lines in sections.items()}
        kept[2] = [x if len(x.split("\t")) == 3 else "\t".join(x.split("\t")[:3]) for x in kept[2]]
        small = Path(tmp) / "small.arpa"
        with open(small, "w", encoding="utf-8") as f:
            f.write("\\data\\\n" + "".join(f"ngram {n}={len(kept[n])}\n" for n in sorted(kept)) + "\n")
            for n in sorted(kept):
                f.write(f"\\{n}-grams:\n" + "\n".join(kept[n]) + "\n\n")
            f.write("\\end\\\n")
        OUT.mkdir(parents=True, exist_ok=True)
        alive.append(NGramModel(config, logmath, str(small)))
        alive[-1].write(str(OUT / "en-us-small.lm.bin"), NGramModel.str_to_type("bin"))
    dict_lines = [line for line in (src / "cmudict-en-us.dict").read_text(encoding="utf-8").splitlines()
                  if re.sub(r"\(\d+\)$", "", line.split(" ", 1)[0]) in vocab]
    (OUT / "en-us-small.dict").write_text("\n".join(dict_lines) + "\n", encoding="utf-8")
    print(f"vocabulary {len(vocab)} words; n-grams " + ", ".join(f"{n}: {len(sections[n])} -> {len(kept[n])}"
                                                               for n in sorted(kept)))
    manifest = ROOT / "models" / "manifest.toml"
    text = manifest.read_text()
    for name in ("en-us-small.lm.bin", "en-us-small.dict"):
        data = (OUT / name).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        print(f"{name}: {len(data)} bytes sha256 {sha}")
        text = re.sub(rf'(path = "{re.escape(name)}"\nsize = )\d+(\nsha256 = ")[0-9a-f]*', rf"\g<1>{len(data)}\g<2>{sha}", text)
    manifest.write_text(text)
    sys.stdout.flush()
    os._exit(0)  # pocketsphinx's NGramModel can crash in its destructor; everything is written


if __name__ == "__main__":
    sys.exit(main())
