"""Small-count suppression for published figures.

A count from 1 to `threshold - 1` could point at a person, so it is shown as "<threshold"
(primary suppression). Totals make it recoverable: with a row total and the other cells of the
row visible, one hidden cell is a subtraction away. So the table is read as the equations it
shows (every row with its row total, every column with its column total, the totals row and
column with the grand total) and no equation may have exactly one hidden term: where one has,
the smallest visible term is hidden too (complementary suppression), until none has. A total
is a term like any other: a small total is hidden, and a hidden total whose cells are all
visible would be recomputed, so it gets company the same way.

Zero is shown: it points at nobody, and "which sector never reports" depends on it.
"""


def hide(matrix, threshold, row_totals=False, column_totals=False):
    """The positions to hide in `matrix` (a list of equally long lists of counts), extended with
    a totals column (index `len(row)`) and a totals row (index `len(matrix)`) where those are
    shown. Returns a set of (row, column)."""
    table = [list(row) for row in matrix]
    if row_totals:
        for row in table:
            row.append(sum(row))
    if column_totals and table:
        table.append([sum(column) for column in zip(*table)])
    rows = len(table)
    columns = len(table[0]) if rows else 0
    equations = []
    if row_totals:
        equations += [[(r, c) for c in range(columns)] for r in range(rows)]
    if column_totals:
        equations += [[(r, c) for r in range(rows)] for c in range(columns)]
    hidden = {(r, c) for r in range(rows) for c in range(columns) if 0 < table[r][c] < threshold}
    changed = True
    while changed:
        changed = False
        for terms in equations:
            if sum(term in hidden for term in terms) == 1:
                visible = [t for t in terms if t not in hidden]
                hidden.add(min(visible, key=lambda t: (table[t[0]][t[1]] == 0, table[t[0]][t[1]], t)))
                changed = True
    return hidden


def label(threshold):
    return f"<{threshold}"
