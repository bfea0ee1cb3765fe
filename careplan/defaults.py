"""The default protocols of SPEC §10, loaded by ``migrations/0002_default_protocols``.

Plain data (no model imports): migrations use it with their historical models. Each item:
(record type, cycle month or None, by day N or None, label). Month items take the default
tolerance of 15 days before and after; by-day items run from the cycle's start to day N.
"""

import datetime

#: The defaults are in force for every cycle, whatever its start.
VIGENTE_DESDE = datetime.date(2000, 1, 1)
TOLERANCE = 15

AOS = "PROGRAMA AOS"
INSOMNIO = "PROGRAMA INSOMNIO"


def _months(tipo: str, label: str, months: tuple[int, ...]) -> list[tuple]:
    return [(tipo, month, None, f"{label} · mes {month}") for month in months]


PROTOCOLS: dict[str, list[tuple]] = {
    AOS: [
        ("basal", None, 30, "Polisomnografía basal · día 30"),
        ("neumologia", None, 30, "Consulta de neumología · mes 0 (día 30)"),
        *_months("neumologia", "Consulta de neumología", (6, 12, 18)),
        ("titulacion", None, 60, "Polisomnografía de titulación · día 60"),
        ("equipo_medico", None, 60, "Entrega de equipo médico · día 60"),
        *_months("monitoreo", "Monitoreo de adherencia", (1, 2, 3, 6, 9, 12, 15, 18)),
        *_months("seguimiento", "Nota de seguimiento", (1, 2, 3)),
        *_months("psicologia", "Valoración de psicología", (1, 6, 12, 18)),
        *_months("nutricion", "Valoración de nutrición", (1, 6, 12, 18)),
    ],
    INSOMNIO: [
        ("neumologia", None, 30, "Consulta de neumología · mes 0 (día 30)"),
        *_months("neumologia", "Consulta de neumología", (6, 12, 18)),
        *_months("seguimiento", "Nota de seguimiento", (1, 2, 3)),
        *_months("psicologia", "Valoración de psicología", (1, 2, 3, 4, 6, 9, 12, 15, 18)),
        *_months("nutricion", "Valoración de nutrición", (1, 12)),
    ],
}


def load(VersionProtocolo, ItemProtocolo, using: str = "default") -> None:
    """Create the default versions (if the program has none) with the models given, in the
    database ``using`` (a migration's own, which need not be the default)."""
    for programa, items in PROTOCOLS.items():
        if VersionProtocolo.objects.using(using).filter(programa=programa).exists():
            continue
        version = VersionProtocolo.objects.using(using).create(
            programa=programa, vigente_desde=VIGENTE_DESDE, nota="Protocolo inicial (SPEC §10)"
        )
        ItemProtocolo.objects.using(using).bulk_create(
            ItemProtocolo(
                version=version,
                tipo=tipo,
                mes=month,
                dia_limite=day,
                tolerancia_antes=TOLERANCE if month is not None else 0,
                tolerancia_despues=TOLERANCE if month is not None else 0,
                etiqueta=label,
            )
            for tipo, month, day, label in items
        )


def unload(VersionProtocolo, using: str = "default") -> None:
    VersionProtocolo.objects.using(using).filter(vigente_desde=VIGENTE_DESDE, programa__in=PROTOCOLS).delete()
