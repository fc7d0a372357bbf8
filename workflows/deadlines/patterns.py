"""Named regular expressions for the words of a "Thời gian" cell.

They run on the matching form (lower case, one kind of dash, single spaces; see ``words``).
Spelling variants are folded into the patterns: "quý"/"quí", "hàng"/"hằng".
"""

from __future__ import annotations

import re

_B = r"(?<!\w)"  # a word starts here
_QUY = r"qu(?:ý|í|úy|y)"
_HANG = r"h[àằ]ng"
YEAR = r"(?:19|20)\d{2}(?!\d)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
MONTH = r"(?:1[0-2]|0?[1-9])(?!\d)"
# A Roman numeral may run straight into its year in a careless cell: "Quý IV2026".
QUARTER = r"(?:(?:iv|iii|ii|i)(?:(?!\w)|(?=(?:19|20)\d{2}(?!\d)))|[1-4](?!\w))"
_SEP = r"\s*[/.-]\s*"
# A year written after a month or quarter: "/2025", "-2025", " năm 2025", ", năm 2025".
_YEAR_AFTER = rf"(?:{_SEP}|\s*,?\s*năm\s*|(?<=[iv]))(?P<year>{YEAR})"
# The words that separate the items of a list ("," "và") or a range ("-" "đến").
LIST_OR_RANGE = r"\s*(?:,|và|-|đến|tới)\s*"

# Prepositions before a date. "trước" is strict; the others mean "on or before".
_PREP = (
    r"(?P<prep>trước|đến\s*hết|đến|tới|chậm\s*nhất(?:\s*là)?(?:\s*(?:vào|đến))?"
    r"|hạn\s*chót(?:\s*là)?|trong|vào|hạn)"
)

# "trước ngày 31/7/2025", "31-7-2025", "ngày 07/11", "31.7.2025" (year optional). One kind
# of separator per date, and never right after "tháng": "Tháng 7 - 9/2025" is two months.
NUMERIC_DATE = re.compile(
    rf"{_B}(?:{_PREP}\s*)?(?P<ngay>ngày\s*)?(?<![\w/.])(?<!tháng\s)(?P<day>{DAY})"
    rf"\s*(?P<sep>[/.-])\s*(?P<month>{MONTH})(?:\s*(?P=sep)\s*(?P<year>{YEAR}))?"
    r"(?!\s*[/.-]\s*\d)"
)
# "ngày 31 tháng 7 năm 2025", "trước ngày 7 tháng 11".
VERBAL_DATE = re.compile(
    rf"{_B}(?:{_PREP}\s*)?(?P<ngay>ngày)\s*(?P<day>{DAY})\s*tháng\s*(?P<month>{MONTH})"
    rf"(?:\s*,?\s*năm\s*(?P<year>{YEAR}))?"
)
# A date as a spreadsheet writes it: "2025-07-31", "2025-07-31T08:00:00".
ISO_DATE = re.compile(
    rf"(?<![\w/.-])(?P<year>{YEAR})-(?P<month>1[0-2]|0[1-9])-(?P<day>3[01]|[12]\d|0[1-9])"
    r"(?:t[\d:.]+)?(?![\w/-])"
)
# A spreadsheet day number alone in the cell (days since 30/12/1899): "45869" is 31/7/2025.
SPREADSHEET_DAY = re.compile(r"^\s*(?P<serial>[3-7]\d{4})(?:\.0+)?\s*$")
# "trước ngày 20 hằng tháng", "hàng tháng, trước ngày 20", "Hằng tháng (trước ngày 25)".
MONTHLY_ON_DAY = re.compile(
    rf"{_B}(?:(?:{_PREP}\s*)?ngày\s*(?P<day>{DAY})\s*(?:của\s*)?(?:các\s*)?{_HANG}\s*tháng"
    rf"|{_HANG}\s*tháng\s*[,(]?\s*(?P<prep2>trước|đến|vào|chậm\s*nhất)?\s*ngày\s*"
    rf"(?P<day2>{DAY})(?!{_SEP}\d)(?!\s*tháng)\s*\)?)"
)
# "6 tháng đầu năm", "06 tháng cuối năm 2025".
HALF = re.compile(
    rf"{_B}(?:0?6|sáu)\s*tháng\s*(?P<which>đầu|cuối)(?:\s*năm)?(?:\s*,?\s*(?P<year>{YEAR}))?"
)
# "Quý III", "Quí IV-2025", "Quý III, IV/2025", "Quý II và Quý IV/2025", "Quý III-IV",
# "Quý III Năm 2026". The items are read by ``anchors.list_groups``.
QUARTERS = re.compile(
    rf"{_B}{_QUY}\s*(?P<items>{QUARTER}(?:{LIST_OR_RANGE}(?:{_QUY}\s*)?{QUARTER})*)"
    rf"(?:{_YEAR_AFTER})?"
)
# "Tháng 9/2025", "tháng 06/2026", "trong tháng 9", "tháng 7 - tháng 9/2025".
MONTHS = re.compile(
    rf"{_B}tháng\s*(?P<items>{MONTH}(?:{LIST_OR_RANGE}(?:tháng\s*)?{MONTH})*)"
    rf"(?:{_YEAR_AFTER})?"
)
# A month and year with no day and no word: "6/2025", "01/2025" (a month, not a day).
MONTH_YEAR = re.compile(rf"(?<![\w/.-])(?P<month>{MONTH}){_SEP}(?P<year>{YEAR})(?![\w/])")
# "2025-2030", "Năm 2025-2030", "từ năm 2025 đến năm 2030", "2026 - 2030".
YEAR_RANGE = re.compile(
    rf"(?<![\w/.-])(?:năm\s*)?(?P<first>{YEAR})\s*(?:-|đến|tới)\s*(?:năm\s*)?(?P<last>{YEAR})"
)
# "2025", "năm 2025" — not part of a date or a number.
YEAR_ONLY = re.compile(rf"(?<![\w/.-])(?:năm\s*)?(?P<year>{YEAR})(?!\s*[/.-]\s*\d)")
# "trong năm", "cả năm", "trong năm nay": the plan year.
THIS_YEAR = re.compile(rf"{_B}(?:trong|cả)\s*năm(?:\s*nay)?(?!\s*\d)(?!\w)")
# "… và những năm tiếp theo", "các năm sau".
OPEN_ENDED = re.compile(rf"{_B}(?:những|các)\s*năm\s*(?:tiếp\s*theo|tiếp|sau)(?!\w)")

