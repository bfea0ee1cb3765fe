"""Colombian departments and the municipalities the program serves.

The list covers every department capital plus the Santander municipalities served by the
program (SPEC §2). A city belongs to one or more departments; ``cities_of`` is what the
patient form offers for a department and what the model validates against.
"""

from django.db import models


class Departamento(models.TextChoices):
    AMAZONAS = "AMAZONAS", "Amazonas"
    ANTIOQUIA = "ANTIOQUIA", "Antioquia"
    ARAUCA = "ARAUCA", "Arauca"
    ATLANTICO = "ATLANTICO", "Atlántico"
    BOGOTA_DC = "BOGOTA_DC", "Bogotá D.C."
    BOLIVAR = "BOLIVAR", "Bolívar"
    BOYACA = "BOYACA", "Boyacá"
    CALDAS = "CALDAS", "Caldas"
    CAQUETA = "CAQUETA", "Caquetá"
    CASANARE = "CASANARE", "Casanare"
    CAUCA = "CAUCA", "Cauca"
    CESAR = "CESAR", "Cesar"
    CHOCO = "CHOCO", "Chocó"
    CORDOBA = "CORDOBA", "Córdoba"
    CUNDINAMARCA = "CUNDINAMARCA", "Cundinamarca"
    GUAINIA = "GUAINIA", "Guainía"
    GUAVIARE = "GUAVIARE", "Guaviare"
    HUILA = "HUILA", "Huila"
    LA_GUAJIRA = "LA_GUAJIRA", "La Guajira"
    MAGDALENA = "MAGDALENA", "Magdalena"
    META = "META", "Meta"
    NARINO = "NARINO", "Nariño"
    NORTE_SANTANDER = "NORTE_SANTANDER", "Norte de Santander"
    PUTUMAYO = "PUTUMAYO", "Putumayo"
    QUINDIO = "QUINDIO", "Quindío"
    RISARALDA = "RISARALDA", "Risaralda"
    SAN_ANDRES = "SAN_ANDRES", "San Andrés, Providencia y Santa Catalina"
    SANTANDER = "SANTANDER", "Santander"
    SUCRE = "SUCRE", "Sucre"
    TOLIMA = "TOLIMA", "Tolima"
    VALLE_CAUCA = "VALLE_CAUCA", "Valle del Cauca"
    VAUPES = "VAUPES", "Vaupés"
    VICHADA = "VICHADA", "Vichada"


class Ciudad(models.TextChoices):
    # Santander, served by the program
    BUCARAMANGA = "BUCARAMANGA", "Bucaramanga"
    FLORIDABLANCA = "FLORIDABLANCA", "Floridablanca"
    GIRON = "GIRON", "Girón"
    PIEDECUESTA = "PIEDECUESTA", "Piedecuesta"
    BARRANCABERMEJA = "BARRANCABERMEJA", "Barrancabermeja"
    LOS_SANTOS = "LOS_SANTOS", "Los Santos"
    PUENTE_NACIONAL = "PUENTE_NACIONAL", "Puente Nacional"
    ZAPATOCA = "ZAPATOCA", "Zapatoca"
    SAN_GIL = "SAN_GIL", "San Gil"
    CURITI = "CURITI", "Curití"
    PLAYON = "PLAYON", "El Playón"
    PUERTO_WILCHES = "PUERTO_WILCHES", "Puerto Wilches"
    MALAGA = "MALAGA", "Málaga"
    SABANA_DE_TORRES = "SABANA_DE_TORRES", "Sabana de Torres"
    SOCORRO = "SOCORRO", "Socorro"
    # Neighbouring municipalities served by the program
    YONDO = "YONDO", "Yondó"
    SAN_MARTIN = "SAN_MARTIN", "San Martín"
    # Department capitals
    LETICIA = "LETICIA", "Leticia"
    MEDELLIN = "MEDELLIN", "Medellín"
    ARAUCA = "ARAUCA", "Arauca"
    BARRANQUILLA = "BARRANQUILLA", "Barranquilla"
    BOGOTA = "BOGOTA", "Bogotá"
    CARTAGENA = "CARTAGENA", "Cartagena de Indias"
    TUNJA = "TUNJA", "Tunja"
    MANIZALES = "MANIZALES", "Manizales"
    FLORENCIA = "FLORENCIA", "Florencia"
    YOPAL = "YOPAL", "Yopal"
    POPAYAN = "POPAYAN", "Popayán"
    VALLEDUPAR = "VALLEDUPAR", "Valledupar"
    QUIBDO = "QUIBDO", "Quibdó"
    MONTERIA = "MONTERIA", "Montería"
    INIRIDA = "INIRIDA", "Inírida"
    SAN_JOSE_GUAVIARE = "SAN_JOSE_GUAVIARE", "San José del Guaviare"
    NEIVA = "NEIVA", "Neiva"
    RIOHACHA = "RIOHACHA", "Riohacha"
    SANTA_MARTA = "SANTA_MARTA", "Santa Marta"
    VILLAVICENCIO = "VILLAVICENCIO", "Villavicencio"
    PASTO = "PASTO", "Pasto"
    CUCUTA = "CUCUTA", "Cúcuta"
    MOCOA = "MOCOA", "Mocoa"
    ARMENIA = "ARMENIA", "Armenia"
    PEREIRA = "PEREIRA", "Pereira"
    SAN_ANDRES = "SAN_ANDRES", "San Andrés"
    SINCELEJO = "SINCELEJO", "Sincelejo"
    IBAGUE = "IBAGUE", "Ibagué"
    CALI = "CALI", "Cali"
    MITU = "MITU", "Mitú"
    PUERTO_CARRENO = "PUERTO_CARRENO", "Puerto Carreño"


