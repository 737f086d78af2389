"""The Fellegi–Sunter scorer: comparison levels, blocking, EM training, explanations,
clustering. Records are built in memory (``rec``); the training world is a few
hundred synthetic people with spelling, script and date noise, made by ``world``."""

import random
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscurrent.resolve import score
from crosscurrent.resolve.score import Record

GIVEN = ["Rebwar", "Karwan", "Dilshad", "Hemin", "Zana", "Aram", "Shwan", "Baran", "Soran"]
FAMILY = ["Hasan", "Ahmed", "Qadir", "Aziz", "Rashid", "Karim", "Salih", "Faraj", "Omar"]
PLACES = ["Erbil", "Sulaymaniyah", "Duhok", "Kirkuk", "Halabja"]


def rec(rid: str, name: str = "", **props: str | list[str]) -> Record:
    values = {k: [v] if isinstance(v, str) else v for k, v in props.items()}
    if name:
        values["name"] = [name]
    return Record.from_props(("ds", rid), values)


def typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word))
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]


def world(people: int = 150, seed: int = 1) -> tuple[list[Record], dict[tuple[str, str], int]]:
    """People with 1–4 records each: names reordered, misspelt or missing a part,
    birth dates sometimes partial or with the day and month swapped."""
    rng = random.Random(seed)
    records, truth = [], {}
    for p in range(people):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        birth = f"{rng.randint(1970, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(13, 28):02d}"
        place = rng.choice(PLACES)
        phone = f"+4477009{p:05d}"
        for k in range(rng.randint(1, 4)):
            name = rng.choice([f"{given} {family}", f"{family.upper()}, {given}"])
            if rng.random() < 0.2:
                name = f"{typo(rng, given)} {family}"
            props: dict[str, str | list[str]] = {}
            roll = rng.random()
            if roll < 0.6:
                props["birthDate"] = birth
            elif roll < 0.7:
                props["birthDate"] = birth[:4]
            elif roll < 0.75:
                props["birthDate"] = f"{birth[:4]}-{birth[8:10]}-{birth[5:7]}"
            if rng.random() < 0.5:
                props["birthPlace"] = place
            if rng.random() < 0.3:
                props["phone"] = phone
            key = f"p{p}-{k}"
            records.append(rec(key, name, **props))
            truth[("ds", key)] = p
    return records, truth


# --- records and comparison levels ---------------------------------------------------------


def test_record_reads_names_across_scripts_dates_and_phones() -> None:
    r = Record.from_props(
        ("ds", "1"),
        {"name": ["ڕێبوار حسن"], "birthDate": ["1988-04-02", "not a date"],
         "phone": ["07700 900123"], "birthPlace": ["Erbil"]},
        region="GB",
    )  # fmt: skip
    assert r.skeletons == score.Record.from_props(("ds", "2"), {"name": ["Rebwar Hasan"]}).skeletons
    assert r.births == {"1988-04-02"}
    assert r.phones == {"+447700900123"}
    assert r.places == {"erbil"}


MIXED = "one name within the other, but for initials or a letter"
NAME_CASES = [
    ("Rebwar Hasan", "HASAN, Rebwar", "same name"),
    ("Mohammed Ahmed", "Muhammad Ahmad", "same name, spelt differently"),
    ("Rebwar Hasan", "Rebwar Karim Hasan", "one name within the other"),
    ("Rebwar Karim Hasan", "Rebwar Aziz Hasan", "two or more parts in common"),
    ("Rebwar Hasan", "Rebwar Qadir", "one part in common"),
    ("Rebwar Hasan", "Dilshad Qadir", "different names"),
    ("Thomas Chudleigh", "Thomzs Chudleigh", "same name, spelt differently"),
    ("V. Putin", "Vladimir Putin", "one name within the other, but for initials or a letter"),
    (
        "Hans J Friedrich",
        "Hans Joachim Friedrich",
        "one name within the other, but for initials or a letter",
    ),
    (
        "Ali A. Velayati",
        "Ali Akbar Velayati",
        "one name within the other, but for initials or a letter",
    ),
    ("J Hasan", "Rebwar Hasan", "one part in common"),
    ("J", "Joachim", "different names"),
    ("Abdul Rahman", "Abdulrahman", "same name, spelt differently"),
    ("Vladimir Putin", "Vladimir Pudin", "one name within the other, but for initials or a letter"),
    ("Vladimir Putin", "Vladimir Pudim", "one part in common"),
    ("Kim Kyu", "Kim Hyo K", "one part in common"),
    ("Mikhail Khodorkovsky", "Mikhail Khordorovsky", MIXED),
    ("Jan Daniel Bothma", "JanDaniel Bothma", "same name, spelt differently"),
    ("Abdul Rahman Hasan", "Abdulrahman", "one part in common"),
]


