"""Throttles counted in the default cache: the store every process shares (Redis, or the
machine's cache directory in the embedded default; system check core.E001), so two workers
or two servers do not multiply an allowance.

- `count_attempt(key, limit, window)`: one attempt more; True when over the limit.
- `throttle_posts(...)`: a view decorator refusing POSTs over the limit per client address
  and per submitted value (e.g. the email of a password reset), with `429` + `Retry-After`.
- `RetryAfterMiddleware`: any other 429 (django-axes' lockout page) gets a `Retry-After`.

FileBasedCache counts with a read and a write (no atomic increment): two attempts at the
same instant may count once. Redis counts atomically.
"""

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.html import escape

TOO_MANY = "Too many attempts from your connection. Please try again later."


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind a proxy the right-most entry of the header
    named by CONTACT_CLIENT_IP_HEADER (the one the proxy appended; never set it without a
    proxy that overwrites the header, or clients choose their own key)."""
    header = getattr(settings, "CONTACT_CLIENT_IP_HEADER", None)
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def count_attempt(key, limit, window):
    """Count one attempt under `key`; True when the attempts in the window exceed `limit`."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def too_many_requests(window, message=TOO_MANY):
    response = HttpResponse(
        f"<!doctype html><html lang=en><meta charset=utf-8><title>Too many requests</title>"
        f"<h1>Too many requests</h1><p>{escape(message)}</p></html>",
        status=429,
    )
    response["Retry-After"] = str(window)
    response["Cache-Control"] = "no-store"
    return response


def throttle_posts(scope, limit, window, per_field=None, field_limit=None):
    """Refuse a view's POSTs past `limit` per client address in `window` seconds, and past
    `field_limit` per value of the POSTed field `per_field` (case-insensitive). The three
    numbers are names of settings, read on each request."""

    def decorator(view):
        @functools.wraps(view)
        def throttled(request, *args, **kwargs):
            if request.method == "POST":
                seconds = getattr(settings, window)
                key = f"throttle:{scope}:ip:{client_ip(request)}"
                over = count_attempt(key, getattr(settings, limit), seconds)
                value = per_field and request.POST.get(per_field, "").strip().lower()
                if value:
                    key = f"throttle:{scope}:{per_field}:{value[:254]}"
                    over = count_attempt(key, getattr(settings, field_limit), seconds) or over
                if over:
                    return too_many_requests(seconds)
            return view(request, *args, **kwargs)

        return throttled

    return decorator


class RetryAfterMiddleware:
    """Every 429 says when to come back: DEFAULT_RETRY_AFTER seconds unless the view said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(getattr(settings, "DEFAULT_RETRY_AFTER", 60))
        return response
