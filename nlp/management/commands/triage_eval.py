from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nlp import encoder, evaluation, public_sets
from nlp.corpus import example_from_dict, load_corpus, read_jsonl, split
from nlp.pipeline import triage_heads_kind
from nlp.training import evaluate
from nlp.triage import load_model, model_dir, triage_many

REPO = Path(__file__).resolve().parents[3]
# The public hate-speech sets sit beside the repository, never inside it (their licences stay with them).
DEFAULT_PUBLIC = REPO.parent / "shared" / "data" / "nlp"


class Command(BaseCommand):
    help = (
        "Evaluate the triage model (and the runner-up head family beside it) on a corpus-format file, or "
        "the TF-IDF heads on story-grouped folds (--grouped) and with each language left out "
        "(--leave-language-out), or the saved model's grounds on public hate-speech sets (--public)."
    )
    requires_system_checks = []  # runs without a database

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="corpus-format JSONL with gold labels")
        parser.add_argument("--heldout", action="store_true", help="evaluate the corpus's held-out split")
        parser.add_argument("--model", type=Path, default=None)
        parser.add_argument(
            "--grouped", action="store_true", help="story-grouped cross-validation of the whole corpus"
        )
        parser.add_argument(
            "--leave-language-out", action="store_true", help="fit without each language, score on it"
        )
        parser.add_argument("--folds", type=int, default=evaluation.GROUPED_FOLDS)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--seeds",
            type=int,
            default=1,
            help="--grouped: repeat with fold seeds SEED..SEED+N-1 and report their mean (story "
            "assignment to folds moves grounds F1 by up to 0.026)",
        )
        parser.add_argument(
            "--no-encoder",
            action="store_true",
            help="TF-IDF heads alone (the first pass), no sentence encoder",
        )
        parser.add_argument(
            "--corpus", type=Path, default=None, help="corpus directory (default nlp/data/corpus)"
        )
        parser.add_argument(
            "--public",
            nargs="?",
            type=Path,
            const=DEFAULT_PUBLIC,
            default=None,
            help=f"folder holding multilingual-hatecheck/ and mlma/ (default {DEFAULT_PUBLIC})",
        )

    def handle(self, *args, file, heldout, model, grouped, leave_language_out, public, **options):
        if grouped or leave_language_out:
            return self.cross_validate(grouped, leave_language_out, options)
        if public:
            return self.public(public, model)
        if heldout:
            examples = split(load_corpus())[1]
        elif file:
            examples = [example_from_dict(record) for record in read_jsonl(file)]
        else:
            raise CommandError("give a FILE.jsonl, --heldout, --grouped, --leave-language-out or --public")
        path = Path(model or model_dir())
        models = {}
        for candidate in (path, path / "runner_up"):
            if (candidate / "meta.json").exists():
                nlp = load_model(candidate)
                models[triage_heads_kind(nlp)] = evaluate(nlp, examples)
        if not models:
            raise CommandError(f"no triage model in {path}: run `manage.py train_triage`")
        self.stdout.write(format_table(models, len(examples)))

    def cross_validate(self, grouped: bool, leave_language_out: bool, options: dict) -> None:
        examples = load_corpus(options["corpus"])
        if not examples:
            raise CommandError("the corpus is empty")
        seed, folds = options["seed"], options["folds"]
        stories = len({ex.group for ex in examples})
        embeddings = None
        if encoder.available() and not options["no_encoder"]:
            embeddings = encoder.corpus_embeddings([ex.text for ex in examples], progress=self.stderr.write)
        heads = f"TF-IDF + {encoder.version()} heads" if embeddings is not None else "TF-IDF heads"
        self.stdout.write(f"{len(examples)} lines, {stories} stories; {heads} fitted from scratch")
        oof = evaluation.out_of_fold(examples, seed, folds, self.stderr.write, embeddings)
        if grouped:
            predictions = evaluation.grouped(examples, seed, folds, oof=oof)
            self.stdout.write(f"\n{folds}-fold cross-validation grouped by story")
            self.stdout.write(format_fields(evaluation.by_language(examples, predictions)))
            runs = {f"seed {seed}": evaluation.label_metrics(examples, predictions)}
            for other in range(seed + 1, seed + options["seeds"]):
                more = evaluation.out_of_fold(examples, other, folds, self.stderr.write, embeddings)
                runs[f"seed {other}"] = evaluation.label_metrics(
                    examples, evaluation.grouped(examples, other, folds, oof=more)
                )
            if len(runs) > 1:
                runs["mean"] = evaluation.mean_metrics(list(runs.values()))
                self.stdout.write(f"\n{folds}-fold grouped, all lines, by fold seed (mean first)")
                self.stdout.write(format_fields({"mean": runs.pop("mean")} | runs))
        if leave_language_out:
            left_out = evaluation.leave_language_out(
                examples, seed, oof=oof, progress=self.stderr.write, embeddings=embeddings
            )
            self.stdout.write("\nleave one language out (fitted without it and without its stories)")
            self.stdout.write(
                format_fields({lang: evaluation.label_metrics(*pair) for lang, pair in left_out.items()})
            )

    def public(self, root: Path, model: Path | None) -> None:
        if not (root / "multilingual-hatecheck").is_dir() and not (root / "mlma").is_dir():
            raise CommandError(f"no multilingual-hatecheck/ or mlma/ in {root}")
        nlp = load_model(model)
        results = public_sets.evaluate(root, lambda texts: triage_many(texts, model=nlp))
        self.stdout.write(format_public(results))


