"""The reference value lists of the RIPS in JSON (Resolución 2275 de 2023, technical annex).

Each list is one of the Ministry of Health's reference tables published in SISPRO
("Tablas de referencia" of the RIPS / FEV-RIPS microsite, web.sispro.gov.co), named here by the
table's own name. Only the codes the tables publish are listed; nothing is made up. Where the
program's usual value is obvious it is the default of ``MapeoRegistro`` (models.py); where it
is not, the field starts empty and the coordinator fills it in the admin.

Tables and their codes, as published:

- ``TipoIDPISIS`` (document type of the user and of the professional): CC, CE, CD, PA, SC, PE,
  RC, TI, CN, AS, MS, DE, PT, SI.
- ``Sexo`` (``codSexo``): H hombre, I indeterminado o intersexual, M mujer.
- ``ZonaVersion2`` (``codZonaTerritorialResidencia``): 01 rural, 02 urbana.
- ``ModalidadAtencion`` (``modalidadGrupoServicioTecSal``): 01 intramural, 02 extramural
  unidad móvil, 03 extramural domiciliaria, 04 extramural jornada de salud, 06 telemedicina
  interactiva, 07 no interactiva, 08 telexperticia, 09 telemonitoreo.
- ``GrupoServicios``: 01 consulta externa, 02 apoyo diagnóstico y complementación terapéutica,
  03 internación, 04 quirúrgico, 05 atención inmediata.
- ``RIPSFinalidadConsultaVersion2`` (``finalidadTecnologiaSalud``): 11 to 44.
- ``RIPSCausaExternaVersion2`` (``causaMotivoAtencion``): 21 to 48 (38 enfermedad general).
- ``RIPSTipoDiagnosticoPrincipalVersion2``: 01 impresión diagnóstica, 02 confirmado nuevo,
  03 confirmado repetido.
- ``ConceptoRecaudo``: 01 copago, 02 cuota moderadora, 03 pagos compartidos en planes
  voluntarios de salud, 04 anticipo, 05 no aplica.
- ``RIPSTipoUsuarioVersion2`` (``tipoUsuario``): 01 to 11.
- ``ViaIngresoUsuario`` (``viaIngresoServicioSalud``): 01 to 14.
- ``TipoOtrosServicios`` (``tipoOS``): 01 dispositivos médicos e insumos (the only kind this
  program supplies: the PAP device).
- Country: ISO 3166-1 numeric (``codPaisResidencia``; Colombia 170). Municipality: DANE's
  DIVIPOLA five-digit code (``patients.geography.DIVIPOLA``).
- CUPS (Clasificación Única de Procedimientos en Salud, Res. 2336 de 2023 and updates): six
  characters. CIE-10 without the dot: a letter, two digits and up to two more characters.
"""

import re

from django.db import models

COLOMBIA = "170"


class TipoDocumento(models.TextChoices):
    CC = "CC", "Cédula de ciudadanía"
    CE = "CE", "Cédula de extranjería"
    CD = "CD", "Carné diplomático"
    PA = "PA", "Pasaporte"
    SC = "SC", "Salvoconducto"
    PE = "PE", "Permiso especial de permanencia"
    RC = "RC", "Registro civil"
    TI = "TI", "Tarjeta de identidad"
    CN = "CN", "Certificado de nacido vivo"
    AS = "AS", "Adulto sin identificar"
    MS = "MS", "Menor sin identificar"
    DE = "DE", "Documento extranjero"
    PT = "PT", "Permiso por protección temporal"
    SI = "SI", "Sin identificación"


class Sexo(models.TextChoices):
    H = "H", "Hombre"
    I = "I", "Indeterminado o intersexual"  # noqa: E741 - the table's code
    M = "M", "Mujer"


class Zona(models.TextChoices):
    RURAL = "01", "Rural"
    URBANA = "02", "Urbana"


class Modalidad(models.TextChoices):
    INTRAMURAL = "01", "01 Intramural"
    UNIDAD_MOVIL = "02", "02 Extramural unidad móvil"
    DOMICILIARIA = "03", "03 Extramural domiciliaria"
    JORNADA = "04", "04 Extramural jornada de salud"
    TELE_INTERACTIVA = "06", "06 Telemedicina interactiva"
    TELE_NO_INTERACTIVA = "07", "07 Telemedicina no interactiva"
    TELEXPERTICIA = "08", "08 Telemedicina telexperticia"
    TELEMONITOREO = "09", "09 Telemedicina telemonitoreo"


class GrupoServicios(models.TextChoices):
    CONSULTA_EXTERNA = "01", "01 Consulta externa"
    APOYO_DIAGNOSTICO = "02", "02 Apoyo diagnóstico y complementación terapéutica"
    INTERNACION = "03", "03 Internación"
    QUIRURGICO = "04", "04 Quirúrgico"
    ATENCION_INMEDIATA = "05", "05 Atención inmediata"


