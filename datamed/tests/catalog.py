"""Every request the project serves, with real arguments and who may make it.

Shared by the authorization matrix and the CSRF test, so both cover the same requests.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from exams.registry import RECORD_TYPES
from exams.tests.factories import form_data, record_data
from patients.choices import EstadoIngreso
from patients.models import today
from patients.tests.factories import PatientFactory, patient_form_data
from rips.demo import add_demo_rips_settings

ADMINS = {"Administrador", "Coordinador", "superuser"}
MONITORING = {"Terapia respiratoria", "superuser"}


@dataclass(frozen=True)
class Rule:
    """Per method, who may (a set of actors, "public" or "all signed in"); None: not used."""

    get: object = None
    post: object = None
    put: object = None
    patch: object = None


SIGNED_IN = "all signed in"
PUBLIC = "public"
BY_RECORD_TYPE = "by record type"

RULES = {
    "home": Rule(get=SIGNED_IN),
    "healthz": Rule(get=PUBLIC),
    "users:login": Rule(get=PUBLIC),
    "users:logout": Rule(post=PUBLIC),
    # Accounts: the second step of the sign-in and the password reset are public; a signed-in
    # user manages their own password, second factor and sessions; the access report is for
    # those who see the audit trail (and its export for those who also export).
    "users:login_code": Rule(get=PUBLIC, post=PUBLIC),
    "users:password_reset": Rule(get=PUBLIC, post=PUBLIC),
    "users:password_reset_done": Rule(get=PUBLIC),
    "users:password_reset_confirm": Rule(get=PUBLIC, post=PUBLIC),
    "users:password_reset_complete": Rule(get=PUBLIC),
    "users:password_change": Rule(get=SIGNED_IN, post=SIGNED_IN),
    "users:mfa": Rule(get=SIGNED_IN, post=SIGNED_IN),
    "users:mfa_disable": Rule(post=SIGNED_IN),
    "users:mfa_recovery_codes": Rule(post=SIGNED_IN),
    "users:sessions": Rule(get=SIGNED_IN),
    "users:close_other_sessions": Rule(post=SIGNED_IN),
    "users:access_report": Rule(get=ADMINS),
    "dashboard:index": Rule(get=SIGNED_IN),
    "patients:list": Rule(get=SIGNED_IN),
    "patients:follow": Rule(get=SIGNED_IN),
    "patients:create": Rule(get=ADMINS, post=ADMINS),
    "patients:detail": Rule(get=SIGNED_IN, post=ADMINS),
    "patients:change_state": Rule(post=ADMINS),
    "patients:new_cycle": Rule(post=ADMINS),
    "exams:clinical": Rule(get=SIGNED_IN),
    # The worklist (issue 25): each signed-in user sees the items of their discipline.
    "careplan:worklist": Rule(get=SIGNED_IN),
    # The documents of SPEC §12: whoever reads the history.
    "documents:summary_pdf": Rule(get=SIGNED_IN),
    "exams:register": Rule(get=BY_RECORD_TYPE, post=BY_RECORD_TYPE),
    "exams:edit": Rule(get=ADMINS, post=ADMINS),  # the author is not among the actors
    "exams:void": Rule(post=ADMINS),
    # Exports (patients.export_data) and the import template (patients.add_patient)
    **dict.fromkeys(
        [
            "patients:export",
            "patients:follow_export",
            "patients:import_template",
            "dashboard:no_attention_export",
            "exams:records_export",
            "exams:clinical_export",
            "users:access_report_export",
            "documents:access_report_pdf",  # the access report as PDF, also an export
            "careplan:worklist_export",
        ],
        Rule(get=ADMINS),
    ),
    # The monthly program report (SPEC §11): Coordinador and Administrador see and issue it.
    "reports:index": Rule(get=ADMINS),
    "reports:draft_export": Rule(get=ADMINS),
    "reports:issue": Rule(post=ADMINS),
    "reports:issued": Rule(get=ADMINS),
    "reports:issued_file": Rule(get=ADMINS),
    "api:reports-program": Rule(get=ADMINS),
    "rips:generate": Rule(get=ADMINS, post=ADMINS),
    # Importing device data takes the right to register monitorings.
    "therapy:upload": Rule(post=MONITORING),
    # API (SPEC §9): the same rights as the pages.
    "api:root": Rule(get=PUBLIC),
    "api:schema": Rule(get=PUBLIC),
    "api:docs": Rule(get=PUBLIC),
    "api:dashboard": Rule(get=SIGNED_IN),
    "api:rips": Rule(post=ADMINS),  # the RIPS (SPEC §11), an export
    "api:worklist": Rule(get=SIGNED_IN),
    "api:patient-list": Rule(get=SIGNED_IN, post=ADMINS),
    "api:patient-detail": Rule(get=SIGNED_IN, put=ADMINS, patch=ADMINS),
    "api:patient-new-cycle": Rule(post=ADMINS),
    "api:patient-fhir": Rule(get=SIGNED_IN),  # whoever reads the history (SPEC §12)
    "api:cycle-list": Rule(get=SIGNED_IN),
    "api:cycle-detail": Rule(get=SIGNED_IN),
    "api:cycle-suspend": Rule(post=ADMINS),
    "api:cycle-reactivate": Rule(post=ADMINS),
    "api:cycle-terminate": Rule(post=ADMINS),
    "api:attention-list": Rule(get=SIGNED_IN),
    "api:attention-detail": Rule(get=SIGNED_IN),
    **{
        name: rule
        for record_type in RECORD_TYPES
        for name, rule in {
            f"api:record-{record_type.slug}-list": Rule(get=SIGNED_IN, post=BY_RECORD_TYPE),
            f"api:record-{record_type.slug}-detail": Rule(get=SIGNED_IN, put=ADMINS, patch=ADMINS),
            f"api:record-{record_type.slug}-void": Rule(post=ADMINS),
        }.items()
    },
}


def may_request(actor: str, allowed) -> bool:
    """Whether ``actor`` (a group name, "superuser" or "anonymous") may make a request whose
    rule allows ``allowed``."""
    if allowed == PUBLIC:
        return True
    if actor == "anonymous":
        return False
    return allowed == SIGNED_IN or actor in allowed


def _one_record_of_each_type(ingreso, author) -> dict:
    from exams.services import register_record

    records = {}
    for record_type in RECORD_TYPES:
        form = record_type.form(
            {k.split("-", 1)[1]: v for k, v in form_data(record_type.slug).items() if "-" in k},
            ingreso=ingreso,
        )
        assert form.is_valid(), form.errors
        records[record_type.slug] = register_record(form.save(commit=False), ingreso, author)
    return records


def build_world(django_user_model):
    """A patient with an active cycle and one record of each type by a third clinician, and
    the same again for the API's requests (so page and API requests do not meet)."""
    author = django_user_model.objects.create_user("autora", password="clave-segura-123")
    patient = PatientFactory()
    ingreso = patient.ingresos.get()
    closed = PatientFactory()
    closed.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    api_patient = PatientFactory()
    records = _one_record_of_each_type(ingreso, author)
    add_demo_rips_settings()  # so that the RIPS of today's records is clean and delivered
    return {
        "patient": patient,
        "ingreso": ingreso,
        "records": records,
        "closed": closed,
        "api_patient": api_patient,
        "api_records": _one_record_of_each_type(api_patient.ingresos.get(), author),
    }


