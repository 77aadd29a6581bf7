#!/usr/bin/env python3
"""Verify sealed5.json against the kl-declaration-2025 corpus."""
import json, os, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
cands = [os.path.join(HERE, "..", "..", "corpus", "kl-declaration-2025"),
         os.path.join(HERE, "corpus", "kl-declaration-2025")]
CORPUS = next((c for c in cands if os.path.isdir(c)), None)
errors = []
def err(m): errors.append(m)
if CORPUS is None:
    sys.exit("corpus not found in: " + ", ".join(cands))

def paras(lang):
    t = open(os.path.join(CORPUS, lang + ".txt"), encoding="utf-8").read().replace("\r\n", "\n")
    return [p.strip() for p in t.split("\n\n") if p.strip()]
P = {"vi": paras("vi"), "en": paras("en")}
if len(P["vi"]) != len(P["en"]):
    err("vi/en paragraph counts differ: %d vs %d" % (len(P["vi"]), len(P["en"])))
N = len(P["en"])

try:
    data = json.load(open(os.path.join(HERE, "sealed5.json"), encoding="utf-8"))
except Exception as e:
    sys.exit("sealed5.json does not parse: %s" % e)
if not isinstance(data, list): sys.exit("top level is not a list")

STYLES = {"plain": 23, "casual": 20, "preamble": 15, "typo": 12, "keyword": 12, "yes-no": 12,
          "meta": 10, "no-diacritics": 10, "code-switch": 8, "overview": 6, "multi-part": 6, "follow-up": 6}
ALLOWED = {"id", "q", "lang", "style", "kind", "paragraphs", "answer", "previous", "parts", "oos"}

ids = [d.get("id") for d in data]
if len(set(ids)) != len(ids): err("duplicate ids")
if sorted(ids) != ["w%03d" % i for i in range(1, 141)]: err("ids are not exactly w001..w140")
qs = [d.get("q", "").strip().lower() for d in data]
for q, c in Counter(qs).items():
    if c > 1: err("duplicate question text: %r" % q)

if len(data) != 140: err("total %d != 140" % len(data))
kinds = Counter(d.get("kind") for d in data)
if kinds["in-scope"] != 105 or kinds["out-of-scope"] != 35: err("kind counts %s" % dict(kinds))
oos = Counter(d.get("oos") for d in data if d.get("kind") == "out-of-scope")
if oos["detail"] != 25 or oos["near"] != 10: err("oos counts %s" % dict(oos))
langs = Counter(d.get("lang") for d in data)
if langs["vi"] != 70 or langs["en"] != 70: err("lang counts %s" % dict(langs))
styles = Counter(d.get("style") for d in data)
if dict(styles) != STYLES: err("style counts %s" % dict(styles))

cited = Counter()
for d in data:
    i = d.get("id")
    extra = set(d) - ALLOWED
    if extra: err("%s: unknown fields %s" % (i, extra))
    for f in ("q", "lang", "style", "kind", "paragraphs"):
        if f not in d: err("%s: missing %s" % (i, f))
    if not isinstance(d.get("q"), str) or not d.get("q", "").strip(): err("%s: empty q" % i)
    lang, kind, style, ps = d.get("lang"), d.get("kind"), d.get("style"), d.get("paragraphs", [])
    if lang not in ("vi", "en"): err("%s: bad lang" % i); continue
    if kind not in ("in-scope", "out-of-scope"): err("%s: bad kind" % i)
    if not isinstance(ps, list) or any((not isinstance(p, int)) or p < 1 or p > N for p in ps):
        err("%s: bad paragraphs %r" % (i, ps)); continue
    if len(set(ps)) != len(ps): err("%s: repeated paragraph" % i)
    if style in ("no-diacritics", "code-switch") and lang != "vi": err("%s: %s must be vi" % (i, style))
    if kind == "out-of-scope":
        if ps: err("%s: out-of-scope with paragraphs" % i)
        if "answer" in d: err("%s: out-of-scope with answer" % i)
        if d.get("oos") not in ("detail", "near"): err("%s: out-of-scope needs oos detail|near" % i)
        if "parts" in d: err("%s: out-of-scope with parts" % i)
    else:
        if "oos" in d: err("%s: in-scope with oos" % i)
        if not ps: err("%s: in-scope without paragraphs" % i)
        cited.update(set(ps))
        if style == "overview":
            if "answer" in d: err("%s: overview must not have answer" % i)
        else:
            a = d.get("answer")
            if not isinstance(a, str) or not a.strip():
                err("%s: missing answer" % i)
            elif not any(a in P[lang][p - 1] for p in ps):
                err("%s: answer not a verbatim substring of cited %s paragraph(s) %r: %r" % (i, lang, ps, a))
    if style == "follow-up":
        if not isinstance(d.get("previous"), str) or not d["previous"].strip(): err("%s: follow-up needs previous" % i)
    elif "previous" in d: err("%s: previous on non-follow-up" % i)
    if style == "multi-part":
        parts = d.get("parts")
        if not isinstance(parts, list) or len(parts) < 2: err("%s: multi-part needs >=2 parts" % i)
        else:
            u = sorted(set(p for part in parts for p in part))
            if u != sorted(ps): err("%s: paragraphs %r != union of parts %r" % (i, ps, u))
    elif "parts" in d: err("%s: parts on non-multi-part" % i)

for p in range(1, N + 1):
    if cited[p] < 3: err("paragraph %d cited by only %d in-scope questions" % (p, cited[p]))

if errors:
    print("FAIL (%d problems)" % len(errors))
    for e in errors: print(" -", e)
    sys.exit(1)
print("OK: %d questions (%s), langs %s, oos %s" % (len(data), dict(kinds), dict(langs), dict(oos)))
print("styles:", dict(sorted(styles.items())))
print("citations per paragraph:", dict(sorted(cited.items())))
print("corpus:", os.path.normpath(CORPUS))
