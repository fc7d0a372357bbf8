"""Messages into words: the Jinja2 templates every notifier renders from.

``notifiers/templates/`` holds one structure per message type and form, and one vocabulary per
language:

- ``<type>.<form>.j2`` with type ``digest`` (the day's reminders), ``action`` (task returned,
  new plan: at once), ``escalation`` (long-overdue work, to the office and the unit's head,
  grouped by unit), ``office_weekly`` (the office's Monday list) or ``check`` (a test message
  from ``nhacviec check-channels``), chosen from the message's
  content by ``message_type``; and form ``txt`` (console, file, email text part), ``html`` (the
  email's HTML part, autoescaped) or ``telegram`` (Telegram's HTML subset, autoescaped: only
  <b>/<i> around our own words, closed on the line they open, never around plan text, so a long
  message can be cut at any line); each extends ``_layout.<form>.j2``;
- ``subject.txt.j2``: one line of counts and the day, never plan text;
- ``<language>/_words.j2``: every sentence and phrase of that language (vi, en) as macros and
  constants, which a template reads as ``w`` after ``{% set w = words(language) %}`` (``Words``:
  each macro's answer is kept, as a digest asks the same few questions again and again). A
  language may also override a whole template as ``<language>/<name>`` (looked up first), should
  its structure need to differ.

Plan text (titles, units, deadline words) reaches the reader exactly as the plan wrote it; only
task titles longer than ``TITLE_LIMIT`` are shortened (``short``). The environment is strict: a
misspelt variable fails the render instead of printing nothing.

``render`` only reads the message (its type, its blocks); each form is rendered when a channel
first reads it (``Rendered.text`` …) and kept, so a Telegram message never pays for the email's
HTML. A template error therefore surfaces when the form is read, not when ``render`` returns
(``Rendered.complete()`` renders every form at once). Every template sees ``message``, ``blocks``,
``sections`` (whole, for counts), ``mixed`` (the unit leads some tasks and supports others),
``items``, ``language``, ``day``, ``role`` and ``type``; the HTML forms also see ``subject``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError, dataclass
from datetime import date
from enum import StrEnum
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, NoReturn

import jinja2
from jinja2.nodes import EvalContext

from nhacviec.i18n import DEFAULT_LANGUAGE, Language, translate
from notifiers.message import DigestItem, DigestSection, Message, ReminderKind

TITLE_LIMIT = 160  # characters of a task title shown before it is shortened
AWAITED_EVENTS = "awaited_events"  # the block listing awaited events (not a DigestSection)
_TRAILING_PUNCTUATION = " \t,;:.-–—/("
_LANGUAGES = frozenset(member.value for member in Language)
_FORMS = ("subject", "text", "html", "telegram_html")
_ROLES = ("lead", "partner")  # RecipientRole values a digest shows apart


class MessageType(StrEnum):
    DIGEST = "digest"
    ACTION = "action"
    ESCALATION = "escalation"
    OFFICE_WEEKLY = "office_weekly"
    CHECK = "check"


class Form(StrEnum):
    TEXT = "txt"
    HTML = "html"
    TELEGRAM = "telegram"


class Rendered:
    """One message in every form a channel may need, each rendered when first read, then kept.

    ``render`` makes one from a message; ``Rendered(subject=…, text=…, html=…, telegram_html=…)``
    holds forms written out already. Read-only, like a frozen dataclass: equal (and hashing
    alike) when every form and the language are equal.
    """

    language: str

    def __init__(
        self,
        subject: str,
        text: str,
        html: str,
        telegram_html: str,
        language: str = DEFAULT_LANGUAGE.value,
    ) -> None:
        forms = dict(zip(_FORMS, (subject, text, html, telegram_html), strict=True))
        vars(self).update(forms, language=language, _source=None)

    @classmethod
    def _from(cls, source: _Source) -> Rendered:
        rendered = cls.__new__(cls)
        vars(rendered).update(language=source.language, _source=source)
        return rendered

    @cached_property
    def subject(self) -> str:
        """One line: the email subject."""
        return _one_line(self._render("subject.txt.j2"))

    @cached_property
    def text(self) -> str:
        """Plain text: console, file, the email's text part, Telegram's plain fallback."""
        return self._render(f"{self._kind}.{Form.TEXT}.j2")

    @cached_property
    def html(self) -> str:
        """A whole HTML document: the email's HTML part."""
        return self._render(f"{self._kind}.{Form.HTML}.j2", subject=self.subject)

    @cached_property
    def telegram_html(self) -> str:
        """Telegram's HTML subset (parse_mode=HTML)."""
        return self._render(f"{self._kind}.{Form.TELEGRAM}.j2")

    def complete(self) -> Rendered:
        """Every form rendered now (a template error raises here, not later); ``self``."""
        self._forms()
        return self

    def _forms(self) -> tuple[str, ...]:
        return (self.subject, self.text, self.html, self.telegram_html, self.language)

    @property
    def _kind(self) -> MessageType:
        return self._source_or_fail().kind

    def _render(self, name: str, **extra: str) -> str:
        source = self._source_or_fail()
        return _template(source.language, name).render(source.context, **extra)

    def _source_or_fail(self) -> _Source:
        source: _Source | None = vars(self)["_source"]
        if source is None:  # unreachable: built with every form, none is rendered
            raise AttributeError("a Rendered built from its forms has nothing to render")
        return source

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rendered):
            return NotImplemented
        return self._forms() == other._forms()

    def __hash__(self) -> int:
        return hash(self._forms())

    def __repr__(self) -> str:
        known = vars(self)
        shown = (f"{name}={known[name]!r}" if name in known else f"{name}=…" for name in _FORMS)
        return f"Rendered({', '.join(shown)}, language={self.language!r})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass(frozen=True)
