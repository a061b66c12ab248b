"""The Content-Security-Policy: a strict one for the site, another for the admin.

Two CSPs are served. The public site gets the strict `CONTENT_SECURITY_POLICY` from settings
(no inline script or style, no framing). The Wagtail admin (and Django admin) needs inline
scripts/styles, `blob:` image previews and frames its own page previews, so every response
under `CSP_ADMIN_URL_PREFIXES` gets `CSP_ADMIN_DIRECTIVES` instead. A middleware rather than
django-csp's per-view decorators because the admin is hundreds of views included from Wagtail's
own URLconf: the URL prefix is the one thing they all share.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


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
