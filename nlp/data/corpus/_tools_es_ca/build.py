"""Assemble es.jsonl / ca.jsonl from the hand-written compact sources and validate them.

Source line format (one report per line, '#' comments allowed):
    grounds|domain|incident_type|urgency_reasons|text
grounds: '+'-joined abbreviations, or '-' for a hard negative (kind=negative, grounds=[]).
reasons: ','-joined abbreviations, empty for non-urgent. The narrative text is hand-written.
"""
import json, re, sys, collections, pathlib

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE.parent
G = {"rac": "racism", "gyp": "antigypsyism", "sem": "antisemitism", "mus": "anti_muslim", "rel": "religion",
     "so": "sexual_orientation", "gi": "gender_identity", "sex": "sex_gender", "dis": "disability",
     "apo": "aporophobia", "age": "age", "hea": "health", "lan": "language", "ide": "ideology", "oth": "other"}
D = {"hou": "housing", "emp": "employment", "edu": "education", "hlt": "health", "soc": "social_services",
     "adm": "public_administration", "pol": "police", "gs": "goods_services", "tra": "transport",
     "pub": "public_space", "onl": "online", "nei": "neighbourhood", "oth": "other"}
T = {"den": "denial_of_service", "une": "unequal_treatment", "har": "harassment", "thr": "threat",
     "ass": "assault", "dam": "property_damage", "hs": "hate_speech", "oth": "other"}
R = {"v": "violence", "l": "threat_to_life", "m": "minor", "o": "ongoing", "s": "self_harm"}
LABELS = {"PERSON", "EMAIL", "PHONE", "NATIONAL_ID", "PASSPORT", "IBAN", "LICENCE_PLATE", "ADDRESS"}
DNI = "TRWAGMYFPDXBNJZSQVHLCKE"
SPAN = re.compile(r"\[\[([A-Z_]+)\|([^\[\]|]+)\]\]")


def dni_ok(s):
    s = s.replace(" ", "").replace("-", "").upper()
    m = re.fullmatch(r"([XYZ]?)(\d{7,8})([A-Z])", s)
    if not m:
        return False
    num = int(str("XYZ".index(m[1])) + m[2]) if m[1] else int(m[2])
    return DNI[num % 23] == m[3]


def iban_ok(s):
    s = s.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def parse(lang):
    src = HERE / f"{lang}_src.txt"
    rows, errors = [], []
    for n, raw in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("|", 4)
        if len(parts) != 5:
            errors.append(f"{src.name}:{n}: bad field count"); continue
        g, d, t, r, text = (p.strip() for p in parts)
        try:
            grounds = [] if g == "-" else [G[x] for x in g.split("+")]
            dom, typ = D[d], T[t]
            reasons = [R[x] for x in r.split(",")] if r else []
        except KeyError as e:
            errors.append(f"{src.name}:{n}: unknown code {e}"); continue
        rows.append(dict(text=text, grounds=grounds, domain=dom, incident_type=typ, urgent=bool(reasons),
                         urgency_reasons=reasons, kind="negative" if g == "-" else "report", _line=n))
    return rows, errors


def check_markup(text):
    errs = []
    stripped = SPAN.sub("", text)
    if "[[" in stripped or "]]" in stripped:
        errs.append("unbalanced markup")
    for lab, surf in SPAN.findall(text):
        if lab not in LABELS:
            errs.append(f"bad label {lab}")
        if surf != surf.strip():
            errs.append(f"whitespace around span {surf!r}")
        if lab == "NATIONAL_ID" and not dni_ok(surf):
            errs.append(f"invalid DNI/NIE {surf}")
        if lab == "IBAN" and not iban_ok(surf):
            errs.append(f"invalid IBAN {surf}")
        if lab == "EMAIL" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", surf):
            errs.append(f"odd email {surf}")
    return errs


def build(lang):
    rows, errors = parse(lang)
    seen = set()
    out = []
    for i, row in enumerate(rows, 1):
        line = row.pop("_line")
        for e in check_markup(row["text"]):
            errors.append(f"{lang}_src.txt:{line}: {e}")
        key = SPAN.sub(lambda m: m[2], row["text"]).lower()
        if key in seen:
            errors.append(f"{lang}_src.txt:{line}: duplicate text")
        seen.add(key)
        words = len(SPAN.sub(lambda m: m[2], row["text"]).split())
        if not (4 <= words <= 260):
            errors.append(f"{lang}_src.txt:{line}: {words} words")
        if row["kind"] == "report" and not row["grounds"]:
            errors.append(f"{lang}_src.txt:{line}: report without grounds")
        rec = {"id": f"{lang}-{i:04d}", "language": lang, **row}
        out.append(rec)
    path = CORPUS / f"{lang}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # re-read to prove every line parses
    for l in path.read_text(encoding="utf-8").splitlines():
        json.loads(l)
    return out, errors


def table(lang, recs):
    c = collections.Counter()
    for r in recs:
        for g in r["grounds"]:
            c["g:" + g] += 1
        c["d:" + r["domain"]] += 1
        c["t:" + r["incident_type"]] += 1
        for u in r["urgency_reasons"]:
            c["u:" + u] += 1
    n = len(recs)
    neg = sum(r["kind"] == "negative" for r in recs)
    urg = sum(r["urgent"] for r in recs)
    multi = sum(len(r["grounds"]) >= 2 for r in recs)
    pii = sum(bool(SPAN.search(r["text"])) for r in recs)
    words = [len(SPAN.sub(lambda m: m[2], r["text"]).split()) for r in recs]
    lab = collections.Counter(l for r in recs for l, _ in SPAN.findall(r["text"]))
    return c, dict(lines=n, negatives=neg, urgent=urg, multi_ground=multi, with_pii=pii,
                   min_words=min(words, default=0), max_words=max(words, default=0),
                   mean_words=round(sum(words) / max(n, 1), 1)), lab


def main():
    langs = sys.argv[1:] or ["es", "ca"]
    results = {}
    bad = False
    for lang in langs:
        if not (HERE / f"{lang}_src.txt").exists():
            continue
        recs, errors = build(lang)
        for e in errors:
            print("ERROR", e); bad = True
        results[lang] = table(lang, recs)
    # markdown table
    keys = [("grounds", "g", list(G.values()), 18), ("domain", "d", list(D.values()), 15),
            ("incident_type", "t", list(T.values()), 18), ("urgency_reason", "u", list(R.values()), 10)]
    ls = list(results)
    lines = ["| dimension | code | " + " | ".join(ls) + " | target |", "|---|---|" + "---|" * len(ls) + "---|"]
    for dim, p, codes, tgt in keys:
        for code in codes:
            vals = [results[l][0][f"{p}:{code}"] for l in ls]
            flag = "" if all(v >= tgt for v in vals) else " **LOW**"
            lines.append(f"| {dim} | {code} | " + " | ".join(map(str, vals)) + f" | ≥{tgt}{flag} |")
    for k in ["lines", "negatives", "urgent", "multi_ground", "with_pii", "min_words", "max_words", "mean_words"]:
        vals = [results[l][1][k] for l in ls]
        extra = ""
        if k in ("negatives", "urgent", "multi_ground", "with_pii"):
            extra = " (" + ", ".join(f"{100 * results[l][1][k] / results[l][1]['lines']:.0f}%" for l in ls) + ")"
        lines.append(f"| totals | {k} | " + " | ".join(map(str, vals)) + f" | {extra} |")
    labs = sorted(LABELS)
    for lab in labs:
        lines.append(f"| pii spans | {lab} | " + " | ".join(str(results[l][2][lab]) for l in ls) + " | |")
    print("\n".join(lines))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
