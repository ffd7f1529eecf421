import json
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from nlp import corrections
from nlp.training import train


class Command(BaseCommand):
    help = (
        "Train the triage pipeline on the corpus plus confirmed caseworker corrections. With the database, "
        "the model is a candidate in the registry (nlp.registry), promoted only if it is not worse than "
        "the active one on urgent recall and grounds macro-F1 (grouped CV and probe set)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="train straight into this directory, without the registry (no database needed)",
        )
        parser.add_argument(
            "--restore-previous", action="store_true", help="put back the model the active one replaced"
        )

    def handle(self, *args, seed, output, restore_previous, **options):
        registry = None if output else self._registry()
        if restore_previous:
            if registry is None:
                raise CommandError("the model registry needs the database")
            try:
                model = registry.restore_previous()
            except registry.TriageModel.DoesNotExist as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"restored {model.version}")
            return
        try:
            extra = corrections.confirmed_corrections()
        except Exception as exc:  # noqa: BLE001 - no database or no triage key: train on the corpus alone
            self.stderr.write(f"caseworker corrections unavailable ({exc.__class__.__name__}); corpus only")
            extra = []
        self.stderr.write(f"training with seed {seed} and {len(extra)} caseworker corrections…")
        if registry is None:
            path = train(seed=seed, extra_examples=extra, output=output, progress=self.stderr.write)
            meta = json.loads((path / "meta.json").read_text())
            self.stdout.write(f"saved {meta['model_version']} ({meta['heads']} heads) to {path}")
            return
        candidate = registry.train_candidate(extra, seed=seed, progress=self.stderr.write)
        self.stdout.write(f"candidate {candidate.version}: {json.dumps(candidate.scores)}")
        try:
            registry.promote_if_not_worse(candidate)
        except registry.Refused as exc:
            self.stdout.write(f"refused {candidate.version}: {exc}")
            return
        self.stdout.write(f"promoted {candidate.version} to the active model")

    def _registry(self):
        """``nlp.registry`` when its table is reachable; None (train without it) otherwise."""
        try:
            from nlp import registry

            registry.TriageModel.objects.exists()
        except (DatabaseError, ImproperlyConfigured, RuntimeError, LookupError):
            self.stderr.write("no model registry (database unavailable): training without it")
            return None
        return registry