def _row(name: str, values: list[str]) -> str:
    return f"{name:<34}" + "".join(f"{v:>14}" for v in values)


def format_table(models: dict[str, dict], n: int) -> str:
    kinds = list(models)
    heads = {"tfidf": "TF-IDF+LR", "bow": "spaCy bow"}
    lines = [
        f"{n} examples",
        _row("metric", [heads.get(k, k) + ("*" if i == 0 else "") for i, k in enumerate(kinds)]),
    ]

    def add(name, get):
        lines.append(_row(name, [get(models[k]) for k in kinds]))

    add("grounds macro-F1", lambda m: f"{m['grounds']['macro_f1']:.3f}")
    add("domain accuracy", lambda m: f"{m['domain_accuracy']:.3f}")
    add("incident_type accuracy", lambda m: f"{m['incident_type_accuracy']:.3f}")
    add("urgent precision", lambda m: f"{m['urgent']['precision']:.3f}")
    add("urgent recall", lambda m: f"{m['urgent']['recall']:.3f}")
    add("urgency reasons macro-F1", lambda m: f"{m['urgency_reasons']['macro_f1']:.3f}")
    add("language accuracy", lambda m: f"{m['language_accuracy']:.3f}")
    for group in sorted(k for k in models[kinds[0]]["pii"] if k.endswith("_redacted")):
        add(f"pii {group.replace('_', ' ')}", lambda m, g=group: f"{m['pii'][g]:.3f}")
    lines.append("")
    lines.append("grounds per label (P / R / F1, support) for " + heads.get(kinds[0], kinds[0]))
    for label, m in models[kinds[0]]["grounds"]["per_label"].items():
        if m["support"]:
            lines.append(
                f"  {label:<22}{m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f}  ({m['support']})"
            )
    for field in ("domain_confusion", "incident_type_confusion"):
        lines.append(f"{field.replace('_', ' ')} (true -> predicted: count)")
        for truth, row in models[kinds[0]][field].items():
            lines.append(f"  {truth:<22}" + ", ".join(f"{p}: {c}" for p, c in row.items()))
    lines.append("* kept in the pipeline")
    return "\n".join(lines)


def format_fields(metrics: dict[str, dict]) -> str:
    """One row per group of examples (all, a language…): the fields of the targets."""
    lines = [
        f"{'':<8}{'lines':>7}{'grounds F1':>12}{'domain':>9}{'incident':>10}{'urgent P':>10}{'urgent R':>10}"
        f"{'reasons F1':>12}"
    ]
    for name, m in metrics.items():
        lines.append(
            f"{name:<8}{m['examples']:>7}{m['grounds']['macro_f1']:>12.3f}{m['domain_accuracy']:>9.3f}"
            f"{m['incident_type_accuracy']:>10.3f}{m['urgent']['precision']:>10.3f}{m['urgent']['recall']:>10.3f}"
            f"{m['urgency_reasons']['macro_f1']:>12.3f}"
        )
    first = next(iter(metrics.values()))
    lines.append("grounds per label (P / R / F1, support), " + next(iter(metrics)))
    for label, m in first["grounds"]["per_label"].items():
        if m["support"]:
            lines.append(
                f"  {label:<22}{m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f}  ({m['support']})"
            )
    confused = sorted(
        (
            (c, t, p)
            for t, row in first.get("incident_type_confusion", {}).items()
            for p, c in row.items()
            if p != t
        ),
        reverse=True,
    )[:6]
    if confused:
        lines.append(
            "incident type, most frequent confusions (true → predicted: lines), " + next(iter(metrics))
        )
        lines.append("  " + ", ".join(f"{t} → {p}: {c}" for c, t, p in confused))
    return "\n".join(lines)


def format_public(results: dict) -> str:
    lines = []
    for name, per_language in results.items():
        lines.append(f"{name}: recall of the mapped ground (nlp/public_sets.py)")
        for language, m in per_language.items():
            lines.append(f"  {language}: all {m['all']['recall']:.3f} ({m['all']['support']})")
            for kind in ("ground", "family", "urgent"):
                for key, r in m.get(kind, {}).items():
                    what = "flagged urgent" if kind == "urgent" else kind
                    lines.append(f"    {what} {key:<20}{r['recall']:.3f}  ({r['support']})")
    return "\n".join(lines)
