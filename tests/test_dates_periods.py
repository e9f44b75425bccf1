import datetime as dt

import pytest

from pipeline.dates import DateProblem, find_date, parse_date
from pipeline.periods import PeriodProblem, parse_period

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-11-17", D(2022, 11, 17)),
    ("2022-11-17T08:30:00+07:00", D(2022, 11, 17)),
    ("17/11/2022", D(2022, 11, 17)),
    ("17-11-2022", D(2022, 11, 17)),
    ("17.11.2022", D(2022, 11, 17)),
    ("1/2/2023", D(2023, 2, 1)),
    ("Thứ Sáu, 09/12/2022 - 15:42", D(2022, 12, 9)),
    ("ngày 17 tháng 11 năm 2022", D(2022, 11, 17)),
    ("Ngày 5 tháng 1 năm 2023", D(2023, 1, 5)),
    (D(2022, 1, 2), D(2022, 1, 2)),
    (dt.datetime(2022, 1, 2, 3, 4), D(2022, 1, 2)),
])
def test_parse_date_accepts_the_ways_sources_write_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("31/02/2022", "February 2022 has 28 days"),
    ("29/02/2023", "February 2023 has 28 days"),
    ("2022-13-01", "no month 13"),
    ("31/04/2022", "April 2022 has 30 days"),
    ("0/11/2022", "has 30 days"),
    ("1/1/1066", "check the year"),
])
def test_impossible_dates_say_why(text, words):
    with pytest.raises(DateProblem, match=words):
        parse_date(text)


def test_leap_day_exists_in_a_leap_year():
    assert parse_date("29/02/2024") == D(2024, 2, 29)


@pytest.mark.parametrize("value", ["hôm qua", "", "2022", 20221117, None, ["2022-11-17"]])
def test_unreadable_dates_are_a_date_problem(value):
    with pytest.raises(DateProblem):
        parse_date(value)


def test_find_date_returns_none_without_a_date():
    assert find_date("Tăng cỡ chữ Giảm cỡ chữ") is None


@pytest.mark.parametrize(("text", "name", "start", "end", "title", "folder"), [
    ("2022-11", "2022-11", D(2022, 11, 1), D(2022, 11, 30), "Bản tin tháng 11/2022",
     "2022-11"),
    ("2024-2", "2024-02", D(2024, 2, 1), D(2024, 2, 29), "Bản tin tháng 2/2024", "2024-02"),
    ("2022-Q4", "2022-Q4", D(2022, 10, 1), D(2022, 12, 31), "Bản tin quý IV/2022",
     "2022-Q4"),
    ("2022-q1", "2022-Q1", D(2022, 1, 1), D(2022, 3, 31), "Bản tin quý I/2022", "2022-Q1"),
    ("2022", "2022", D(2022, 1, 1), D(2022, 12, 31), "Bản tin năm 2022", "2022"),
    ("2022-11-01..2022-11-15", "2022-11-01..2022-11-15", D(2022, 11, 1), D(2022, 11, 15),
     "Bản tin từ ngày 01/11/2022 đến ngày 15/11/2022", "2022-11-01_2022-11-15"),
])
def test_periods(text, name, start, end, title, folder):
    period = parse_period(text)
    assert (period.name, period.start, period.end, period.title, period.folder) == (
        name, start, end, title, folder)
    assert start in period and end in period
    assert end + dt.timedelta(days=1) not in period


@pytest.mark.parametrize(("text", "words"), [
    ("2022-13", "no month 13"),
    ("2022-Q5", "not a period"),
    ("tháng 11", "not a period"),
    ("2022-11-15..2022-11-01", "ends before it starts"),
    ("2022-02-30..2022-03-01", "has 28 days"),
])
def test_bad_periods_say_how_to_write_one(text, words):
    with pytest.raises(PeriodProblem, match=words):
        parse_period(text)
