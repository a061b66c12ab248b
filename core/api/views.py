"""Plain views under /api/ that are not Wagtail API endpoints."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # reads and changes nothing; a 404 for every method
def api_not_found(request, *args, **kwargs):
    """Any other URL under /api/: a JSON 404 like the API's own, not the site's HTML page."""
    response = JsonResponse({"message": "not found"}, status=404)
    response["Cache-Control"] = "no-store"
    return response


def index_view(build_document, schema_path):
    """GET of the API's root: a JSON index of its endpoints, read from the OpenAPI document
    (`build_document()`, so it lists what the document describes and nothing else), and the
    document's own path."""

    def api_index(request):
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"message": "Method not allowed."}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        document = build_document()
        endpoints = [
            {
                "path": path,
                "methods": sorted(method.upper() for method in operations),
                "summary": next(iter(operations.values())).get("summary", ""),
            }
            for path, operations in document["paths"].items()
        ]
        response = JsonResponse(
            {
                "title": document["info"]["title"],
                "openapi": schema_path,
                "endpoints": endpoints,
            }
        )
        response["Cache-Control"] = "public, max-age=300"
        return response

    return csrf_exempt(api_index)
