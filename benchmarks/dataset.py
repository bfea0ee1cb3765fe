"""A realistic program-scale data set, written with bulk inserts (COPY on PostgreSQL).

Shape (per the performance issue): patients in every cycle state (≈ 85 % ACTIVO, 5 %
SUSPENDIDO, 10 % TERMINADO), one in five with an earlier closed cycle, cycles started over
the last 24 months, all eight record types with their attention-log lines, one active
patient in four without attention in the alert window, and one patient in a thousand (at
least one) with about fifty records in the current cycle. Device data: two in five active
cycles started in the last six months have a night per day from their device since the
start (most used well, some poorly, some devices silent for weeks), with the adherence
verdict computed by the rule engine as an import would.

Rows are built as tuples in the models' column order and inserted with ``executemany``
(SQLite) or ``COPY`` (PostgreSQL). The triggers that keep the cycles' summary columns
(``summaries/triggers.py``) are set aside while the rows go in and installed again at the end,
which recomputes every cycle in one statement: on SQLite they would otherwise update a cycle per
attention-log line and monitoring written (a 100,000-patient generation took 613 s instead of
177 s).
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from careplan import benchmark as careplan_benchmark
from exams import models as exams
from patients.choices import EstadoIngreso, MotivoCierre
from patients.models import Ingreso, Patient, today
from summaries import triggers as summaries
from therapy import adherence
from therapy.models import NocheTerapia, ResumenAdherencia, rule_for
from therapy.services import summary_values

GIVEN_NAMES = (
    "María", "José", "Luis", "Ana", "Carlos", "Juan", "Rosa", "Pedro", "Luz", "Jorge", "Sandra",
    "Andrés", "Martha", "Óscar", "Diana", "Jesús", "Claudia", "Édgar", "Gloria", "Héctor",
    "María José", "Juan Pablo", "Ángela", "Nubia", "Fabián", "Yolanda", "Iván", "Lucía",
)  # fmt: skip
SURNAMES = (
    "Gómez", "Rodríguez", "Martínez", "García", "López", "Hernández", "González", "Pérez",
    "Sánchez", "Ramírez", "Torres", "Díaz", "Rojas", "Vargas", "Moreno", "Jiménez", "Muñoz",
    "Castro", "Ortiz", "Suárez", "Peña", "Quintero", "Serrano", "Becerra", "Álvarez", "Ríos",
    "Cárdenas", "Mejía", "Ospina", "Zuluaga", "Arango", "Villamizar", "Carreño", "Uribe",
    "Galvis", "Pinzón", "Ardila", "Mantilla", "Cadena", "Niño",
)  # fmt: skip
HEAVY_EVERY = 1000  # one patient in a thousand has ~50 records in the current cycle
NO_ATTENTION_EVERY = 4  # one active patient in four has no attention in the alert window
ALERT_DAYS = 15
DEVICE_RECENT_DAYS = 180  # device data for cycles started in the last six months…
DEVICE_SHARE = 0.4  # …two in five of them
ONE_DAY = datetime.timedelta(days=1)


class Rollback(Exception):
    """Raised by benchmarks that generate data inside a transaction to undo it."""


def bulk_patients(count: int, first_document: int, surname: str = "Apellido") -> list[Patient]:
    """``count`` valid patients in one bulk insert (benchmarks only: no history, no cycle)."""
    return Patient.objects.bulk_create(
        Patient(
            nombre=f"Nombre{i}",
            apellido=f"{surname}{i}",
            tipo_documento="CC",
            documento=str(first_document + i),
            fecha_nacimiento=datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            genero="F" if i % 2 else "M",
            departamento="SANTANDER",
            ciudad="BUCARAMANGA",
            celular="3001234567",
            estado_civil="CASADO",
            entidad_salud="ECOPETROL" if i % 3 else "SANITAS",
            estrato=1 + i % 6,
        )
        for i in range(count)
    )


def first_heavy_patient_id(patients: int) -> int:
    """Id of the first patient generated with ~50 records (ids are assigned from 1)."""
    return HEAVY_EVERY // 2 + 1 if patients > HEAVY_EVERY // 2 else 1


@dataclass
class Table:
    """Rows for one model, in its concrete columns' order, with constant defaults filled in."""

    model: type
    constants: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)

    def __post_init__(self):
        fields = self.model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.names = [f.attname for f in fields]
        # Fields this module does not know (added later) get their model default.
        defaults = {f.attname: f.get_default() for f in fields if f.has_default() and not f.primary_key}
        self.constants = {**defaults, **self.constants}

    def add(self, **values) -> None:
        merged = {**self.constants, **values}
        self.rows.append(tuple(merged.get(name) for name in self.names))

    def write(self, cursor) -> int:
        table = self.model._meta.db_table
        count = len(self.rows)
        if connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - model metadata only
            for start in range(0, count, 20000):
                cursor.executemany(sql, self.rows[start : start + 20000])
        self.rows.clear()
        return count


