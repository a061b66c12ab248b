"""Every error under /api/ is JSON of one shape: `{"message": "..."}` (issue 15).

The API's errors come from many places: Wagtail's endpoints (`{"message"}` already), Django
REST framework (`{"detail"}` for 405, 406, 415), plain Django views (an empty 405 from
`require_GET`), Django's handlers (an HTML 400 for a request Django refuses, the HTML 503 of
`core.errors` when the database is down) and the contact endpoint (`{"errors": {...}}`).
This middleware rewrites each error response under /api/ in place, so the headers the other
middleware set (CSP, Retry-After, Allow, CORS) stay:

- `{"message": ...}` is kept; `{"detail": ...}` becomes `{"message": ...}`;
- the contact form's field errors stay beside a `message` (`{"message", "errors"}`);
- anything else (HTML, empty) becomes `{"message": <the status's reason phrase>}`;
- errors are never cached (`Cache-Control: no-store` unless the view said otherwise).

It must be the outermost middleware but SecurityMiddleware, so that it also sees the
responses Django's handlers make for exceptions raised in the other middleware.
"""

import gzip
import json
from http import HTTPStatus

API_PREFIX = "/api/"
MESSAGES = {503: "The service is temporarily unavailable; try again later."}


def message_for(status):
    try:
        return MESSAGES.get(status) or HTTPStatus(status).phrase
    except ValueError:
        return "error"


def error_body(response):
    """The one-shape body for an error response."""
    data = None
    if response.get("Content-Type", "").startswith("application/json"):
        content = response.content
        try:
            if response.get("Content-Encoding") == "gzip":  # GZipMiddleware sits inside
                content = gzip.decompress(content)
            data = json.loads(content)
        except (ValueError, OSError, EOFError):
            data = None
    if isinstance(data, dict):
        if isinstance(data.get("message"), str) and data["message"]:
            return data
        if isinstance(data.get("detail"), str):
            return {"message": data["detail"]}
        if isinstance(data.get("errors"), dict):
            general = data["errors"].get("__all__") or ["The form has errors."]
            return {"message": str(general[0]), "errors": data["errors"]}
    return {"message": message_for(response.status_code)}


class APIErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not request.path.startswith(API_PREFIX):
            return response
        if getattr(response, "streaming", False):
            return response
        body = error_body(response)
        response.content = json.dumps(body).encode()
        response["Content-Type"] = "application/json"
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        if "Content-Encoding" in response:
            del response["Content-Encoding"]
        response.headers.setdefault("Cache-Control", "no-store")
        return response