MONTHLY = re.compile(rf"{_B}{_HANG}\s*tháng(?!\s*\d)")
QUARTERLY = re.compile(rf"{_B}{_HANG}\s*{_QUY}(?!\s*(?:{QUARTER}))")
YEARLY = re.compile(rf"{_B}{_HANG}\s*năm(?!\s*\d)")
WEEKLY = re.compile(rf"{_B}{_HANG}\s*tuần")
# Continuous work: "thường xuyên", "liên tục", "hằng ngày".
CONTINUOUS = re.compile(rf"{_B}(?:thường\s*xuyên|liên\s*tục|{_HANG}\s*ngày)(?!\w)")
PERIODIC = re.compile(rf"{_B}định\s*kỳ(?!\w)")
# On demand, not an event: "đột xuất", "khi có yêu cầu", "theo yêu cầu", "khi có phát sinh".
ON_DEMAND = re.compile(
    rf"{_B}(?:đột\s*xuất|(?:khi\s*có|theo)\s*yêu\s*cầu|khi\s*(?:có\s*)?phát\s*sinh)(?!\w)"
)

# The end of a clause: a semicolon, a bracket, a full stop followed by a space or the end.
_CLAUSE_END = r"(?=\s*(?:$|;|[()]|\.\s|\.$))"
# "trong vòng 05 ngày sau khi Bộ, ngành trung ương công bố", "30 ngày làm việc kể từ ngày …".
EVENT_WITH_OFFSET = re.compile(
    rf"{_B}(?:trong\s*(?:vòng|thời\s*hạn|thời\s*gian)?\s*)?(?P<days>\d{{1,3}})\s*"
    rf"(?P<unit>ngày(?:\s*làm\s*việc)?)?\s*,?\s*(?:sau\s*khi|kể\s*từ\s*(?:ngày|khi)?)\s*"
    rf"(?P<event>[^;()]+?){_CLAUSE_END}"
)
# "Sau khi có Quy chế của TW", "kể từ ngày Kế hoạch được phê duyệt", "khi có hướng dẫn".
EVENT = re.compile(
    rf"{_B}(?:sau\s*khi|kể\s*từ\s*(?:ngày|khi)|(?=khi\s*có)khi)\s*(?P<event>[^;()]+?){_CLAUSE_END}"
)
# "Theo Kế hoạch phê duyệt", "Theo KH năm", "Căn cứ vào văn bản của Sở Tư pháp …",
# "theo lộ trình, hướng dẫn của Bộ, ngành": the date is in another document.
NO_DATE = re.compile(
    rf"{_B}(?:theo|căn\s*cứ(?:\s*vào)?)\s*(?:kế\s*hoạch|kh\w*|phương\s*án|lộ\s*trình|hướng\s*dẫn"
    r"|văn\s*bản|quy\s*định|chỉ\s*đạo|đề\s*án|chương\s*trình|thông\s*báo|tiến\s*độ|quyết\s*định"
    r"|nghị\s*quyết|thực\s*tế|nhu\s*cầu|tình\s*hình|lịch)(?!\w)"
    r".*?(?=\s*(?:$|;|\(|\.\s|\.$|,\s*(?:trước|đến|chậm|hạn|qu[ýí]|tháng|năm|ngày|\d)))"
)
_DOC_TYPES = (
    r"thông\s*báo|kế\s*hoạch|quyết\s*định|công\s*văn|văn\s*bản|nghị\s*quyết|chỉ\s*thị"
    r"|thông\s*tư|nghị\s*định|tờ\s*trình|báo\s*cáo"
)
# A document number: "…/TB-…", "310/KH-UBND", "92/2009/TT- BTC".
_DOC_NUMBER = r"[\d….]*\s*/\s*(?:\d{4}\s*/\s*)?[a-zđ&]{1,8}(?:\s*-\s*[\wđ&…]+)+"
# "Thông báo số …/TB-… ngày 17/12/2025", "Kế hoạch số …/KH-UBND ngày …".
REFERENCE = re.compile(
    rf"{_B}(?:(?:{_DOC_TYPES})\s*)?(?:số\s*:?\s*)?{_DOC_NUMBER}"
    rf"(?:\s*ngày\s*(?:{DAY}{_SEP}{MONTH}{_SEP}{YEAR}"
    rf"|{DAY}\s*tháng\s*{MONTH}\s*năm\s*{YEAR}|[….\s/]+(?:{YEAR})?))?"
)

