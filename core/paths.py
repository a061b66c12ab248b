"""URL prefixes and numeric limits that several layers must agree on, defined once.

The project's URLconf (`cms/urls.py`) mounts the admin at these prefixes; the page cache,
the site-objects cache, the admin's CSP and robots.txt read them from here.
"""

WAGTAIL_ADMIN_PREFIX = "/admin/"
DJANGO_ADMIN_PREFIX = "/django-admin/"
ADMIN_PREFIXES = (WAGTAIL_ADMIN_PREFIX, DJANGO_ADMIN_PREFIX)

# Largest id, offset or integer filter the API accepts: SQL integer columns end here, and a
# larger number can match no row.
MAX_INTEGER = 2**31 - 1


def is_admin_path(path):
    return path.startswith(ADMIN_PREFIXES)
