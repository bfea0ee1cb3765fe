"""Who may do what (SPEC §4). Every view asks these functions; none decides on its own."""

COORDINADOR = "Coordinador"
ADMINISTRADOR = "Administrador"


def is_coordinator(user) -> bool:
    """Coordinators (and administrators) manage patients, cycles, exports and voids."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=(COORDINADOR, ADMINISTRADOR)).exists()


def can_register(user, record_type) -> bool:
    """Each clinical group adds the record types of its discipline (model ``add`` permission)."""
    return user.has_perm(record_type.permission("add"))


def can_edit(user, record) -> bool:
    """Editing is allowed to the record's author and to coordinators."""
    if not user.is_authenticated or record.anulado:
        return False
    return record.registrado_por_id == user.pk or is_coordinator(user)


def can_void(user) -> bool:
    return is_coordinator(user)
