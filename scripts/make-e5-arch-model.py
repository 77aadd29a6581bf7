#!/usr/bin/python3
"""Writes a RANDOM-WEIGHT model with the architecture of Xenova/multilingual-e5-small, for
`npm run bench` to time query embedding at the default model's real cost.

The real weights cannot be downloaded on these machines, but latency does not depend on
weight values: the same graph with the same shapes does the same work. So this builds:

- onnx/model_quantized.onnx: a BERT encoder (12 layers, hidden 384, 12 heads, intermediate
  1536, vocab 250037, 512 positions, 2 token types, erf GELU, LayerNorm eps 1e-12), written
  the way torch.onnx exports BertModel (opset 14, decomposed LayerNorm and GELU, which
  onnxruntime fuses at load) and then quantized the way onnxruntime's `quantize_dynamic`
  does it: every weight MatMul becomes DynamicQuantizeLinear + MatMulInteger (int8 weights)
  + Cast + Mul by the scales, and the word-embedding table is int8 with DequantizeLinear
  after its Gather. That is what transformers.js loads by default (about 118 MB).
- tokenizer.json: an XLM-R-style SentencePiece Unigram tokenizer (Metaspace, <s>…</s>)
  with a synthetic vocabulary of 250,002 pieces: the corpus's and eval questions' words in
  both languages as whole pieces (so questions split into about as many tokens as with the
  real vocabulary), then single characters, then generated pieces in the scripts XLM-R
  covers (Latin, Cyrillic, CJK, Arabic, Devanagari, Thai, Greek, Hangul) to fill the size.
- config.json, tokenizer_config.json, special_tokens_map.json.

The output goes to bench/tmp/models/Xenova/multilingual-e5-small/ (gitignored; about
130 MB, never committed). Its vectors are meaningless; only its timings are real.

    apt-get install -y python3-onnx python3-numpy
    /usr/bin/python3 scripts/make-e5-arch-model.py [out_dir]
"""
import glob
import json
import os
import re
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "bench", "tmp", "models", "Xenova", "multilingual-e5-small")

LAYERS, HIDDEN, HEADS, INTER = 12, 384, 12, 1536
VOCAB, POSITIONS, TYPES, EPS = 250037, 512, 2, 1e-12
TOKENIZER_PIECES = 250002  # XLM-R's SentencePiece vocabulary (the model's table has 35 spare rows)
SEED = 20250527
SPM = "\u2581"

rng = np.random.default_rng(SEED)


class Graph:
    """Collects nodes and initializers; names are generated so the builder reads like the model."""

    def __init__(self):
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, base):
        self.n += 1
        return f"{base}_{self.n}"

    def const(self, base, array):
        name = self.name(base)
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, n_out=1, **attrs):
        outs = [self.name(op_type) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.name(op_type + "_node"), **attrs))
        return outs[0] if n_out == 1 else outs


def quantize_int8(w):
    """Symmetric per-tensor int8, as quantize_dynamic does for weights (QInt8)."""
    scale = max(float(np.abs(w).max()), 1e-8) / 127.0
    return np.clip(np.round(w / scale), -127, 127).astype(np.int8), np.float32(scale)


def random_weight(rows, cols):
    return (rng.standard_normal((rows, cols)) * 0.02).astype(np.float32)


def quantized_linear(g, x, quantized_x, rows, cols):
    """x @ W + b with W int8: MatMulInteger on the shared DynamicQuantizeLinear of x."""
    x_q, x_scale, x_zp = quantized_x
    w_q, w_scale = quantize_int8(random_weight(rows, cols))
    w = g.const("W_quantized", w_q)
    w_zp = g.const("W_zero_point", np.int8(0))
    acc = g.op("MatMulInteger", [x_q, w, x_zp, w_zp])
    scale = g.op("Mul", [x_scale, g.const("W_scale", w_scale)])
    y = g.op("Mul", [g.op("Cast", [acc], to=TensorProto.FLOAT), scale])
    return g.op("Add", [g.const("bias", np.zeros(cols, np.float32)), y])


def dynamic_quantize(g, x):
    return g.op("DynamicQuantizeLinear", [x], n_out=3)


def layer_norm(g, x):
    """Decomposed as torch.onnx writes it before opset 17; onnxruntime fuses it back."""
    mean = g.op("ReduceMean", [x], axes=[-1])
    d = g.op("Sub", [x, mean])
    var = g.op("ReduceMean", [g.op("Pow", [d, g.const("two", np.float32(2))])], axes=[-1])
    std = g.op("Sqrt", [g.op("Add", [var, g.const("eps", np.float32(EPS))])])
    y = g.op("Div", [d, std])
    y = g.op("Mul", [y, g.const("gamma", np.ones(HIDDEN, np.float32))])
    return g.op("Add", [y, g.const("beta", np.zeros(HIDDEN, np.float32))])


