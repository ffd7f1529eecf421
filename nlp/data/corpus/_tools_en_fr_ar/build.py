"""Assemble the hand-written src/<lang>_*.txt files into ../<lang>.jsonl, validate, print coverage.

Source line:  grounds | domain | type | urgency | text
  grounds: '+'-joined short codes, or '-' for a hard negative (kind=negative, grounds=[])
  urgency: '-' or '+'-joined short reasons (v, t, m, o, s)
The narratives are hand-written; this script only expands the short codes and checks everything.
"""
import glob, json, re, sys, collections, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
G = {"rac": "racism", "roma": "antigypsyism", "sem": "antisemitism", "mus": "anti_muslim", "rel": "religion",
     "lgb": "sexual_orientation", "trans": "gender_identity", "sex": "sex_gender", "dis": "disability",
     "apo": "aporophobia", "age": "age", "hlth": "health", "lang": "language", "ideo": "ideology", "oth": "other"}
D = {"hou": "housing", "emp": "employment", "edu": "education", "hea": "health", "soc": "social_services",
     "adm": "public_administration", "pol": "police", "gs": "goods_services", "tra": "transport",
     "pub": "public_space", "onl": "online", "nei": "neighbourhood", "oth": "other"}
T = {"den": "denial_of_service", "uneq": "unequal_treatment", "har": "harassment", "thr": "threat",
     "ass": "assault", "prop": "property_damage", "hs": "hate_speech", "oth": "other"}
U = {"v": "violence", "t": "threat_to_life", "m": "minor", "o": "ongoing", "s": "self_harm"}
LABELS = {"PERSON", "EMAIL", "PHONE", "NATIONAL_ID", "PASSPORT", "IBAN", "LICENCE_PLATE", "ADDRESS"}
SPAN = re.compile(r"\[\[([A-Z_]+)\|([^\[\]|]+)\]\]")
LET = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(s):
    s = s.replace("-", "").replace(" ", "").upper()
    m = re.fullmatch(r"([XYZ]?)(\d{7,8})([A-Z])", s)
    if not m:
        return False
    num = (str("XYZ".index(m[1])) if m[1] else "") + m[2]
    return LET[int(num) % 23] == m[3]


def iban_ok(s):
    s = s.replace(" ", "").upper()
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def build(lang):
    recs, errs = [], []
    for path in sorted(glob.glob(os.path.join(HERE, "src", f"{lang}_*.txt"))):
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{os.path.basename(path)}:{n}"
            parts = [p.strip() for p in line.split(" | ", 4)]
            if len(parts) != 5:
                errs.append(f"{where}: bad fields"); continue
            g, d, t, u, text = parts
            try:
                grounds = [] if g == "-" else [G[x] for x in g.split("+")]
                rec = {"id": None, "language": lang, "text": text, "grounds": grounds, "domain": D[d],
                       "incident_type": T[t], "urgent": u != "-",
                       "urgency_reasons": [] if u == "-" else [U[x] for x in u.split("+")],
                       "kind": "negative" if g == "-" else "report"}
            except KeyError as e:
                errs.append(f"{where}: unknown code {e}"); continue
            stripped = SPAN.sub(lambda m: m[2], text)
            if "[[" in stripped or "]]" in stripped:
                errs.append(f"{where}: broken markup")
            for m in SPAN.finditer(text):
                if m[1] not in LABELS:
                    errs.append(f"{where}: label {m[1]}")
                if m[1] == "NATIONAL_ID" and not dni_ok(m[2]):
                    errs.append(f"{where}: bad DNI/NIE {m[2]}")
                if m[1] == "IBAN" and not iban_ok(m[2]):
                    errs.append(f"{where}: bad IBAN {m[2]}")
            nw = len(stripped.split())
            if lang != "ar" and not 8 <= nw <= 250:
                errs.append(f"{where}: {nw} words")
            if lang == "ar" and not 6 <= nw <= 250:
                errs.append(f"{where}: {nw} words")
            rec["_pii"] = bool(SPAN.search(text))
            recs.append(rec)
    seen = set()
    for i, r in enumerate(recs, 1):
        r["id"] = f"{lang}-{i:04d}"
        key = r["text"]
        if key in seen:
            errs.append(f"{r['id']}: duplicate text")
        seen.add(key)
    with open(os.path.join(OUT, f"{lang}.jsonl"), "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps({k: v for k, v in r.items() if k != "_pii"}, ensure_ascii=False) + "\n")
    return recs, errs


def table(all_recs):
    langs = list(all_recs)
    rows = []
    def row(name, fn):
        rows.append((name, [sum(1 for r in all_recs[l] if fn(r)) for l in langs]))
    row("lines", lambda r: True)
    row("kind=negative", lambda r: r["kind"] == "negative")
    row("multi-ground (>=2)", lambda r: len(r["grounds"]) >= 2)
    row("with personal data", lambda r: r["_pii"])
    row("urgent", lambda r: r["urgent"])
    for u in U.values():
        row(f"  urgency:{u}", lambda r, u=u: u in r["urgency_reasons"])
    for g in G.values():
        row(f"ground:{g}", lambda r, g=g: g in r["grounds"])
    for d in D.values():
        row(f"domain:{d}", lambda r, d=d: r["domain"] == d)
    for t in T.values():
        row(f"type:{t}", lambda r, t=t: r["incident_type"] == t)
    out = ["| count | " + " | ".join(langs) + " |", "|---|" + "---|" * len(langs)]
    for name, vals in rows:
        out.append(f"| {name} | " + " | ".join(str(v) for v in vals) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    langs = sys.argv[1:] or ["en", "fr", "ar"]
    all_recs, bad = {}, False
    for lang in langs:
        recs, errs = build(lang)
        all_recs[lang] = recs
        for e in errs:
            print("ERROR", lang, e); bad = True
    print(table(all_recs))
    # re-parse written files as a final check
    for lang in langs:
        for line in open(os.path.join(OUT, f"{lang}.jsonl"), encoding="utf-8"):
            json.loads(line)
    sys.exit(1 if bad else 0)
