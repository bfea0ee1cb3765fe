"""The default mapping of each record type: the rows ``rips/migrations/0002_default_mapping.py``
writes (its docstring says why these codes), for the code that needs them back, e.g. after a test
database flush."""

import importlib

#: The migration's rows: one source, so a database flushed in a test gets back exactly what
#: ``migrate`` wrote.
DEFAULTS = importlib.import_module("rips.migrations.0002_default_mapping").DEFAULTS


def ensure_default_mappings() -> None:
    """Create the mapping row of any record type that has none, with its defaults."""
    from rips.models import MapeoRegistro

    for slug, values in DEFAULTS.items():
        MapeoRegistro.objects.get_or_create(tipo_registro=slug, defaults=values)