def _now_value():
    now = timezone.now()
    return connection.ops.adapt_datetimefield_value(now) if connection.vendor == "sqlite" else now


def _record_constants(now) -> dict:
    return {
        "registrado_por_id": None,
        "created_at": now,
        "updated_at": now,
        "anulado": False,
        "anulado_por_id": None,
        "anulado_el": None,
        "motivo_anulacion": "",
    }


@dataclass
class Generator:
    patients: int
    seed: int = 7
    progress: object = None  # callable(done_patients) or None

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.today = today()
        self.now = _now_value()
        base = _record_constants(self.now)
        self.tables = {
            "patient": Table(Patient, self._patient_constants()),
            "ingreso": Table(Ingreso, {"created_at": self.now, "motivo": "", "motivo_cierre": ""}),
            "seguimiento": Table(
                exams.Seguimiento, {"registrado_por_id": None, "anulado": False, "created_at": self.now}
            ),
            **{model.__name__: Table(model, dict(base)) for model in RECORD_MODELS},
            "noche": Table(NocheTerapia, {"archivo": "STR.edf", "modo": "CPAP", "importado_el": self.now}),
            "resumen": Table(ResumenAdherencia, {"calculado_el": self.now}),
        }
        self.rules = {}  # EPS → its adherence rule, read once
        # Ids continue after existing rows, so a second run adds to the data set.
        self.ids = {
            name: table.model.objects.aggregate(top=Max("id"))["top"] or 0
            for name, table in self.tables.items()
        }
        self.first_index = self.ids["patient"]
        self.heavy_patient_ids: list[int] = []
        self.summary = {}

    # ---- ids and dates
    def _next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        span = (end - start).days
        return start + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    def _patient_constants(self) -> dict:
        return {
            "departamento": "SANTANDER",
            "ciudad": "BUCARAMANGA",
            "zona": "URBANA",
            "telefono": "",
            "tipo_documento": "CC",
            "peso": None,
            "altura": None,
            "perimetro_abdominal": None,
            "cuello": None,
            "medico_remitente": "",
            "especialidad": "",
            "diagnostico_clinico": "G47.3",
            "valor_capita": "259783.00",
        }

    # ---- generation
    def run(self) -> dict:
        step = max(1, self.patients // 100)
        with transaction.atomic(), connection.cursor() as cursor:
            summaries.uninstall(connection)
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MB: index inserts stay in memory
            for index in range(self.first_index, self.first_index + self.patients):
                self._patient(index)
                done = index + 1 - self.first_index
                if done % step == 0:
                    if len(self.tables["seguimiento"].rows) > 100000:
                        self._flush(cursor)
                    if self.progress:
                        self.progress(done)
            self._flush(cursor)
            self._reset_sequences(cursor)
            summaries.install(connection)
            careplan_benchmark.fill()
        return {**self.summary, "heavy_patient_ids": self.heavy_patient_ids}

    def _flush(self, cursor) -> None:
        for name, table in self.tables.items():
            self.summary[name] = self.summary.get(name, 0) + table.write(cursor)

    def _reset_sequences(self, cursor) -> None:
        models = [table.model for table in self.tables.values()]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)

    def _patient(self, index: int) -> None:
        rng = self.rng
        patient_id = self._next_id("patient")
        eps = "ECOPETROL" if rng.random() < 0.6 else "SANITAS"
        self.tables["patient"].add(
            id=patient_id,
            nombre=rng.choice(GIVEN_NAMES),
            apellido=f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
            documento=str(10_000_000 + index * 7),
            fecha_nacimiento=datetime.date(1950 + rng.randint(0, 55), rng.randint(1, 12), rng.randint(1, 28)),
            genero=rng.choice("MF"),
            celular=f"3{rng.randint(100_000_000, 999_999_999)}",
            estado_civil=rng.choice(("SOLTERO", "CASADO", "UNIÓN LIBRE", "VIUDO")),
            entidad_salud=eps,
            estrato=rng.randint(1, 6),
            programa="PROGRAMA AOS" if rng.random() < 0.85 else "PROGRAMA INSOMNIO",
            created_at=self.now,
        )
        start = self.today - datetime.timedelta(days=rng.randint(0, 730))
        if rng.random() < 0.2:  # an earlier, closed cycle
            earlier = start - datetime.timedelta(days=rng.randint(400, 560))
            self._cycle(patient_id, earlier, EstadoIngreso.TERMINADO, start - datetime.timedelta(days=1))
        heavy = patient_id == first_heavy_patient_id(self.patients) or index % HEAVY_EVERY == HEAVY_EVERY // 2
        draw = rng.random()
        if heavy or draw >= 0.15:
            state, end = EstadoIngreso.ACTIVO, None
        elif draw < 0.05:
            state, end = EstadoIngreso.SUSPENDIDO, None
        else:
            state, end = EstadoIngreso.TERMINADO, self._day(start, self.today)
        stale = index % NO_ATTENTION_EVERY == 1
        cycle_id = self._cycle(patient_id, start, state, end, stale=stale, heavy=heavy)
        recent = start >= self.today - datetime.timedelta(days=DEVICE_RECENT_DAYS)
        if state == EstadoIngreso.ACTIVO and recent and rng.random() < DEVICE_SHARE:
            self._device_nights(cycle_id, start, eps)
        if heavy:
            self.heavy_patient_ids.append(patient_id)
        return cycle_id

    def _cycle(self, patient_id, start, state, end, stale=False, heavy=False) -> int:
        cycle_id = self._next_id("ingreso")
        values = {"id": cycle_id, "paciente_id": patient_id, "fecha_inicio": start, "estado": state}
        if state == EstadoIngreso.TERMINADO:
            values.update(fecha_fin=end, fecha_cambio_estado=end, motivo_cierre=MotivoCierre.EGRESO_COMPLETO)
            values["motivo"] = MotivoCierre.EGRESO_COMPLETO.label
        elif state == EstadoIngreso.SUSPENDIDO:
            values.update(fecha_cambio_estado=self._day(start, self.today), motivo="Espera de equipo")
        self.tables["ingreso"].add(**values)
        last = end or self.today
        if stale:
            last = min(last, self.today - datetime.timedelta(days=ALERT_DAYS + 1))
        if last >= start:
            self._records(cycle_id, start, last, heavy, recent=state == EstadoIngreso.ACTIVO and not stale)
        return cycle_id

    def _records(self, cycle_id, start, last, heavy, recent) -> None:
        rng = self.rng
        counts = HEAVY_COUNTS if heavy else {name: pick(rng) for name, pick in COUNT_DRAWS.items()}
        basal_iah = Decimal(rng.randint(5, 60))
        for name, count in counts.items():
            for number in range(count):
                if name in PRE_CYCLE:
                    day = start - datetime.timedelta(days=rng.randint(0, 60))
                elif recent and name == "Monitoreo" and number == 0:
                    day = max(start, self.today - datetime.timedelta(days=rng.randint(0, ALERT_DAYS - 1)))
                else:
                    day = self._day(start, last)
                self._record(name, cycle_id, day, basal_iah)

    def _device_nights(self, cycle_id: int, start: datetime.date, eps: str) -> None:
        """A night per day since the start, and the cycle's verdict under its EPS's rule."""
        rng = self.rng
        profile = rng.random()
        well_used = 0.85 if profile < 0.6 else 0.45  # share of nights with ≥ 4 h
        last = self.today - ONE_DAY
        if profile >= 0.85:  # the device fell silent weeks ago
            last -= datetime.timedelta(days=rng.randint(15, 60))
        serial, minutes, night = f"RM-{cycle_id:07d}", {}, start
        while night <= last:
            used = rng.randint(240, 480) if rng.random() < well_used else rng.randint(0, 200)
            minutes[night] = used
            self.tables["noche"].add(
                id=self._next_id("noche"),
                ingreso_id=cycle_id,
                noche=night,
                serial=serial,
                minutos_uso=used,
                iah=Decimal(rng.randint(5, 80)) / 10,
            )
            night += ONE_DAY
        if eps not in self.rules:
            self.rules[eps] = rule_for(eps)
        regla = self.rules[eps]
        # Nights run from the cycle's start, which no delivery can precede: therapy starts then.
        result = adherence.evaluate(adherence.Rule.from_model(regla), start, minutes, self.today)
        self.tables["resumen"].add(
            id=self._next_id("resumen"), ingreso_id=cycle_id, **summary_values(result, regla, start)
        )

    def _record(self, name, cycle_id, day, basal_iah) -> None:
        record_id = self._next_id(name)
        values = RECORD_VALUES[name](self.rng, basal_iah)
        model = self.tables[name].model
        self.tables[name].add(id=record_id, ingreso_id=cycle_id, **{model.care_date_field: day}, **values)
        if model.writes_attention_log:
            self.tables["seguimiento"].add(
                id=self._next_id("seguimiento"),
                ingreso_id=cycle_id,
                fecha_atencion=day,
                tipo_servicio=name,
                registro_id=record_id,
            )


