"""`ketenzicht linkage_eval`: two CSV files in, the matching pairs out."""
import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = "id,given_name,family_name,date_of_birth,gender,nationality,phone,city\n"


def write(path, rows):
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return str(path)


def test_pairs_above_the_threshold(tmp_path):
    left = write(tmp_path / "left.csv", [
        "L1,Anna,van der Berg,1990-02-28,v,NL,06-12345678,Zwolle",
        "L2,Mohammed,El Amrani,1985-07-01,m,MA,,Deventer",
        "L3,Pieter,Bakker,1978-12-01,m,NL,,Kampen",
    ])
    right = write(tmp_path / "right.csv", [
        "R1,Anna,\"Berg, v.d.\",1990-02-28,v,NL,+31 6 1234 5678,Zwolle",
        "R2,Anna,Van den Berg,1990-02,v,NL,,Zwolle",  # the same woman registered twice
        "R3,Mohamed,Elamrani,1985-07-01,m,MA,,Deventer",
        "R4,Olena,Kovalenko,2001-03-15,v,UA,,Zwolle",
    ])
    out = tmp_path / "pairs.csv"
    call_command("linkage_eval", left, right, "--out", str(out))
    with open(out, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["left_id"], row["right_id"]) for row in rows] == [("L1", "R1"), ("L1", "R2"), ("L2", "R3")]
    assert all(0 < float(row["score"]) <= 1 for row in rows)


def test_bad_input_names_the_line_and_field(tmp_path):
    right = write(tmp_path / "right.csv", ["R1,Anna,Jansen,,v,NL,,Zwolle"])
    bad_date = write(tmp_path / "date.csv", ["L1,Anna,Jansen,1990-02-31,v,NL,,Zwolle"])
    with pytest.raises(CommandError, match=r"line 2: Geboortedatum '1990-02-31' bestaat niet"):
        call_command("linkage_eval", bad_date, right, "--out", str(tmp_path / "out.csv"))
    script = write(tmp_path / "script.csv", ["L1,<script>,Jansen,,v,NL,,Zwolle"])
    with pytest.raises(CommandError, match="Voornaam"):
        call_command("linkage_eval", script, right, "--out", str(tmp_path / "out.csv"))
    (tmp_path / "columns.csv").write_text("id,name\n1,Anna\n")
    with pytest.raises(CommandError, match="columns missing"):
        call_command("linkage_eval", str(tmp_path / "columns.csv"), right, "--out", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()
