"""Periods a digest covers: a month, a quarter, a year or a range of days.

Spellings (DESIGN.md, Contracts): `2022-11`, `2022-Q4`, `2022`,
`2022-11-01..2022-11-15`. Each has a folder name for `output/digests/` and
the Vietnamese title printed on the issue.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .dates import DateProblem, make_date
from .i18n import _

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})\.\.(\d{4})-(\d{1,2})-(\d{1,2})$")
_ROMAN = ("", "I", "II", "III", "IV")


class PeriodProblem(ValueError):
    """A period that cannot be read or cannot exist; the message says which."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Period:
    """A span of days a digest covers, both ends included."""

    name: str
    """The canonical spelling, e.g. `2022-11` or `2022-11-01..2022-11-15`."""
    start: dt.date
    """First day of the period."""
    end: dt.date
    """Last day of the period (included)."""
    title: str
    """The printed title, e.g. "Bản tin tháng 11/2022"."""

    @property
    def folder(self) -> str:
        """The folder name under `output/digests/` (`..` is not a safe file name)."""
        return self.name.replace("..", "_")

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse_period(text: str) -> Period:
    """The period `text` names, or `PeriodProblem` saying how to write one."""
    text = text.strip()
    try:
        if match := _MONTH.match(text):
            return month_period(int(match[1]), int(match[2]))
        if match := _QUARTER.match(text):
            year, quarter = int(match[1]), int(match[2])
            start = make_date(year, 3 * quarter - 2, 1, written=text)
            end = _month_end(year, 3 * quarter)
            return Period(name=f"{year}-Q{quarter}", start=start, end=end,
                          title=f"Bản tin quý {_ROMAN[quarter]}/{year}")
        if match := _YEAR.match(text):
            year = int(match[1])
            start = make_date(year, 1, 1, written=text)
            return Period(name=str(year), start=start, end=dt.date(year, 12, 31),
                          title=f"Bản tin năm {year}")
        if match := _RANGE.match(text):
            y1, m1, d1, y2, m2, d2 = (int(g) for g in match.groups())
            start = make_date(y1, m1, d1, written=text)
            end = make_date(y2, m2, d2, written=text)
            if end < start:
                raise PeriodProblem(_("the range {text} ends before it starts; put the earlier"
                                      " day first").format(text=repr(text)))
            return Period(name=f"{start.isoformat()}..{end.isoformat()}", start=start,
                          end=end, title=f"Bản tin từ ngày {start:%d/%m/%Y} đến ngày"
                          f" {end:%d/%m/%Y}")
    except DateProblem as exc:
        raise PeriodProblem(str(exc)) from None
    raise PeriodProblem(_("{text} is not a period; write a month (2022-11), a quarter"
                          " (2022-Q4), a year (2022) or a range (2022-11-01..2022-11-15)").format(
                            text=repr(text)))


def month_period(year: int, month: int) -> Period:
    """The period of one calendar month."""
    start = make_date(year, month, 1, written=f"{year}-{month:02d}")
    return Period(name=f"{year}-{month:02d}", start=start, end=_month_end(year, month),
                  title=f"Bản tin tháng {month}/{year}")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
