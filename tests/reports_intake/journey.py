"""Helpers for the intake and mailbox tests: a report page in a Wagtail site, submission keys, and a
tiny "browser" that posts a form the way a browser without JavaScript would (hidden fields, checked
boxes, selected options, the button pressed)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from PIL import Image

from observatory.i18n import path_in_language
from reports_intake import pow
from tests.factories import create_office

RECEIPT_PATTERN = r"[0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){6}"
NARRATIVE = "En la entrada del bar nos dijeron que no podíamos pasar por ser marroquíes."


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None
        self._select = None
        self.buttons_by_form: dict[str, list[dict]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "buttons": []}
            self.forms.append(self._form)
        elif tag == "button":
            owner = attrs.get("form")
            if owner:
                self.buttons_by_form.setdefault(owner, []).append(attrs)
            elif self._form is not None:
                self._form["buttons"].append(attrs)
        elif self._form is None:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "file"):
                return
            if "name" in attrs:
                self._form["fields"].append([attrs["name"], attrs.get("value", "")])
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = {"name": attrs["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]  # HTML drops a newline right after <textarea>
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            self._form["fields"].append([self._select["name"], chosen or ""])
            self._select = None


def parse_forms(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        form["buttons"] += parser.buttons_by_form.get(form["attrs"].get("id", ""), [])
    return parser.forms


def find_form(html: str, *, has_field: str | None = None, form_id: str | None = None) -> dict:
    for form in parse_forms(html):
        if form_id and form["attrs"].get("id") == form_id:
            return form
        if has_field and any(name == has_field for name, _value in form["fields"]):
            return form
        if not form_id and not has_field and form["attrs"].get("method", "").lower() == "post":
            return form
    raise AssertionError(f"no form with {form_id or has_field} in the page")


def fill(form: dict, answers: dict | None = None, *, button: tuple[str, str] | None = None) -> dict:
    """The body a browser would post: the form's own values, then `answers` (a list replaces all values
    of a name), then the pressed button."""
    body: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        body.setdefault(name, []).append(value)
    for name, value in (answers or {}).items():
        if value is None:
            body.pop(name, None)
        else:
            body[name] = list(value) if isinstance(value, (list, tuple)) else [value]
    if button:
        body[button[0]] = [button[1]]
    return body


def count_intake_rows() -> dict[str, int]:
    """Rows in every reports_intake table: a refused request must leave all of them unchanged."""
    return {
        model.__name__: model.objects.count() for model in apps.get_app_config("reports_intake").get_models()
    }


def make_report_page():
    from wagtail.models import Page, Site

    from cms.models import HomePage, ReportPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Inicio", slug="inicio-pruebas"))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Obs")
    return home.add_child(
        instance=ReportPage(
            title="Informar de un incidente",
            slug="informar",
            intro="<p>Cuéntanos qué pasó.</p>",
            help_text="<p>Si estás en peligro, llama al 112.</p>",
        )
    )


def install_submission_keys():
    """The office (made the one way, tests/factories.py) and its keypair; reports are wrapped to it."""
    office = create_office()
    return office.organisation, office.key


def photo_with_gps() -> bytes:
    from PIL import ExifTags

    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CANARY-PHONE"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 28.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "CANARY-AUTHOR"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def in_language(url: str, lang: str) -> str:
    """`url` under `lang`'s prefix (/es/informar/ -> /en/informar/): the language is in the URL."""
    return path_in_language(url, lang)


def target_of(response, url: str, button: tuple[str, str] | None, form: dict) -> str:
    """Where a browser posts a form: the pressed button's formaction, else the page it is on."""
    for attrs in form["buttons"]:
        if button and (attrs.get("name"), attrs.get("value")) == button and attrs.get("formaction"):
            return attrs["formaction"]
    request = getattr(response, "request", None) or {}
    return request.get("PATH_INFO") or url


def login(client, receipt, *, lang="es", solve=True):
    """Open the mailbox with a receipt as a browser does: the login page, then the form with its proof
    of work solved at the configured difficulty."""
    url = in_language(reverse("reports_intake:login"), lang)
    page = client.get(url)
    form = find_form(page.content.decode(), has_field="receipt")
    body = fill(form, {"receipt": receipt})
    if solve:
        body["pow_solution"] = pow.solve(body["pow_token"][0], settings.POW_DIFFICULTY)
    return client.post(url, body)


ANSWERS = {
    "what": {"narrative": NARRATIVE},
    "when": {"when_kind": "month", "incident_month": "3", "incident_year": "2025"},
    "where": {"where_kind": "neighbourhood", "neighbourhood": None},  # filled in with a real code
    "who": {"reporter_role": "victim", "grounds": ["racism"], "domains": ["goods_services"]},
    "contact": {"contact": "", "language": "es"},
}


def only_csrf_cookie(response):
    assert set(response.cookies) <= {"csrftoken"}, response.cookies
    assert "Location" not in response or not re.search(RECEIPT_PATTERN, response["Location"])


def step(client, url, response, answers=None, *, button=None, files=None, form_id=None):
    form = find_form(response.content.decode(), form_id=form_id, has_field=None if form_id else "step")
    body = fill(form, answers, button=button)
    url = target_of(response, url, button, form)
    if files:
        body["attachments"] = files
    result = client.post(url, body, HTTP_ACCEPT_LANGUAGE="es")
    only_csrf_cookie(result)
    return result


def walk_to_review(client, page, answers, lang="es"):
    url = page.url
    response = client.get(in_language(url, lang))
    only_csrf_cookie(response)
    for name in ("what", "when", "where", "who", "contact"):
        assert f'name="step" value="{name}"' in response.content.decode()
        response = step(client, url, response, answers[name])
        assert response.status_code == 200
    assert 'name="step" value="review"' in response.content.decode()
    return response
