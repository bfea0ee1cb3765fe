"""Each app's demo builder, in the order they run (lower floors first).

An app adds its demo data by writing ``<app>/demo.py`` and listing its function here:

- ``CYCLE_BUILDERS``: called for each new demo patient, on its first cycle, before the
  patient's story (suspension, closing, re-admission) is applied, as
  ``build(index, ingreso, rng, user)``. ``rng`` is the data set's shared sequence: a builder
  that draws from it changes what the builders after it draw, so a new builder keeps its own
  ``random.Random(index)`` instead (as ``therapy.demo`` does).
- ``DATA_BUILDERS``: called once, after every patient is in, as ``build(user)``; they fill
  their app's tables from the demo patients already there (care plans, reports, ...), and
  running them twice must change nothing.
"""

from collections.abc import Callable

from careplan.demo import add_demo_care
from exams.demo import add_demo_records
from reports.demo import issue_demo_reports
from rips.demo import add_demo_rips_settings
from therapy.demo import add_demo_nights

CYCLE_BUILDERS: list[Callable] = [add_demo_records, add_demo_nights, add_demo_care]
DATA_BUILDERS: list[Callable] = [add_demo_rips_settings, issue_demo_reports]
