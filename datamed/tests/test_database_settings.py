"""The database options the settings derive from the environment."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

SETTINGS = Path(settings.BASE_DIR) / "datamed" / "settings.py"


def _database(monkeypatch, url: str, **env: str) -> dict:
    monkeypatch.setenv("DATABASE_URL", url)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))["DATABASES"]["default"]


def test_postgresql_prepares_repeated_statements_unless_turned_off(monkeypatch):
    options = _database(monkeypatch, "postgres://user@db.example:5432/datamed")["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5
    off = _database(monkeypatch, "postgres://user@db.example:5432/datamed", PG_PREPARED_STATEMENTS="false")
    assert "prepare_threshold" not in off.get("OPTIONS", {})


def test_sqlite_gets_its_cache_and_no_postgresql_options(monkeypatch, tmp_path):
    options = _database(monkeypatch, f"sqlite:///{tmp_path / 'db.sqlite3'}")["OPTIONS"]
    assert "cache_size" in options["init_command"]
    assert "prepare_threshold" not in options


@pytest.mark.django_db
def test_the_live_postgresql_connection_prepares_statements():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5
