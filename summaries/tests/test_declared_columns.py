"""Each kept column of the cycle is declared once, by the app whose fact it is, in SQL and with
the ORM alike; the cycle model lists the same columns as written by the database only."""

from collections import Counter
from decimal import Decimal

from patients.cycle_summary import PATIENT_COPY_FIELDS
from patients.models import SUMMARY_FIELDS
from summaries import triggers
from summaries.selectors import cycle_summaries


def _owners() -> Counter:
    """How many groups declare each column (as its own: a group's ``with_patient`` restates
    its own columns)."""
    return Counter(column for group in triggers.GROUPS for column in {*group.columns, *group.with_patient})


def test_every_kept_column_has_one_owner():
    owners = _owners()
    assert set(owners) == {*SUMMARY_FIELDS, *PATIENT_COPY_FIELDS}
    assert set(owners.values()) == {1}


def test_sql_and_orm_declare_the_same_columns():
    sql_columns = {column for columns in triggers.groups(Decimal("70")).values() for column in columns}
    assert set(cycle_summaries()) == sql_columns == {*SUMMARY_FIELDS, *PATIENT_COPY_FIELDS}


def test_a_new_cycle_gets_every_column():
    every = triggers.groups(Decimal("70"))
    columns = {column for name in triggers.EVERY_GROUP for column in every[name]}
    assert columns == {*SUMMARY_FIELDS, *PATIENT_COPY_FIELDS}
