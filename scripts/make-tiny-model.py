#!/usr/bin/python3
"""Writes the tiny test embedding model used by test/embedding/.

A one-node ONNX graph (Gather of a [vocab, 16] table by input_ids) with a WordPiece
tokenizer whose vocabulary comes from the corpus, laid out the way transformers.js
expects under its local model path. Real models cannot be downloaded here, so the
dense code path is exercised end to end with this one.

Run with Debian's python (it has python3-onnx), from the repository root:

    apt-get install -y python3-onnx
    /usr/bin/python3 scripts/make-tiny-model.py

Deterministic: the same corpus text gives the same bytes (fixed seed, sorted vocab).
"""
import collections
import glob
import json
import os
import unicodedata

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "tiny-model", "Xenova", "tiny-random-e5")
DIM = 16
SEED = 20250527
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
# The e5 prefixes and the punctuation the corpus uses.
FIXED = ["query", "passage", ":", ".", ",", ";", "(", ")", "-", "?", "\"", "/"]
# Common English words, so English tests work before (or without) corpus/*/en.txt.
ENGLISH = """
the of and to in a is for on with by as at from that this be are was will it its
asean information media social safe safety responsible use platforms platform declaration
kuala lumpur ministers minister meeting conference community cooperation digital online
content harmful misinformation disinformation hate speech freedom expression youth
security cyber cybersecurity region regional plan strategic work culture cultural economy
creative innovation transformation resilience people centred center priority priorities
areas area five sustainable development education health environment identity awareness
public trust news press journalists malaysia vietnam viet nam what when where who why how
which does do did adopted signed agreed commit commits committed commitment role sector
stakeholders measures guidelines protect protecting rights challenges era after 2025 17th
amri 2016 2026 2035 roadmap landscape changing rapidly
""".split()
N_VI_FOLDED = 230
N_VI_ACCENTED = 60
N_EN_CORPUS = 60


def is_punct(ch):
    o = ord(ch)
    if 0x21 <= o <= 0x2F or 0x3A <= o <= 0x40 or 0x5B <= o <= 0x60 or 0x7B <= o <= 0x7E:
        return True
    return unicodedata.category(ch).startswith("P")


def words(text, fold):
    """Splits like BertNormalizer + BertPreTokenizer in transformers.js (lowercase, then
    NFD and drop U+0300-U+036F when folding; split on whitespace and punctuation)."""
    text = text.lower()
    if fold:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not 0x300 <= ord(c) <= 0x36F)
    else:
        text = unicodedata.normalize("NFC", text)
    out, cur = [], []
    for ch in text:
        if ch.isspace() or is_punct(ch):
            if cur:
                out.append("".join(cur))
                cur = []
            if is_punct(ch):
                out.append(ch)
        else:
            cur.append(ch)
    if cur:
        out.append("".join(cur))
    return [w for w in out if not is_punct(w[0])]


def top(counter, n):
    return [w for w, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def read_corpus(name):
    texts = []
    for path in sorted(glob.glob(os.path.join(ROOT, "corpus", "*", name))):
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    return "\n".join(texts)


def build_vocab():
    vi, en = read_corpus("vi.txt"), read_corpus("en.txt")
    vocab = list(SPECIALS) + list(FIXED)
    seen = set(vocab)

    def add(ws):
        for w in ws:
            if w not in seen:
                seen.add(w)
                vocab.append(w)

    add(top(collections.Counter(words(vi, fold=True)), N_VI_FOLDED))
    # The normaliser strips accents, so these never come out of the tokenizer; they are
    # kept so the vocabulary also lists the written forms (as real multilingual vocabs do).
    accented = collections.Counter(w for w in words(vi, fold=False) if w not in seen)
    add(top(accented, N_VI_ACCENTED))
    add(ENGLISH)
    add(top(collections.Counter(words(en, fold=True)), N_EN_CORPUS))
    return vocab


def tokenizer_json(vocab):
    ids = {w: i for i, w in enumerate(vocab)}
    special = lambda t: {"id": ids[t], "content": t, "single_word": False, "lstrip": False,
                         "rstrip": False, "normalized": False, "special": True}
    tok = lambda t: {"SpecialToken": {"id": t, "type_id": 0}}
    seq = lambda s, t: {"Sequence": {"id": s, "type_id": t}}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(t) for t in SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": True, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [tok("[CLS]"), seq("A", 0), tok("[SEP]")],
            "pair": [tok("[CLS]"), seq("A", 0), tok("[SEP]"), seq("B", 1), {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [ids[t]], "tokens": [t]} for t in ["[CLS]", "[SEP]"]},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": ids},
    }


def model_bytes(vocab_size):
    rng = np.random.RandomState(SEED)
    table = rng.standard_normal((vocab_size, DIM)).astype(np.float32)
    # Special tokens are in every text (or stand for any unknown word): keep them small so
    # that shared words, not shared [CLS]/[SEP]/[UNK], decide similarity. Not zero, so an
    # all-unknown text still has a direction to normalise.
    table[: len(SPECIALS)] *= 0.05
    ids = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "seq"])
    graph = helper.make_graph(
        [helper.make_node("Gather", ["embeddings", "input_ids"], ["last_hidden_state"], axis=0)],
        "tiny-random-e5",
        [ids("input_ids"), ids("attention_mask"), ids("token_type_ids")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "seq", DIM])],
        [numpy_helper.from_array(table, "embeddings")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make-tiny-model")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model.SerializeToString()


def write(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, (dict, list)):
        data = (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def main():
    vocab = build_vocab()
    specials = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                "cls_token": "[CLS]", "mask_token": "[MASK]"}
    write("config.json", {"model_type": "bert", "hidden_size": DIM, "vocab_size": len(vocab)})
    write("tokenizer.json", tokenizer_json(vocab))
    write("tokenizer_config.json", {"tokenizer_class": "BertTokenizer", "do_lower_case": True,
                                    "strip_accents": True, "model_max_length": 512, **specials})
    write("special_tokens_map.json", specials)
    onnx_bytes = model_bytes(len(vocab))
    write("onnx/model.onnx", onnx_bytes)
    write("onnx/model_quantized.onnx", onnx_bytes)
    print(f"wrote {OUT} (vocab {len(vocab)}, dim {DIM})")


if __name__ == "__main__":
    main()
