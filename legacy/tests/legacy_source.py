"""A small legacy DataMed database (docs/legacy_schema.md) with one row for each case the import
must handle. Ids and dates are fixed so the tests can name them."""

import hashlib
from pathlib import Path

from legacy import history
from legacy.sample import at_version, create_schema, insert, write_sqlite

USER = dict(password="pbkdf2_sha256$x", last_login=None, is_active=True, date_joined="2022-01-10 14:00:00")
PATIENT = dict(
    nombre="Ana",
    apellido="Rueda",
    tipo_documento="CC",
    fecha_nacimiento="1960-04-02",
    genero="F",
    zona="URBANA",
    telefono="6076345678",
    celular="3001234567",
    estado_civil="UNIÓN LIBRE",
    entidad_salud="ECOPETROL",
    estrato=3,
    peso=80,
    altura=1.65,
    perimetro_abdominal=95,
    cuello=40,
    medico_remitente="Dr. Remitente",
    especialidad="Medicina interna",
    diagnostico_clinico="G47.3",
    programa="PROGRAMA AOS",
    valor_capita=259783,
)


def _record(ingreso_id, created_at, author=1) -> dict:
    return {"ingreso_id": ingreso_id, "registrado_por_id": author, "created_at": created_at}


def _line(id_, ingreso_id, created_at, fecha, servicio, author=1) -> dict:
    return {
        "id": id_,
        **_record(ingreso_id, created_at, author),
        "fecha_atencion": fecha,
        "tipo_servicio": servicio,
    }