class Finalidad(models.TextChoices):
    VALORACION_INTEGRAL = "11", "11 Valoración integral para la promoción y mantenimiento"
    DETECCION_GENERAL = "12", "12 Detección temprana de enfermedad general"
    DETECCION_LABORAL = "13", "13 Detección temprana de enfermedad laboral"
    PROTECCION_ESPECIFICA = "14", "14 Protección específica"
    DIAGNOSTICO = "15", "15 Diagnóstico"
    TRATAMIENTO = "16", "16 Tratamiento"
    REHABILITACION = "17", "17 Rehabilitación"
    PALIACION = "18", "18 Paliación"
    PLANIFICACION_FAMILIAR = "19", "19 Planificación familiar y anticoncepción"
    LACTANCIA = "20", "20 Promoción y apoyo a la lactancia materna"
    ORIENTACION_FAMILIAR = "21", "21 Atención básica de orientación familiar"
    PRECONCEPCIONAL = "22", "22 Atención para el cuidado preconcepcional"
    PRENATAL = "23", "23 Atención para el cuidado prenatal"
    IVE = "24", "24 Interrupción voluntaria del embarazo"
    PARTO = "25", "25 Atención del parto y puerperio"
    RECIEN_NACIDO = "26", "26 Atención para el cuidado del recién nacido"
    SEGUIMIENTO_RECIEN_NACIDO = "27", "27 Atención para el seguimiento del recién nacido"
    MATERNIDAD = "28", "28 Preparación para la maternidad y la paternidad"
    ACTIVIDAD_FISICA = "29", "29 Promoción de actividad física"
    TABAQUISMO = "30", "30 Promoción de la cesación del tabaquismo"
    PSICOACTIVAS = "31", "31 Prevención del consumo de sustancias psicoactivas"
    ALIMENTACION = "32", "32 Promoción de la alimentación saludable"
    DERECHOS_SEXUALES = "33", "33 Promoción para el ejercicio de los derechos sexuales y reproductivos"
    HABILIDADES_VIDA = "34", "34 Promoción para el desarrollo de habilidades para la vida"
    AFRONTAMIENTO = "35", "35 Promoción de estrategias de afrontamiento frente a sucesos vitales"
    CONVIVENCIA = "36", "36 Promoción de la sana convivencia y el tejido social"
    AMBIENTE = "37", "37 Promoción de un ambiente seguro y de cuidado y protección del ambiente"
    EMPODERAMIENTO = "38", "38 Promoción del empoderamiento para el ejercicio del derecho a la salud"
    CRIANZA = "39", "39 Promoción para la adopción de prácticas de crianza y cuidado para la salud"
    AGENCIA = "40", "40 Promoción de la capacidad de la agencia y cuidado de la salud"
    COGNITIVAS = "41", "41 Desarrollo de habilidades cognitivas"
    COLECTIVA = "42", "42 Intervención colectiva"
    ESTETICA = "43", "43 Modificación de la estética corporal (fines estéticos)"
    OTRA = "44", "44 Otra"


class Causa(models.TextChoices):
    ACCIDENTE_TRABAJO = "21", "21 Accidente de trabajo"
    ACCIDENTE_HOGAR = "22", "22 Accidente en el hogar"
    TRANSITO_COMUN = "23", "23 Accidente de tránsito de origen común"
    TRANSITO_LABORAL = "24", "24 Accidente de tránsito de origen laboral"
    ACCIDENTE_EDUCATIVO = "25", "25 Accidente en el entorno educativo"
    OTRO_ACCIDENTE = "26", "26 Otro tipo de accidente"
    CATASTROFICO_NATURAL = "27", "27 Evento catastrófico de origen natural"
    AGRESION = "28", "28 Lesión por agresión"
    AUTO_INFLIGIDA = "29", "29 Lesión auto infligida"
    VIOLENCIA_FISICA = "30", "30 Sospecha de violencia física"
    VIOLENCIA_PSICOLOGICA = "31", "31 Sospecha de violencia psicológica"
    VIOLENCIA_SEXUAL = "32", "32 Sospecha de violencia sexual"
    NEGLIGENCIA = "33", "33 Sospecha de negligencia y abandono"
    IVE_PELIGRO = "34", "34 IVE relacionado con peligro a la salud o vida de la mujer"
    IVE_MALFORMACION = "35", "35 IVE por malformación congénita incompatible con la vida"
    IVE_VIOLENCIA = "36", "36 IVE por violencia sexual, incesto o inseminación no consentida"
    EVENTO_ADVERSO = "37", "37 Evento adverso en salud"
    ENFERMEDAD_GENERAL = "38", "38 Enfermedad general"
    ENFERMEDAD_LABORAL = "39", "39 Enfermedad laboral"
    PROMOCION = "40", "40 Promoción y mantenimiento de la salud – intervenciones individuales"
    INTERVENCION_COLECTIVA = "41", "41 Intervención colectiva"
    MATERNO_PERINATAL = "42", "42 Atención de población materno perinatal"
    RIESGO_AMBIENTAL = "43", "43 Riesgo ambiental"
    OTROS_CATASTROFICOS = "44", "44 Otros eventos catastróficos"
    MAP = "45", "45 Accidente de mina antipersonal – MAP"
    AEI = "46", "46 Accidente de artefacto explosivo improvisado – AEI"
    MUSE = "47", "47 Accidente de munición sin explotar – MUSE"
    CONFLICTO_ARMADO = "48", "48 Otra víctima de conflicto armado colombiano"