def all_requests(world):
    """(url name, method, url, data, allowed actors) for every rule, with real arguments."""
    patient, ingreso, closed = world["patient"], world["ingreso"], world["closed"]
    suspend = {"fecha_terminacion": today().isoformat(), "motivo_estado": "En espera de equipo"}
    yield "home", "get", "/", None, RULES["home"].get
    yield "healthz", "get", reverse("healthz"), None, PUBLIC
    yield "users:login", "get", reverse("users:login"), None, PUBLIC
    yield "dashboard:index", "get", reverse("dashboard:index"), None, SIGNED_IN
    yield "patients:list", "get", reverse("patients:list"), None, SIGNED_IN
    yield "patients:follow", "get", reverse("patients:follow"), None, SIGNED_IN
    yield "careplan:worklist", "get", reverse("careplan:worklist"), None, SIGNED_IN
    yield "patients:create", "get", reverse("patients:create"), None, ADMINS
    yield "patients:create", "post", reverse("patients:create"), patient_form_data(), ADMINS
    detail = reverse("patients:detail", args=[patient.pk])
    yield "patients:detail", "get", detail, None, SIGNED_IN
    yield (
        "patients:detail",
        "post",
        detail,
        patient_form_data(documento=patient.documento, nombre="Cambiado"),
        ADMINS,
    )
    state = reverse("patients:change_state", args=[ingreso.pk, "SUSPENDIDO"])
    yield "patients:change_state", "post", state, suspend, ADMINS
    new_cycle = reverse("patients:new_cycle", args=[closed.pk])
    yield "patients:new_cycle", "post", new_cycle, {"fecha_inicio": today().isoformat()}, ADMINS
    yield "exams:clinical", "get", reverse("exams:clinical", args=[patient.pk]), None, SIGNED_IN
    summary = reverse("documents:summary_pdf", args=[patient.pk])
    yield "documents:summary_pdf", "get", f"{summary}?ciclo={ingreso.pk}", None, SIGNED_IN
    yield (
        "therapy:upload",
        "post",
        reverse("therapy:upload", args=[patient.pk]),
        _device_file(ingreso),
        MONITORING,
    )
    for record_type in RECORD_TYPES:
        allowed = {record_type.discipline, "superuser"}
        url = reverse("exams:register", args=[patient.pk, record_type.register_slug])
        if record_type.tab_of is None:
            yield "exams:register", "get", url, None, allowed
        yield "exams:register", "post", url, form_data(record_type.slug), allowed
        record = world["records"][record_type.slug]
        edit = reverse("exams:edit", args=[record_type.slug, record.pk])
        yield "exams:edit", "get", edit, None, ADMINS
        yield (
            "exams:edit",
            "post",
            edit,
            {f"{record_type.slug}-{k}": v for k, v in _edit_data(record_type)},
            ADMINS,
        )
        void = reverse("exams:void", args=[record_type.slug, record.pk])
        yield "exams:void", "post", void, {"motivo_anulacion": "Prueba de permisos"}, ADMINS
    yield from account_requests(world)
    yield from export_requests(patient)
    yield from report_requests(world)
    yield from api_requests(world)
    yield "users:logout", "post", reverse("users:logout"), {}, PUBLIC


