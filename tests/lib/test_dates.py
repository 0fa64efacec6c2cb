"""`add_months` skips the calendar lookup for days every month has (a ten-year dashboard asks for
some 3,000 months): its answers must stay those of the lookup for every day, leap years included."""
import calendar
from datetime import date, timedelta

from ketenzicht.lib.dates import add_months


def by_lookup(moment, months):
    """The same day `months` later, the month's last day where it has no such day."""
    year, month = divmod(moment.year * 12 + moment.month - 1 + months, 12)
    month += 1
    return date(year, month, min(moment.day, calendar.monthrange(year, month)[1]))


def test_every_day_of_four_years_moves_as_the_calendar_says():
    day = date(2023, 1, 1)
    while day < date(2027, 1, 1):
        for months in (-25, -13, -12, -3, -1, 0, 1, 2, 3, 11, 12, 13, 24):
            assert add_months(day, months) == by_lookup(day, months), (day, months)
        day += timedelta(days=1)


def test_the_end_of_a_month_becomes_the_end_of_a_shorter_one():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 5, 31), 1) == date(2024, 6, 30)