@pytest.mark.parametrize(("left", "right", "level"), NAME_CASES)
def test_name_levels(left: str, right: str, level: str) -> None:
    outcome = score.compare_names(rec("a", left), rec("b", right))
    assert outcome is not None
    assert score.NAME_LEVELS[outcome[0]] == level


BIRTH_CASES = [
    ("1990-03-14", "1990-03-14", "same date"),
    ("1990-03-04", "1990-04-03", "day and month swapped"),
    ("1990-03-14", "1998-03-14", "one digit different"),
    ("1990-03-14", "1990-03", "same year and month"),
    ("1990-03-14", "1990", "same year"),
    ("1990-03-14", "1985-11-02", "different dates"),
]


@pytest.mark.parametrize(("left", "right", "level"), BIRTH_CASES)
def test_birth_date_levels(left: str, right: str, level: str) -> None:
    vector, _ = score.compare(rec("a", "X", birthDate=left), rec("b", "X", birthDate=right))
    assert score.BIRTH_LEVELS[vector[1]] == level


ADDRESS_CASES = [
    ("10 Wells Road Rosehill 5068", "10 Wells Road Rosehill 5068", "same"),
    ("10 Wells Road Rosehill 5068", "Rosehill 5068 10 Wells Road", "nearly the same"),
    ("10 Wells Road Rosehill 5068", "10 Wellsroad Rosehill 5068", "nearly the same"),
    ("10 Wells Road Rosehill 5068", "68 Wells Road Rosehill 5086", "nearly the same"),
    ("10 Wells Road Rosehill 5068", "10 Wells Road Auburn 5068", "partly alike"),
    ("10 Wells Road Rosehill 5068", "3 Station Street Rosehill 2250", "a word in common"),
    ("10 Wells Road Rosehill 5068", "3 Station Street Auburn 2250", "different"),
]


@pytest.mark.parametrize(("left", "right", "level"), ADDRESS_CASES)
def test_address_levels(left: str, right: str, level: str) -> None:
    vector, _ = score.compare(rec("a", "X", address=left), rec("b", "X", address=right))
    assert score.ADDRESS_LEVELS[vector[3]] == level


DOCUMENT_CASES = [
    ("AB1234567", "AB1234567", "same document"),
    ("AB1234567", "AB1234568", "a character different or two swapped"),
    ("AB1234567", "AB1234576", "a character different or two swapped"),
    ("AB1234567", "AB123456", "a character different or two swapped"),
    ("AB1234567", "AB1234765", "different"),
    ("X1234", "X1243", "a character different or two swapped"),
    ("1234", "1243", "different"),  # too short: a swap is as likely by chance
]


@pytest.mark.parametrize(("left", "right", "level"), DOCUMENT_CASES)
def test_document_levels(left: str, right: str, level: str) -> None:
    vector, _ = score.compare(rec("a", "X", idNumber=left), rec("b", "X", idNumber=right))
    assert score.DOCUMENT_LEVELS[vector[5]] == level


def test_a_missing_value_is_no_evidence() -> None:
    vector, _ = score.compare(rec("a", "Rebwar Hasan"), rec("b", "", birthDate="1990-01-01"))
    assert all(level == -1 for level in vector)


@pytest.mark.parametrize(
    "name", ["", "x" * 10_000, "Rebwar \x00\x07 Hasan", "🙂🙂", "Ребвар حسن Hasan", "1234"]
)
def test_bad_names_never_crash(name: str) -> None:
    r = rec("a", name, birthDate="99-99-99")
    other = rec("b", "Rebwar Hasan", birthDate="1990-01-01")
    score.compare(r, other)
    list(score.candidate_pairs([r, other]))