def gelu(g, x):
    """Exact (erf) GELU as exported; onnxruntime fuses it to Gelu."""
    e = g.op("Erf", [g.op("Div", [x, g.const("sqrt2", np.float32(1.4142135381698608))])])
    y = g.op("Mul", [x, g.op("Add", [e, g.const("one", np.float32(1))])])
    return g.op("Mul", [y, g.const("half", np.float32(0.5))])


def heads(g, x, perm):
    r = g.op("Reshape", [x, g.const("shape", np.array([0, 0, HEADS, HIDDEN // HEADS], np.int64))])
    return g.op("Transpose", [r], perm=perm)


def encoder_layer(g, h, mask_bias):
    qh = dynamic_quantize(g, h)
    q = heads(g, quantized_linear(g, h, qh, HIDDEN, HIDDEN), [0, 2, 1, 3])
    k = heads(g, quantized_linear(g, h, qh, HIDDEN, HIDDEN), [0, 2, 3, 1])
    v = heads(g, quantized_linear(g, h, qh, HIDDEN, HIDDEN), [0, 2, 1, 3])
    scores = g.op("Div", [g.op("MatMul", [q, k]), g.const("sqrt_head", np.float32(np.sqrt(HIDDEN // HEADS)))])
    probs = g.op("Softmax", [g.op("Add", [scores, mask_bias])], axis=-1)
    ctx = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
    ctx = g.op("Reshape", [ctx, g.const("shape", np.array([0, 0, HIDDEN], np.int64))])
    attn = quantized_linear(g, ctx, dynamic_quantize(g, ctx), HIDDEN, HIDDEN)
    h = layer_norm(g, g.op("Add", [attn, h]))
    up = gelu(g, quantized_linear(g, h, dynamic_quantize(g, h), HIDDEN, INTER))
    down = quantized_linear(g, up, dynamic_quantize(g, up), INTER, HIDDEN)
    return layer_norm(g, g.op("Add", [down, h]))


def build_model():
    g = Graph()
    # Word embeddings: int8 table, Gather then DequantizeLinear (quantize_dynamic's Gather).
    words_q, words_scale = quantize_int8(random_weight(VOCAB, HIDDEN))
    words = g.op("Gather", [g.const("word_embeddings_quantized", words_q), "input_ids"], axis=0)
    words = g.op("DequantizeLinear", [words, g.const("word_scale", words_scale), g.const("word_zp", np.int8(0))])
    # Positions 0..seq-1, sliced from a constant like the exported position_ids buffer.
    seq = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const("one_index", np.array([1], np.int64))], axis=0)
    positions = g.op("Slice", [g.const("position_ids", np.arange(POSITIONS, dtype=np.int64)[None, :]),
                               g.const("zero", np.array([0], np.int64)), seq, g.const("axis1", np.array([1], np.int64))])
    pos = g.op("Gather", [g.const("position_embeddings", random_weight(POSITIONS, HIDDEN)), positions], axis=0)
    types = g.op("Gather", [g.const("token_type_embeddings", random_weight(TYPES, HIDDEN)), "token_type_ids"], axis=0)
    h = layer_norm(g, g.op("Add", [g.op("Add", [words, types]), pos]))
    # Additive attention mask: 0 where attended, a large negative number at padding.
    m = g.op("Cast", [g.op("Unsqueeze", ["attention_mask", g.const("axes", np.array([1, 2], np.int64))])], to=TensorProto.FLOAT)
    mask_bias = g.op("Mul", [g.op("Sub", [g.const("one", np.float32(1)), m]), g.const("neg", np.float32(-3.4028234663852886e38))])
    for _ in range(LAYERS):
        h = encoder_layer(g, h, mask_bias)
    g.nodes.append(helper.make_node("Identity", [h], ["last_hidden_state"], name="output"))
    ids = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch_size", "sequence_length"])
    graph = helper.make_graph(
        g.nodes, "multilingual-e5-small-architecture-random-weights",
        [ids("input_ids"), ids("attention_mask"), ids("token_type_ids")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", "sequence_length", HIDDEN])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="make-e5-arch-model")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model.SerializeToString()


def corpus_words():
    words = []
    for path in sorted(glob.glob(os.path.join(ROOT, "corpus", "*", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            words += re.findall(r"\w+", f.read())
    return words


def question_words():
    """Words of the eval questions: common question words are whole pieces in a real vocabulary too."""
    words = []
    for path in sorted(glob.glob(os.path.join(ROOT, "test", "eval", "*.json"))):
        with open(path, encoding="utf-8") as f:
            words += [w for q in json.load(f) for w in re.findall(r"\w+", q["q"])]
    return words + ["query", "passage"]


def build_vocab():
    """Pieces and Unigram scores: specials, corpus words (▁word and lowercase), characters, filler."""
    pieces = ["<s>", "<pad>", "</s>", "<unk>"]
    seen = set(pieces)

    def add(p):
        if p and p not in seen:
            seen.add(p)
            pieces.append(p)

    for p in [",", ".", "?", SPM, "s", "-", ":", "(", ")", "'", '"', "/", ";", "!"]:
        add(p)
    for w in corpus_words() + question_words():
        for form in {w, w.lower()}:
            add(SPM + form)
            add(form)
    # XLM-R covers 100 languages: besides Latin pieces, most of its vocabulary is other scripts.
    scripts = [  # (share of filler pieces, first code point, last code point)
        (0.40, None, None),  # Latin incl. Vietnamese letters
        (0.12, 0x0430, 0x044F),  # Cyrillic
        (0.15, 0x4E00, 0x9FFF),  # CJK
        (0.08, 0x0627, 0x064A),  # Arabic
        (0.08, 0x0905, 0x0939),  # Devanagari
        (0.05, 0x0E01, 0x0E30),  # Thai
        (0.04, 0x03B1, 0x03C9),  # Greek
        (0.08, 0xAC00, 0xD7A3),  # Hangul
    ]
    for _, lo, hi in scripts[1:]:
        for c in range(lo, min(hi, lo + 2000) + 1):
            add(chr(c))
    for c in list(range(0x21, 0x7F)) + list(range(0xC0, 0x250)) + list(range(0x1EA0, 0x1F00)):
        add(chr(c))
        add(SPM + chr(c))
    latin = np.array(list("abcdefghijklmnopqrstuvwxyzăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ"))
    shares = np.array([x[0] for x in scripts])
    filler = np.random.default_rng(SEED + 1)
    while len(pieces) < TOKENIZER_PIECES - 1:
        _, lo, hi = scripts[int(filler.choice(len(scripts), p=shares / shares.sum()))]
        n = int(filler.integers(1, 4)) if lo == 0x4E00 else int(filler.integers(2, 9))
        s = "".join(filler.choice(latin, n)) if lo is None else "".join(chr(int(c)) for c in filler.integers(lo, hi + 1, n))
        add(SPM + s if filler.random() < 0.5 else s)
    pieces.append("<mask>")
    # Scores like a trained Unigram model: log-probabilities falling with rank.
    scores = [0.0] * 4 + [float(-3.0 - np.log1p(i)) for i in range(len(pieces) - 5)] + [0.0]
    return list(zip(pieces, scores))


def tokenizer_json(vocab):
    ids = {p: i for i, (p, _) in enumerate(vocab)}
    special = lambda t: {"id": ids[t], "content": t, "single_word": False, "lstrip": t == "<mask>",
                         "rstrip": False, "normalized": False, "special": True}
    tok = lambda t: {"SpecialToken": {"id": t, "type_id": 0}}
    seq = lambda s: {"Sequence": {"id": s, "type_id": 0}}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(t) for t in ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Precompiled", "precompiled_charsmap": ""},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
        ]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": SPM, "add_prefix_space": True, "prepend_scheme": "always"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [tok("<s>"), seq("A"), tok("</s>")],
            "pair": [tok("<s>"), seq("A"), tok("</s>"), tok("</s>"), seq("B"), tok("</s>")],
            "special_tokens": {t: {"id": t, "ids": [ids[t]], "tokens": [t]} for t in ["<s>", "</s>"]},
        },
        "decoder": {"type": "Metaspace", "replacement": SPM, "add_prefix_space": True, "prepend_scheme": "always"},
        "model": {"type": "Unigram", "unk_id": ids["<unk>"], "vocab": [[p, s] for p, s in vocab], "byte_fallback": False},
    }


def write(out, rel, data):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, (dict, list)):
        data = json.dumps(data, ensure_ascii=False).encode("utf-8")
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    specials = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"}
    write(out, "config.json", {
        "_comment": "RANDOM WEIGHTS with the architecture of intfloat/multilingual-e5-small; for latency benchmarks only",
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu", "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": INTER,
        "max_position_embeddings": POSITIONS, "type_vocab_size": TYPES, "vocab_size": VOCAB,
        "layer_norm_eps": EPS, "pad_token_id": 0, "position_embedding_type": "absolute",
        "tokenizer_class": "XLMRobertaTokenizer",
    })
    write(out, "tokenizer.json", tokenizer_json(build_vocab()))
    write(out, "tokenizer_config.json", {"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512, **specials})
    write(out, "special_tokens_map.json", specials)
    model = build_model()
    write(out, "onnx/model_quantized.onnx", model)
    print(f"wrote {out}: onnx/model_quantized.onnx {len(model) / 1e6:.1f} MB, tokenizer {TOKENIZER_PIECES} pieces (random weights)")


if __name__ == "__main__":
    main()
