"""A route table for the report form, so that the busiest page of the site skips Wagtail's routing.

Serving a page through Wagtail costs six queries before the page's own code runs: the site for the
host name, one per level of the page tree, the page's specific class, and the view restrictions of the
page and its ancestors. The report form is posted twice per report, in bursts (DESIGN §1), and those
queries were about a third of its server time. This module keeps, per process, the answer for every
live `ReportPage`: path -> (site, page, view restrictions).

`ReportPageRouteMiddleware` hands that answer to Wagtail through the per-request caches Wagtail itself
reads (`request._wagtail_site`, `request._wagtail_route_for_request`, see `Page.route_for_request`), so
`wagtail.views.serve` still runs every `before_serve_page` and `on_serve_page` hook — the view
restriction check included, on the restrictions read with the table.

It also hands Wagtail the site root paths (`site_root_paths`), which Wagtail would read from the cache on
every page with a link: a page of the site then needs the database only, and serves while the cache is down.

Freshness (observatory.process_cache): a page, site or view restriction saved or deleted in this process
drops the table at once; other processes see a change within ten seconds. Only a single default site is
routed this way (every host name then means that site); with several sites, Wagtail routes everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import SiteRootPath

from cms.models import ReportPage
from observatory.process_cache import ProcessCache


@dataclass(frozen=True)
class Route:
    site: Site
    page: Page


def _i18n() -> bool:
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


def _roots(site: Site) -> list[Page]:
    """The site's home page and, with Wagtail's localisation on, each of its translations."""
    if not _i18n():
        return [site.root_page]
    return list(site.root_page.get_translations(inclusive=True).select_related("locale"))


def _build() -> dict[tuple[str, str], Route]:
    """(language of the tree, path under the language prefix) -> route. Without localisation every
    language shares the one tree, keyed by the language "" (see `_key`)."""
    sites = list(Site.objects.select_related("root_page", "root_page__locale")[:2])
    if len(sites) != 1 or not sites[0].is_default_site:
        return {}
    site = sites[0]
    routes = {}
    for root in _roots(site):
        language = root.locale.language_code if _i18n() else ""
        root_path = root.url_path
        for page in ReportPage.objects.live().descendant_of(root):
            # The page object is shared by the threads of this process: it is only ever read.
            page.routed_view_restrictions = list(page.get_view_restrictions())
            routes[(language, "/" + page.url_path[len(root_path) :])] = Route(site=site, page=page)
        if _i18n() and root.pk == site.root_page_id:
            # A language without its own tree is served from the default one, as Wagtail's `localized` does.
            routes[("*", "")] = Route(site=site, page=root)
    return routes


def _key(table: dict, path_info: str) -> tuple[str, str]:
    """The table key of a request path: /ar/informar/ -> ("ar", "/informar/") with localisation on."""
    language = translation.get_language_from_path(path_info) or ""
    path = path_info[len(language) + 1 :] if language else path_info
    if not _i18n():
        return ("", path)
    languages = {key[0] for key in table}
    if language not in languages and ("*", "") in table:
        language = table[("*", "")].page.locale.language_code
    return (language, path)


routes = ProcessCache(_build, seconds=10.0, models=(Page, PageViewRestriction, Site))


def _build_site_root_paths() -> list[SiteRootPath]:
    """What `Site.get_site_root_paths()` returns (most specific path first), read from the database.
    Wagtail keeps it in the cache, so that every page with a link failed while the cache Redis was down;
    here it is per process, like the routes."""
    sites = Site.objects.select_related("root_page", "root_page__locale")
    return [
        SiteRootPath(site.id, root.url_path, site.root_url, root.locale.language_code)
        for site in sites.order_by("-root_page__url_path", "-is_default_site", "hostname")
        for root in _roots(site)
    ]


site_root_paths = ProcessCache(_build_site_root_paths, seconds=10.0, models=(Page, Site))


class ReportPageRouteMiddleware:
    """Give Wagtail the report page's route from the table instead of six queries (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        # Page URLs in templates ({% pageurl %}, {% slugurl %}) read the site root paths from here first.
        request._wagtail_cached_site_root_paths = site_root_paths.get()
        table = routes.get()
        route = table.get(_key(table, request.path_info))
        if route is not None:
            request._wagtail_site = route.site
            request._wagtail_route_for_request = (route.page, [], {})
        return None
