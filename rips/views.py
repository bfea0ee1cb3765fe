"""``/reports/rips/``: the RIPS of an EPS and a period, for coordinators and administrators."""

from django.http import FileResponse
from django.shortcuts import render

from rips import generator
from rips.forms import RipsForm
from rips.models import Administradora, Ips, MapeoRegistro
from users.permissions import EXPORT_DATA, require

#: problems shown on the page (the total is always shown)
SHOWN_PROBLEMS = 500


def generate(request):
    """GET: the form and the state of the settings. POST: the validated RIPS as a download, or
    the list of problems (nothing is produced until it is clean)."""
    require(request.user, EXPORT_DATA)
    form = RipsForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        period = form.period()
        result, spool = generator.generate_to_tempfile(period)
        if spool is not None:
            return FileResponse(
                spool,
                as_attachment=True,
                filename=generator.file_name(period),
                content_type="application/json",
            )
    context = {
        "form": form,
        "result": result,
        "problems": result.problems[:SHOWN_PROBLEMS] if result else [],
        "ips": Ips.current(),
        "administradoras": list(Administradora.objects.all()),
        "mappings": list(MapeoRegistro.objects.all()),
    }
    return render(request, "rips/generate.html", context, status=200)
