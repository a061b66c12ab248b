"""Security plumbing: the admin's Content-Security-Policy and the database-down 503 page.

Two CSPs are served. The public site gets the strict `CONTENT_SECURITY_POLICY` from settings
(no inline script or style, no framing). The Wagtail admin (and Django admin) needs inline
scripts/styles, `blob:` image previews and frames its own page previews, so every response
under `CSP_ADMIN_URL_PREFIXES` gets `CSP_ADMIN_DIRECTIVES` instead. A middleware rather than
django-csp's per-view decorators because the admin is hundreds of views included from Wagtail's
own URLconf: the URL prefix is the one thing they all share.
"""

import logging
import sys

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)


class AdminAwareCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin policy swapped in under the admin prefixes and
    for Wagtail's preview (a "dummy" request for the page's own URL, framed by the admin)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        in_admin = request.path_info.startswith(tuple(settings.CSP_ADMIN_URL_PREFIXES))
        if (
            not report_only
            and parts.config is None
            and (in_admin or getattr(request, "is_dummy", False))
        ):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
        return parts


def server_error(request, template_name="500.html"):
    """handler500: a database that cannot be reached (or is locked) is a 503, not a bug.

    Django calls this for an uncaught exception raised anywhere (view or middleware), inside
    its `except` block, so `sys.exc_info()` is the error. The 503 page is a standalone template
    rendered without request context: it needs no database (no site settings, no user) and
    never shows a traceback.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("Database unavailable, answering 503: %s", exc)
        response = HttpResponse(render_to_string("security/503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request, template_name)
