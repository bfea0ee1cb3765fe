"""URLconf of the benchmark only: the product's URLs plus the simplest possible view.

``/__benchmark__/ok`` answers "ok" without a session or a query; every page's figures are
read as a ratio to it, which cancels part of the machine's noise. It is never mounted by
``datamed.urls``.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from datamed.urls import urlpatterns as product_urlpatterns

TRIVIAL_PATH = "/__benchmark__/ok"


@login_not_required
def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(TRIVIAL_PATH.lstrip("/"), ok, name="benchmark-ok"), *product_urlpatterns]
