"""A database shaped like an earlier DataMed installation (docs/legacy_schema.md), for tests, the
benchmark and trying the import: the schema, and generated data with the old system's defects
(records without a cycle, second open cycles, NORAMAL, BiPAP spellings, "No especificado",
city codes with spaces, cities outside their department)."""

import datetime
import random
import sqlite3
from pathlib import Path

from legacy import history

_FIXED: dict[str, str] = {
    "django_migrations": "id integer PRIMARY KEY, app varchar(255), name varchar(255), applied timestamp with time zone",
    "auth_user": (
        "id integer PRIMARY KEY, password varchar(128) NOT NULL, last_login timestamp with time zone NULL, "
        "is_superuser bool NOT NULL, username varchar(150) NOT NULL UNIQUE, first_name varchar(150) NOT NULL, "
        "last_name varchar(150) NOT NULL, email varchar(254) NOT NULL, is_staff bool NOT NULL, "
        "is_active bool NOT NULL, date_joined timestamp with time zone NOT NULL"
    ),
}


def schema(version: history.Version = history.LATEST) -> dict[str, str]:
    """Table → column definitions of a database of the original at ``version`` (its migration
    history, ``history.py``), with Django's ``auth_user`` and ``django_migrations``."""
    tables = dict(_FIXED)
    for table, columns in history.schema_at(version).items():
        tables[table] = ", ".join(f'"{name}" {kind}' for name, kind in columns)
    return tables


#: the last version's schema (docs/legacy_schema.md)
SCHEMA: dict[str, str] = schema()


def create_schema(connection, version: history.Version = history.LATEST) -> None:
    cursor = connection.cursor()
    for table, columns in schema(version).items():
        cursor.execute(f"CREATE TABLE {table} ({columns})")
    applied = [(step.app, step.name) for step in history.STEPS if version.has(step.app, step.number)]
    migrations = [("contenttypes", "0001_initial"), ("auth", "0001_initial"), *applied]
    insert(
        connection,
        "django_migrations",
        [
            {"id": i, "app": app, "name": name, "applied": "2026-01-14 20:00:00"}
            for i, (app, name) in enumerate(migrations, start=1)
        ],
    )


def insert(connection, table: str, rows: list[dict]) -> None:
    """Insert dict rows (all with the same keys) with the driver's placeholder style."""
    if not rows:
        return
    placeholder = "?" if isinstance(connection, sqlite3.Connection) else "%s"
    columns = list(rows[0])
    quoted = ", ".join(f'"{column}"' for column in columns)
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join([placeholder] * len(columns))})"  # noqa: S608
    connection.cursor().executemany(sql, [tuple(row[column] for column in columns) for row in rows])


PLACES = [
    ("SANTANDER", "BUCARAMANGA"),
    ("SANTANDER", "FLORIDABLANCA"),
    ("SANTANDER", "GIRON"),
    ("SANTANDER", "PIEDECUESTA"),
    ("SANTANDER", "BARRANCABERMEJA"),
    ("SANTANDER", "LOS_SANTOS"),
    ("SANTANDER", "SAN_GIL"),
    ("SANTANDER", "SABANA_DE_TORRES"),
    ("ANTIOQUIA", "MEDELLIN"),
    ("ANTIOQUIA", "YONDO"),
    ("VALLE_CAUCA", "CALI"),
    ("NORTE_SANTANDER", "CUCUTA"),
    ("MAGDALENA", "SANTA MARTA"),
    ("CESAR", "SAN MARTIN"),
    ("CUNDINAMARCA", "BOGOTA"),
    ("SANTANDER", "BOGOTA"),  # a mismatch the old system accepted
    ("ANTIOQUIA", "SAN_GIL"),  # another one
]


