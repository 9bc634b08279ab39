from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness for load balancers: touches neither the session nor the database."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon; send them to ours."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
