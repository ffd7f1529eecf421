"""Open data, read-only: a JSON list of published bulletins with their resources and every version, the
files of each bulletin's data package, and the perturbation table.

Only live bulletin pages are listed and served: ``<period>/<file>`` from the package of the latest
published version, ``<period>/v<N>/<file>`` from version N's own package (every version stays). A draft
(or a correction waiting for review) is never reachable here, and since package directories are named
after the figures' fingerprint, a published file never changes under a reader. Open data, and only open
data, may be read by other sites' browser apps (``Access-Control-Allow-Origin: *``, a cross-origin
resource policy).
"""

import hashlib
import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from cms.bulletins import BulletinPage
from observatory.stats.actions import package_files
from observatory.stats.models import Release
from observatory.stats.periods import parse_period
from observatory.stats.perturbation import PTABLE_PATH

FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(csv|json)$")
CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json", ".zip": "application/zip"}


def _open(response):
    """Readable by any site's scripts: these are public files, with no cookie or credential behind them."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _conditional(request, make_response, *, etag: str, last_modified, cache_control: str):
    """``make_response()`` unless the reader's copy is current (``If-None-Match`` / ``If-Modified-Since``),
    in which case a bodiless 304; either way with the validators, so that caches and scripts can ask
    again cheaply. ``etag`` names the content exactly (published files never change under a name)."""
    etag = quote_etag(etag)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = make_response()
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = cache_control
    return _open(response)


def _json(request, body: dict, *, last_modified, content_type="application/json"):
    text = json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()
    return _conditional(
        request,
        lambda: HttpResponse(text, content_type=content_type),
        etag=hashlib.sha256(text).hexdigest()[:32],
        last_modified=last_modified,
        cache_control="public, max-age=300",
    )


def _last_publication():
    latest = Release.objects.order_by("-published_at").first()
    return latest.published_at if latest else None


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
                "url": request.build_absolute_uri(page.url),
                "published_at": page.last_published_at.isoformat() if page.last_published_at else None,
                "fingerprint": page.data.get("fingerprint"),
                "correction_note": page.correction_note or None,
                "datapackage": request.build_absolute_uri(
                    reverse("open_data:file", args=[page.period, "datapackage.zip"])
                ),
                "resources": resources,
                "versions": [
                    {
                        "version": r.version,
                        "published_at": r.published_at.isoformat(),
                        "correction_note": r.note or None,
                        "url": request.build_absolute_uri(f"{page.url}v{r.version}/"),
                        "datapackage": request.build_absolute_uri(
                            reverse(
                                "open_data:version_file", args=[page.period, r.version, "datapackage.zip"]
                            )
                        ),
                    }
                    for r in Release.objects.filter(period=page.period).order_by("version")
                ],
            }
        )
    body = {
        "licence": "CC-BY-4.0",
        "catalogue": request.build_absolute_uri(reverse("open_data:catalogue")),
        "perturbation_table": request.build_absolute_uri(reverse("open_data:ptable")),
        "bulletins": bulletins,
    }
    return _json(request, body, last_modified=_last_publication())


def _serve(request, package: str, published_at, name: str, download_name: str):
    folder = Path(settings.MEDIA_ROOT) / package
    if name == "datapackage.zip":
        path = folder.with_suffix(".zip")
    elif FILE_NAME.match(name) and name in package_files(package):
        path = folder / name
    else:
        raise Http404("no such file")
    if not path.is_file():
        raise Http404("no such file")
    return _conditional(
        request,
        lambda: FileResponse(
            path.open("rb"),
            content_type=CONTENT_TYPES[path.suffix],
            as_attachment=path.suffix == ".zip",
            filename=f"{download_name}.zip" if path.suffix == ".zip" else name,
        ),
        # Package folders are named after the figures' fingerprint: folder and file name are the content.
        etag=hashlib.sha256(f"{package}/{name}".encode()).hexdigest()[:32],
        last_modified=published_at,
        cache_control="public, max-age=3600",
    )


def _live_page(period: str):
    try:
        period = str(parse_period(period))
    except ValueError as exc:
        raise Http404("no such bulletin") from exc
    page = _live_bulletins().filter(period=period).first()
    if page is None:
        raise Http404("no such bulletin")
    return page


@require_safe
def package_file(request, period: str, name: str):
    page = _live_page(period)
    release = Release.objects.filter(period=page.period, package=page.package).order_by("-version").first()
    published_at = release.published_at if release else page.last_published_at
    return _serve(request, page.package, published_at, name, f"bulletin-{page.period.lower()}")


@require_safe
def version_file(request, period: str, version: int, name: str):
    page = _live_page(period)
    release = Release.objects.filter(period=page.period, version=version).exclude(package="").first()
    if release is None:
        raise Http404("no such version")
    download = f"bulletin-{page.period.lower()}-v{version}"
    return _serve(request, release.package, release.published_at, name, download)


@require_safe
def ptable(request):
    """The perturbation table every published figure went through (ONS columns: pcv, ckey, pvalue)."""
    return _conditional(
        request,
        lambda: FileResponse(PTABLE_PATH.open("rb"), content_type=CONTENT_TYPES[".csv"]),
        etag=_ptable_digest(),
        last_modified=None,
        cache_control="public, max-age=86400",
    )


@cache
def _ptable_digest() -> str:
    """The shipped pTable changes only with a new deployment (a new process)."""
    return hashlib.sha256(PTABLE_PATH.read_bytes()).hexdigest()[:32]


DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _distribution(url: str, media_type: str, title: str) -> dict:
    return {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dcat:mediaType": media_type,
        "dct:license": {"@id": LICENCE_URL},
    }


@require_safe
def catalogue(request):
    """A DCAT-AP catalogue (JSON-LD) of every published bulletin and every version of it."""
    datasets = []
    for page in _live_bulletins():
        period = parse_period(page.period)
        versions = []
        for release in Release.objects.filter(period=page.period).order_by("version"):
            files = [("datapackage.zip", "application/zip"), ("observations.csv", "text/csv")]
            versions.append(
                {
                    "@type": "dcat:Dataset",
                    "@id": request.build_absolute_uri(f"{page.url}v{release.version}/"),
                    "dct:title": f"{page.title} (v{release.version})",
                    "dcat:version": str(release.version),
                    "dct:issued": {"@value": release.published_at.isoformat(), "@type": "xsd:dateTime"},
                    "dct:description": release.note or page.title,
                    "dcat:distribution": [
                        _distribution(
                            request.build_absolute_uri(
                                reverse("open_data:version_file", args=[page.period, release.version, name])
                            ),
                            media,
                            name,
                        )
                        for name, media in files
                    ],
                }
            )
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "@id": request.build_absolute_uri(page.url),
                "dct:identifier": page.period,
                "dct:title": page.title,
                "dct:temporal": {
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": period.start.isoformat(),
                    "dcat:endDate": period.end.isoformat(),
                },
                "dct:spatial": settings.OBSERVATORY_CITY_CODE,
                "dct:license": {"@id": LICENCE_URL},
                "dcat:version": versions[-1]["dcat:version"] if versions else None,
                "dct:hasVersion": versions,
                "dcat:distribution": versions[-1]["dcat:distribution"] if versions else [],
            }
        )
    body = {
        "@context": DCAT_CONTEXT,
        "@type": "dcat:Catalog",
        "@id": request.build_absolute_uri(reverse("open_data:catalogue")),
        "dct:title": "Observatory bulletins: open data",
        "dct:license": {"@id": LICENCE_URL},
        "dcat:dataset": datasets,
    }
    return _json(request, body, last_modified=_last_publication(), content_type="application/ld+json")
