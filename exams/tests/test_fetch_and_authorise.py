"""One way for a view to fetch its object and check access (``users.permissions.get_for``):
the rule first (a refused user learns nothing of what exists), then 404, then the object's
own rule; and the permission's name built in one place."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from exams.models import Monitoreo
from exams.registry import get_record_type
from patients.access import get_patient_for
from patients.models import Patient
from users.permissions import CHANGE_PATIENT, codename, get_for, require

pytestmark = pytest.mark.django_db

MISSING = 999_999_999


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_it_returns_the_object_to_a_user_who_may(patient, member):
    coordinator = member("Coordinador")
    assert get_patient_for(_request(coordinator), patient.pk, CHANGE_PATIENT) == patient


def test_a_refused_user_gets_403_whether_or_not_the_object_exists(patient, member):
    consulta = member("Consulta")
    for pk in (patient.pk, MISSING):
        with pytest.raises(PermissionDenied):
            get_patient_for(_request(consulta), pk, CHANGE_PATIENT)


def test_an_allowed_user_gets_404_for_a_missing_object(member):
    with pytest.raises(Http404):
        get_patient_for(_request(member("Coordinador")), MISSING, CHANGE_PATIENT)


def test_a_rule_on_the_object_is_asked_after_fetching_it(patient, member):
    user = member("Consulta")
    seen = []

    def allowed(asking, found):
        seen.append((asking, found))
        return False

    with pytest.raises(PermissionDenied, match="solo el autor"):
        get_for(_request(user), Patient, patient.pk, allowed=allowed, message="solo el autor")
    assert seen == [(user, patient)]


def test_a_rule_may_be_a_predicate_on_the_user(patient, member):
    user = member("Consulta")
    assert get_for(_request(user), Patient, patient.pk, lambda asking: asking == user) == patient


def test_the_permission_name_is_built_in_one_place():
    assert codename(Monitoreo, "add") == "exams.add_monitoreo"
    assert get_record_type("monitoreo").permission("change") == codename(Monitoreo, "change")


def test_a_message_given_where_a_rule_goes_is_an_error_not_a_silent_refusal(member):
    with pytest.raises(ValueError, match="message="):
        require(member("Coordinador"), CHANGE_PATIENT, "Solo coordinación.")
