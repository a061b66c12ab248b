"""Plain views under /api/ that are not Wagtail API endpoints."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # reads and changes nothing; a 404 for every method
def api_not_found(request, *args, **kwargs):
    """Any other URL under /api/: a JSON 404 like the API's own, not the site's HTML page."""
    response = JsonResponse({"message": "not found"}, status=404)
    response["Cache-Control"] = "no-store"
    return response
