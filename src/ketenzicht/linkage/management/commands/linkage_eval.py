"""Link two CSV files the way two organisations would: each side encodes its own records, only the
encodings are matched, with the code the product uses.

    ketenzicht linkage_eval LEFT.csv RIGHT.csv --out PAIRS.csv [--threshold 0.66]

Both files have the columns id, given_name, family_name, date_of_birth (ISO, may be empty),
gender, nationality (ISO 3166 alpha-2), phone, city. PAIRS.csv gets left_id,right_id,score for
every pair at or above the threshold, one row per pair (a record may match several).
"""
import csv

from django.core.management.base import BaseCommand, CommandError

from ketenzicht.lib.errors import Invalid
from ketenzicht.linkage import encoding, keys, matching

COLUMNS = ("id", "given_name", "family_name", "date_of_birth", "gender", "nationality", "phone", "city")


def read_side(path):
    """Read and encode one side; the clear values do not leave this function."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
            if missing:
                raise CommandError(f"{path}: columns missing: {', '.join(missing)}")
            ids, records = [], []
            for line, row in enumerate(reader, start=2):
                try:
                    records.append(encoding.identifiers(
                        row["given_name"], row["family_name"], row["date_of_birth"], row["gender"],
                        phones=[row["phone"]] if row["phone"].strip() else [],
                        nationality=row["nationality"], city=row["city"]))
                except Invalid as error:
                    raise CommandError(f"{path}, line {line}: {error}") from error
                ids.append(row["id"])
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CommandError(f"{path}: {error}") from error
    return ids, encoding.encode_many(records)


class Command(BaseCommand):
    requires_system_checks = []  # --new-key must work before a key is configured; encoding checks the key itself
    help = "Match two CSV files of persons on their keyed encodings; write the pairs above the threshold."

    def add_arguments(self, parser):
        parser.add_argument("left", nargs="?")
        parser.add_argument("right", nargs="?")
        parser.add_argument("--out", help="the CSV file to write the pairs to")
        parser.add_argument("--threshold", type=float, default=matching.THRESHOLD)
        parser.add_argument("--new-key", action="store_true", help="print a fresh KETENZICHT_LINKAGE_KEY and stop")

    def handle(self, *args, left=None, right=None, out=None, threshold=None, new_key=False, **options):
        if new_key:
            self.stdout.write(keys.new_secret())
            return
        if not (left and right and out):
            raise CommandError("Give LEFT.csv RIGHT.csv --out PAIRS.csv")
        if not 0 < threshold <= 1:
            raise CommandError("--threshold lies between 0 and 1")
        left_ids, left_encodings = read_side(left)
        right_ids, right_encodings = read_side(right)
        pairs = matching.match(matching.Store(left_encodings), matching.Store(right_encodings), threshold)
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["left_id", "right_id", "score"])
            for i, j, value in sorted(zip(pairs.left.tolist(), pairs.right.tolist(), pairs.score.tolist(), strict=True)):
                writer.writerow([left_ids[i], right_ids[j], f"{value:.4f}"])
        self.stdout.write(f"{len(pairs.left)} pairs written to {out}")
