"""Plan text comes out intact in every form and never breaks a message.

The text form holds the exact words; the HTML forms, parsed back, give the exact words; Telegram
gets only <b>/<i> around our own words, each closed on the line it opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifiers.message import DigestItem, DigestSection, Message, RecipientRole, ReminderKind
from notifiers.render import MessageType, Rendered, render, shorten
from tests.unit.notifiers import messages

EMAIL_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "body",
    "h1",
    "h2",
    "p",
    "strong",
    "ul",
    "li",
    "div",
    "hr",
}
TELEGRAM_TAGS = {"b", "i"}  # a subset of what Telegram allows (b, i, u, s, a, code, pre)
HOSTILE = [
    "<b>",
    "</b>",
    "</i>",
    "&",
    "&amp;",
    "&#60;",
    "*_[",
    "`",
    '<a href="tg://x">',
    "<!--",
    "<script>alert(1)</script>",
    "\x00",
    "\x1b[31m",
    "\n",
    "\r\n",
    "\u2028",
    "\x85",
    "\t",
    "«»“”'\"",
]


@dataclass
class Parsed(HTMLParser):
    """What an HTML parser sees: the text, the tags and anything else (comments, PIs)."""

    data: list[str] = field(default_factory=list)
    tags: list[tuple[str, str, list[tuple[str, str | None]]]] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(("start", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("end", tag, []))

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment {data}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"pi {data}")

    @property
    def text(self) -> str:
        return "".join(self.data)


def parse(html: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(html)
    parsed.close()
    return parsed


def assert_telegram_safe(telegram: str) -> None:
    """Only <b>/<i> without attributes, and every line (at any line break) balanced on its own."""
    for line in telegram.splitlines():
        open_tags: list[str] = []
        parsed = parse(line)
        assert not parsed.other, line
        for event, tag, attrs in parsed.tags:
            assert tag in TELEGRAM_TAGS, line
            assert not attrs, line
            if event == "start":
                open_tags.append(tag)
            else:
                assert open_tags.pop() == tag, line
        assert not open_tags, line


def assert_shown(rendered: Rendered, words: list[str]) -> None:
    assert all(word in rendered.text for word in words)
    email = parse(rendered.html)
    assert not email.other
    assert {tag for _, tag, _ in email.tags} <= EMAIL_TAGS
    assert all(word in email.text for word in words)
    telegram = parse(rendered.telegram_html)
    assert all(word in telegram.text for word in words)
    assert_telegram_safe(rendered.telegram_html)
    assert "\n" not in rendered.subject
    assert rendered.subject.isprintable()


plan_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(HOSTILE)), max_size=8).map(
    "".join
)
long_text = st.one_of(plan_text, plan_text.map(lambda words: (words + " ") * 200))


@dataclass(frozen=True)
class Words:
    name: str
    ref: str
    title: str
    lead: str
    time_text: str
    due_words: str
    label: str
    note: str
    recipient: str
    event: str


words_strategy = st.builds(
    Words,
    name=plan_text,
    ref=plan_text,
    title=long_text,
    lead=plan_text,
    time_text=long_text,
    due_words=plan_text,
    label=plan_text,
    note=plan_text,
    recipient=plan_text,
    event=long_text,
)


def built(kind: MessageType, w: Words) -> tuple[Message, list[str]]:
    """A message of ``kind`` carrying the words, and the words every form must show."""
    fields = {
        "lead": w.lead,
        "time_text": w.time_text,
        "due_words": w.due_words,
        "label": w.label,
        "days": 4,
    }
    shown = [w.name, w.ref, shorten(w.title), w.lead, w.time_text, w.label]
    if w.due_words.strip().lower() != w.time_text.strip().lower():
        shown.append(w.due_words)
    due = date(2025, 8, 29)
    sections: dict[DigestSection, tuple[DigestItem, ...]]
    awaited: tuple[str, ...] = ()
    role = RecipientRole.OFFICE
    if kind is MessageType.ACTION:
        returned = messages.item(ReminderKind.RETURNED, w.ref, w.title, due, note=w.note, **fields)
        sections = {DigestSection.ACTION: (returned,)}
        shown.append(w.note)
        role = RecipientRole.LEAD
    elif kind is MessageType.ESCALATION:
        late = messages.item(ReminderKind.ESCALATION, w.ref, w.title, due, **fields)
        sections = {DigestSection.OVERDUE: (late, late)}
    elif kind is MessageType.OFFICE_WEEKLY:
        undated = messages.item(ReminderKind.OFFICE_WEEKLY, w.ref, w.title, None, **fields)
        failed = messages.item(
            ReminderKind.DUE, w.ref, w.title, due, note=w.note, recipient=w.recipient, **fields
        )
        sections = {DigestSection.OFFICE_LIST: (undated,), DigestSection.FAILED: (failed,)}
        awaited = (w.event,)
        shown += [w.note, w.recipient, w.event]
    else:
        overdue = messages.item(ReminderKind.OVERDUE, w.ref, w.title, due, **fields)
        noted = messages.item(ReminderKind.BEFORE_DUE, w.ref, w.title, due, note=w.note, **fields)
        sections = {DigestSection.OVERDUE: (overdue,), DigestSection.UPCOMING: (noted,)}
        shown.append(w.note)
        role = RecipientRole.PARTNER
    message = messages.message(sections, name=w.name, role=role, awaited=awaited)
    return message, shown


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MessageType), words_strategy, st.sampled_from(["vi", "en"]))
def test_any_plan_text_comes_out_intact(kind: MessageType, w: Words, language: str) -> None:
    message, shown = built(kind, w)
    rendered = render(message, language=language)
    assert_shown(rendered, shown)


def test_markup_in_plan_text_is_escaped_not_obeyed() -> None:
    title = 'Báo cáo <b>CCHC</b> & "*_[" <script>alert(1)</script>'
    item = messages.item(ReminderKind.OVERDUE, "I.1", title, date(2025, 8, 26), days=3)
    rendered = render(messages.message({DigestSection.OVERDUE: (item,)}))
    assert title in rendered.text
    escaped = (
        "Báo cáo &lt;b&gt;CCHC&lt;/b&gt; &amp; &#34;*_[&#34; &lt;script&gt;alert(1)&lt;/script&gt;"
    )
    assert escaped in rendered.html
    assert escaped in rendered.telegram_html
    assert "<script>" not in rendered.html
    assert_shown(rendered, [title])


def test_a_very_long_line_stays_whole() -> None:
    time_text = "Trước ngày 31/8/2025 " * 500
    item = messages.item(ReminderKind.DUE, "I.1", "Báo cáo", date(2025, 8, 29), time_text=time_text)
    rendered = render(messages.message({DigestSection.DUE_TODAY: (item,)}))
    assert f"«{time_text}»" in rendered.text
    assert_shown(rendered, [time_text])
