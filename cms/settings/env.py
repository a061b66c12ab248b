"""Small readers for 12-factor configuration from environment variables."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true/false)")


def env_int(name, default):
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_mapping(name):
    """`key=value,key=value` as a dict, e.g. a URL per site host name."""
    mapping = {}
    for item in env_list(name):
        key, separator, value = item.partition("=")
        if not separator or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} is not 'key=value'")
        mapping[key.strip()] = value.strip()
    return mapping


def url_origin(name, url):
    """`scheme://host[:port]` of an absolute http(s) URL read from variable `name`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{name}: {url!r} is not an absolute http(s) URL")
    return f"{parts.scheme}://{parts.netloc}"