D, C = Departamento, Ciudad

CITIES_BY_DEPARTMENT: dict[str, list[str]] = {
    D.AMAZONAS: [C.LETICIA],
    D.ANTIOQUIA: [C.MEDELLIN, C.YONDO],
    D.ARAUCA: [C.ARAUCA],
    D.ATLANTICO: [C.BARRANQUILLA],
    D.BOGOTA_DC: [C.BOGOTA],
    D.BOLIVAR: [C.CARTAGENA],
    D.BOYACA: [C.TUNJA],
    D.CALDAS: [C.MANIZALES],
    D.CAQUETA: [C.FLORENCIA],
    D.CASANARE: [C.YOPAL],
    D.CAUCA: [C.POPAYAN],
    # San Martín (Cesar) borders the Magdalena Medio area the program serves.
    D.CESAR: [C.VALLEDUPAR, C.SAN_MARTIN],
    D.CHOCO: [C.QUIBDO],
    D.CORDOBA: [C.MONTERIA],
    # Bogotá is both the capital district and the seat of Cundinamarca's government.
    D.CUNDINAMARCA: [C.BOGOTA],
    D.GUAINIA: [C.INIRIDA],
    D.GUAVIARE: [C.SAN_JOSE_GUAVIARE],
    D.HUILA: [C.NEIVA],
    D.LA_GUAJIRA: [C.RIOHACHA],
    D.MAGDALENA: [C.SANTA_MARTA],
    D.META: [C.VILLAVICENCIO],
    D.NARINO: [C.PASTO],
    D.NORTE_SANTANDER: [C.CUCUTA],
    D.PUTUMAYO: [C.MOCOA],
    D.QUINDIO: [C.ARMENIA],
    D.RISARALDA: [C.PEREIRA],
    D.SAN_ANDRES: [C.SAN_ANDRES],
    D.SANTANDER: [
        C.BUCARAMANGA,
        C.FLORIDABLANCA,
        C.GIRON,
        C.PIEDECUESTA,
        C.BARRANCABERMEJA,
        C.LOS_SANTOS,
        C.PUENTE_NACIONAL,
        C.ZAPATOCA,
        C.SAN_GIL,
        C.CURITI,
        C.PLAYON,
        C.PUERTO_WILCHES,
        C.MALAGA,
        C.SABANA_DE_TORRES,
        C.SOCORRO,
    ],
    D.SUCRE: [C.SINCELEJO],
    D.TOLIMA: [C.IBAGUE],
    D.VALLE_CAUCA: [C.CALI],
    D.VAUPES: [C.MITU],
    D.VICHADA: [C.PUERTO_CARRENO],
}


def cities_of(departamento: str) -> list[str]:
    """City codes that belong to a department (empty for an unknown department)."""
    return [str(city) for city in CITIES_BY_DEPARTMENT.get(departamento, [])]


def city_belongs_to(ciudad: str, departamento: str) -> bool:
    return ciudad in cities_of(departamento)


def city_options_by_department() -> dict[str, list[tuple[str, str]]]:
    """Department code → [(city code, city label)], for the form's dependent select."""
    return {
        str(dept): [(str(city), Ciudad(city).label) for city in cities]
        for dept, cities in CITIES_BY_DEPARTMENT.items()
    }


#: DANE's DIVIPOLA code (two digits of the department, three of the municipality) of every
#: city above: the RIPS (Res. 2275 de 2023) reports the municipality of residence with it.
#: Source: DANE, "Codificación de la División Político-Administrativa de Colombia – DIVIPOLA".
DIVIPOLA: dict[str, str] = {
    C.BUCARAMANGA: "68001",
    C.FLORIDABLANCA: "68276",
    C.GIRON: "68307",
    C.PIEDECUESTA: "68547",
    C.BARRANCABERMEJA: "68081",
    C.LOS_SANTOS: "68418",
    C.PUENTE_NACIONAL: "68572",
    C.ZAPATOCA: "68895",
    C.SAN_GIL: "68679",
    C.CURITI: "68229",
    C.PLAYON: "68255",
    C.PUERTO_WILCHES: "68575",
    C.MALAGA: "68432",
    C.SABANA_DE_TORRES: "68655",
    C.SOCORRO: "68755",
    C.YONDO: "05893",
    C.SAN_MARTIN: "20770",
    C.LETICIA: "91001",
    C.MEDELLIN: "05001",
    C.ARAUCA: "81001",
    C.BARRANQUILLA: "08001",
    C.BOGOTA: "11001",
    C.CARTAGENA: "13001",
    C.TUNJA: "15001",
    C.MANIZALES: "17001",
    C.FLORENCIA: "18001",
    C.YOPAL: "85001",
    C.POPAYAN: "19001",
    C.VALLEDUPAR: "20001",
    C.QUIBDO: "27001",
    C.MONTERIA: "23001",
    C.INIRIDA: "94001",
    C.SAN_JOSE_GUAVIARE: "95001",
    C.NEIVA: "41001",
    C.RIOHACHA: "44001",
    C.SANTA_MARTA: "47001",
    C.VILLAVICENCIO: "50001",
    C.PASTO: "52001",
    C.CUCUTA: "54001",
    C.MOCOA: "86001",
    C.ARMENIA: "63001",
    C.PEREIRA: "66001",
    C.SAN_ANDRES: "88001",
    C.SINCELEJO: "70001",
    C.IBAGUE: "73001",
    C.CALI: "76001",
    C.MITU: "97001",
    C.PUERTO_CARRENO: "99001",
}


def divipola(ciudad: str) -> str:
    """The city's DIVIPOLA code, or "" for a city without one."""
    return DIVIPOLA.get(ciudad, "")
