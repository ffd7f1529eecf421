"""Quick exit (DESIGN §9): the link on every public page, for a reporter who must hide the site now.

Ends everything the server holds for this browser (the mailbox session with its sealed key; the intake
keeps its answers in the page, not on the server, so only the CSRF cookie is left of it), deletes this
site's cookies, asks the browser to drop this origin's cache and storage (`Clear-Site-Data`, which also
empties the back/forward cache), then sends the browser to QUICK_EXIT_URL. Works as a plain link without
JavaScript; with JavaScript, quick-exit.js also replaces the history entry so that Back does not return.

A GET that logs out: a page of another site cannot use it against a reporter, because the session cookie
is SameSite=Strict and so never sent with a request another site starts.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from reports_intake.mailbox import session as mailbox_session


@require_http_methods(["GET", "HEAD", "POST"])
def quick_exit(request: HttpRequest) -> HttpResponseRedirect:
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    mailbox_session.end(request, response)
    for name in request.COOKIES:
        response.delete_cookie(name, path="/", samesite="Strict")
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    add_never_cache_headers(response)
    return response
