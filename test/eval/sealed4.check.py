#!/usr/bin/env python3
"""Verify sealed4.json against the kl-declaration-2025 corpus."""
import json, os, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CANDIDATES = [
    os.path.join(HERE, "..", "..", "corpus", "kl-declaration-2025"),
    os.path.join(HERE, "corpus", "kl-declaration-2025"),
    os.path.join(os.getcwd(), "corpus", "kl-declaration-2025"),
]
STYLES = {"plain": 23, "casual": 20, "preamble": 15, "typo": 12, "keyword": 12,
          "yes-no": 12, "meta": 10, "no-diacritics": 10, "code-switch": 8,
          "overview": 6, "multi-part": 6, "follow-up": 6}
ALLOWED = {"id", "q", "lang", "style", "kind", "paragraphs", "answer", "previous", "parts", "oos"}
errors = []

def err(msg):
    errors.append(msg)

corpus = next((os.path.normpath(p) for p in CANDIDATES if os.path.isdir(p)), None)
if corpus is None:
    sys.exit("corpus not found in: " + ", ".join(CANDIDATES))

def paras(lang):
    with open(os.path.join(corpus, lang + ".txt"), encoding="utf-8") as f:
        text = f.read().replace("\r\n", "\n")
    return [p.strip() for p in text.split("\n\n") if p.strip()]

P = {"vi": paras("vi"), "en": paras("en")}
if len(P["vi"]) != len(P["en"]):
    err("vi/en paragraph counts differ: %d vs %d" % (len(P["vi"]), len(P["en"])))
N = len(P["en"])

try:
    with open(os.path.join(HERE, "sealed4.json"), encoding="utf-8") as f:
        data = json.load(f)
except Exception as e:
    sys.exit("sealed4.json does not parse: %s" % e)
if not isinstance(data, list):
    sys.exit("top level is not a list")

ids = [d.get("id") for d in data]
if len(ids) != len(set(ids)):
    err("duplicate ids: %s" % [i for i, c in Counter(ids).items() if c > 1])
expected_ids = ["v%03d" % i for i in range(1, 141)]
if sorted(i for i in ids if isinstance(i, str)) != expected_ids:
    err("ids are not exactly v001..v140")

cite = Counter()
for d in data:
    i = d.get("id", "?")
    extra = set(d) - ALLOWED
    if extra:
        err("%s: unknown fields %s" % (i, sorted(extra)))
    for k in ("q", "lang", "style", "kind", "paragraphs"):
        if k not in d:
            err("%s: missing %s" % (i, k))
    if not isinstance(d.get("q"), str) or not d.get("q", "").strip():
        err("%s: empty question" % i)
    lang, style, kind = d.get("lang"), d.get("style"), d.get("kind")
    if lang not in ("vi", "en"):
        err("%s: bad lang %r" % (i, lang)); continue
    if style not in STYLES:
        err("%s: bad style %r" % (i, style))
    if kind not in ("in-scope", "out-of-scope"):
        err("%s: bad kind %r" % (i, kind))
    ps = d.get("paragraphs", [])
    if not isinstance(ps, list) or any(not isinstance(p, int) or p < 1 or p > N for p in ps):
        err("%s: bad paragraphs %r" % (i, ps)); continue
    if len(ps) != len(set(ps)):
        err("%s: repeated paragraph numbers" % i)
    if style in ("no-diacritics", "code-switch") and lang != "vi":
        err("%s: %s must be vi" % (i, style))
    if style == "follow-up":
        if not d.get("previous"):
            err("%s: follow-up without previous" % i)
    elif "previous" in d:
        err("%s: previous on a non-follow-up" % i)
    if "parts" in d:
        parts = d["parts"]
        if style != "multi-part":
            err("%s: parts on a non-multi-part" % i)
        if not isinstance(parts, list) or len(parts) < 2 or any(not isinstance(x, list) for x in parts):
            err("%s: parts must be a list of >=2 lists" % i)
        else:
            union = sorted(set(p for x in parts for p in x))
            if union != sorted(ps):
                err("%s: paragraphs %r != union of parts %r" % (i, ps, union))
    elif style == "multi-part":
        err("%s: multi-part without parts" % i)
    if kind == "out-of-scope":
        if ps:
            err("%s: out-of-scope with paragraphs" % i)
        if "answer" in d:
            err("%s: out-of-scope with answer" % i)
        if d.get("oos") not in ("detail", "near"):
            err("%s: out-of-scope needs oos detail|near" % i)
        if style in ("overview", "multi-part"):
            err("%s: out-of-scope %s" % (i, style))
    else:
        if "oos" in d:
            err("%s: oos on in-scope" % i)
        if not ps:
            err("%s: in-scope without paragraphs" % i)
        cite.update(ps)
        if style == "overview":
            if "answer" in d:
                err("%s: overview with answer" % i)
        else:
            ans = d.get("answer")
            if not isinstance(ans, str) or not ans.strip():
                err("%s: in-scope without answer" % i)
            elif not any(ans in P[lang][p - 1] for p in ps):
                err("%s: answer not a verbatim substring of cited %s paragraph(s) %r" % (i, lang, ps))

kinds = Counter(d.get("kind") for d in data)
oos = Counter(d.get("oos") for d in data if d.get("kind") == "out-of-scope")
styles = Counter(d.get("style") for d in data)
langs = Counter(d.get("lang") for d in data)
if len(data) != 140: err("total %d != 140" % len(data))
if kinds["in-scope"] != 105: err("in-scope %d != 105" % kinds["in-scope"])
if kinds["out-of-scope"] != 35: err("out-of-scope %d != 35" % kinds["out-of-scope"])
if oos["detail"] != 25: err("oos detail %d != 25" % oos["detail"])
if oos["near"] != 10: err("oos near %d != 10" % oos["near"])
for s, n in STYLES.items():
    if styles[s] != n:
        err("style %s: %d != %d" % (s, styles[s], n))
if abs(langs["vi"] - langs["en"]) > 14:
    err("language split too uneven: %r" % dict(langs))
for p in range(1, N + 1):
    if cite[p] < 3:
        err("paragraph %d cited by only %d in-scope questions" % (p, cite[p]))

print("corpus:", corpus, "(%d paragraphs)" % N)
print("total", len(data), "| kinds", dict(kinds), "| oos", dict(oos), "| langs", dict(langs))
print("styles", dict(sorted(styles.items())))
print("citations per paragraph", {p: cite[p] for p in range(1, N + 1)})
if errors:
    print("FAIL (%d problems)" % len(errors))
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("PASS")
