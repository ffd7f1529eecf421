from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nlp.corpus import example_from_dict, load_corpus, read_jsonl, split
from nlp.pipeline import triage_heads_kind
from nlp.training import evaluate
from nlp.triage import load_model, model_dir


class Command(BaseCommand):
    help = "Evaluate the triage model (and the runner-up head family beside it) on a corpus-format file."
    requires_system_checks = []  # runs without a database

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="corpus-format JSONL with gold labels")
        parser.add_argument("--heldout", action="store_true", help="evaluate the corpus's held-out split")
        parser.add_argument("--model", type=Path, default=None)

    def handle(self, *args, file, heldout, model, **options):
        if heldout:
            examples = split(load_corpus())[1]
        elif file:
            examples = [example_from_dict(record) for record in read_jsonl(file)]
        else:
            raise CommandError("give a FILE.jsonl or --heldout")
        path = Path(model or model_dir())
        models = {}
        for candidate in (path, path / "runner_up"):
            if (candidate / "meta.json").exists():
                nlp = load_model(candidate)
                models[triage_heads_kind(nlp)] = evaluate(nlp, examples)
        if not models:
            raise CommandError(f"no triage model in {path}: run `manage.py train_triage`")
        self.stdout.write(format_table(models, len(examples)))


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
