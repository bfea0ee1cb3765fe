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


def test_sqlite_is_set_for_several_writing_processes(monkeypatch, tmp_path):
    options = _database(monkeypatch, f"sqlite:///{tmp_path / 'db.sqlite3'}")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 10
    assert "journal_mode = WAL" in options["init_command"]
    assert "synchronous = NORMAL" in options["init_command"]
    longer = _database(monkeypatch, f"sqlite:///{tmp_path / 'db.sqlite3'}", SQLITE_BUSY_TIMEOUT="25")
    assert longer["OPTIONS"]["timeout"] == 25


def test_a_sqlite_file_opened_with_these_settings_uses_the_write_ahead_log(monkeypatch, tmp_path):
    """What a gunicorn worker gets: WAL, NORMAL sync, and transactions that begin IMMEDIATE."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    config = _database(monkeypatch, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    wrapper = DatabaseWrapper({**config, "TIME_ZONE": None}, alias="probe")
    connection = wrapper.get_new_connection(wrapper.get_connection_params())
    assert wrapper.transaction_mode == "IMMEDIATE"
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    finally:
        connection.close()


@pytest.mark.django_db
def test_the_live_postgresql_connection_prepares_statements():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5
