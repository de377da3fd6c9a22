"""The walkthrough form as an installable web app: its service worker, served under /walkthroughs/ so that the
worker's scope covers the form (a script under /static/ could only control /static/)."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

SERVICE_WORKER = "js/service_worker.js"


def _read_static(name: str) -> bytes:
    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    if staticfiles_storage.exists(name):  # production: only the collected copy exists
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    raise Http404


@require_GET
@never_cache
def service_worker(request):
    """The service worker script (static/js/service_worker.js), public like any static file; never cached by the
    browser's HTTP cache, so a new release's worker is installed on the next visit."""
    response = HttpResponse(_read_static(SERVICE_WORKER), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = request.path.rsplit("/", 1)[0] + "/"
    return response