def _monitoreo(rng, basal):
    residual = Decimal(rng.randint(0, 10))
    correction = ((basal - residual) / basal * 100).quantize(Decimal("0.01")) if basal else None
    return {
        "uso_diario": Decimal(rng.randint(40, 100)),
        "dias_uso_horas_4": Decimal(rng.randint(30, 100)),
        "horas_uso_diario": Decimal("6.5"),
        "hipopnea_basal": basal,
        "hipopnea_residual": residual,
        "porcentaje_correccion": correction,
        "modo_ventilatorio": "CPAP",
        "presion_ipap": Decimal(10),
        "presion_epap": None,
        "frecuencia_respiratoria": None,
        "mascara_cpap": "NASAL",
        "tamano_mascara": "MEDIUM",
        "etco2_promedio": None,
    }


RECORD_MODELS = (
    exams.Monitoreo,
    exams.SeguimientoAdaptacion,
    exams.Neumologia,
    exams.Psicologia,
    exams.Nutricion,
    exams.PolisomnografiaBasal,
    exams.PolisomnografiaTitulacion,
    exams.EquipoMedico,
)
PRE_CYCLE = {"PolisomnografiaBasal", "PolisomnografiaTitulacion"}
RECORD_VALUES = {
    "Monitoreo": _monitoreo,
    "SeguimientoAdaptacion": lambda rng, basal: {"observaciones": "Llamada de control: buena adaptación."},
    "Neumologia": lambda rng, basal: {"medico_tratante": "Dra. Ortiz", "especialidad": "Neumología"},
    "Psicologia": lambda rng, basal: {
        "inventario_depre_beck": 12,
        "inventario_ansiedad_beck": 8,
        "calidad": 10,
        "cantidad": 9,
        "total": 19,
    },
    "Nutricion": lambda rng, basal: {
        "estado_nutricional": "SOBREPESO",
        "carbohidratos_pct": Decimal(55),
        "rumiacion": "NO",
        "cafeina": Decimal(2),
    },
    "PolisomnografiaBasal": lambda rng, basal: {
        "iah": basal,
        "severidad_apnea": "GRAVE" if basal >= 30 else "MODERADA" if basal >= 15 else "LEVE",
        "ido": Decimal(12),
        "eficiencia": Decimal(85),
    },
    "PolisomnografiaTitulacion": lambda rng, basal: {
        "tipo_titulacion": "CPAP",
        "presion_ipap": Decimal(10),
        "presion_epap": None,
        "frecuencia_respiratoria": None,
        "talla_mascara": "MEDIUM",
        "tipo_mascara": "NASAL",
    },
    "EquipoMedico": lambda rng, basal: {
        "tipo_mascara_eq_medico": "NASAL",
        "referencia_mascara": "AirFit N20",
        "talla_mascara": "MEDIUM",
        "marca_equipo": "RESMED",
        "serial_equipo": f"RM-{rng.randint(10000, 99999)}",
        "modo_ventilatorio": "CPAP",
    },
}
COUNT_DRAWS = {
    "PolisomnografiaBasal": lambda rng: 1,
    "PolisomnografiaTitulacion": lambda rng: int(rng.random() < 0.6),
    "EquipoMedico": lambda rng: int(rng.random() < 0.7),
    "Neumologia": lambda rng: rng.randint(0, 2),
    "Monitoreo": lambda rng: rng.randint(1, 5),
    "SeguimientoAdaptacion": lambda rng: rng.randint(0, 2),
    "Psicologia": lambda rng: int(rng.random() < 0.4),
    "Nutricion": lambda rng: int(rng.random() < 0.4),
}
HEAVY_COUNTS = {
    "PolisomnografiaBasal": 1,
    "PolisomnografiaTitulacion": 1,
    "EquipoMedico": 2,
    "Neumologia": 4,
    "Monitoreo": 24,
    "SeguimientoAdaptacion": 10,
    "Psicologia": 4,
    "Nutricion": 4,
}
