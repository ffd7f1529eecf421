import json
from pathlib import Path

from django.core.management.base import BaseCommand

from nlp import corrections
from nlp.training import train


class Command(BaseCommand):
    help = "Train the triage pipeline on the corpus plus confirmed caseworker corrections."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--output", type=Path, default=None, help="model directory (default var/models/triage)"
        )

    def handle(self, *args, seed, output, **options):
        try:
            extra = corrections.confirmed_corrections()
        except Exception as exc:  # noqa: BLE001 - any database failure means "train on the corpus alone"
            self.stderr.write(
                f"caseworker corrections unavailable ({exc.__class__.__name__}: {exc}); corpus only"
            )
            extra = []
        self.stderr.write(f"training with seed {seed} and {len(extra)} caseworker corrections…")
        path = train(seed=seed, extra_examples=extra, output=output)
        meta = json.loads((path / "meta.json").read_text())
        self.stdout.write(f"saved {meta['model_version']} ({meta['heads']} heads) to {path}")
