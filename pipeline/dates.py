"""Dates as Vietnamese sources write them, with a clear word when impossible."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .i18n import N_, _

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")
_WORDS = re.compile(
    # Typed in a hurry, a number sticks to its word: "ngày 14 tháng5 năm 2008".
    r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE
)
_MONTHS = ("", N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
           N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
           N_("November"), N_("December"))
"""Month names in messages, translated where shown."""


class DateProblem(ValueError):
    """A date that cannot be read or does not exist; the message says which."""


def parse_date(value: object) -> dt.date:
    """A `date` from a date, a datetime or text such as `17/11/2022`.

    Accepted text: ISO `2022-11-17` (with or without a time), `17/11/2022`,
    `17-11-2022`, `17.11.2022`, `Thứ Sáu, 09/12/2022 - 15:42` and
    `ngày 17 tháng 11 năm 2022`. Raises `DateProblem` otherwise.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise DateProblem(_("expected a date such as 2022-11-17, got {value}").format(
                              value=repr(value)))
    found = find_date(value)
    if found is None:
        raise DateProblem(_("cannot read {written} as a date; write it as YYYY-MM-DD").format(
                              written=repr(value.strip())))
    return found


def find_date(text: str) -> dt.date | None:
    """The first date written in `text`, or None; raises `DateProblem` if impossible."""
    if match := _ISO.search(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _WORDS.search(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _DMY.search(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    else:
        return None
    return make_date(year, month, day, written=match[0].strip())


def make_date(year: int, month: int, day: int, *, written: str) -> dt.date:
    """`date(year, month, day)`, or a `DateProblem` saying why it cannot exist."""
    if not 1 <= month <= 12:
        raise DateProblem(_("impossible date {written}: there is no month {month}").format(
                              written=repr(written), month=month))
    if year < 1900 or year > 2200:
        raise DateProblem(_("implausible date {written}: year {year}; check the year").format(
                              written=repr(written), year=year))
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateProblem(
            _("impossible date {written}: {month_name} {year} has {last} days; write the real date"
              " as YYYY-MM-DD").format(
                written=repr(written), month_name=_(_MONTHS[month]), year=year, last=last)
        )
    return dt.date(year, month, day)
