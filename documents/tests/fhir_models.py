"""Validate FHIR R4 (4.0.1) JSON with the models of ``fhirclient`` (SMART on FHIR).

``fhirclient.models`` are generated from the FHIR 4.0.1 definitions and need no pydantic, which
matters because the OpenAPI client generator of the project needs pydantic 2 and the R4 models
of ``fhir.resources`` need pydantic 1. Constructing a model in strict mode (the default, passed
explicitly here) raises ``FHIRValidationError`` on an element the resource does not define, a
value of the wrong JSON type, a missing required element (``1..1``), or a date, dateTime or
instant that does not match the specification's format.

One gap is closed here: the library type-checks only the first item of a list of primitives
(``name[0].given[1]`` could be a number), so ``every_item_typed`` walks the parsed model and
checks every item. Codes are not checked against their value sets (neither library does).
"""

import functools
from pathlib import Path

import fhirclient.models
from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirabstractbase import FHIRAbstractBase, FHIRValidationError
from fhirclient.models.fhirelementfactory import FHIRElementFactory
from fhirclient.models.resource import Resource

__all__ = ["FHIRValidationError", "every_item_typed", "fhir_versions", "validate_bundle", "validate_resource"]


@functools.cache
def fhir_versions() -> set[str]:
    """The FHIR versions the generated model modules say they come from (their first line reads
    ``# Generated from FHIR 4.0.1-9346c8cc45 (...)``)."""
    versions = set()
    for module in Path(fhirclient.models.__file__).parent.glob("*.py"):
        with module.open(encoding="utf-8") as source:
            for line in source:
                if "Generated from FHIR " in line:
                    versions.add(line.split("Generated from FHIR ", 1)[1].split("-", 1)[0].split()[0])
                    break
    return versions


def _matches(value, typ) -> bool:
    # The library's own rule: a JSON integer is a valid FHIR decimal.
    return isinstance(value, typ) or (typ is float and isinstance(value, int) and not isinstance(value, bool))


def every_item_typed(element: FHIRAbstractBase, path: str = "") -> None:
    """Raise ``FHIRValidationError`` when any item of any list, at any depth, has the wrong type."""
    for name, _json_name, typ, is_list, _of_many, _required in element.elementProperties():
        value = getattr(element, name, None)
        if value is None:
            continue
        items = value if is_list else [value]
        for index, item in enumerate(items):
            where = f"{path}{name}[{index}]" if is_list else f"{path}{name}"
            if not _matches(item, typ):
                raise FHIRValidationError(
                    [TypeError(f"{type(item).__name__} where {typ.__name__} is due")], where
                )
            if isinstance(item, FHIRAbstractBase):
                every_item_typed(item, f"{where}.")


def validate_resource(resource: dict) -> Resource:
    """Parse ``resource`` with the R4 class its ``resourceType`` names, strictly; return the model."""
    kind = resource.get("resourceType")
    model = FHIRElementFactory.instantiate(kind, None)  # an unknown type comes back as a bare Element
    if not isinstance(model, Resource) or model.resource_type != kind:
        raise FHIRValidationError(f"{kind!r} is not an R4 resource type")
    model = type(model)(resource, strict=True)
    every_item_typed(model)
    return model


def validate_bundle(bundle: dict) -> Bundle:
    """Parse the whole bundle strictly (every entry's resource with the class of its type)."""
    model = Bundle(bundle, strict=True)
    every_item_typed(model)
    for entry, parsed in zip(bundle.get("entry", []), model.entry or [], strict=True):
        kind = entry["resource"]["resourceType"]
        if parsed.resource.resource_type != kind or not isinstance(parsed.resource, Resource):
            raise FHIRValidationError(f"{kind!r} is not an R4 resource type", "entry")
    return model
