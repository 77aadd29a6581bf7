#!/usr/bin/env python3
"""Verify sealed3.json (beside this file) against the corpus and the brief's constraints."""
import json, re, sys, os, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "corpus", "kl-declaration-2025")
SET = os.path.join(HERE, "sealed3.json")

EXPECT_TOTAL, EXPECT_IN, EXPECT_OUT = 140, 105, 35
EXPECT_STYLES = {"plain": 23, "casual": 20, "preamble": 15, "typo": 12, "keyword": 12,
                 "yes-no": 12, "meta": 10, "no-diacritics": 10, "code-switch": 8,
                 "overview": 6, "multi-part": 6, "follow-up": 6}
# out-of-scope questions that are near-topic / off-topic (the other 25 are on-topic detail questions)
NEAR_OFF_TOPIC = {"u002", "u021", "u024", "u040", "u060", "u070", "u086", "u089", "u110", "u114"}
ALLOWED_KEYS = {"id", "q", "lang", "style", "kind", "paragraphs", "answer", "previous", "parts"}
MIN_CITES = 3

errors = []
def err(m): errors.append(m)

def paras(lang):
    t = open(os.path.join(CORPUS, f"{lang}.txt"), encoding="utf-8").read()
    return [unicodedata.normalize("NFC", p.strip()) for p in re.split(r"\n\s*\n", t) if p.strip()]

P = {"vi": paras("vi"), "en": paras("en")}
if len(P["vi"]) != len(P["en"]):
    err(f"paragraph count mismatch vi={len(P['vi'])} en={len(P['en'])}")
N = len(P["en"])

try:
    data = json.load(open(SET, encoding="utf-8"))
except Exception as e:
    print("FAIL: cannot parse sealed3.json:", e); sys.exit(1)
if not isinstance(data, list):
    print("FAIL: top level is not a list"); sys.exit(1)

ids = [q.get("id") for q in data]
if len(ids) != len(set(ids)): err("duplicate ids: %s" % [i for i, c in Counter(ids).items() if c > 1])
if sorted(ids) != [f"u{i:03d}" for i in range(1, EXPECT_TOTAL + 1)]: err("ids are not exactly u001..u140")
if len(data) != EXPECT_TOTAL: err(f"total {len(data)} != {EXPECT_TOTAL}")

kinds = Counter(q.get("kind") for q in data)
if kinds.get("in-scope") != EXPECT_IN or kinds.get("out-of-scope") != EXPECT_OUT:
    err(f"kind counts {dict(kinds)}")
styles = Counter(q.get("style") for q in data)
if dict(styles) != EXPECT_STYLES: err(f"style counts {dict(styles)} != {EXPECT_STYLES}")
langs = Counter(q.get("lang") for q in data)
if set(langs) - {"vi", "en"}: err(f"bad langs {dict(langs)}")
if abs(langs.get("vi", 0) - langs.get("en", 0)) > 14: err(f"language split not about half/half: {dict(langs)}")

oos_ids = {q["id"] for q in data if q.get("kind") == "out-of-scope"}
if not NEAR_OFF_TOPIC <= oos_ids: err(f"near/off-topic ids not out-of-scope: {NEAR_OFF_TOPIC - oos_ids}")
if len(oos_ids - NEAR_OFF_TOPIC) != 25 or len(NEAR_OFF_TOPIC) != 10:
    err(f"out-of-scope split detail={len(oos_ids - NEAR_OFF_TOPIC)} near/off={len(NEAR_OFF_TOPIC)}")

cites = Counter()
for q in data:
    i = q.get("id")
    extra = set(q) - ALLOWED_KEYS
    if extra: err(f"{i}: unknown keys {extra}")
    for k in ("q", "lang", "style", "kind", "paragraphs"):
        if k not in q: err(f"{i}: missing {k}")
    if not isinstance(q.get("q"), str) or not q.get("q", "").strip(): err(f"{i}: empty q")
    ps = q.get("paragraphs", [])
    if not isinstance(ps, list) or any(not isinstance(p, int) or not 1 <= p <= N for p in ps):
        err(f"{i}: bad paragraphs {ps}"); continue
    if len(set(ps)) != len(ps): err(f"{i}: duplicate paragraph numbers")
    lang, kind, style = q.get("lang"), q.get("kind"), q.get("style")
    if lang == "en" and style in ("no-diacritics", "code-switch"): err(f"{i}: {style} must be vi")
    if style == "no-diacritics":
        if any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", q["q"])) or "đ" in q["q"].lower():
            err(f"{i}: no-diacritics question contains diacritics")
    if kind == "out-of-scope":
        if ps: err(f"{i}: out-of-scope with paragraphs")
        if "answer" in q: err(f"{i}: out-of-scope with answer")
        if "parts" in q: err(f"{i}: out-of-scope with parts")
    elif kind == "in-scope":
        if not ps: err(f"{i}: in-scope without paragraphs")
        cites.update(ps)
        if style == "overview":
            if "answer" in q: err(f"{i}: overview must not have answer")
        else:
            ans = q.get("answer")
            if not ans: err(f"{i}: missing answer")
            else:
                ans = unicodedata.normalize("NFC", ans)
                if not any(ans in P[lang][p - 1] for p in ps):
                    err(f"{i}: answer not a verbatim substring of cited {lang} paragraph(s) {ps}: {ans!r}")
    else:
        err(f"{i}: bad kind {kind}")
    if style == "follow-up" and not q.get("previous"): err(f"{i}: follow-up without previous")
    if "previous" in q and style != "follow-up": err(f"{i}: previous on non-follow-up")
    if style == "multi-part":
        parts = q.get("parts")
        if not isinstance(parts, list) or len(parts) < 2: err(f"{i}: multi-part needs >=2 parts")
        else:
            u = sorted({p for part in parts for p in part})
            if u != sorted(ps): err(f"{i}: paragraphs {ps} != union of parts {u}")
    elif "parts" in q: err(f"{i}: parts on non-multi-part")

for p in range(1, N + 1):
    if cites[p] < MIN_CITES: err(f"paragraph {p} cited by only {cites[p]} questions")

if errors:
    print("FAIL"); [print(" -", e) for e in errors]; sys.exit(1)
print(f"OK: {len(data)} questions; kinds {dict(kinds)}; langs {dict(langs)}")
print("styles", dict(sorted(styles.items())))
print("citations per paragraph", dict(sorted(cites.items())))
