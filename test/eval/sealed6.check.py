#!/usr/bin/env python3
"""Validate sealed6.json against the kl-declaration-2025 corpus (stdlib only)."""
import json
import os
import re
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = "kl-declaration-2025"

EXPECTED_TOTAL = 140
EXPECTED_KIND = {"in-scope": 105, "out-of-scope": 35}
EXPECTED_OOS = {"detail": 25, "near": 10}
EXPECTED_LANG = {"vi": 70, "en": 70}
EXPECTED_STYLE = {
    "plain": 23, "casual": 20, "preamble": 15, "typo": 12, "keyword": 12,
    "yes-no": 12, "meta": 10, "no-diacritics": 10, "code-switch": 8,
    "overview": 6, "multi-part": 6, "follow-up": 6,
}
VI_ONLY = {"no-diacritics", "code-switch"}
ALLOWED = {"id", "q", "lang", "style", "kind", "paragraphs", "answer",
           "oos", "previous", "parts"}
REQUIRED = {"id", "q", "lang", "style", "kind", "paragraphs"}
MIN_CITES = 3


def find_corpus():
    for cand in (os.path.join(HERE, "..", "..", "corpus", DOC),
                 os.path.join(HERE, "corpus", DOC)):
        if os.path.isdir(cand):
            return os.path.normpath(cand)
    sys.exit("corpus folder not found (tried ../../corpus/%s and ./corpus/%s)" % (DOC, DOC))