# --- blocking -----------------------------------------------------------------------------


def test_candidate_pairs_are_each_pair_once_in_order() -> None:
    records = [rec("1", "Rebwar Hasan"), rec("2", "HASAN Rebwar"), rec("3", "ڕێبوار حسن"),
               rec("4", "Dilshad Qadir")]  # fmt: skip
    pairs = list(score.candidate_pairs(records))
    assert pairs == sorted(set(pairs))
    assert all(i < j for i, j in pairs)
    assert {(0, 1), (0, 2), (1, 2)} <= set(pairs)
    assert not any(3 in p for p in pairs)


def test_blocking_keeps_nearly_every_true_pair_in_the_world() -> None:
    records, truth = world()
    pairs = set(score.candidate_pairs(records))
    true = [
        (i, j)
        for i in range(len(records))
        for j in range(i + 1, len(records))
        if truth[records[i].key] == truth[records[j].key]
    ]
    kept = sum(1 for p in true if p in pairs)
    assert kept / len(true) >= 0.99
    # Far fewer than all pairs: blocking is what keeps scoring near-linear.
    assert len(pairs) < len(records) * (len(records) - 1) / 2 / 3


# --- training, scoring, explaining --------------------------------------------------------


@pytest.fixture(scope="module")
def trained() -> tuple[list[Record], dict[tuple[str, str], int], score.Model]:
    records, truth = world()
    return records, truth, score.train(records, list(score.candidate_pairs(records)))


def test_em_learns_agreement_is_evidence_and_conflict_is_against(
    trained: tuple[list[Record], dict[tuple[str, str], int], score.Model],
) -> None:
    _, _, model = trained
    name, birth = 0, 1
    assert model.weight(name, 0) > 0 > model.weight(name, len(score.NAME_LEVELS) - 1)
    assert model.weight(birth, 0) > 0 > model.weight(birth, len(score.BIRTH_LEVELS) - 1)
    assert 0 < model.prior < 0.5


def test_a_match_explains_itself(
    trained: tuple[list[Record], dict[tuple[str, str], int], score.Model],
) -> None:
    _, _, model = trained
    s = score.score(
        model,
        rec("a", "Rebwar Hasan", birthDate="1988-04-02", birthPlace="Erbil"),
        rec("b", "HASAN, Rebwar", birthDate="1988-04-02", birthPlace="Erbil"),
    )
    assert s.probability > 0.9
    evidence = {e.comparison: e for e in s.evidence}
    assert evidence["name"].level == "same name"
    assert evidence["birth date"].level == "same date"
    assert "phone" not in evidence  # neither record has one: no evidence either way
    assert abs(s.weight - sum(s.weights) - score.math.log2(model.prior / (1 - model.prior))) < 1e-9


def test_brothers_with_different_birth_dates_score_below_the_same_man(
    trained: tuple[list[Record], dict[tuple[str, str], int], score.Model],
) -> None:
    _, _, model = trained
    one = rec("a", "Rebwar Hasan", birthDate="1988-04-02")
    same = score.score(model, one, rec("b", "Rebwar Hasan", birthDate="1988-04-02"))
    brother = score.score(model, one, rec("c", "Karwan Hasan", birthDate="1991-09-17"))
    assert brother.weight < same.weight
    assert brother.probability < 0.5


def test_a_rare_name_is_stronger_evidence_than_a_common_one(
    trained: tuple[list[Record], dict[tuple[str, str], int], score.Model],
) -> None:
    _, _, model = trained
    common = score.score(model, rec("a", "Rebwar Hasan"), rec("b", "Rebwar Hasan"))
    rare = score.score(model, rec("a", "Ferhad Zebari"), rec("b", "Ferhad Zebari"))
    assert rare.weight > common.weight


