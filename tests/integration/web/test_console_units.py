"""The units directory page: the directory as the store and the files hold it, its YAML out and
in (checked as ``nhacviec units check`` checks a file), the names plans print that no directory
knows mapped with «Thêm thành đơn vị» / «Là tên khác của …», invitations with their QR code and
``t.me`` link, links listed and revoked; and who may do each (the role matrix)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from nhacviec.services import links
from nhacviec.services.accounts import AccountRole
from nhacviec.services.links import ChatInfo
from nhacviec.store.models import TaskUnit, Unit
from tests.e2e.plans import SIX_TASKS, Row, write_plan
from tests.integration.web.harness import (
    LEAD_UNIT,
    OFFICE_UNIT,
    OTHER_UNIT,
    PARTNER_UNIT,
    SCT_UNITS,
    Person,
    WebWorld,
    csrf_of,
)
from workflows.standing import LOCAL_TZ
from workflows.units.directory import load_directory, parse_directory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
ORGANISATION = "so-cong-thuong-quang-tri"
STRANGE_NAME = "Ban Quản lý các khu công nghiệp tỉnh"
BOT = "nhacviec_thu_bot"
PEOPLE = (
    Person("admin", AccountRole.ADMIN),
    Person("office", AccountRole.OFFICE, OFFICE_UNIT),
    Person("office-other", AccountRole.OFFICE, OTHER_UNIT),
    Person("leader", AccountRole.LEADER),
    Person("lead", AccountRole.UNIT, LEAD_UNIT),
    Person("partner", AccountRole.UNIT, PARTNER_UNIT),
    Person("other", AccountRole.UNIT, OTHER_UNIT),
)
A_STRANGE_TASK = Row("7", "Rà soát quy hoạch các cụm công nghiệp", STRANGE_NAME, "", "Quý II")


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[WebWorld]:
    built = WebWorld(database_url, NOW)
    built.import_plan(write_plan(tmp_path, "plan.docx", (*SIX_TASKS, A_STRANGE_TASK)))
    for person in PEOPLE:
        built.add(person)
    built.api.state.bot_username = BOT
    yield built
    built.close()


def unit_id(world: WebWorld, name: str) -> int:
    with world.app.reading() as session:
        found = session.exec(select(Unit).where(Unit.name == name)).first()
        assert found is not None
        assert found.id is not None
        return found.id


def names_linked_to(world: WebWorld, name: str) -> set[int | None]:
    with world.app.reading() as session:
        rows = session.exec(select(TaskUnit).where(TaskUnit.name == name)).all()
        return {row.unit_id for row in rows}


def post(browser: TestClient, path: str, data: dict[str, str] | None = None, **files: object):  # type: ignore[no-untyped-def]
    token = csrf_of(browser.get("/").text)
    return browser.post(path, data={"csrf": token, **(data or {})}, files=files or None)  # type: ignore[arg-type]


def test_admin_sees_the_directory_its_unknown_names_and_the_import_form(world: WebWorld) -> None:
    page = world.signed_in("admin").get("/units")
    assert page.status_code == 200
    assert "Danh mục đơn vị" in page.text
    assert "Sở Công Thương tỉnh Quảng Trị" in page.text
    assert "Chi cục Quản lý thị trường" in page.text
    assert "Tên đơn vị chưa có trong danh mục" in page.text
    assert STRANGE_NAME in page.text
    assert "Thêm thành đơn vị" in page.text
    assert "Là tên khác của …" in page.text
    assert 'action="/units/import"' in page.text
    assert 'href="/units"' in page.text  # the menu's item


def test_the_page_in_english(world: WebWorld) -> None:
    admin = world.signed_in("admin", lang="en")
    page = admin.get("/units")
    assert "Units directory" in page.text
    assert "Add as a unit" in page.text
    assert "Another name of …" in page.text
    invitation = post(admin, f"/units/{unit_id(world, LEAD_UNIT)}/invitations")
    assert "Telegram invite code: Chi cục Quản lý thị trường" in invitation.text
    assert "Open a private chat with the bot" in invitation.text


def test_the_office_reads_the_directory_and_links_chats_but_does_not_edit(
    world: WebWorld,
) -> None:
    page = world.signed_in("office").get("/units")
    assert page.status_code == 200
    assert STRANGE_NAME in page.text  # it sees the names, to tell the administrator
    assert "Thêm thành đơn vị" not in page.text
    assert 'action="/units/import"' not in page.text
    assert "Tạo mã mời" in page.text


def test_the_export_is_the_directory_as_config_units_writes_it(world: WebWorld) -> None:
    answer = world.signed_in("office").get(f"/units/export/{ORGANISATION}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/yaml")
    assert f"{ORGANISATION}.yaml" in answer.headers["content-disposition"]
    assert parse_directory(answer.text, "exported.yaml") == load_directory(SCT_UNITS)


def test_a_file_with_a_mistake_is_refused_where_it_is_and_nothing_changes(
    world: WebWorld,
) -> None:
    admin = world.signed_in("admin")
    broken = SCT_UNITS.read_text(encoding="utf-8").replace(
        "    name: Bộ phận Một cửa", "    nam: Bộ phận Một cửa", 1
    )
    answer = post(admin, "/units/import", file=("units.yaml", broken.encode(), "application/yaml"))
    assert answer.status_code == 400  # as the API answers a bad file
    assert (  # the file, the line, the entry and what to do: as ``nhacviec units check`` says
        "tệp units.yaml, hàng 59: Mục «units.bo-phan-mot-cua» thiếu trường bắt buộc «name»"
        in answer.text
    )
    exported = admin.get(f"/units/export/{ORGANISATION}").text
    assert parse_directory(exported, "x.yaml") == load_directory(SCT_UNITS)


def test_an_imported_file_replaces_the_directory_and_links_the_plans_names(
    world: WebWorld,
) -> None:
    admin = world.signed_in("admin")
    text = SCT_UNITS.read_text(encoding="utf-8").replace(
        "      - Bộ phận một cửa của Sở",
        f"      - Bộ phận một cửa của Sở\n      - {STRANGE_NAME}",
        1,
    )
    answer = post(admin, "/units/import", file=("so-ct.yaml", text.encode(), "application/yaml"))
    assert (answer.status_code, answer.headers["location"]) == (303, "/units")
    page = admin.get("/units")
    assert "Đã nhập danh mục «Sở Công Thương tỉnh Quảng Trị»" in page.text
    assert "Mọi tên đơn vị trong các kế hoạch đều đã có trong danh mục." in page.text
    assert names_linked_to(world, STRANGE_NAME) == {unit_id(world, "Bộ phận Một cửa")}
    assert admin.get(f"/units/export/{ORGANISATION}").text == text  # comments kept
    directories = world.app.directories.directories
    assert directories[0].resolve(STRANGE_NAME) is not None  # the next plan reads it too


def test_add_an_unknown_name_as_a_unit(world: WebWorld) -> None:
    admin = world.signed_in("admin")
    strange = unit_id(world, STRANGE_NAME)
    answer = post(admin, f"/units/unknown/{strange}/add")
    assert answer.status_code == 303
    page = admin.get("/units")
    assert "Đã thêm đơn vị vào danh mục" in page.text
    assert "Mọi tên đơn vị trong các kế hoạch đều đã có trong danh mục." in page.text
    exported = parse_directory(admin.get(f"/units/export/{ORGANISATION}").text, "x.yaml")
    added = exported.unit("ban-quan-ly-cac-khu-cong-nghiep-tinh")
    assert added.name == STRANGE_NAME
    (linked,) = names_linked_to(world, STRANGE_NAME)
    assert linked != strange
    assert linked is not None


def test_an_unknown_name_as_another_name_of_a_unit(world: WebWorld) -> None:
    admin = world.signed_in("admin")
    strange, target = unit_id(world, STRANGE_NAME), unit_id(world, OTHER_UNIT)
    answer = post(admin, f"/units/unknown/{strange}/alias", {"target": str(target)})
    assert answer.status_code == 303
    exported = parse_directory(admin.get(f"/units/export/{ORGANISATION}").text, "x.yaml")
    match = exported.resolve(STRANGE_NAME)
    assert match is not None
    assert match.unit is not None
    assert match.unit.name == OTHER_UNIT
    assert names_linked_to(world, STRANGE_NAME) == {target}


def test_a_unit_edited_in_its_form_is_saved_in_the_directory(world: WebWorld) -> None:
    admin = world.signed_in("admin")
    unit = unit_id(world, LEAD_UNIT)
    form = admin.get(f"/units/{unit}/edit")
    assert form.status_code == 200
    assert 'value="Chi cục Quản lý thị trường"' in form.text
    assert "qltt.sct@example.org" in form.text  # the e-mails, one per line
    fields = {
        "name": LEAD_UNIT,
        "aliases": "Chi cục QLTT\nQLTT tỉnh",
        "emails": "qltt.sct@example.org\nthanhtra.qltt@example.org",
        "telegram_chat_ids": "-1001000000007",
        "head_name": "Đặng Minh Khoa",
        "head_title": "Chi cục trưởng",
        "head_email": "",
        "head_telegram_chat_id": "700000007",
        "groups": "all-units",
    }
    saved = post(admin, f"/units/{unit}/edit", fields)
    assert (saved.status_code, saved.headers["location"]) == (303, "/units")
    assert "Đã lưu danh mục «Sở Công Thương tỉnh Quảng Trị»" in admin.get("/units").text
    exported = parse_directory(admin.get(f"/units/export/{ORGANISATION}").text, "x.yaml")
    match = exported.resolve("QLTT tỉnh")
    assert match is not None
    assert match.unit is not None
    assert match.unit.emails == ("qltt.sct@example.org", "thanhtra.qltt@example.org")
    assert match.unit.head is not None
    assert match.unit.head.telegram_chat_id == 700000007
    assert match.unit.head.email is None


def test_a_mistake_in_the_form_is_shown_beside_it_and_nothing_changes(world: WebWorld) -> None:
    admin = world.signed_in("admin")
    unit = unit_id(world, LEAD_UNIT)
    before = admin.get(f"/units/export/{ORGANISATION}").text
    answer = post(admin, f"/units/{unit}/edit", {"name": LEAD_UNIT, "emails": "không-phải-thư"})
    assert answer.status_code == 400
    error = answer.text.split('class="error" role="alert">')[1].split("</p>")[0]
    assert error == (
        "Địa chỉ thư điện tử «không-phải-thư» (trường «emails[1]» của mục "
        "«units.chi-cuc-quan-ly-thi-truong») không hợp lệ. Hãy viết theo dạng ten@coquan.gov.vn."
    )  # no line of a file nobody sees
    assert "không-phải-thư" in answer.text  # what was typed, kept to correct
    taken = post(admin, f"/units/{unit}/edit", {"name": LEAD_UNIT, "aliases": OTHER_UNIT})
    assert taken.status_code == 400
    assert OTHER_UNIT in taken.text
    assert admin.get(f"/units/export/{ORGANISATION}").text == before


def test_a_new_unit_from_its_form(world: WebWorld) -> None:
    admin = world.signed_in("admin")
    assert admin.get(f"/units/new/{ORGANISATION}").status_code == 200
    saved = post(admin, f"/units/new/{ORGANISATION}", {"name": STRANGE_NAME, "external": "true"})
    assert saved.status_code == 303
    exported = parse_directory(admin.get(f"/units/export/{ORGANISATION}").text, "x.yaml")
    added = exported.unit("ban-quan-ly-cac-khu-cong-nghiep-tinh")
    assert added.external
    assert names_linked_to(world, STRANGE_NAME) == {unit_id_in_directory(world, STRANGE_NAME)}


def unit_id_in_directory(world: WebWorld, name: str) -> int:
    with world.app.reading() as session:
        found = session.exec(select(Unit).where(Unit.name == name, Unit.in_directory)).one()
        assert found.id is not None
        return found.id


def test_an_invitation_shows_its_code_once_a_qr_code_and_the_deep_link(
    world: WebWorld,
) -> None:
    office = world.signed_in("office")
    unit = unit_id(world, LEAD_UNIT)
    page = post(office, f"/units/{unit}/invitations")
    assert page.status_code == 200
    found = re.search(rf"https://t\.me/{BOT}\?start=([A-Z2-9]{{10}})", page.text)
    assert found is not None
    code = found.group(1)
    assert f"?startgroup={code}" in page.text
    assert "<svg" in page.text
    assert 'class="segno"' in page.text
    assert "<script>" not in page.text
    assert "style=" not in page.text  # the CSP allows no inline style
    assert "Hết hạn lúc 09/03/2026 09:00" in page.text
    # Telegram sends the deep link's payload as "/start <code>": it links the chat
    with world.app.transaction() as session:
        linked = links.redeem(
            session, code, ChatInfo("-100777", "group", "Nhóm QLTT"), by="Trưởng", now=NOW
        )
    assert linked.unit.name == LEAD_UNIT
    listing = office.get("/units")
    assert "Nhóm QLTT" in listing.text
    assert "liên kết lúc 02/03/2026 09:00 bởi Trưởng" in listing.text
    gone = post(office, f"/units/{unit}/revoke", {"chat": "-100777"})
    assert gone.status_code == 303
    after = office.get("/units")
    assert "Đã gỡ 1 liên kết Telegram của «Chi cục Quản lý thị trường»." in after.text
    assert "Nhóm QLTT" not in after.text


def test_without_the_bots_name_the_code_is_shown_with_the_command(world: WebWorld) -> None:
    world.api.state.bot_username = ""
    page = post(world.signed_in("admin"), f"/units/{unit_id(world, LEAD_UNIT)}/invitations")
    assert page.status_code == 200
    assert "telegram.bot_username" in page.text
    assert "https://t.me" not in page.text
    assert "<svg" not in page.text
    assert re.search(r"/start [A-Z2-9]{5}-[A-Z2-9]{5}", page.text)


def test_an_office_invitation_only_for_the_office_unit_by_its_office(world: WebWorld) -> None:
    office_unit = unit_id(world, OFFICE_UNIT)
    for login, status in (("admin", 200), ("office", 200), ("office-other", 403)):
        page = post(world.signed_in(login), f"/units/{office_unit}/invitations", {"office": "true"})
        assert page.status_code == status, login
    refused = post(
        world.signed_in("admin"), f"/units/{unit_id(world, LEAD_UNIT)}/invitations", {"office": "1"}
    )
    assert refused.status_code == 400  # the same sentence as the CLI's
    assert "«Chi cục Quản lý thị trường» không phải cơ quan thường trực" in refused.text


# -- who may do what ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # {unit}: a unit of the directory, {strange}: a name no directory knows
    allowed: frozenset[str]
    data: tuple[tuple[str, str], ...] = ()


READERS = frozenset({"admin", "office", "office-other"})
ROUTES = (
    Route("GET", "/units", READERS),
    Route("GET", f"/units/export/{ORGANISATION}", READERS),
    Route("POST", "/units/import", frozenset({"admin"})),
    Route("POST", "/units/unknown/{strange}/add", frozenset({"admin"})),
    Route("POST", "/units/unknown/{strange}/alias", frozenset({"admin"}), (("target", "{unit}"),)),
    Route("POST", "/units/{unit}/invitations", READERS),
    Route("POST", "/units/{unit}/revoke", READERS),
    Route("GET", "/units/{unit}/edit", frozenset({"admin"})),
    Route("POST", "/units/{unit}/edit", frozenset({"admin"}), (("name", LEAD_UNIT),)),
    Route("GET", f"/units/new/{ORGANISATION}", frozenset({"admin"})),
    Route("POST", f"/units/new/{ORGANISATION}", frozenset({"admin"}), (("name", "Đơn vị mới"),)),
)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.method} {route.path}")
def test_each_route_for_each_role(world: WebWorld, route: Route) -> None:
    values = {"unit": str(unit_id(world, LEAD_UNIT)), "strange": str(unit_id(world, STRANGE_NAME))}
    path = route.path.format(**values)
    data = {name: value.format(**values) for name, value in route.data}
    directory = SCT_UNITS.read_bytes()
    for person in PEOPLE:
        browser = world.signed_in(person.login)
        if route.method == "GET":
            answer = browser.get(path)
        elif path == "/units/import":
            answer = post(browser, path, file=("u.yaml", directory, "application/yaml"))
        else:
            answer = post(browser, path, data)
        expected = {200, 303} if person.login in route.allowed else {403}
        assert answer.status_code in expected, (person.login, answer.status_code)
    stranger = world.browser().request(route.method, path, data=data)
    assert (stranger.status_code, stranger.headers["location"].startswith("/login")) == (303, True)