def paragraphs(path):
    with open(path, encoding="utf-8") as fh:
        text = unicodedata.normalize("NFC", fh.read())
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def main():
    errors = []
    err = errors.append
    corpus = find_corpus()
    paras = {lang: paragraphs(os.path.join(corpus, lang + ".txt")) for lang in ("vi", "en")}
    n = len(paras["vi"])
    if n != len(paras["en"]):
        err("vi has %d paragraphs, en has %d" % (n, len(paras["en"])))
    with open(os.path.join(corpus, "meta.json"), encoding="utf-8") as fh:
        meta = json.load(fh)
    summary = meta.get("summary", 1)

    try:
        with open(os.path.join(HERE, "sealed6.json"), encoding="utf-8") as fh:
            items = json.load(fh)
    except Exception as exc:  # noqa: BLE001
        sys.exit("cannot parse sealed6.json: %s" % exc)
    if not isinstance(items, list):
        sys.exit("top level is not a list")

    ids = [it.get("id") for it in items]
    if len(set(ids)) != len(ids):
        err("duplicate ids: %s" % [i for i, c in Counter(ids).items() if c > 1])
    want_ids = {"u%03d" % i for i in range(1, EXPECTED_TOTAL + 1)}
    if set(ids) != want_ids:
        err("ids are not exactly u001..u%03d (missing %s, extra %s)" % (
            EXPECTED_TOTAL, sorted(want_ids - set(ids)), sorted(set(ids) - want_ids)))
    qs = [unicodedata.normalize("NFC", str(it.get("q", ""))).strip().lower() for it in items]
    for q, c in Counter(qs).items():
        if c > 1:
            err("duplicate q: %r" % q)

    cites = Counter()
    for it in items:
        iid = it.get("id", "?")
        extra = set(it) - ALLOWED
        if extra:
            err("%s: unknown fields %s" % (iid, sorted(extra)))
        missing = REQUIRED - set(it)
        if missing:
            err("%s: missing fields %s" % (iid, sorted(missing)))
            continue
        if not isinstance(it["q"], str) or not it["q"].strip():
            err("%s: empty q" % iid)
        lang, style, kind = it["lang"], it["style"], it["kind"]
        if lang not in EXPECTED_LANG:
            err("%s: bad lang %r" % (iid, lang))
            continue
        if style not in EXPECTED_STYLE:
            err("%s: bad style %r" % (iid, style))
        if kind not in EXPECTED_KIND:
            err("%s: bad kind %r" % (iid, kind))
        if style in VI_ONLY and lang != "vi":
            err("%s: style %s must be vi" % (iid, style))
        if style == "no-diacritics":
            marked = [ch for ch in unicodedata.normalize("NFD", it["q"])
                      if unicodedata.combining(ch)] + [ch for ch in it["q"] if ch in "đĐ"]
            if marked:
                err("%s: no-diacritics question has diacritics" % iid)
        ps = it["paragraphs"]
        if not isinstance(ps, list) or not all(isinstance(p, int) for p in ps):
            err("%s: paragraphs must be a list of ints" % iid)
            continue
        if len(set(ps)) != len(ps):
            err("%s: repeated paragraph numbers" % iid)

        # follow-up <-> previous
        if style == "follow-up":
            if not isinstance(it.get("previous"), str) or not it["previous"].strip():
                err("%s: follow-up needs previous" % iid)
        elif "previous" in it:
            err("%s: only follow-up may have previous" % iid)

        if kind == "out-of-scope":
            if ps:
                err("%s: out-of-scope must have paragraphs []" % iid)
            if it.get("oos") not in EXPECTED_OOS:
                err("%s: out-of-scope needs oos detail|near" % iid)
            if "answer" in it or "parts" in it:
                err("%s: out-of-scope must not have answer/parts" % iid)
            if style in ("overview", "multi-part"):
                err("%s: %s must be in-scope" % (iid, style))
            continue

        # in-scope
        if "oos" in it:
            err("%s: in-scope must not have oos" % iid)
        if not ps:
            err("%s: in-scope needs paragraphs" % iid)
        if any(p < 1 or p > n for p in ps):
            err("%s: paragraph out of range 1..%d: %s" % (iid, n, ps))
            continue
        cites.update(ps)
        if style == "overview":
            if ps != [summary]:
                err("%s: overview must cite [%d]" % (iid, summary))
            if "answer" in it:
                err("%s: overview must not have answer" % iid)
        else:
            ans = it.get("answer")
            if not isinstance(ans, str) or not ans.strip():
                err("%s: in-scope needs answer" % iid)
            else:
                a = unicodedata.normalize("NFC", ans)
                if not any(a in paras[lang][p - 1] for p in ps):
                    err("%s: answer %r not verbatim in %s paragraphs %s" % (iid, ans, lang, ps))
        if style == "multi-part":
            parts = it.get("parts")
            if (not isinstance(parts, list) or len(parts) < 2
                    or not all(isinstance(x, list) for x in parts)):
                err("%s: multi-part needs >=2 parts (lists)" % iid)
            else:
                union = set()
                for x in parts:
                    union.update(x)
                if union != set(ps):
                    err("%s: union of parts %s != paragraphs %s" % (iid, sorted(union), ps))
        elif "parts" in it:
            err("%s: only multi-part may have parts" % iid)

    def cmp(name, got, want):
        if dict(got) != want:
            err("%s counts %s != expected %s" % (name, dict(got), want))

    if len(items) != EXPECTED_TOTAL:
        err("total %d != %d" % (len(items), EXPECTED_TOTAL))
    cmp("kind", Counter(it.get("kind") for it in items), EXPECTED_KIND)
    cmp("oos", Counter(it.get("oos") for it in items if it.get("kind") == "out-of-scope"), EXPECTED_OOS)
    cmp("lang", Counter(it.get("lang") for it in items), EXPECTED_LANG)
    cmp("style", Counter(it.get("style") for it in items), EXPECTED_STYLE)
    for p in range(1, n + 1):
        if cites[p] < MIN_CITES:
            err("paragraph %d cited by only %d in-scope questions" % (p, cites[p]))

    if errors:
        print("FAIL (%d problems)" % len(errors))
        for e in errors:
            print(" -", e)
        sys.exit(1)
    print("OK: %d items, corpus %s, %d paragraphs" % (len(items), corpus, n))
    print("paragraph citations:", dict(sorted(cites.items())))


if __name__ == "__main__":
    main()