def account_requests(world):
    """The accounts pages. The password change is a real one (the actor's own; their session
    goes on); the reset link is a real one for the records' author."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    author = world["records"]["monitoreo"].registrado_por
    uid = urlsafe_base64_encode(force_bytes(author.pk))
    yield "users:login_code", "get", reverse("users:login_code"), None, PUBLIC
    yield "users:login_code", "post", reverse("users:login_code"), {"codigo": "123456"}, PUBLIC
    reset = reverse("users:password_reset")
    yield "users:password_reset", "get", reset, None, PUBLIC
    yield "users:password_reset", "post", reset, {"email": "nadie@example.com"}, PUBLIC
    yield "users:password_reset_done", "get", reverse("users:password_reset_done"), None, PUBLIC
    link = reverse("users:password_reset_confirm", args=[uid, default_token_generator.make_token(author)])
    yield "users:password_reset_confirm", "get", link, None, PUBLIC
    stale = reverse("users:password_reset_confirm", args=[uid, "no-es-un-token"])
    new_password = {"new_password1": "Otra-clave-segura-456", "new_password2": "Otra-clave-segura-456"}
    yield "users:password_reset_confirm", "post", stale, new_password, PUBLIC
    yield "users:password_reset_complete", "get", reverse("users:password_reset_complete"), None, PUBLIC
    change = reverse("users:password_change")
    yield "users:password_change", "get", change, None, SIGNED_IN
    yield (
        "users:password_change",
        "post",
        change,
        {"old_password": "clave-segura-123", **new_password},
        SIGNED_IN,
    )
    yield "users:mfa", "get", reverse("users:mfa"), None, SIGNED_IN
    yield "users:mfa", "post", reverse("users:mfa"), {"codigo": "000000"}, SIGNED_IN
    yield "users:mfa_disable", "post", reverse("users:mfa_disable"), {}, SIGNED_IN
    yield "users:mfa_recovery_codes", "post", reverse("users:mfa_recovery_codes"), {}, SIGNED_IN
    yield "users:sessions", "get", reverse("users:sessions"), None, SIGNED_IN
    yield "users:close_other_sessions", "post", reverse("users:close_other_sessions"), {}, SIGNED_IN
    report = reverse("users:access_report", args=[world["patient"].pk])
    yield "users:access_report", "get", f"{report}?desde=2020-01-01", None, ADMINS


def _rips_period() -> dict:
    """A RIPS request that is answered (a file, or 400 with its problems: both change nothing)."""
    return {"eps": "ECOPETROL", "desde": today().isoformat(), "hasta": today().isoformat(), "factura": "FE1"}


def export_requests(patient):
    """Every export, in both formats, and the import template."""
    for fmt in ("xlsx", "csv"):
        yield (
            "patients:export",
            "get",
            reverse("patients:export", args=[fmt]) + "?q=Nombre&mes=1",
            None,
            ADMINS,
        )
        yield "patients:follow_export", "get", reverse("patients:follow_export", args=[fmt]), None, ADMINS
        yield "careplan:worklist_export", "get", reverse("careplan:worklist_export", args=[fmt]), None, ADMINS
        no_attention = reverse("dashboard:no_attention_export", args=[fmt])
        yield "dashboard:no_attention_export", "get", no_attention, None, ADMINS
        clinical = reverse("exams:clinical_export", args=[patient.pk, fmt])
        yield "exams:clinical_export", "get", clinical, None, ADMINS
        accesses = reverse("users:access_report_export", args=[patient.pk, fmt])
        yield "users:access_report_export", "get", accesses, None, ADMINS
        for record_type in RECORD_TYPES:
            url = reverse("exams:records_export", args=[record_type.slug, fmt])
            yield "exams:records_export", "get", url, None, ADMINS
    accesses_pdf = reverse("documents:access_report_pdf", args=[patient.pk])
    yield "documents:access_report_pdf", "get", f"{accesses_pdf}?desde=2020-01-01", None, ADMINS
    yield "patients:import_template", "get", reverse("patients:import_template"), None, ADMINS
    yield "rips:generate", "get", reverse("rips:generate"), None, ADMINS
    yield "rips:generate", "post", reverse("rips:generate"), _rips_period(), ADMINS


def report_requests(world):
    """The monthly program report: the page, its draft files, an issue and an issued version's
    page and files (a version issued beforehand by the records' author)."""
    from reports.forms import default_month
    from reports.models import EmisionInforme
    from reports.months import Month
    from reports.services import issue_report

    issued = EmisionInforme.objects.filter(entidad_salud="SANITAS", mes=datetime.date(2025, 3, 1)).first()
    if issued is None:
        issued = issue_report("SANITAS", Month(2025, 3), world["records"]["monitoreo"].registrado_por)
    month = str(default_month())
    query = f"?eps=ECOPETROL&mes={month}"
    yield "reports:index", "get", reverse("reports:index") + query, None, ADMINS
    for fmt in ("pdf", "xlsx"):
        yield "reports:draft_export", "get", reverse("reports:draft_export", args=[fmt]) + query, None, ADMINS
    yield "reports:issue", "post", reverse("reports:issue"), {"eps": "ECOPETROL", "mes": month}, ADMINS
    yield "reports:issued", "get", reverse("reports:issued", args=[issued.pk]), None, ADMINS
    for fmt in ("pdf", "xlsx"):
        yield (
            "reports:issued_file",
            "get",
            reverse("reports:issued_file", args=[issued.pk, fmt]),
            None,
            ADMINS,
        )


def _device_file(ingreso) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from therapy.synthetic import Night, str_edf

    start = ingreso.fecha_inicio - datetime.timedelta(days=3)
    return {"archivo": SimpleUploadedFile("STR.edf", str_edf(start, [Night(300)] * 3))}


def api_requests(world):
    """The API's requests, in an order where each allowed write finds the state it needs:
    records are written while the cycle is ACTIVO, then the cycle is moved through its states."""
    patient = world["api_patient"]
    cycle = patient.ingresos.get()
    yield "api:root", "get", reverse("api:root"), None, PUBLIC
    yield "api:schema", "get", reverse("api:schema"), None, PUBLIC
    yield "api:docs", "get", reverse("api:docs"), None, PUBLIC
    yield "api:dashboard", "get", reverse("api:dashboard"), None, SIGNED_IN
    program = reverse("api:reports-program") + "?eps=ECOPETROL&month=2025-03"
    yield "api:reports-program", "get", program, None, ADMINS
    yield "api:rips", "post", reverse("api:rips"), _rips_period(), ADMINS
    yield "api:worklist", "get", reverse("api:worklist"), None, SIGNED_IN
    for name, args in [
        ("api:patient-list", []),
        ("api:patient-detail", [patient.pk]),
        ("api:patient-fhir", [patient.pk]),
        ("api:cycle-list", []),
        ("api:cycle-detail", [cycle.pk]),
        ("api:attention-list", []),
        ("api:attention-detail", [cycle.seguimientos.first().pk]),
    ]:
        yield name, "get", reverse(name, args=args), None, SIGNED_IN
    patients = reverse("api:patient-list")
    yield "api:patient-list", "post", patients, _api_patient(documento="71222333"), ADMINS
    detail = reverse("api:patient-detail", args=[patient.pk])
    yield "api:patient-detail", "put", detail, _api_patient(documento=patient.documento), ADMINS
    yield "api:patient-detail", "patch", detail, {"nombre": "Cambiada"}, ADMINS
    for record_type in RECORD_TYPES:
        slug = record_type.slug
        body = {**record_data(slug), "paciente": patient.pk}
        yield f"api:record-{slug}-list", "get", reverse(f"api:record-{slug}-list"), None, SIGNED_IN
        yield (
            f"api:record-{slug}-list",
            "post",
            reverse(f"api:record-{slug}-list"),
            body,
            {record_type.discipline, "superuser"},
        )
        record = world["api_records"][slug]
        record_url = reverse(f"api:record-{slug}-detail", args=[record.pk])
        yield f"api:record-{slug}-detail", "get", record_url, None, SIGNED_IN
        yield f"api:record-{slug}-detail", "put", record_url, body, ADMINS
        yield f"api:record-{slug}-detail", "patch", record_url, {}, ADMINS
        void = reverse(f"api:record-{slug}-void", args=[record.pk])
        yield f"api:record-{slug}-void", "post", void, {"motivo_anulacion": "Prueba de permisos"}, ADMINS
    on_today = {"fecha": today().isoformat()}
    for name, body in [
        ("api:cycle-suspend", {**on_today, "motivo": "En espera de equipo"}),
        ("api:cycle-reactivate", on_today),
        ("api:cycle-terminate", {**on_today, "motivo": "EGRESO_COMPLETO"}),
    ]:
        yield name, "post", reverse(name, args=[cycle.pk]), body, ADMINS
    new_cycle = reverse("api:patient-new-cycle", args=[patient.pk])
    yield "api:patient-new-cycle", "post", new_cycle, {"fecha_inicio": today().isoformat()}, ADMINS


def _api_patient(**overrides) -> dict:
    return {**patient_form_data(**overrides), "estrato": 3}


def send(client, method: str, url: str, data):
    """Make one catalogued request: pages get form posts, the API gets JSON."""
    if method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return getattr(client, method)(url, data, content_type="application/json")
    return client.post(url, data)


def _edit_data(record_type):
    return [(k.split("-", 1)[1], v) for k, v in form_data(record_type.slug).items() if "-" in k]


def snapshot() -> dict:
    """Row counts of every model of the project, history tables included."""
    labels = ("patients", "exams", "users", "therapy", "authtoken", "reports")
    models = [m for label in labels for m in apps.get_app_config(label).get_models()]
    return {model._meta.label: model.objects.count() for model in models}