# A parenthesised aside: "(đối với tuyển dụng công chức …)"; an unclosed one runs to the end.
PARENTHESES = re.compile(r"\([^()]*(?:\)|$)")
# Words that make an aside a condition (rule 10).
CONDITION = re.compile(
    rf"{_B}(?:sau\s*khi|khi\s*có|nếu|trường\s*hợp|kể\s*từ|tùy|tuỳ|phụ\s*thuộc|chờ)(?!\w)"
)

# Words that carry no date of their own ("Hoàn thành trong năm 2025", "Thực hiện thường xuyên").
FILLER = re.compile(
    rf"{_B}(?:thực\s*hiện|triển\s*khai|hoàn\s*thành|hoàn\s*thiện|nhiệm\s*vụ|đảm\s*bảo|bảo\s*đảm"
    r"|xong|thời\s*gian|thời\s*hạn|dự\s*kiến|trong|từ|đến|tới|vào|và|hoặc|cả|riêng|giai\s*đoạn"
    r"|sau\s*đó|để|là|chậm\s*nhất|kịp\s*thời|dứt\s*điểm|cơ\s*bản|các|những|hết|ngay|tiếp\s*tục"
    r"|duy\s*trì)(?!\w)"
)
PUNCTUATION = re.compile(r"[\s,;:.\-+•()/…]+")
HAS_PUNCTUATION = re.compile(r"[,;:.\-+•()/…]")
# Words before a span that change its meaning: "từ quý III" (start only), "trước quý IV"
# (a deadline the day before it starts), "đến tháng 9/2025" (a deadline at its end).
LEADING_WORD = re.compile(
    rf"{_B}(?P<word>từ|trước|đến\s*hết|đến|tới|chậm\s*nhất(?:\s*là)?|hạn\s*chót(?:\s*là)?)"
    r"\s*(?:ngày\s*)?$"
)
# The glue of a range: "Quý IV/2025 - Quý II/2026", "từ 01/7/2025 đến 31/12/2025".
RANGE_GLUE = re.compile(r"^\s*(?:-|đến\s*hết|đến|tới)\s*$")


# Glue that qualifies the part it follows: "đối với báo cáo UBND cấp xã".
QUALIFIER_START = re.compile(
    r"^[\s,;:.\-+•(]*(?:đối\s*với|áp\s*dụng\s*(?:cho|với|đối\s*với))(?!\w)"
)
# Glue that may name the part it precedes: "Báo cáo 6 tháng (trước ngày 07/6)".
LABEL_START = re.compile(
    r"^[\s,;:.\-+•()]*(?:báo\s*cáo|sơ\s*kết|tổng\s*kết|đợt|lần|kỳ|phần|bước|giai\s*đoạn)(?!\w)"
)
# A part that is a yearly report (rule 1: a date without a year may mean next year's).
YEARLY_REPORT = re.compile(
    rf"{_B}(?:báo\s*cáo\s*(?:tổng\s*kết\s*)?(?:{_HANG}\s*)?năm|tổng\s*kết\s*năm|{_HANG}\s*năm)"
    r"(?!\s*\d)"
)


def is_filler(text: str) -> bool:
    """Whether ``text`` (matching form) holds only filler words and punctuation."""
    return not PUNCTUATION.sub("", FILLER.sub("", text))
