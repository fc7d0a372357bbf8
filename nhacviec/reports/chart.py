"""The bar chart of the standings per lead unit (matplotlib, Agg backend, PNG bytes)."""

from __future__ import annotations

import io
import textwrap

from nhacviec.i18n import Language, translate
from nhacviec.reports.context import BUCKETS, bucket_name
from nhacviec.services.reports import PlanReport

# One colour per bucket, told apart in grey print too: done on time, done late, open on
# time, open late.
COLOURS = ("#2e7d32", "#a5d6a7", "#90caf9", "#c62828")


def standings_chart(report: PlanReport, lang: Language) -> bytes:
    """Stacked horizontal bars: each lead unit's occurrences in the four buckets."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    units = list(report.units)
    names = ["\n".join(textwrap.wrap(group.title, 32)) or "—" for group in units]
    height = max(2.2, 0.45 * len(units) + 1.4)
    figure = Figure(figsize=(6.3, height), dpi=150)
    axes = figure.subplots()
    left = [0] * len(units)
    for kind, colour in zip(BUCKETS, COLOURS, strict=True):
        counts = [group.tally.buckets[kind][1] for group in units]
        axes.barh(names, counts, left=left, color=colour, label=bucket_name(kind, lang))
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel(translate("reports.chart.axis", lang), fontsize=8)
    axes.set_title(translate("reports.chart.title", lang), fontsize=9)
    axes.tick_params(labelsize=7)
    axes.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=2, frameon=False)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    pyplot.close("all")
    return buffer.getvalue()