class Generator:
    """Realistic legacy rows for ``patients`` patients (deterministic for a seed)."""

    def __init__(self, patients: int, seed: int = 7, today: datetime.date | None = None):
        self.count = patients
        self.rng = random.Random(seed)
        self.today = today or datetime.date.today()
        self.rows: dict[str, list[dict]] = {table: [] for table in SCHEMA if table != "django_migrations"}
        self.next_id: dict[str, int] = dict.fromkeys(self.rows, 1)

    def add(self, table: str, **values) -> dict:
        row = {"id": self.next_id[table], **values}
        self.next_id[table] += 1
        self.rows[table].append(row)
        return row

    def moment(self, day: datetime.date) -> str:
        """A UTC timestamp during the clinic's working day (Bogotá is UTC−5)."""
        seconds = self.rng.randint(13 * 3600, 22 * 3600)
        return f"{day.isoformat()} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"

    def generate(self) -> dict[str, list[dict]]:
        staff = [
            self.add(
                "auth_user",
                password="pbkdf2_sha256$legacy",  # noqa: S106 - a legacy hash, never usable here
                last_login=None,
                is_superuser=n == 0,
                username=f"terapeuta{n}",
                first_name=f"Terapeuta{n}",
                last_name="Legado",
                email=f"terapeuta{n}@ips.example",
                is_staff=n == 0,
                is_active=True,
                date_joined="2022-01-10 14:00:00",
            )["id"]
            for n in range(max(3, self.count // 500))
        ]
        for _ in range(self.count):
            self.patient(staff)
        return self.rows

    def patient(self, staff: list[int]) -> None:
        rng = self.rng
        departamento, ciudad = rng.choice(PLACES)
        row = self.add(
            "patients_patient",
            nombre=rng.choice(["Ana", "Luis", "Marta", "Jorge", "Rosa", "Pedro"]),
            apellido=rng.choice(["Pérez", "Gómez", "Rueda", "Ardila", "Díaz"]),
            tipo_documento="CC",
            documento=str(10_000_000 + self.next_id["patients_patient"]),
            fecha_nacimiento=datetime.date(
                rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28)
            ).isoformat(),
            genero=rng.choice("MF"),
            departamento=departamento,
            ciudad=ciudad,
            zona=rng.choice(["URBANA", "URBANA", "RURAL"]),
            telefono="6076345678",
            celular=f"3{rng.randint(100000000, 199999999)}",
            estado_civil=rng.choice(["SOLTERO", "CASADO", "UNIÓN LIBRE", "VIUDO"]),
            entidad_salud=rng.choice(["ECOPETROL", "SANITAS"]),
            estrato=rng.randint(1, 6),
            peso=round(rng.uniform(55, 120), 2),
            altura=round(rng.uniform(1.5, 1.9), 2),
            perimetro_abdominal=round(rng.uniform(70, 130), 2),
            cuello=round(rng.uniform(32, 48), 2),
            medico_remitente="Dr. Remitente",
            especialidad="Medicina interna",
            diagnostico_clinico="G47.3",
            programa="PROGRAMA AOS",
            valor_capita=259783,
        )
        cycles = 1 + (rng.random() < 0.25) + (rng.random() < 0.05)
        start = self.today - datetime.timedelta(days=rng.randint(30, 700))
        starts = sorted(start - datetime.timedelta(days=400 * n) for n in range(cycles))
        for index, begin in enumerate(starts):
            last = index == len(starts) - 1
            # The old system let a second cycle open while the first one stayed ACTIVO.
            still_open = last or rng.random() < 0.05
            end = None if still_open else starts[index + 1] - datetime.timedelta(days=rng.randint(1, 30))
            cycle = self.add(
                "patients_ingreso",
                paciente_id=row["id"],
                fecha_inicio=begin.isoformat(),
                fecha_fin=end.isoformat() if end else None,
                estado="ACTIVO" if still_open else "TERMINADO",
                motivo=None
                if still_open
                else rng.choice(["Egreso Anticipado", "Egreso Completo", "Cambio a otra IPS"]),
            )
            self.records(cycle["id"], begin, end or self.today, staff)

    def records(self, cycle: int | None, start: datetime.date, end: datetime.date, staff: list[int]) -> None:
        rng = self.rng
        span = max(1, (end - start).days)

        def day(offset_days: int | None = None) -> datetime.date:
            return start + datetime.timedelta(
                days=offset_days if offset_days is not None else rng.randint(0, span)
            )

        def common(on: datetime.date) -> dict:
            # One record in 200 was saved while the patient had no active cycle.
            orphan = rng.random() < 0.005
            return {
                "ingreso_id": None if orphan else cycle,
                "registrado_por_id": rng.choice(staff),
                "created_at": self.moment(on),
                "_cycle": cycle,  # the record's patient before exams 0016 (not a column)
            }

        iah = round(rng.uniform(2, 60), 2)
        severity = "NORAMAL" if iah < 5 else "LEVE" if iah < 15 else "MODERADA" if iah < 30 else "GRAVE"
        on = day(0)
        self.add(
            "exams_polisomnografiabasal",
            **common(on),
            fecha_basal=(on - datetime.timedelta(days=20)).isoformat(),
            iah=iah,
            ido=round(rng.uniform(1, 40), 2),
            eficiencia=round(rng.uniform(50, 95), 2),
            severidad_apnea=severity,
        )
        mode = rng.choice(["CPAP", "CPAP", "CPAP", "BPAP", "BPAP ST"])
        self.add(
            "exams_polisomnografiatitulacion",
            **common(on),
            fecha_titulacion=on.isoformat(),
            tipo_titulacion=mode if rng.random() > 0.05 else None,
            presion_ipap=12,
            presion_epap=None if mode == "CPAP" else 8,
            frecuencia_respiratoria=14 if mode == "BPAP ST" else None,
            talla_mascara=rng.choice(["SMALL", "MEDIUM", "LARGE", "No especificado"]),
            tipo_mascara=rng.choice(["NASAL", "ORONASAL", "PILLOW NASAL", "No especificado"]),
        )
        legacy_mode = {"CPAP": "CPAP", "BPAP": "BiPAP", "BPAP ST": "BiPAP ST"}[mode]
        self.add(
            "exams_equipomedico",
            **common(day(min(span, 10))),
            tipo_mascara_eq_medico="NASAL",
            talla_mascara="MEDIUM",
            referencia_mascara=rng.choice(["No especificado", "AirFit N20"]),
            marca_equipo=rng.choice(["RESMED", "BMC", "PHILIPS RESPIRONICS"]),
            serial_equipo=f"SN{self.next_id['exams_equipomedico']:07d}",
            modo_ventilatorio=legacy_mode,
        )
        visits = [
            ("Neumologia", 1),
            ("Monitoreo", 2),
            ("Psicologia", 1),
            ("Nutricion", 1),
            ("SeguimientoAdaptacion", 1),
        ]
        for service, count in visits:
            for _ in range(count):
                on = day()
                values = common(on)
                self.attention(service, values, on, cycle)

    def attention(self, service: str, values: dict, on: datetime.date, cycle: int | None) -> None:
        rng = self.rng
        table = f"exams_{service.lower()}"
        if service == "Monitoreo":
            basal, residual = round(rng.uniform(10, 60), 2), round(rng.uniform(0, 9), 2)
            fields = dict(
                uso_diario=round(rng.uniform(40, 100), 2),
                dias_uso_horas_4=round(rng.uniform(30, 100), 2),
                horas_uso_diario=round(rng.uniform(2, 8), 2),
                hipopnea_basal=basal,
                hipopnea_residual=residual,
                porcentaje_correccion=round((basal - residual) / basal * 100, 2),
                presion_ipap=11,
                presion_epap=None,
                etco2_promedio=None,
                frecuencia_respiratoria=None,
                modo_ventilatorio="CPAP",
                mascara_cpap="NASAL",
                tamano_mascara="MEDIUM",
            )
        elif service == "Psicologia":
            calidad, cantidad = rng.randint(1, 20), rng.randint(1, 20)
            fields = dict(
                inventario_depre_beck=rng.randint(0, 40),
                inventario_ansiedad_beck=rng.randint(0, 40),
                calidad=calidad,
                cantidad=cantidad,
                total=calidad + cantidad,
            )
        elif service == "Nutricion":
            fields = dict(
                estado_nutricional=rng.choice(["EUTRÓFICO", "SOBREPESO", "OBESIDAD I"]),
                carbohidratos_pct=round(rng.uniform(30, 70), 2),
                cafeina=rng.randint(0, 4),
                rumiacion=rng.choice(["SI", "NO"]),
            )
        elif service == "Neumologia":
            fields = dict(
                fecha_consulta=on.isoformat(), medico_tratante="Dra. Neumóloga", especialidad="Neumología"
            )
        else:
            fields = dict(observaciones="Llamada de seguimiento: tolera bien la terapia.")
        record = self.add(table, **values, **fields)
        # The old system wrote the log line in the same request; one line in 20 is missing. The
        # line of a record saved without a cycle sometimes kept the patient's cycle.
        line_cycle = record["ingreso_id"] if record["ingreso_id"] or rng.random() < 0.5 else cycle
        if rng.random() < 0.95:
            self.add(
                "exams_seguimiento",
                ingreso_id=line_cycle,
                registrado_por_id=record["registrado_por_id"],
                created_at=record["created_at"],
                fecha_atencion=on.isoformat(),
                tipo_servicio=service,
                _cycle=cycle,
            )

    def removed_value(self, table: str, column: str, row: dict):
        """The value of a column an earlier version of the original had (``at_version``)."""
        if not hasattr(self, "_patient_of_cycle"):
            self._patient_of_cycle = {
                cycle["id"]: cycle["paciente_id"] for cycle in self.rows["patients_ingreso"]
            }
            self._first_cycle = {}
            for cycle in self.rows["patients_ingreso"]:
                self._first_cycle.setdefault(cycle["paciente_id"], cycle)
        if column == "patient_id":
            return self._patient_of_cycle[row["_cycle"]]
        if column == "escala_atenas":
            return row["id"] * 7 % 25
        if column == "ahi_residual":
            return 3.5
        if column == "created_at":
            return f"{row['fecha_inicio']} 15:00:00"
        first = self._first_cycle.get(row["id"], {})
        return {
            "fecha_ingreso": first.get("fecha_inicio"),
            "fecha_egreso": first.get("fecha_fin"),
            "estado": first.get("estado"),
            "motivo_egreso": first.get("motivo"),
            "direccion": "Calle 1 # 2-3",
            "barrio": "Centro",
            "email": f"paciente{row['id']}@correo.example",
            "ocupacion": "Docente",
            "mes_capita": 1,
        }[column]


def at_version(
    rows: dict[str, list[dict]], version: history.Version, removed_value=None
) -> dict[str, list[dict]]:
    """Rows keyed by the last version's column names, as a database of the original at
    ``version`` holds them: that version's tables and column names only, and the columns the
    last version no longer has from ``removed_value(table, column, row)``."""
    mapping = history.column_map(version)
    result = {"auth_user": rows.get("auth_user", [])}
    for table, columns in history.schema_at(version).items():
        last_name = {then: now for now, then in mapping.names[table].items()}
        result[table] = [
            {
                name: row.get(last_name[name]) if name in last_name else removed_value(table, name, row)
                for name, _ in columns
            }
            for row in rows.get(table, [])
        ]
    return result


def write_sqlite(path: Path, rows: dict[str, list[dict]], version: history.Version = history.LATEST) -> Path:
    """A new legacy SQLite file at ``path``, at the original's ``version``, holding ``rows``."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        create_schema(connection, version)
        for table, table_rows in rows.items():
            insert(connection, table, table_rows)
        connection.commit()
    finally:
        connection.close()
    return path


def generate_sqlite(
    path: Path, patients: int, seed: int = 7, version: history.Version = history.LATEST
) -> Path:
    """A generated legacy database at the original's ``version``."""
    generator = Generator(patients, seed)
    rows = at_version(generator.generate(), version, generator.removed_value)
    return write_sqlite(path, rows, version)
