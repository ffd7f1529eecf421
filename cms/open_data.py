"""Open data, read-only: a JSON list of published bulletins with their resources, and the files of each
bulletin's data package.

Only live bulletin pages are listed and served, from the package their live revision points at: a draft
(or a correction waiting for review) is never reachable here, and since package directories are named
after the figures' fingerprint, a published file never changes under a reader.
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from cms.bulletins import BulletinPage
from observatory.stats.actions import package_files
from observatory.stats.periods import parse_period

FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(csv|json)$")
CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json", ".zip": "application/zip"}


def _live_bulletins():
    return BulletinPage.objects.live().exclude(package="").order_by("-period")


def _resources(request, page) -> list[dict]:
    files = package_files(page.package)
    return [
        {
            "name": name.rsplit(".", 1)[0],
            "path": name,
            "url": request.build_absolute_uri(reverse("open_data:file", args=[page.period, name])),
        }
        for name in files
    ]


@require_safe
def bulletin_list(request):
    bulletins = []
    for page in _live_bulletins():
        try:
            resources = _resources(request, page)
        except OSError:
            continue  # the package is missing on this server: list only what can be downloaded
        bulletins.append(
            {
                "period": page.period,
                "title": page.title,
                "url": page.full_url,
                "published_at": page.last_published_at.isoformat() if page.last_published_at else None,
                "fingerprint": page.data.get("fingerprint"),
                "correction_note": page.correction_note or None,
                "datapackage": request.build_absolute_uri(
                    reverse("open_data:file", args=[page.period, "datapackage.zip"])
                ),
                "resources": resources,
            }
        )
    response = JsonResponse({"licence": "CC-BY-4.0", "bulletins": bulletins})
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def package_file(request, period: str, name: str):
    try:
        period = str(parse_period(period))
    except ValueError as exc:
        raise Http404("no such bulletin") from exc
    page = _live_bulletins().filter(period=period).first()
    if page is None:
        raise Http404("no such bulletin")
    folder = Path(settings.MEDIA_ROOT) / page.package
    if name == "datapackage.zip":
        path = folder.with_suffix(".zip")
    elif FILE_NAME.match(name) and name in package_files(page.package):
        path = folder / name
    else:
        raise Http404("no such file")
    if not path.is_file():
        raise Http404("no such file")
    response = FileResponse(
        path.open("rb"),
        content_type=CONTENT_TYPES[path.suffix],
        as_attachment=path.suffix == ".zip",
        filename=f"bulletin-{period.lower()}.zip" if path.suffix == ".zip" else name,
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