ROWS: dict[str, list[dict]] = {
    "auth_user": [
        {
            "id": 1,
            "username": "terapeuta",
            "first_name": "Tere",
            "last_name": "Pia",
            "email": "t@ips.co",
            "is_staff": False,
            "is_superuser": False,
            **USER,
        },
        {
            "id": 2,
            "username": "neumologo",
            "first_name": "Neu",
            "last_name": "Mo",
            "email": "n@ips.co",
            "is_staff": True,
            "is_superuser": False,
            **USER,
        },
    ],
    "patients_patient": [
        {"id": 1, **PATIENT, "documento": "1001", "departamento": "SANTANDER", "ciudad": "BUCARAMANGA"},
        {"id": 2, **PATIENT, "documento": "1002", "departamento": "MAGDALENA", "ciudad": "SANTA MARTA"},
        {"id": 3, **PATIENT, "documento": "1003", "departamento": "ANTIOQUIA", "ciudad": "SAN_GIL"},
        {"id": 4, **PATIENT, "documento": "1004", "departamento": "NORTE_SANTANDER", "ciudad": "CUCUTA"},
        {"id": 5, **PATIENT, "documento": "1005", "departamento": "CUNDINAMARCA", "ciudad": "BOGOTA"},
        {"id": 6, **PATIENT, "documento": "1006", "departamento": "CESAR", "ciudad": "SAN MARTIN"},
    ],
    "patients_ingreso": [
        {
            "id": 1,
            "paciente_id": 1,
            "fecha_inicio": "2023-01-10",
            "fecha_fin": "2024-01-05",
            "estado": "TERMINADO",
            "motivo": "Egreso Anticipado",
        },
        {
            "id": 2,
            "paciente_id": 1,
            "fecha_inicio": "2024-02-01",
            "fecha_fin": None,
            "estado": "ACTIVO",
            "motivo": None,
        },
        # two open cycles of one patient: the first is closed the day before the second starts
        {
            "id": 3,
            "paciente_id": 2,
            "fecha_inicio": "2023-03-01",
            "fecha_fin": None,
            "estado": "ACTIVO",
            "motivo": None,
        },
        {
            "id": 4,
            "paciente_id": 2,
            "fecha_inicio": "2024-03-01",
            "fecha_fin": None,
            "estado": "ACTIVO",
            "motivo": None,
        },
        {
            "id": 5,
            "paciente_id": 3,
            "fecha_inicio": "2023-05-01",
            "fecha_fin": "2023-12-01",
            "estado": "TERMINADO",
            "motivo": "Se mudó de ciudad",
        },
        {
            "id": 6,
            "paciente_id": 4,
            "fecha_inicio": "2024-01-15",
            "fecha_fin": None,
            "estado": "ACTIVO",
            "motivo": None,
        },
    ],
    "exams_polisomnografiabasal": [
        {
            "id": 1,
            **_record(2, "2024-01-21 15:00:00"),
            "fecha_basal": "2024-01-20",
            "iah": 3.2,
            "ido": 2,
            "eficiencia": 85,
            "severidad_apnea": "NORAMAL",
        },
        {
            "id": 2,
            **_record(4, "2024-03-02 15:00:00"),
            "fecha_basal": "2024-03-01",
            "iah": 20,
            "ido": 9,
            "eficiencia": 80,
            "severidad_apnea": "LEVE",
        },
        # no cycle and no attention line: nothing identifies the patient
        {
            "id": 3,
            **_record(None, "2024-03-03 15:00:00"),
            "fecha_basal": "2024-03-03",
            "iah": 40,
            "ido": 30,
            "eficiencia": 70,
            "severidad_apnea": "GRAVE",
        },
    ],
    "exams_polisomnografiatitulacion": [
        {
            "id": 1,
            **_record(2, "2024-02-10 15:00:00"),
            "tipo_titulacion": "BPAP",
            "fecha_titulacion": "2024-02-09",
            "presion_ipap": 14,
            "presion_epap": 10,
            "frecuencia_respiratoria": None,
            "talla_mascara": "No especificado",
            "tipo_mascara": "NASAL",
        },
    ],
    "exams_equipomedico": [
        {
            "id": 1,
            **_record(2, "2024-02-12 15:00:00"),
            "tipo_mascara_eq_medico": "NASAL",
            "talla_mascara": "MEDIUM",
            "referencia_mascara": "No especificado",
            "marca_equipo": "RESMED",
            "serial_equipo": "SN-1",
            "modo_ventilatorio": "BiPAP",
        },
        {
            "id": 2,
            **_record(6, "2024-02-12 16:00:00"),
            "tipo_mascara_eq_medico": "ORONASAL",
            "talla_mascara": "LARGE",
            "referencia_mascara": "AirFit F20",
            "marca_equipo": "PHILIPS RESPIRONICS",
            "serial_equipo": "SN-2",
            "modo_ventilatorio": "BiPAP ST",
        },
        # no cycle, but the same device serial as equipment 1: patient 1, cycle 2 covers its date
        {
            "id": 3,
            **_record(None, "2024-03-10 15:00:00"),
            "tipo_mascara_eq_medico": "NASAL",
            "talla_mascara": "SMALL",
            "referencia_mascara": "AirFit N20",
            "marca_equipo": "RESMED",
            "serial_equipo": "SN-1",
            "modo_ventilatorio": "CPAP",
        },
    ],
    "exams_neumologia": [
        {
            "id": 1,
            **_record(4, "2024-03-05 15:00:00", author=2),
            "fecha_consulta": "2024-03-05",
            "medico_tratante": "Dra. Neumóloga",
            "especialidad": "Neumología",
        },
    ],
    "exams_monitoreo": [
        # its attention line says the care happened two days before it was typed in
        {
            "id": 1,
            **_record(2, "2024-03-01 15:00:00"),
            "uso_diario": 90,
            "dias_uso_horas_4": 80,
            "horas_uso_diario": 6,
            "hipopnea_basal": 30,
            "hipopnea_residual": 3,
            "porcentaje_correccion": 90,
            "presion_ipap": 10,
            "presion_epap": None,
            "etco2_promedio": None,
            "frecuencia_respiratoria": None,
            "modo_ventilatorio": "CPAP",
            "mascara_cpap": "NASAL",
            "tamano_mascara": "MEDIUM",
        },
        # no attention line: the care date is created_at in Bogotá (02:30 UTC is the evening before)
        {
            "id": 2,
            **_record(2, "2024-04-02 02:30:00"),
            "uso_diario": 50,
            "dias_uso_horas_4": 40,
            "horas_uso_diario": 3,
            "hipopnea_basal": 20,
            "hipopnea_residual": 5,
            "porcentaje_correccion": 75,
            "presion_ipap": 10,
            "presion_epap": None,
            "etco2_promedio": None,
            "frecuencia_respiratoria": None,
            "modo_ventilatorio": "CPAP",
            "mascara_cpap": "PILLOW NASAL",
            "tamano_mascara": "SMALL",
        },
    ],
    "exams_psicologia": [
        # no cycle; its attention line (same author, moments later) belongs to cycle 2 of patient 1
        {
            "id": 1,
            **_record(None, "2024-03-15 16:00:00"),
            "inventario_depre_beck": 15,
            "inventario_ansiedad_beck": 9,
            "calidad": 5,
            "cantidad": 6,
            "total": 10,
        },
    ],
    "exams_nutricion": [
        {
            "id": 1,
            **_record(6, "2024-02-20 15:00:00"),
            "estado_nutricional": "EUTRÓFICO",
            "carbohidratos_pct": 50,
            "cafeina": 2,
            "rumiacion": "NO",
        },
    ],
    "exams_seguimientoadaptacion": [
        {"id": 1, **_record(6, "2024-02-21 04:00:00"), "observaciones": "Llamada: tolera la máscara."},
    ],
    "exams_seguimiento": [
        _line(1, 2, "2024-03-01 15:00:01", "2024-02-28", "Monitoreo"),
        _line(2, 2, "2024-03-15 16:00:02", "2024-03-15", "Psicologia"),
        _line(3, 6, "2024-02-20 15:00:01", "2024-02-20", "Nutricion"),
        _line(4, 4, "2024-03-05 15:00:01", "2024-03-05", "Neumologia", author=2),
        # no cycle and no record: it cannot be placed
        _line(5, None, "2024-05-05 15:00:00", "2024-05-05", "Monitoreo", author=2),
    ],
}


