"""The figures benchmark (issues 6 and 17): the dashboards, every single figure and the monitor, on
the database of bench/data.py (its signals carry forms, indicators, barriers and persons).

    .venv/bin/python bench/figures.py [--signals 1000000] [--keep] [--runs N] [--json FILE]

The same as `bench/run.py --only figures,monitor`; see there for what each line measures.
"""
import sys

import run  # bench/run.py

if __name__ == "__main__":
    if "--only" not in sys.argv:
        sys.argv += ["--only", "figures,monitor"]
    run.main()
