"""Public holidays that do not count as working days, per calendar a route names (`holidays = "nl"`)."""
from datetime import date, timedelta
from functools import lru_cache


def easter(year):
    """Easter Sunday (the Meeus/Jones/Butcher algorithm for the Gregorian calendar)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def netherlands(year):
    """The national holidays on which government offices close: New Year, Good Friday, Easter
    Monday, King's Day (26 April when the 27th is a Sunday), Liberation Day (every year from the
    collective agreement's view), Ascension Day, Whit Monday and Christmas."""
    sunday = easter(year)
    kings_day = date(year, 4, 27) if date(year, 4, 27).weekday() != 6 else date(year, 4, 26)
    return frozenset({
        date(year, 1, 1), sunday - timedelta(days=2), sunday + timedelta(days=1), kings_day, date(year, 5, 5),
        sunday + timedelta(days=39), sunday + timedelta(days=50), date(year, 12, 25), date(year, 12, 26),
    })


CALENDARS = {"nl": netherlands}
