"""Calendar arithmetic the standard library lacks."""


def add_months(moment, months):
    """The same day `months` later (or earlier, when negative); days past the 28th become the
    28th, so the result always exists and errs on the early side."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, 28))
