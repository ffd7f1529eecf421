"""Synthetic reports for the demo and for load tests, sent through the real `submit_report` (so they are
encrypted, wrapped and queued for triage like any other). Deterministic for a seed, except for the keys
and receipts, which are always random."""

import random
import time
from datetime import UTC, date, datetime, timedelta

from django.contrib.gis.geos import Point
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from observatory.accounts import keys
from observatory.geography.models import Neighbourhood
from observatory.taxonomy import GROUNDS
from reports_intake.actions import NewReport, submit_report
from reports_intake.models import Report

# (domain, Spanish setting, English setting)
SETTINGS = [
    ("housing", "En la inmobiliaria de mi barrio", "At the letting agency in my neighbourhood"),
    ("housing", "Cuando llamé por el anuncio del piso", "When I phoned about the flat advert"),
    ("employment", "En una entrevista de trabajo", "At a job interview"),
    ("employment", "En mi trabajo, el encargado", "At work, my supervisor"),
    ("goods_services", "En la puerta de una discoteca", "At the door of a nightclub"),
    ("goods_services", "En el supermercado", "In the supermarket"),
    ("health", "En el centro de salud", "At the health centre"),
    ("public_administration", "En la oficina del padrón", "At the registry office"),
    ("transport", "En el autobús de la EMT", "On the city bus"),
    ("public_space", "En la plaza, a plena luz del día", "In the square, in broad daylight"),
    ("education", "En el colegio de mi hija", "At my daughter's school"),
    ("police", "Durante una identificación policial", "During a police stop"),
    ("neighbourhood", "En la escalera de mi edificio", "On the stairs of my building"),
]
# ground -> (Spanish, English) what happened
EVENTS = {
    "racism": (
        "me dijeron que no alquilan a extranjeros",
        "they told me they do not rent to foreigners",
    ),
    "antigypsyism": ("nos negaron la entrada por ser gitanos", "they refused us entry because we are Roma"),
    "anti_muslim": ("se burlaron de mi hiyab y me insultaron", "they mocked my hijab and insulted me"),
    "sexual_orientation": (
        "nos gritaron insultos homófobos por ir de la mano",
        "they shouted homophobic insults because we were holding hands",
    ),
    "gender_identity": (
        "se negaron a llamarme por mi nombre y se rieron",
        "they refused to use my name and laughed at me",
    ),
    "disability": (
        "no me dejaron pasar con mi perro guía",
        "they would not let me in with my guide dog",
    ),
    "aporophobia": (
        "me echaron diciendo que la gente como yo da mala imagen",
        "they threw me out saying people like me look bad",
    ),
    "age": ("me dijeron que era demasiado mayor para el puesto", "they said I was too old for the job"),
    "language": (
        "me exigieron que hablara 'en cristiano' o me fuera",
        "they demanded I speak 'properly' or leave",
    ),
    "religion": ("pintaron insultos en la puerta de nuestro local", "they painted insults on our door"),
}
AFTER = [
    ("Había más gente delante y nadie dijo nada.", "Other people were there and nobody said anything."),
    ("Me fui a casa muy afectada.", "I went home very upset."),
    ("Tengo capturas de pantalla de los mensajes.", "I have screenshots of the messages."),
    ("Pedí la hoja de reclamaciones y no me la dieron.", "I asked for the complaints form and was refused."),
    ("No es la primera vez que pasa.", "It is not the first time this has happened."),
]
ROLES = ["victim"] * 6 + ["witness"] * 3 + ["relative", "organisation"]


class Command(BaseCommand):
    help = "Submit N synthetic reports through the real intake path (needs boundaries and `key_ceremony`)."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any report exists (a second `make demo`)"
        )

    def handle(self, *args, reports, seed, if_empty=False, **options):
        if if_empty and Report.objects.exists():
            self.stdout.write("Reports already exist; nothing seeded.")
            return
        try:
            keys.submission_keys()
        except keys.KeysNotConfigured:
            raise CommandError("No intake keys: run `manage.py key_ceremony --demo` first.") from None
        neighbourhoods = list(Neighbourhood.objects.order_by("code"))
        if not neighbourhoods:
            raise CommandError("No neighbourhoods: run `manage.py load_boundaries` first.")
        rng = random.Random(seed)
        now = timezone.now()
        started = time.perf_counter()
        for number in range(1, reports + 1):
            new, received = synthetic_report(rng, neighbourhoods, now)
            submit_report(new, now=received)
            if number % 100 == 0 or number == reports:
                self.stdout.write(f"  {number}/{reports} reports")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Seeded {reports} reports in {elapsed:.1f} s."))


def synthetic_report(rng: random.Random, neighbourhoods, now: datetime) -> tuple[NewReport, datetime]:
    """One plausible report, and when it was received (a few days after the incident)."""
    domain, setting_es, setting_en = rng.choice(SETTINGS)
    ground = rng.choice(list(EVENTS))
    english = rng.random() < 0.3
    after = rng.choice(AFTER)
    parts = (
        (setting_en, EVENTS[ground][1], after[1]) if english else (setting_es, EVENTS[ground][0], after[0])
    )
    narrative = f"{parts[0]}, {parts[1]}. {parts[2]}"

    incident = (now - timedelta(days=rng.randint(3, 730))).date()
    received = min(
        now, datetime.combine(incident, datetime.min.time(), UTC) + timedelta(hours=rng.randint(8, 400))
    )
    exact_date = rng.random() < 0.6
    place = rng.random()
    point, code, kind = None, None, "neighbourhood"
    if place < 0.1:
        kind = "online" if place < 0.05 else "not_given"
    else:
        neighbourhood = rng.choice(neighbourhoods)
        if place < 0.6:
            point = _point_inside(rng, neighbourhood)
        else:
            code = neighbourhood.code
    grounds = [ground] + ([rng.choice(GROUNDS.values)] if rng.random() < 0.15 else [])
    contact = f"+34 6{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.25 else None
    new = NewReport(
        narrative=narrative,
        incident_date=incident if exact_date else None,
        incident_month=None if exact_date else date(incident.year, incident.month, 1),
        location_kind=kind,
        neighbourhood_code=code,
        point=point,
        reporter_role=rng.choice(ROLES),
        grounds=sorted(set(grounds)),
        domains=[domain],
        contact=contact,
        contact_consent=contact is not None,
        language="en" if english else "es",
        attachments=[],
    )
    return new, received


def _point_inside(rng: random.Random, neighbourhood) -> tuple[float, float]:
    xmin, ymin, xmax, ymax = neighbourhood.geom.extent
    prepared = neighbourhood.geom.prepared
    for _ in range(50):
        x, y = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
        if prepared.contains(Point(x, y, srid=4326)):
            return round(x, 6), round(y, 6)
    centre = neighbourhood.geom.point_on_surface
    return round(centre.x, 6), round(centre.y, 6)