def build(path: Path) -> Path:
    return write_sqlite(path, ROWS)


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the same data at an earlier version of the original -------------------------------------

#: values of the columns the last version no longer has, per (table, legacy id)
ATENAS = {1: 12}
#: before exams 0016 records and log lines belonged to a patient (every one had one)
PATIENT_OF_ORPHAN = {
    ("exams_polisomnografiabasal", 3): 3,
    ("exams_equipomedico", 3): 1,
    ("exams_psicologia", 1): 1,
    ("exams_seguimiento", 5): 2,
}
#: the automatic mode the original offered until its exams 0020
AUTOMATIC = {("exams_monitoreo", 2): "AUTOCPAP"}


def _patient_columns(row: dict) -> dict:
    """What a patient row had until patients 0004: its admission (its first cycle) and contact."""
    cycles = sorted(
        (cycle for cycle in ROWS["patients_ingreso"] if cycle["paciente_id"] == row["id"]),
        key=lambda cycle: cycle["fecha_inicio"],
    )
    first = cycles[0] if cycles else None
    return {
        "fecha_ingreso": first["fecha_inicio"] if first else "2024-01-02",
        "fecha_egreso": first["fecha_fin"] if first else None,
        "estado": first["estado"] if first else "ACTIVO",
        "motivo_egreso": first["motivo"] if first else None,
        "direccion": f"Calle {row['id']} # 10-20",
        "barrio": "Cabecera",
        "email": f"paciente{row['id']}@correo.co",
        "ocupacion": "Docente",
        "mes_capita": 3,
    }


def _removed_value(table: str, column: str, row: dict):
    if column == "patient_id":
        cycle_patient = {cycle["id"]: cycle["paciente_id"] for cycle in ROWS["patients_ingreso"]}
        return cycle_patient.get(row["ingreso_id"]) or PATIENT_OF_ORPHAN[(table, row["id"])]
    if column == "escala_atenas":
        return ATENAS[row["id"]]
    if column == "ahi_residual":
        return 4.5
    if column == "created_at":  # patients_ingreso, patients 0003–0004
        return f"{row['fecha_inicio']} 15:00:00"
    return _patient_columns(row)[column]


def rows_at(version: history.Version) -> dict[str, list[dict]]:
    """``ROWS`` as a database of the original at ``version`` holds them: under that version's
    column names, without the tables and columns it did not have yet, with the ones it had
    and the last version no longer has."""
    rows = at_version(ROWS, version, _removed_value)
    if version.has("patients", 3) and not version.has("patients", 7):
        # the closed state was FINALIZADO until patients 0007 brought TERMINADO
        for row in rows["patients_ingreso"]:
            if row["estado"] == "TERMINADO":
                row["estado"] = "FINALIZADO"
    if not version.has("exams", 20):
        for (table, legacy_id), mode in AUTOMATIC.items():
            for row in rows.get(table, ()):
                if row["id"] == legacy_id:
                    row[next(name for name in row if name.startswith("modo_vent"))] = mode
    return rows


def build_at(path: Path, version: history.Version) -> Path:
    """The small legacy database at ``version`` of the original (its schema from ``history``)."""
    return write_sqlite(path, rows_at(version), version)


def fill_at(connection, version: history.Version) -> None:
    """Create the small legacy database at ``version`` through an open DB-API connection."""
    create_schema(connection, version)
    for table, rows in rows_at(version).items():
        insert(connection, table, rows)
