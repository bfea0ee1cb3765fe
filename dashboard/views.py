"""The coordinator's dashboard (SPEC §3)."""

from django.shortcuts import render

from dashboard import selectors


def index(request):
    return render(request, "dashboard/index.html", selectors.dashboard_summary())
