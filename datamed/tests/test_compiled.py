"""Querysets compiled once (``datamed.compiled``) and routes reversed once (``datamed.reversing``)
give what the ORM and ``reverse`` give."""

import pytest
from django.db.models import F
from django.urls import reverse

from datamed.compiled import CompiledQuery
from datamed.reversing import url_maker
from patients.models import Ingreso, Patient
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_compiled_query_gives_the_querysets_rows_for_each_argument():
    patients = PatientFactory.create_batch(3)
    for patient in patients[:2]:
        Ingreso.objects.filter(paciente=patient).update(estado="TERMINADO")
        Ingreso.objects.create(paciente=patient, fecha_inicio=patient.ingresos.get().fecha_inicio)

    def build(paciente_id):
        return (
            Ingreso.objects.filter(paciente_id=paciente_id)
            .annotate(doc=F("paciente__documento"))
            .order_by("-id")
        )

    compiled = CompiledQuery(build)
    for patient in patients:
        rows = compiled(patient.pk)
        expected = list(build(patient.pk))
        assert [(r.pk, r.estado, r.fecha_inicio, r.doc) for r in rows] == [
            (e.pk, e.estado, e.fecha_inicio, e.doc) for e in expected
        ]
    assert len(compiled._compiled) == 1  # compiled once for the database


def test_compiled_query_takes_text_arguments():
    patient = PatientFactory(documento="63555111")
    PatientFactory(documento="63555112")
    by_document = CompiledQuery(lambda documento: Patient.objects.filter(documento=documento), str)
    assert [p.pk for p in by_document("63555111")] == [patient.pk]
    assert by_document("00000000") == []


def test_an_argument_the_query_does_not_use_is_refused():
    with pytest.raises(ValueError, match="no usa los argumentos"):
        CompiledQuery(lambda paciente_id: Patient.objects.all())()


def test_url_maker_gives_what_reverse_gives():
    edit = url_maker("exams:edit", str, int)
    register = url_maker("exams:register", int, str)
    for slug, pk in (("basal", 7), ("equipo_medico", 123456)):
        assert edit(slug, pk) == reverse("exams:edit", args=[slug, pk])
        assert register(pk, slug) == reverse("exams:register", args=[pk, slug])