def test_trained_model_resolves_the_world(
    trained: tuple[list[Record], dict[tuple[str, str], int], score.Model],
) -> None:
    from crosscurrent.resolve.evaluate import score as evaluate

    records, truth, model = trained
    pairs = list(score.candidate_pairs(records))
    clusters = score.cluster(records, score.score_pairs(model, records, pairs))
    s = evaluate(clusters, {k: str(v) for k, v in truth.items()})
    # 150 people share 81 names, and a quarter of the records have no full birth
    # date: namesakes without dates cannot all be told apart, by any model.
    assert s.bcubed_f1 > 0.8, s
    assert s.precision > 0.7, s


# --- clustering ---------------------------------------------------------------------------


def scored(a: str, b: str, p: float) -> score.Scored:
    weight = score.math.log2(p / (1 - p))
    return score.Scored(("ds", a), ("ds", b), weight, (), ())


def test_one_strong_link_cannot_glue_two_clusters_that_disagree() -> None:
    records = [rec(k) for k in "abcdef"]
    pairs = [
        scored("a", "b", 0.99), scored("b", "c", 0.99), scored("a", "c", 0.99),
        scored("d", "e", 0.99), scored("e", "f", 0.99), scored("d", "f", 0.99),
        # One good-looking link across, but every other cross pair says no.
        scored("c", "d", 0.97), scored("a", "d", 0.01), scored("b", "e", 0.01),
        scored("c", "f", 0.01),
    ]  # fmt: skip
    clusters = score.cluster(records, pairs, threshold=0.5)
    assert clusters[("ds", "a")] == clusters[("ds", "c")] == "ds/a"
    assert clusters[("ds", "d")] == clusters[("ds", "f")] == "ds/d"
    assert clusters[("ds", "a")] != clusters[("ds", "d")]


def test_clusters_do_not_depend_on_input_order() -> None:
    records, _truth = world(people=40, seed=3)
    pairs = list(score.candidate_pairs(records))
    model = score.train(records, pairs)
    result = score.score_pairs(model, records, pairs)
    shuffled = list(result)
    random.Random(5).shuffle(shuffled)
    assert score.cluster(records, result) == score.cluster(list(reversed(records)), shuffled)


# --- the array path against the reference, pair by pair -----------------------------------


def reference_pairs(
    records: list[Record], max_block: int = score.MAX_BLOCK
) -> list[tuple[int, int]]:
    """Candidate pairs straight from ``blocking_keys``' strings, as blocking was first
    written: the integer keys of ``candidate_pair_array`` must make the same pairs."""
    from collections import Counter, defaultdict
    from itertools import combinations

    counts = Counter(f for r in records for t in r.tokens for f in score.forms(t))
    common = {s for s, n in counts.items() if n > max_block}
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for key in set(score.blocking_keys(r, common)):
            blocks[key].append(i)
    return sorted(
        {p for m in blocks.values() if 2 <= len(m) <= max_block for p in combinations(m, 2)}
    )


def noisy_world(seed: int = 2) -> list[Record]:
    """Records made to trip the fast path: names with several near-identical parts (two
    parts of one name wanting one partner), long names, other scripts, several dates,
    partial dates, several phones and places, empty fields."""
    rng = random.Random(seed)
    parts = [*GIVEN, *FAMILY, "Ahmad", "Ahmed", "Ahmet", "Achmed", "Mohammed", "Muhammad",
             "Mohamed", "Thomas", "Thomzs", "Tom", "Al", "A", "Bo", "Ali", "Aly", "Hasan",
             "Hassan", "Hussein", "Husein", "حسن", "محمد", "Ребвар", "Oğuz", "Øyvind"]  # fmt: skip
    parts += [
        "J",
        "M",
        "H",
        "T",
        "Ahmadi",
        "Ahmadali",
        "Alahmad",
        "Hasanali",
        "Rebwat",
        "Hasen",
    ]  # initials, and partners an initial must not steal
    records = []
    for k in range(400):
        words = rng.sample(parts, rng.choice([0, 1, 2, 2, 3, 3, 4, 6, 14]))
        props: dict[str, str | list[str]] = {}
        dates = [
            f"{rng.randint(1980, 1983)}-{rng.randint(1, 3):02d}-{rng.randint(1, 3):02d}"
            for _ in range(rng.choice([0, 1, 1, 2]))
        ]
        dates = [d[: rng.choice([4, 7, 10, 10])] for d in dates]
        if dates:
            props["birthDate"] = dates
        if rng.random() < 0.5:
            props["birthPlace"] = rng.sample(
                [*PLACES, "West Devon", "Devon"], rng.choice([1, 1, 2])
            )
        if rng.random() < 0.4:
            props["phone"] = [
                f"+4477009{rng.randint(0, 30):05d}" for _ in range(rng.choice([1, 2]))
            ]
        if rng.random() < 0.3:
            props["address"] = rng.sample(ADDRESSES, rng.choice([1, 1, 1, 2]))
        if rng.random() < 0.3:
            props["nationality"] = rng.sample(["iq", "ir", "sy"], rng.choice([1, 2]))
        if rng.random() < 0.3:
            props["gender"] = rng.choice(["male", "female"])
        if rng.random() < 0.3:
            props["idNumber"] = rng.sample(DOCUMENTS, rng.choice([1, 1, 2]))
        records.append(rec(f"n{k}", " ".join(words), **props))
    return records