class _Source:
    """What a message's forms are rendered from: its language, its type, the templates' context."""

    language: str
    kind: MessageType
    context: Mapping[str, Any]


@dataclass(frozen=True)
class Block:
    """One heading of a message with what goes under it: digest items, or awaited events."""

    name: str  # a DigestSection value, or AWAITED_EVENTS
    items: tuple[DigestItem, ...] = ()
    events: tuple[str, ...] = ()
    role: str = ""  # lead or partner: the part of a section about tasks the unit leads/supports

    @property
    def size(self) -> int:
        return len(self.items) + len(self.events)


# -- formatting helpers (also the templates' filters) -----------------------------------------


def format_date(day: date) -> str:
    """31/07/2025: the way Vietnamese documents write a date (as ``%d/%m/%Y``, faster)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def weekday_name(day: date, language: Language | str = DEFAULT_LANGUAGE) -> str:
    """ "thứ Hai" … "Chủ nhật" (English "Monday" …), from the catalogue."""
    return _weekday_word(day.weekday(), resolve_language(language))


@cache
def _weekday_word(weekday: int, language: str) -> str:
    """Looked up once: the catalogue is read once too, and a digest names many days."""
    return translate(f"notifiers.weekday.{weekday}", language)


def shorten(text: str, limit: int = TITLE_LIMIT) -> str:
    """``text`` if it fits in ``limit`` characters; else cut at a word boundary, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:  # a word boundary not too far back
        cut = cut[:space]
    return cut.rstrip(_TRAILING_PUNCTUATION) + "…"


def resolve_language(language: Language | str | None) -> str:
    """A supported language code; anything else falls back to Vietnamese."""
    return str(language) if language in _LANGUAGES else DEFAULT_LANGUAGE.value


@jinja2.pass_context
def _weekday_filter(context: jinja2.runtime.Context, day: date, language: str = "") -> str:
    return weekday_name(day, language or context.get("language", DEFAULT_LANGUAGE.value))


# -- what a message is ----------------------------------------------------------------------


def message_type(message: Message) -> MessageType:
    """Which kind of message this is, read from what it holds.

    Only escalations → escalation; only action items → action; only the office's list (undated
    tasks, awaited events, failed deliveries) → office weekly; anything else, or a mix → digest
    (which shows every section, so nothing is ever left out). A probe → check.
    """
    if message.probe:
        return MessageType.CHECK
    present = {section for section, items in message.sections.items() if items}
    kinds = {item.kind for section in present for item in message.sections[section]}
    events = bool(message.awaited_events)
    if kinds == {ReminderKind.ESCALATION} and not events:
        return MessageType.ESCALATION
    if present == {DigestSection.ACTION} and not events:
        return MessageType.ACTION
    office_only = present <= {DigestSection.OFFICE_LIST, DigestSection.FAILED}
    if office_only and (events or DigestSection.OFFICE_LIST in present):
        return MessageType.OFFICE_WEEKLY
    return MessageType.DIGEST


def blocks(message: Message, *, by_role: bool = True) -> list[Block]:
    """The message's non-empty headings in reading order; awaited events follow the office list.

    In a message about tasks the unit leads and tasks it supports, each section shows them
    apart, the led ones first (``by_role``; the subject counts whole sections).
    """
    split = by_role and mixed_roles(message)
    found: list[Block] = []
    for section in DigestSection:
        if section is DigestSection.FAILED and message.awaited_events:
            found.append(Block(AWAITED_EVENTS, events=message.awaited_events))
        items = tuple(message.sections.get(section, ()))
        if items:
            found.extend(_by_role(section, items) if split else [Block(section.value, items)])
    return found


