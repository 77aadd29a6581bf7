#!/usr/bin/env python3
"""Validate sealed7.json (the sealed question set for kl-declaration-2025).

Reads sealed7.json next to this script. Corpus: ../../corpus/kl-declaration-2025
relative to this script's folder if it exists, else ./corpus/kl-declaration-2025.
Stdlib only. Exit code 0 = pass, 1 = failures (listed on stderr).
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SET_PATH = os.path.join(HERE, "sealed7.json")
CORPUS_CANDIDATES = [
    os.path.join(HERE, "..", "..", "corpus", "kl-declaration-2025"),
    os.path.join(HERE, "corpus", "kl-declaration-2025"),
]

N_TOTAL = 140
N_IN, N_OUT = 105, 35
N_DETAIL, N_NEAR = 25, 10
N_LANG = {"vi": 70, "en": 70}
STYLE_TOTALS = {
    "plain": 23, "casual": 20, "preamble": 15, "typo": 12, "keyword": 12,
    "yes-no": 12, "meta": 10, "no-diacritics": 10, "code-switch": 8,
    "overview": 6, "multi-part": 6, "follow-up": 6,
}
VI_ONLY = {"no-diacritics", "code-switch"}
ALLOWED = {"id", "q", "lang", "style", "kind", "paragraphs", "answer", "oos", "previous", "parts"}
REQUIRED = {"id", "q", "lang", "style", "kind", "paragraphs"}
MIN_CITES = 3

errors = []


def err(msg):
    errors.append(msg)


def load_paragraphs(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def main():
    corpus = next((c for c in CORPUS_CANDIDATES if os.path.isdir(c)), None)
    if corpus is None:
        print("FAIL: corpus folder not found in: " + ", ".join(CORPUS_CANDIDATES), file=sys.stderr)
        return 1
    paras = {lang: load_paragraphs(os.path.join(corpus, lang + ".txt")) for lang in ("vi", "en")}
    if len(paras["vi"]) != len(paras["en"]):
        err("vi.txt and en.txt have different paragraph counts: %d vs %d" % (len(paras["vi"]), len(paras["en"])))
    n_par = len(paras["en"])
    summary_par = 1
    meta_path = os.path.join(corpus, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as f:
            summary_par = json.load(f).get("summary", 1)

    try:
        with open(SET_PATH, encoding="utf-8") as f:
            data = json.load(f)
    except Exception as e:  # noqa: BLE001
        print("FAIL: cannot parse %s: %s" % (SET_PATH, e), file=sys.stderr)
        return 1
    if not isinstance(data, list):
        print("FAIL: top level is not a list", file=sys.stderr)
        return 1

    # ids and duplicates
    ids = [it.get("id") for it in data if isinstance(it, dict)]
    if len(data) != N_TOTAL:
        err("expected %d items, got %d" % (N_TOTAL, len(data)))
    if len(set(ids)) != len(ids):
        err("duplicate ids: %s" % sorted(k for k, v in Counter(ids).items() if v > 1))
    expected_ids = {"r%03d" % i for i in range(1, N_TOTAL + 1)}
    if set(ids) != expected_ids:
        err("ids are not exactly r001..r%03d (missing %s, extra %s)" % (
            N_TOTAL, sorted(expected_ids - set(ids))[:10], sorted(set(ids) - expected_ids)[:10]))
    qs = [it.get("q", "").strip().lower() for it in data if isinstance(it, dict)]
    dup_q = [k for k, v in Counter(qs).items() if v > 1]
    if dup_q:
        err("duplicate q: %s" % dup_q)

    cites = Counter()
    kinds, langs, oos_split = Counter(), Counter(), Counter()
    style_counts = Counter()

    for it in data:
        if not isinstance(it, dict):
            err("non-object item: %r" % (it,))
            continue
        iid = it.get("id", "?")
        unknown = set(it) - ALLOWED
        if unknown:
            err("%s: unknown fields %s" % (iid, sorted(unknown)))
        missing = REQUIRED - set(it)
        if missing:
            err("%s: missing fields %s" % (iid, sorted(missing)))
            continue
        q, lang, style, kind, ps = it["q"], it["lang"], it["style"], it["kind"], it["paragraphs"]
        if not isinstance(q, str) or not q.strip():
            err("%s: empty q" % iid)
        if lang not in N_LANG:
            err("%s: bad lang %r" % (iid, lang))
            continue
        if style not in STYLE_TOTALS:
            err("%s: bad style %r" % (iid, style))
            continue
        if kind not in ("in-scope", "out-of-scope"):
            err("%s: bad kind %r" % (iid, kind))
            continue
        kinds[kind] += 1
        langs[lang] += 1
        style_counts[style] += 1
        if style in VI_ONLY and lang != "vi":
            err("%s: style %s must be vi" % (iid, style))
        if style == "no-diacritics" and re.search(r"[^\x00-\x7f]", q):
            err("%s: no-diacritics q contains non-ASCII characters" % iid)
        if not isinstance(ps, list) or not all(isinstance(p, int) and not isinstance(p, bool) for p in ps):
            err("%s: paragraphs must be a list of ints" % iid)
            continue

        # follow-up <-> previous
        if style == "follow-up":
            if not isinstance(it.get("previous"), str) or not it["previous"].strip():
                err("%s: follow-up without previous" % iid)
        elif "previous" in it:
            err("%s: previous on non-follow-up item" % iid)
        # multi-part <-> parts
        if style == "multi-part":
            parts = it.get("parts")
            if kind != "in-scope":
                err("%s: multi-part must be in-scope" % iid)
            if not isinstance(parts, list) or len(parts) < 2 or not all(
                    isinstance(p, list) and all(isinstance(x, int) for x in p) for p in parts):
                err("%s: multi-part needs >=2 parts, each a list of ints" % iid)
            else:
                union = set(x for p in parts for x in p)
                if union != set(ps):
                    err("%s: union of parts %s != paragraphs %s" % (iid, sorted(union), ps))
        elif "parts" in it:
            err("%s: parts on non-multi-part item" % iid)

        if kind == "out-of-scope":
            if ps != []:
                err("%s: out-of-scope must have paragraphs []" % iid)
            if it.get("oos") not in ("detail", "near"):
                err("%s: out-of-scope needs oos detail|near" % iid)
            else:
                oos_split[it["oos"]] += 1
            if "answer" in it:
                err("%s: out-of-scope must not have answer" % iid)
            if "parts" in it:
                err("%s: out-of-scope must not have parts" % iid)
            if style == "overview":
                err("%s: overview must be in-scope" % iid)
            continue

        # in-scope
        if "oos" in it:
            err("%s: in-scope must not have oos" % iid)
        if not ps:
            err("%s: in-scope with no paragraphs" % iid)
        if len(set(ps)) != len(ps):
            err("%s: repeated paragraph numbers" % iid)
        bad = [p for p in ps if not 1 <= p <= n_par]
        if bad:
            err("%s: paragraph numbers out of range 1..%d: %s" % (iid, n_par, bad))
            continue
        for p in set(ps):
            cites[p] += 1
        if style == "overview":
            if ps != [summary_par]:
                err("%s: overview must cite [%d]" % (iid, summary_par))
            if "answer" in it:
                err("%s: overview must not have answer" % iid)
            continue
        ans = it.get("answer")
        if not isinstance(ans, str) or not ans.strip():
            err("%s: in-scope non-overview needs answer" % iid)
            continue
        if not any(ans in paras[lang][p - 1] for p in ps):
            err("%s: answer not verbatim in cited paragraphs %s of %s.txt: %r" % (iid, ps, lang, ans))

    # totals
    if kinds["in-scope"] != N_IN or kinds["out-of-scope"] != N_OUT:
        err("kinds: %s (want in-scope %d, out-of-scope %d)" % (dict(kinds), N_IN, N_OUT))
    if oos_split["detail"] != N_DETAIL or oos_split["near"] != N_NEAR:
        err("oos split: %s (want detail %d, near %d)" % (dict(oos_split), N_DETAIL, N_NEAR))
    if dict(langs) != N_LANG:
        err("langs: %s (want %s)" % (dict(langs), N_LANG))
    for s, n in STYLE_TOTALS.items():
        if style_counts[s] != n:
            err("style %s: %d (want %d)" % (s, style_counts[s], n))
    for p in range(1, n_par + 1):
        if cites[p] < MIN_CITES:
            err("paragraph %d cited by %d in-scope items (want >= %d)" % (p, cites[p], MIN_CITES))

    if errors:
        for e in errors:
            print("FAIL: " + e, file=sys.stderr)
        print("%d problem(s)" % len(errors), file=sys.stderr)
        return 1
    print("OK: %d items; kinds %s; oos %s; langs %s" % (len(data), dict(kinds), dict(oos_split), dict(langs)))
    print("styles: " + ", ".join("%s=%d" % (s, style_counts[s]) for s in STYLE_TOTALS))
    print("citations per paragraph: " + ", ".join("%d:%d" % (p, cites[p]) for p in range(1, n_par + 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
