"""A backup taken while another thread registers records restores to one point in time:
every record with its attention-log line and its history row, and a record count the writer
really went through."""

import threading
import time

from django.contrib.auth import get_user_model
from django.db import OperationalError, connection

from exams.models import HistoricalMonitoreo, Monitoreo, Seguimiento
from exams.tests.factories import register_monitoring
from operations.backup import create_backup, restore_backup
from patients.tests.factories import PatientFactory


class Writer(threading.Thread):
    """Registers monitorings (record + attention-log line, one transaction each) until stopped."""

    def __init__(self, ingreso, user):
        super().__init__(daemon=True)
        self.ingreso, self.user = ingreso, user
        self.committed: list[int] = []  # Monitoreo count after each commit
        self.busy = threading.Event()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self):
        try:
            while not self.stop.is_set():
                self._register()
                self.committed.append(Monitoreo.objects.count())
                if len(self.committed) >= 3:
                    self.busy.set()
        except BaseException as exc:  # reported by the test
            self.error = exc
            self.busy.set()
        finally:
            connection.close()

    def _register(self):
        """SQLite's shared in-memory test database answers "locked" instead of waiting."""
        for _ in range(200):
            try:
                register_monitoring(self.ingreso, self.user)
                return
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        raise RuntimeError("la base siguió bloqueada")


def test_backup_during_writes_restores_a_consistent_point_in_time(
    transactional_db, scratch_database, tmp_path
):
    ingreso = PatientFactory().ingresos.get()
    writer = Writer(ingreso, get_user_model().objects.create_user("terapeuta"))
    writer.start()
    assert writer.busy.wait(timeout=120)
    try:
        archive = create_backup(tmp_path)
        assert writer.error is None
    finally:
        writer.stop.set()
        writer.join()
    target = scratch_database()

    restore_backup(archive, using=target)

    records = Monitoreo.objects.using(target)
    lines = Seguimiento.objects.using(target).filter(tipo_servicio="Monitoreo")
    assert records.count() in writer.committed
    assert lines.count() == records.count()
    assert set(lines.values_list("registro_id", flat=True)) == set(records.values_list("pk", flat=True))
    assert HistoricalMonitoreo.objects.using(target).count() == records.count()
