"""Signals of the patients app for the apps above it.

``cycles_written`` is sent, in the writing transaction, after cycles are written in bulk
(``create_patients``, the legacy import), which Django's ``post_save`` does not announce.
Arguments: ``ingreso_ids``, the cycles written (``None``: any cycle may have changed). Apps
that keep facts derived from cycles (the care plan) subscribe from their ``AppConfig.ready``.
"""

from django.dispatch import Signal

cycles_written = Signal()
