"""Shared test fixtures: named actors and a CSRF-enforcing client."""

import importlib

import pytest
from django.test import Client

from patients.tests.factories import PatientFactory


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create_user(
        "alicia", password="clave-segura-123", first_name="Alicia", is_superuser=True, is_staff=True
    )


@pytest.fixture
def client_logged(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def csrf_client(coordinator):
    """A client that enforces CSRF like a browser would; it must send the token itself."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    return browser


@pytest.fixture
def patient(db):
    return PatientFactory()


#: The data migrations after users/0002_groups that give the groups more permissions (each with a
#: ``grant`` function): a flushed database gets them back too (users/tests/test_groups.py checks
#: the list is complete).
GROUP_GRANTS = (
    ("therapy", "0002_rules_for_coordinators"),
    ("api", "0001_administrators_manage_tokens"),
    ("reports", "0002_report_permissions"),
    ("rips", "0003_coordination_edits_settings"),
    ("careplan", "0003_protocols_for_coordinators"),
)


def ensure_groups() -> None:
    """Bring back the groups the data migration users/0002_groups created, if gone.

    A transactional test (live server, browser, migrations) starts from a database flushed by
    the previous one, where the groups are gone: the migration's own function then creates them
    again, on the historical models of that migration, as ``migrate`` does."""
    from types import SimpleNamespace

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migration = importlib.import_module("users.migrations.0002_groups")
    if Group.objects.filter(name__in=migration.GROUPS).count() < len(migration.GROUPS):
        loader = MigrationExecutor(connection).loader
        editor = SimpleNamespace(connection=connection)
        state = loader.project_state(("users", "0002_groups"))
        migration.create_groups(state.apps, editor)
        for app_label, name in GROUP_GRANTS:
            state = loader.project_state((app_label, name))
            importlib.import_module(f"{app_label}.migrations.{name}").grant(state.apps, editor)


def _group(name: str):
    """The group the data migration users/0002_groups created (see ``ensure_groups``)."""
    from django.contrib.auth.models import Group

    ensure_groups()
    return Group.objects.get(name=name)


@pytest.fixture
def member(django_user_model):
    """Factory of signed-up users in one of the DataMed groups (created by a data migration)."""

    def make(group_name: str, username: str | None = None):
        user = django_user_model.objects.create_user(
            username or f"user-{group_name}".lower().replace(" ", "-"), password="clave-segura-123"
        )
        user.groups.add(_group(group_name))
        return user

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; the production hasher's deliberate slowness only costs time here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _session_refreshed_on_every_request(settings):
    """Query-count tests compare one request with another: with the production refresh (at
    most once a minute) a test's first request would write the session and the next would
    not. The refresh itself is tested in datamed/tests/test_security.py."""
    settings.SESSION_REFRESH_SECONDS = 0


@pytest.fixture(autouse=True)
def _api_throttling_out_of_the_way(settings):
    """Tests send many API requests from one address; throttling has its own test
    (api/tests/test_throttling.py). The counters live in the cache: start each test empty."""
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    cache.clear()


@pytest.fixture(autouse=True)
def _second_factor_not_required(settings):
    """By default (``DATAMED_MFA_REQUIRED_GROUPS``) administrators and coordinators must enrol
    a second factor when they sign in through the login page, which the page-walking tests do;
    the enforcement has its own tests (users/tests/test_two_factor.py)."""
    settings.DATAMED_MFA_REQUIRED_GROUPS = []
