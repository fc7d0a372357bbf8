"""Finding the unit a person names on the command line or in chat."""

from __future__ import annotations

from sqlmodel import Session

from nhacviec.errors import InputError, NotFoundError
from nhacviec.store import units as stored_units
from nhacviec.store.models import Unit


def find_unit(session: Session, name: str) -> Unit:
    """The one unit called ``name`` (or an alias), across organisations."""
    found = stored_units.find_units(session, name)
    if not found:
        raise NotFoundError("units.unit_not_found", name=name)
    if len(found) > 1:
        names = "; ".join(f"{unit.name} ({unit.organisation})" for unit in found)
        raise InputError("units.unit_ambiguous", name=name, units=names)
    return found[0]
