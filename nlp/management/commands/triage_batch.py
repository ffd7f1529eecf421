import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nlp.triage import load_model, triage_many

PROGRESS_EVERY = 1000
CHUNK = 256  # lines in memory at once: bounded memory for any input size


class Command(BaseCommand):
    help = "Triage a JSONL file of {id, text} lines into a JSONL file of triage results (DESIGN §7)."
    requires_system_checks = []  # runs without a database

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path)
        parser.add_argument("output", type=Path)
        parser.add_argument(
            "--model", type=Path, default=None, help="model directory (default TRIAGE_MODEL_DIR)"
        )

    def handle(self, *args, input, output, model, **options):
        try:
            nlp = load_model(model)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        done = bad = 0
        with open(input, encoding="utf-8") as src, open(output, "w", encoding="utf-8") as dst:
            chunk = []
            for number, line in enumerate(src, 1):
                record = self._parse(line, number)
                if record is None:
                    bad += line.strip() != ""
                    continue
                chunk.append(record)
                if len(chunk) >= CHUNK:
                    done += self._write(nlp, chunk, dst)
                    chunk = []
                    if done % PROGRESS_EVERY < CHUNK:
                        self.stderr.write(f"{done} reports triaged")
            done += self._write(nlp, chunk, dst)
        self.stderr.write(f"{done} reports triaged, {bad} bad lines skipped")

    def _parse(self, line: str, number: int) -> dict | None:
        if not line.strip():
            return None
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str) or "id" not in record:
                raise ValueError('expected an object with "id" and a string "text"')
        except ValueError as exc:
            self.stderr.write(f"line {number}: skipped, {exc}")
            return None
        return record

    def _write(self, nlp, chunk: list[dict], dst) -> int:
        for record, result in zip(chunk, triage_many([r["text"] for r in chunk], model=nlp), strict=False):
            # The bulk contract has exactly the DESIGN §7 keys; review flag and version are for the task.
            result.pop("needs_review"), result.pop("model_version")
            dst.write(json.dumps({"id": record["id"], **result}, ensure_ascii=False) + "\n")
        dst.flush()
        return len(chunk)
