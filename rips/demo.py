"""Demo settings for the RIPS, so that ``export_rips`` works on the demo data out of the box.

Every value here is FICTITIOUS and only for the demonstration: the IPS's NIT and REPS code, the
EPS administrator codes, the demo CUPS codes of the services whose code depends on each IPS's
contract (``DEMO01``… are visibly not real CUPS codes; the real one must be taken from the
Ministry's CUPS table) and the staff's documents. Running it twice changes nothing."""

from django.contrib.auth import get_user_model

from rips import codes
from rips.defaults import ensure_default_mappings
from rips.models import Administradora, Ips, MapeoRegistro
from users.models import Perfil

DEMO_IPS = {"nit": "900000001", "cod_prestador": "680010000001", "nombre": "IPS Sueño Demo S.A.S."}
DEMO_EPS = {
    "ECOPETROL": {"codigo": "DEMO01", "tipo_usuario": codes.TipoUsuario.ESPECIAL_COTIZANTE},
    "SANITAS": {"codigo": "DEMO02", "tipo_usuario": codes.TipoUsuario.CONTRIBUTIVO_COTIZANTE},
}
#: what the default mapping leaves empty; codServicio values are demo values too
DEMO_MAPPING = {
    "monitoreo": {"cod_cups": "DEMO01", "cod_servicio": "9001", "valor": 45000},
    "seguimiento": {"cod_cups": "DEMO02", "cod_servicio": "9001", "valor": 20000},
    "neumologia": {"cod_cups": "DEMO03", "cod_servicio": "9002", "valor": 80000},
    "psicologia": {"cod_servicio": "9003", "valor": 60000},
    "nutricion": {"cod_servicio": "9004", "valor": 50000},
    "basal": {"cod_cups": "DEMO04", "cod_servicio": "9005", "valor": 650000, "incluir": True},
    "titulacion": {"cod_cups": "DEMO05", "cod_servicio": "9005", "valor": 700000, "incluir": True},
    "equipo_medico": {"cod_cups": "DEMO-PAP", "valor": 2500000, "incluir": True},
}
FIRST_DEMO_DOCUMENT = 91000001


def add_demo_rips_settings(user=None) -> None:
    """``demo.builders`` data builder: ``build(user)``; every user present gets a document."""
    ensure_default_mappings()
    Ips.objects.update_or_create(pk=1, defaults=DEMO_IPS)
    for eps, values in DEMO_EPS.items():
        Administradora.objects.get_or_create(entidad_salud=eps, defaults=values)
    for slug, values in DEMO_MAPPING.items():
        mapping = MapeoRegistro.objects.filter(tipo_registro=slug).first()
        if mapping is None:
            continue
        for name, value in values.items():
            if getattr(mapping, name) in ("", 0, False):
                setattr(mapping, name, value)
        mapping.save()
    for offset, user in enumerate(get_user_model().objects.order_by("pk")):
        profile, _ = Perfil.objects.get_or_create(usuario=user)
        if not profile.numero_documento:
            profile.numero_documento = str(FIRST_DEMO_DOCUMENT + offset)
            profile.save()