def _by_role(section: DigestSection, items: tuple[DigestItem, ...]) -> list[Block]:
    if any(_role(item) not in _ROLES for item in items):
        return [Block(section.value, items)]
    parts = ((role, tuple(item for item in items if _role(item) == role)) for role in _ROLES)
    return [Block(section.value, found, role=role) for role, found in parts if found]


def _role(item: DigestItem) -> str:
    """The item's role; a template reading something else fails when a form is rendered."""
    return str(getattr(item, "role", ""))


def mixed_roles(message: Message) -> bool:
    """Whether the message is about tasks the unit leads and tasks it supports."""
    roles = {_role(item) for items in message.sections.values() for item in items}
    return set(_ROLES) <= roles


# -- rendering ------------------------------------------------------------------------------


@cache
def environment() -> jinja2.Environment:
    """The templates' environment (built once): autoescape for HTML forms, strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("notifiers", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2", "telegram.j2"),
            disabled_extensions=("txt.j2",),
            default_for_string=False,
            default=False,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(vn_date=format_date, vn_weekday=_weekday_filter, short=shorten)
    env.globals["words"] = words
    return env


class Words:
    """A language's words (``<language>/_words.j2``) as the templates read them: ``{% set w =
    words(language) %}``, then ``w.due_label``, ``w.status(kind, days)`` ….

    Its constants are as the file sets them. Its macros are the file's own, each answer kept: a
    words macro depends on its arguments only (our own values: a type, a role, a number, a day;
    never plan text), and a digest asks the same few questions again and again (each task's
    status, the day of each deadline), which Jinja would otherwise work out anew every time.
    An answer is kept per arguments (and their types) and per escaping, as a macro's answer to an
    HTML form is markup and to a text form is text.
    """

    _KEPT = 4096  # answers kept per macro before it starts afresh (days add up over the years)

    def __init__(self, module: jinja2.environment.TemplateModule) -> None:
        for name, value in vars(module).items():
            if not name.startswith("_"):
                kept = self._kept(value) if isinstance(value, jinja2.runtime.Macro) else value
                setattr(self, name, kept)

    if TYPE_CHECKING:  # a word or a phrase of the file, by its name

        def __getattr__(self, name: str) -> Any: ...

    @classmethod
    def _kept(cls, macro: jinja2.runtime.Macro) -> Callable[..., str]:
        answers: dict[tuple[object, ...], str] = {}

        @jinja2.pass_eval_context  # a template passes its escaping first, as to the macro itself
        def ask(*args: object) -> str:
            escaping = args[0].autoescape if args and isinstance(args[0], EvalContext) else None
            asked = args if escaping is None else args[1:]
            key = (escaping, asked, tuple(map(type, asked)))
            try:
                return answers[key]
            except KeyError:
                if len(answers) >= cls._KEPT:
                    answers.clear()
                answer: str = macro(*args)
                answers[key] = answer
                return answer
            except (TypeError, jinja2.UndefinedError):  # an argument that cannot be a key
                answer = macro(*args)
                return answer

        return ask


@cache
def words(language: str) -> Words:
    """The words of ``language`` (``<language>/_words.j2``), loaded once."""
    return Words(environment().get_template(f"{language}/_words.j2").module)


def template_names(language: str, name: str) -> list[str]:
    """Where template ``name`` is looked for: the language's own version first, then the shared
    one (whose words come from ``<language>/_words.j2``)."""
    return [f"{language}/{name}", name]


def render(message: Message, *, language: str | None = None) -> Rendered:
    """The message in every form, in ``language`` (default: the message's own language); each
    form is rendered when first read."""
    if message.is_empty:
        raise ValueError("an empty message has nothing to say; do not send it")
    lang = resolve_language(language or message.language)
    kind = message_type(message)
    shown = blocks(message)
    context: dict[str, Any] = {
        "message": message,
        "blocks": shown,
        "sections": blocks(message, by_role=False),  # whole sections, for the subject's counts
        "mixed": mixed_roles(message),
        "language": lang,
        "day": message.day,
        "role": message.role.value,
        "type": kind.value,
        "items": [item for block in shown for item in block.items],
    }
    return Rendered._from(_Source(lang, kind, context))


@cache
def _template(language: str, name: str) -> jinja2.Template:
    """Template ``name`` for ``language``, looked up once (the loader would be asked again for
    the language's own version each time: a missed lookup is not cached by Jinja)."""
    return environment().select_template(template_names(language, name))


def _one_line(text: str) -> str:
    return " ".join(text.split())
