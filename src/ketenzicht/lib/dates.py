"""Calendar arithmetic the standard library lacks."""
import calendar


def add_months(moment, months):
    """The same day `months` later (or earlier, when negative); a day the target month lacks
    becomes its last day (31 January + 1 month = 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if moment.day <= 28:  # every month has the day: no calendar lookup (a ten-year dashboard asks 3,000 times)
        return moment.replace(year=year, month=month)
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))
