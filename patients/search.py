"""Patient search by name, surname or document, backed by an index on both databases.

Semantics (unchanged from the first version): every typed word must appear, as a
case-insensitive substring, in the first name, the surname or the document.

- PostgreSQL: trigram GIN indexes (``pg_trgm``) on ``UPPER(column)`` serve Django's
  ``icontains`` directly (migration ``patients/0004``).
- SQLite: an FTS5 table with the trigram tokenizer over the same three columns, kept in step
  with ``patients_patient`` by triggers. SQLite rebuilds a table (dropping its triggers) when
  a migration alters it, so ``ensure_sqlite_search_index`` runs after every ``migrate``
  (``post_migrate``) and recreates whatever is missing.

Words shorter than three characters cannot use a trigram index; they fall back to a scan.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "patients_patient_search"
MIN_INDEXED_LENGTH = 3

# Literal SQL (no user input): the FTS table mirrors these three columns of patients_patient.
_DELETE_OLD = (
    "INSERT INTO patients_patient_search(patients_patient_search, rowid, nombre, apellido, documento) "
    "VALUES ('delete', old.id, old.nombre, old.apellido, old.documento);"
)
_INSERT_NEW = (
    "INSERT INTO patients_patient_search(rowid, nombre, apellido, documento) "
    "VALUES (new.id, new.nombre, new.apellido, new.documento);"
)
SQLITE_TRIGGERS = {
    "patients_patient_search_ai": "AFTER INSERT ON patients_patient BEGIN " + _INSERT_NEW + " END",
    "patients_patient_search_ad": "AFTER DELETE ON patients_patient BEGIN " + _DELETE_OLD + " END",
    "patients_patient_search_au": "AFTER UPDATE ON patients_patient BEGIN "
    + _DELETE_OLD
    + _INSERT_NEW
    + " END",
}
MATCH_SQL = "SELECT rowid FROM patients_patient_search WHERE patients_patient_search MATCH %s"


def ensure_sqlite_search_index(using_connection) -> bool:
    """Create the FTS5 table and its triggers where missing, then rebuild it. True if it acted."""
    if using_connection.vendor != "sqlite":
        return False
    with using_connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{FTS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if "patients_patient" not in using_connection.introspection.table_names(cursor):
            return False
        if FTS_TABLE in present and set(SQLITE_TRIGGERS) <= present:
            return False
        if FTS_TABLE not in present:
            cursor.execute(
                "CREATE VIRTUAL TABLE patients_patient_search USING fts5(nombre, apellido, documento, "
                "content='patients_patient', content_rowid='id', tokenize='trigram')"
            )
        for name, body in SQLITE_TRIGGERS.items():
            if name not in present:
                cursor.execute("CREATE TRIGGER " + name + " " + body)
        cursor.execute("INSERT INTO patients_patient_search(patients_patient_search) VALUES ('rebuild')")
    return True


def _contains(word: str, prefix: str) -> Q:
    return (
        Q(**{f"{prefix}nombre__icontains": word})
        | Q(**{f"{prefix}apellido__icontains": word})
        | Q(**{f"{prefix}documento__icontains": word})
    )


def _fts_match(words: list[str], prefix: str) -> Q:
    """Patients whose columns contain every word, in one full-text query: the index intersects
    the words' matches itself (one subquery per word would collect each word's matches, the
    common first names' thousands included, and intersect them afterwards)."""
    phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    matches = RawSQL(MATCH_SQL, (phrases,))  # noqa: S611 - constant SQL, the words are a parameter
    return Q(**{f"{prefix}pk__in": matches})


def search_filter(text: str, prefix: str = "") -> Q:
    """Every word must appear in the first name, surname or document (``prefix`` reaches the
    patient from another model, e.g. ``"paciente__"``)."""
    words = text.split()
    use_fts = connection.vendor == "sqlite"
    indexed = [word for word in words if use_fts and len(word) >= MIN_INDEXED_LENGTH]
    scanned = [word for word in words if word not in indexed]  # too short for a trigram index
    condition = _fts_match(indexed, prefix) if indexed else Q()
    for word in scanned:
        condition &= _contains(word, prefix)
    return condition
