"""The benchmark's month (``rips.benchmark.build_month``) is a valid RIPS month."""

import io

import pytest

from rips import benchmark, generator

pytestmark = pytest.mark.django_db


def test_benchmark_month_generates_clean(month):
    assert benchmark.build_month(30, 45, month[0]) == {"patients": 30, "attentions": 45}
    period = generator.Period(eps=benchmark.EPS, desde=month[0], hasta=month[1], factura="BENCH1")
    result = generator.write(period, io.StringIO())
    assert result.ok, result.problems[:3]
    assert (result.usuarios, result.servicios) == (30, 45)
