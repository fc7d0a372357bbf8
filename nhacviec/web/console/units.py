"""The units directory page (``/units``): the directories' units with their names, groups,
heads, e-mails and chats; the names plans print that no directory knows; the YAML in and out;
invitations for the units' chats (a QR code and a ``t.me`` link) and their revocation.

Admin edits the directory; the office reads it and links the units' chats (as it does with
``nhacviec unit invite``); the other roles are refused (403).
"""

from __future__ import annotations

import copy
from typing import Annotated, Any
from urllib.parse import quote

import segno
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from nhacviec.errors import ConfigError, SourceLocation
from nhacviec.i18n import translate
from nhacviec.i18n.errors import render_error
from nhacviec.services.directory import DirectoryChange, UnitEntry
from nhacviec.web import access
from nhacviec.web.console import auth
from nhacviec.web.console.auth import SignedIn
from nhacviec.web.console.pages import page_language, render
from nhacviec.web.console.unit_form import entry_of, fields_of
from nhacviec.web.console.units_service import UnitsDesk
from nhacviec.web.errors import status_of

router = APIRouter(include_in_schema=False)
YAML_TYPE = "application/yaml; charset=utf-8"


def desk(request: Request) -> UnitsDesk:
    return UnitsDesk(request.app.state.workspace, request.app.state.clock)


@router.get("/units")
def units_page(request: Request, account: SignedIn) -> Response:
    return _page(request, account)


@router.get("/units/export/{organisation}")
def export_directory(request: Request, account: SignedIn, organisation: str) -> Response:
    text = desk(request).export_yaml(account, organisation)
    file_name = quote(f"{organisation}.yaml")
    disposition = f"attachment; filename*=UTF-8''{file_name}"
    return Response(text, media_type=YAML_TYPE, headers={"Content-Disposition": disposition})


@router.post("/units/import")
async def import_directory(
    request: Request, account: SignedIn, file: Annotated[UploadFile, File()]
) -> Response:
    name = file.filename or "units.yaml"
    content = await file.read(request.app.state.max_upload_mb * 1024 * 1024 + 1)
    try:
        text = _text_of(content, name)
        change = desk(request).import_yaml(account, text, name)
    except ConfigError as exc:  # the file's mistake beside the form; the directory unchanged
        sentence = render_error(exc, page_language(request))
        return _page(request, account, status_of(exc), import_error=sentence)
    return _done(request, "console.units.imported", change)


@router.post("/units/unknown/{unit_id}/add")
def add_as_unit(
    request: Request,
    account: SignedIn,
    unit_id: int,
    organisation: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    change = desk(request).add_as_unit(account, unit_id, organisation)
    return _done(request, "console.units.added", change)


@router.post("/units/unknown/{unit_id}/alias")
def add_as_alias(
    request: Request, account: SignedIn, unit_id: int, target: Annotated[int, Form()]
) -> Response:
    change = desk(request).add_as_alias(account, unit_id, target)
    return _done(request, "console.units.aliased", change)


@router.get("/units/{unit_id}/edit")
def edit_unit_page(request: Request, account: SignedIn, unit_id: int) -> Response:
    found = desk(request).unit_entry(account, unit_id, "")
    return _unit_form(request, found, f"/units/{unit_id}/edit", fields_of(found.entry))


@router.post("/units/{unit_id}/edit")
async def edit_unit(request: Request, account: SignedIn, unit_id: int) -> Response:
    found = await run_in_threadpool(desk(request).unit_entry, account, unit_id, "")
    return await _save_unit(request, account, found, f"/units/{unit_id}/edit")


@router.get("/units/new/{organisation}")
def new_unit_page(request: Request, account: SignedIn, organisation: str) -> Response:
    found = desk(request).unit_entry(account, None, organisation)
    return _unit_form(request, found, f"/units/new/{organisation}", fields_of(found.entry))


@router.post("/units/new/{organisation}")
async def new_unit(request: Request, account: SignedIn, organisation: str) -> Response:
    found = await run_in_threadpool(desk(request).unit_entry, account, None, organisation)
    return await _save_unit(request, account, found, f"/units/new/{organisation}")


async def _save_unit(
    request: Request, account: SignedIn, found: UnitEntry, action: str
) -> Response:
    entry = entry_of(await request.form())
    save = desk(request).save_unit
    try:
        change = await run_in_threadpool(save, account, found.organisation, found.key, entry)
    except ConfigError as exc:  # beside the form, without the line of a file nobody sees
        unplaced = copy.copy(exc)
        unplaced.location = None
        sentence = render_error(unplaced, page_language(request))
        fields = fields_of(entry)
        return _unit_form(request, found, action, fields, status_of(exc), sentence)
    return _done(request, "console.units.saved", change)


def _unit_form(
    request: Request,
    found: UnitEntry,
    action: str,
    fields: dict[str, Any],
    status_code: int = 200,
    error: str = "",
) -> Response:
    return render(
        request,
        "unit_form.html",
        status_code,
        fields=fields,
        groups=found.groups,
        organisation=found.organisation_name,
        action=action,
        error=error,
    )


@router.post("/units/{unit_id}/invitations")
def invite(
    request: Request,
    account: SignedIn,
    unit_id: int,
    office: Annotated[bool, Form()] = False,
) -> Response:
    issued = desk(request).invite(account, unit_id, office)
    bot: str = request.app.state.bot_username
    link = f"https://t.me/{bot}?start={issued.start_code}" if bot else ""
    zalo: bool = getattr(request.app.state, "zalo_linking", False)
    return render(
        request,
        "invitation.html",
        issued=issued,
        link=link,
        qr=_qr(link) if link else "",
        zalo=zalo,
    )


@router.post("/units/{unit_id}/revoke")
def revoke(
    request: Request,
    account: SignedIn,
    unit_id: int,
    chat: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    name, count = desk(request).revoke(account, unit_id, chat or None)
    words = translate("console.units.revoked", page_language(request), unit=name, count=count)
    return _back(request, words)


def _page(
    request: Request, account: SignedIn, status_code: int = 200, import_error: str = ""
) -> Response:
    overview = desk(request).overview(account)
    editor = account.role in access.DIRECTORY_EDITORS
    return render(
        request,
        "units.html",
        status_code,
        overview=overview,
        editor=editor,
        import_error=import_error,
    )


def _done(request: Request, key: str, change: DirectoryChange) -> Response:
    words = translate(
        key,
        page_language(request),
        organisation=change.directory.organisation_name,
        units=change.units,
        linked=change.names_linked,
    )
    return _back(request, words)


def _back(request: Request, words: str) -> Response:
    auth.desk(request).leave_message(request.cookies.get(auth.SESSION_COOKIE, ""), words)
    return RedirectResponse("/units", status_code=303)


def _text_of(content: bytes, name: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            "units.config.unreadable", SourceLocation(file=name), reason=str(exc)
        ) from exc


def _qr(link: str) -> Markup:
    """The link as an inline SVG QR code (markup we make ourselves; no script, no style)."""
    code = segno.make(link, error="m")
    svg: str = code.svg_inline(scale=6, border=3, dark="#1d2733", light="#ffffff")
    return Markup(svg)  # segno's SVG of our own link: no script, no style
