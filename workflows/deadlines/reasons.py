"""Why a reading needs review. Each code has a message ``deadline.reason.<code>`` (vi, en)."""

from __future__ import annotations

from enum import StrEnum

from workflows.schedule import Reason


class ReasonCode(StrEnum):
    EMPTY = "empty"  # the cell is empty
    NO_DATE = "no_date"  # "Theo Kế hoạch phê duyệt": no computable date (rule 11); {text}
    ON_DEMAND = "on_demand"  # "đột xuất" alone (rule 7)
    UNMATCHED = "unmatched"  # no rule matched; {text}
    PARTIAL = "partial"  # some words matched no rule; {text}
    INVALID_DATE = "invalid_date"  # "29/02" in a year without it; {text}
    SPREADSHEET_DAY = "spreadsheet_day"  # a bare day number read as a date; {text}, {due}
    BEFORE_PERIOD = "before_period"  # an occurrence ends before the plan period; {label}, {due}
    YEARLESS_BEFORE_PERIOD = (
        "yearless_before_period"  # same, year taken from the plan; {text}, {due}
    )
    NEXT_YEAR = "next_year"  # a yearly report's date moved to next year (rule 1); {text}, {due}
    QUALIFIER_NOT_MATCHED = "qualifier_not_matched"  # no part is for the issuer's level (rule 9)
    CONDITION_IN_NOTE = "condition_in_note"  # a note names a condition (rule 10); {note}
    START_ONLY = "start_only"  # "Từ 01/7/2025": no due date (rule 15); {start}
    OPEN_ENDED = "open_ended"  # "… và những năm tiếp theo" (rule 15); {year}
    MILESTONE = "milestone"  # a dated milestone inside continuous work (rule 16); {text}
    REFERENCE = "reference"  # a document number and date, not a deadline (rule 17); {text}
    ASSUMED_CADENCE = "assumed_cadence"  # "Định kỳ" with no period: quarterly assumed (rule 6)
    UNSUPPORTED_CADENCE = "unsupported_cadence"  # "hằng tuần"; {text}
    MIXED = "mixed"  # an event or a second cadence beside dates; {text}
    EVENT_UNIT_MISSING = "event_unit_missing"  # "trong vòng 05 sau khi …": days of what?; {text}
    EVENT_IN_TEXT = "event_in_text"  # review hint: an event phrase in another column; {text}
    CONDITION_IN_TEXT = "condition_in_text"  # review hint: "(nếu có)" in another column; {text}
    NO_LEAD = "no_lead"  # the row names no lead unit: someone must be given the task
    # a recurring row counted over a period the document does not name; {start}, {end}
    PERIOD_GUESSED = "period_guessed"
    # a cadence picked out of the task's sentence («… kế hoạch trung hạn, hằng năm …»); {text}
    TIME_IN_SENTENCE = "time_in_sentence"


def reason(code: ReasonCode, **params: str) -> Reason:
    return Reason(code.value, params)
