from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatory.geography.actions import load_boundaries
from observatory.geography.boundaries import (
    VALENCIA_DISTRICT_NAMES,
    BoundaryFileError,
    FieldNames,
    parse_feature_collection,
    read_district_names,
)


class Command(BaseCommand):
    help = (
        "Load neighbourhood boundaries from a GeoJSON FeatureCollection (WGS84). Districts are built as the "
        "union of their neighbourhoods. A malformed file is refused and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--district-names",
            type=Path,
            default=VALENCIA_DISTRICT_NAMES,
            help="CSV with columns code,name (default: Valencia's 19 districts)",
        )
        parser.add_argument("--code-field", default=FieldNames.neighbourhood_code)
        parser.add_argument("--name-field", default=FieldNames.neighbourhood_name)
        parser.add_argument("--district-field", default=FieldNames.district_code)

    def handle(self, *args, **options):
        path: Path = options["path"]
        fields = FieldNames(options["code_field"], options["name_field"], options["district_field"])
        try:
            raw = path.read_bytes()
            neighbourhoods = parse_feature_collection(raw, fields)
            names = read_district_names(options["district_names"])
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}). Nothing was loaded.") from exc
        except BoundaryFileError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was loaded.") from exc
        result = load_boundaries(neighbourhoods, names)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.neighbourhoods} neighbourhoods in {result.districts} districts."
            )
        )