class TipoDiagnostico(models.TextChoices):
    IMPRESION = "01", "01 Impresión diagnóstica"
    CONFIRMADO_NUEVO = "02", "02 Confirmado nuevo"
    CONFIRMADO_REPETIDO = "03", "03 Confirmado repetido"


class ConceptoRecaudo(models.TextChoices):
    COPAGO = "01", "01 Copago"
    CUOTA_MODERADORA = "02", "02 Cuota moderadora"
    PAGOS_COMPARTIDOS = "03", "03 Pagos compartidos en planes voluntarios de salud"
    ANTICIPO = "04", "04 Anticipo"
    NO_APLICA = "05", "05 No aplica"


class TipoUsuario(models.TextChoices):
    CONTRIBUTIVO_COTIZANTE = "01", "01 Contributivo cotizante"
    CONTRIBUTIVO_BENEFICIARIO = "02", "02 Contributivo beneficiario"
    CONTRIBUTIVO_ADICIONAL = "03", "03 Contributivo adicional"
    SUBSIDIADO = "04", "04 Subsidiado"
    NO_AFILIADO = "05", "05 No afiliado"
    ESPECIAL_COTIZANTE = "06", "06 Especial o excepción cotizante"
    ESPECIAL_BENEFICIARIO = "07", "07 Especial o excepción beneficiario"
    PRIVADA_LIBERTAD = "08", "08 Persona privada de la libertad a cargo del Fondo Nacional de Salud"
    ARL = "09", "09 Tomador o amparado ARL"
    SOAT = "10", "10 Tomador o amparado SOAT"
    PLAN_VOLUNTARIO = "11", "11 Tomador o amparado de planes voluntarios de salud"


class ViaIngreso(models.TextChoices):
    DEMANDA_ESPONTANEA = "01", "01 Demanda espontánea"
    CONSULTA_EXTERNA = "02", "02 Derivado de consulta externa"
    URGENCIAS = "03", "03 Derivado de urgencias"
    HOSPITALIZACION = "04", "04 Derivado de hospitalización"
    CIRUGIA = "05", "05 Derivado de sala de cirugía"
    PARTOS = "06", "06 Derivado de sala de partos"
    RECIEN_NACIDO_INSTITUCION = "07", "07 Recién nacido en la institución"
    RECIEN_NACIDO_OTRA = "08", "08 Recién nacido en otra institución"
    HOSPITALIZACION_DOMICILIARIA = "09", "09 Derivado o referido de hospitalización domiciliaria"
    ATENCION_DOMICILIARIA = "10", "10 Derivado de atención domiciliaria"
    TELEMEDICINA = "11", "11 Derivado de telemedicina"
    JORNADA = "12", "12 Derivado de jornada de salud"
    REFERIDO = "13", "13 Referido de otra institución"
    CONTRARREFERIDO = "14", "14 Contrarreferido de otra institución"


class TipoOtroServicio(models.TextChoices):
    DISPOSITIVOS = "01", "01 Dispositivos médicos e insumos"


class Lista(models.TextChoices):
    """Where a record type's services go in ``servicios``."""

    CONSULTAS = "consultas", "Consultas"
    PROCEDIMIENTOS = "procedimientos", "Procedimientos"
    OTROS_SERVICIOS = "otrosServicios", "Otros servicios"


CUPS_RE = re.compile(r"^[0-9A-Z]{6}$")
CIE10_RE = re.compile(r"^[A-Z][0-9]{2}[0-9A-Z]{0,2}$")
REPS_RE = re.compile(r"^[0-9]{10,12}$")
NIT_RE = re.compile(r"^[0-9]{5,15}$")
DIVIPOLA_RE = re.compile(r"^[0-9]{5}$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DATETIME_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$")


def cie10_without_dot(code: str) -> str:
    """CIE-10 as the RIPS writes it: ``G47.3`` → ``G473``."""
    return (code or "").replace(".", "").strip().upper()


#: DataMed's patient values → the RIPS tables'
SEXO_DE_GENERO = {"M": Sexo.H, "F": Sexo.M, "O": Sexo.I}
ZONA_DE_ZONA = {"URBANA": Zona.URBANA, "RURAL": Zona.RURAL}
