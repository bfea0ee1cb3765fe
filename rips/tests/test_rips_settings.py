"""Settings: DIVIPOLA codes, start of care, the default mapping, the staff's document."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from exams.registry import REGISTRY
from patients.geography import DIVIPOLA, Ciudad, divipola
from rips import codes, generator
from rips.defaults import ensure_default_mappings
from rips.models import MapeoRegistro
from users.models import Perfil

BOGOTA = zoneinfo.ZoneInfo("America/Bogota")


def test_every_city_has_a_divipola_code():
    assert set(DIVIPOLA) == set(Ciudad.values)
    assert all(codes.DIVIPOLA_RE.match(code) for code in DIVIPOLA.values())
    assert len(set(DIVIPOLA.values())) == len(DIVIPOLA)


@pytest.mark.parametrize(
    ("city", "code"),
    [("BUCARAMANGA", "68001"), ("FLORIDABLANCA", "68276"), ("GIRON", "68307"), ("PIEDECUESTA", "68547"),
     ("BOGOTA", "11001"), ("MEDELLIN", "05001"), ("CALI", "76001")],
)  # fmt: skip
def test_spec_examples(city, code):
    assert divipola(city) == code


def test_cie10_without_dot():
    assert codes.cie10_without_dot("G47.3") == "G473"
    assert codes.cie10_without_dot("g47.0 ") == "G470"


def _row(fecha, created):
    return generator.Row(1, "CC", "1", datetime.date(1970, 1, 1), "F", "BUCARAMANGA", "URBANA", "G47.3",
                         fecha, "monitoreo", 1, None, created)  # fmt: skip


def test_start_of_care_takes_the_registration_time_of_the_same_day():
    created = datetime.datetime(2026, 3, 4, 9, 41, tzinfo=BOGOTA)
    assert generator.start_of_care(_row(datetime.date(2026, 3, 4), created)) == "2026-03-04 09:41"


def test_start_of_care_registered_another_day_is_midnight():
    created = datetime.datetime(2026, 3, 9, 9, 41, tzinfo=BOGOTA)
    assert generator.start_of_care(_row(datetime.date(2026, 3, 4), created)) == "2026-03-04 00:00"


def test_start_of_care_uses_bogota_time_not_utc():
    created = datetime.datetime(2026, 3, 5, 2, 30, tzinfo=datetime.UTC)  # 21:30 of the 4th in Bogotá
    assert generator.start_of_care(_row(datetime.date(2026, 3, 4), created)) == "2026-03-04 21:30"


@pytest.mark.django_db
def test_one_default_mapping_per_record_type():
    ensure_default_mappings()  # the migration's rows, or back after a flush of the database
    mappings = {m.tipo_registro: m for m in MapeoRegistro.objects.all()}
    assert set(mappings) == set(REGISTRY)
    for slug, mapping in mappings.items():
        assert mapping.se_informa == REGISTRY[slug].model.writes_attention_log
    assert mappings["psicologia"].cod_cups == "890308"
    assert mappings["nutricion"].cod_cups == "890306"
    assert mappings["neumologia"].cod_cups == ""  # not clear: left to the coordinator
    assert mappings["basal"].lista == codes.Lista.PROCEDIMIENTOS
    assert mappings["equipo_medico"].lista == codes.Lista.OTROS_SERVICIOS


@pytest.mark.django_db
def test_profile_document_is_alphanumeric():
    user = get_user_model().objects.create_user("x", password="clave-segura-123")
    with pytest.raises(IntegrityError):
        Perfil.objects.create(usuario=user, numero_documento="13.800.111")


@pytest.mark.django_db
def test_admin_edits_the_document_with_the_user(client, member):
    admin_user = get_user_model().objects.create_superuser("root", password="clave-segura-123")
    staff = member("Terapia respiratoria")
    client.force_login(admin_user)
    page = client.get(f"/admin/auth/user/{staff.pk}/change/").content.decode()
    assert "perfil-0-numero_documento" in page


@pytest.mark.django_db
def test_the_code_defaults_are_the_migration_defaults():
    import importlib

    from rips.defaults import DEFAULTS

    migration = importlib.import_module("rips.migrations.0002_default_mapping")
    assert migration.DEFAULTS == DEFAULTS
    assert set(DEFAULTS) == set(REGISTRY)