ADDRESSES = [
    "SW1A 1AA",
    "SW1A 2BB",
    "SW1A 1AB",
    "1 High Street Erbil",
    "1 Highstreet Erbil",
    "Erbil High Street 1",
    "12 High Street Erbil",
    "Erbil",
    "",
]
DOCUMENTS = ["AB1234567", "AB1234576", "AB1234568", "AB123456", "X1234", "X1243", "Y99"]


@pytest.mark.parametrize("make", [lambda: world()[0], noisy_world])
def test_fast_blocking_makes_the_reference_pairs(make: Callable[[], list[Record]]) -> None:
    records = make()
    for max_block in (score.MAX_BLOCK, 5):
        fast = score.candidate_pair_array(records, max_block).tolist()
        assert [tuple(p) for p in fast] == reference_pairs(records, max_block)
    assert list(score.candidate_pairs(records)) == reference_pairs(records)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("make", [lambda: world()[0], noisy_world])
def test_fast_comparisons_are_the_reference_levels_and_values(
    make: Callable[[], list[Record]], threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pair of a few hundred records (not only candidates): compare_arrays gives
    compare's level and agreed values for each comparison, in one thread or in two
    halves."""
    import numpy as np

    monkeypatch.setattr(score, "PARALLEL_PAIRS", 1 if threads == 2 else 10**12)
    monkeypatch.setattr(score.os, "cpu_count", lambda: 2)

    records = make()[:250]
    n = len(records)
    pairs = np.array([(i, j) for i in range(n) for j in range(n) if i != j][::3])
    columns = score.compare_arrays(records, pairs)
    for k, (i, j) in enumerate(pairs.tolist()):
        vector, agreed = score.compare(records[i], records[j])
        got = tuple(int(col.levels[k]) for col in columns)
        assert got == vector, (records[i], records[j])
        for c, col in enumerate(columns):
            values = col.values[col.agreed[k]] if col.agreed[k] >= 0 else ()
            if score.COMPARISONS[c].tf:
                assert values == agreed[c], (score.COMPARISONS[c].name, records[i], records[j])


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("make", [lambda: world()[0], noisy_world])
def test_fast_scores_and_clusters_are_the_reference(
    make: Callable[[], list[Record]], threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(score, "PARALLEL_PAIRS", 1 if threads == 2 else 10**12)
    monkeypatch.setattr(score.os, "cpu_count", lambda: 2)
    records = make()
    pairs = list(score.candidate_pairs(records))
    model = score.train(records, pairs, u_samples=2_000, em_pairs=500)
    listed = score.score_pairs(model, records, pairs)
    assert listed == [score.score(model, records[i], records[j]) for i, j in pairs]
    fast_model, arrays = score.train_and_score(records, pairs, u_samples=2_000, em_pairs=500)
    assert (fast_model.m, fast_model.u, fast_model.prior, fast_model.tf_centre) == (
        model.m, model.u, model.prior, model.tf_centre,
    )  # fmt: skip
    assert arrays.weight.tolist() == [s.weight for s in listed]
    assert arrays.weights.tolist() == [list(s.weights) for s in listed]
    assert arrays.levels.tolist() == [list(s.levels) for s in listed]
    probability = [s.probability for s in listed]
    assert (
        max(abs(a - b) for a, b in zip(arrays.probability.tolist(), probability, strict=True))
        < 1e-12
    )
    assert score.cluster_arrays(records, arrays) == score.cluster(records, listed)


def test_train_takes_pairs_as_tuples_or_an_array() -> None:
    records, _ = world(people=60, seed=4)
    pairs = list(score.candidate_pairs(records))
    a = score.train(records, pairs)
    b = score.train(records, score.candidate_pair_array(records))
    assert (a.m, a.u, a.prior, a.tf_centre) == (b.m, b.u, b.prior, b.tf_centre)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 1000, 50_465, 2**31 + 5, 2**32 - 1, 2**40])
def test_random_pairs_for_u_are_randrange_draws(n: int) -> None:
    """u is sampled from the same random pairs as a randrange loop would draw."""
    fast = score._randbelow(random.Random(3), n, 3_000).tolist()
    rng = random.Random(3)
    assert fast == [rng.randrange(n) for _ in range(3_000)]


def test_an_initial_y_or_j_before_a_vowel_is_one_letter_in_name_parts() -> None:
    """Yusuf in English and Turkish, Jusuf in German, Dutch and Italian: one name."""
    assert score.skeleton("yusuf") == score.skeleton("jusuf")
    assert score.skeleton("yunus") == score.skeleton("junus")
    assert score.skeleton("yvonne") != score.skeleton("jvonne")  # Y before a consonant
    level, _ = score.name_level(frozenset({"naser", "jusuf"}), frozenset({"yusuf", "nasser"}))
    assert score.NAME_LEVELS[level] == "same name, spelt differently"


def test_fast_name_levels_with_initials_and_joins_are_the_reference() -> None:
    """Initials next to spellings (A, Ahmad, Ahmed), a letter different, words written
    as one or two: every pair, both paths."""
    import numpy as np

    names = ["A Ahmad", "Ahmed A", "A Ahmed Ali", "Ali Ahmad", "J Hasan", "Jan Hasan",
             "J H", "Jan Hassan", "H Jan", "Hasan J Ali", "Hassan Jan Ali", "A H J",
             "Ahmad Hasan Jan", "T Thomas", "Thomas Tom", "Tom T", "A Ali Aly",
             "Abdul Rahman", "Abdulrahman Ali", "Rahman Abdul Hasan", "AbdulRahman Hasan",
             "Jan Hasan Ali", "Janhasan", "Hasanjan A", "Ali Jan Hasanjan", "Hasen Jan",
             "Hasan Jon", "Hasan Jann", "Ahmad Ahmat", "Ahmet Ahmat Jan", "Rebwar Rebwat",
             "Hesan Jann Ali", "Hosan Ali", "Khodorkovsky Jan",
             "Khordorovsky Jan", "Khodorkovski J", "Khodorkovsky Ali"]  # fmt: skip
    records = [rec(f"i{k}", n) for k, n in enumerate(names)]
    n = len(records)
    pairs = np.array([(i, j) for i in range(n) for j in range(n) if i != j])
    name = score.compare_arrays(records, pairs)[0]
    for k, (i, j) in enumerate(pairs.tolist()):
        level, agreed = score.name_level(records[i].tokens, records[j].tokens)
        assert int(name.levels[k]) == level, (names[i], names[j])
        assert (name.values[name.agreed[k]] if name.agreed[k] >= 0 else ()) == agreed


def test_fast_document_and_address_levels_are_the_reference() -> None:
    """Identifiers a substitution, swap, insertion or deletion apart (and further),
    addresses with typos and reordered words: every pair's array level is the
    reference level."""
    import numpy as np

    rng = random.Random(5)

    def mutate(text: str) -> str:
        i = rng.randrange(len(text))
        kind = rng.choice(["sub", "swap", "ins", "del", "two"])
        if kind == "sub":
            return text[:i] + rng.choice("0123456789AB") + text[i + 1 :]
        if kind == "swap" and i + 1 < len(text):
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if kind == "ins":
            return text[:i] + rng.choice("0123456789") + text[i:]
        if kind == "del" and len(text) > 1:
            return text[:i] + text[i + 1 :]
        return mutate(mutate(text))

    bases = ["AB1234567", "7329507", "X1234", "P0001", "1234", "ZZ" * 25]
    records = []
    for k in range(300):
        props: dict[str, str | list[str]] = {}
        text = rng.choice(bases)
        for _ in range(rng.choice([0, 1, 1, 2])):
            text = mutate(text)
        props["idNumber"] = text
        street = rng.choice(["10 wells road rosehill 5068", "3 station street auburn 2250"])
        words = street.split()
        rng.shuffle(words) if rng.random() < 0.2 else None
        address = " ".join(words)
        props["address"] = mutate(address) if rng.random() < 0.5 else address
        records.append(rec(f"d{k}", "X", **props))
    n = len(records)
    pairs = np.array([(i, j) for i in range(n) for j in range(i + 1, n)])
    columns = score.compare_arrays(records, pairs)
    for k, (i, j) in enumerate(pairs.tolist()):
        vector, _ = score.compare(records[i], records[j])
        assert int(columns[5].levels[k]) == vector[5], (records[i], records[j])
        assert int(columns[3].levels[k]) == vector[3], (records[i], records[j])


@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 6), st.floats(0, 1, allow_nan=False)),
        max_size=40,
    )
)
def test_pair_sums_are_a_loops_sums_both_ways_to_the_last_bit(
    pairs: list[tuple[int, int, float]],
) -> None:
    import numpy as np

    pairs = [(i, j, p) for i, j, p in pairs if i != j]
    expected: dict[int, dict[int, list[float]]] = {}
    for i, j, p in pairs:
        for x, y in ((i, j), (j, i)):
            entry = expected.setdefault(x, {}).setdefault(y, [0.0, 0.0])
            entry[0] += p
            entry[1] += 1
    a = np.array([i for i, _, _ in pairs], dtype=np.int64)
    b = np.array([j for _, j, _ in pairs], dtype=np.int64)
    p = np.array([q for _, _, q in pairs], dtype=np.float64)
    got = {x: {y: list(sums) for y, sums in row.items()} for x, row in score.pair_sums(a, b, p)}
    assert got == expected


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Ig0r Sech1n", ("igor", "sechin")),  # digits for letters inside a word
        ("I9or  SECH1N", ("igor", "sechin")),
        ("Brigade 44", ("brigade",)),  # a number alone is not a name part
        ("Brigade_44", ("brigade",)),
        ("John Smith1", ("john", "smith")),  # nor a digit at a word's end or start
        ("44th Brigade", ("th", "brigade")),
        ("Ahmed 2", ("ahmed",)),
        ("Rêbwar Hasan", ("rebwar", "hasan")),
    ],
)
def test_name_words_read_digits_inside_words_as_letters(written: str, read: tuple) -> None:
    assert score._words(written) == read


def test_an_obfuscated_name_is_the_same_name() -> None:
    a = score.Record.from_props(("a", "1"), {"name": ["Ig0r Sech1n"]})
    b = score.Record.from_props(("b", "1"), {"name": ["Igor Sechin"]})
    outcome = score.compare_names(a, b)
    assert outcome is not None and score.NAME_LEVELS[outcome[0]] == "same name"


@pytest.mark.parametrize("make", [lambda: world()[0], noisy_world])
def test_value_frequencies_count_each_record_holding_a_value(
    make: Callable[[], list[Record]],
) -> None:
    # The reference: record by record, each value a record holds counted once for it.
    records = make()
    expected: dict[str, Counter[str]] = {}
    for c in score.COMPARISONS:
        if c.tf:
            expected[c.name] = Counter(
                v for r in records for v in score._tf_of(c.name, getattr(r, c.attr))
            )
    found = score._frequencies(records)
    assert found.keys() == expected.keys()
    for name, counts in expected.items():
        assert found[name] == {v: k / len(records) for v, k in counts.items()}
    assert any(len(counts) > 1 for counts in expected.values())
