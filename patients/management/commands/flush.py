"""``manage.py flush``: Django's, then the database-kept counts recounted.

Django empties the tables one by one in no set order on SQLite (the order of a set of names,
which changes with every process). A count table emptied before the cycles then collects the
subtractions of the cycles deleted after it: its totals end negative, and every cycle added
later with the same key is missing from the dashboard's figures. PostgreSQL empties them all
in one ``TRUNCATE``, which fires no row trigger. The tables are empty after a flush, so the
recount costs nothing. Test cases that need a real transaction use this command between tests.
"""

from django.core.management.commands import flush
from django.db import connections

from patients import counts


class Command(flush.Command):
    def handle(self, **options):
        super().handle(**options)
        counts.rebuild_present(connections[options["database"]])
