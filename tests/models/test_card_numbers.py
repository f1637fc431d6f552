"""The card-number detector (migration.card_numbers) on a generated corpus: every PAN spelled as
people and systems write it is found, and phones, dates, ids, UUIDs and amounts are not."""

from __future__ import annotations

import random

import psycopg
import pytest

# (issuer prefix, length) of the schemes the detector knows
SCHEMES = [
    ("4", 16),
    ("4", 13),
    ("4", 19),
    ("51", 16),
    ("55", 16),
    ("2221", 16),
    ("2720", 16),
    ("34", 15),
    ("37", 15),
    ("6011", 16),
    ("65", 16),
    ("644", 19),
    ("3528", 16),
    ("3589", 19),
    ("300", 14),
    ("36", 14),
    ("62", 16),
    ("62", 19),
    ("58", 16),
    ("6759", 19),
]


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    return luhn_digit(digits[:-1]) == digits[-1]


def pan(rng: random.Random) -> str:
    prefix, length = rng.choice(SCHEMES)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def spell(rng: random.Random, number: str) -> str:
    """A PAN as it appears in legacy text."""
    sep = rng.choice([" ", "-"])
    if len(number) == 15 and rng.random() < 0.7:
        grouped = f"{number[:4]}{sep}{number[4:10]}{sep}{number[10:]}"
    elif len(number) == 16:
        grouped = sep.join(number[i : i + 4] for i in range(0, 16, 4))
    elif len(number) == 19 and rng.random() < 0.5:
        grouped = sep.join(number[i : i + 4] for i in range(0, 16, 4)) + sep + number[16:]
    else:
        grouped = number
    plain = rng.random() < 0.4
    written = number if plain else grouped
    return rng.choice(
        [
            f"card {written} exp 12/27",
            f'{{"card_number": "{written}", "last_4": "{number[-4:]}"}}',
            f'{{"card_number": {number}, "brand": "VISA"}}',
            f"{{'card_number': '{written}', 'cvv': None}}",
            f"Patient paid by phone, card {written}",
            f"note truncated at 200 chars ... {written}",
            f"{written}",
            f"{written}\r\n\tthanks",
        ]
    )


def phone(rng: random.Random) -> str:
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    return rng.choice(
        [
            f"+55 11 9{digits(4)}-{digits(4)}",
            f"+55 (11) 9{digits(4)}-{digits(4)}",
            f"+5511 9{digits(4)} {digits(4)}",
            f"55 11 9{digits(4)}-{digits(4)}",
            f"({digits(3)}) {digits(3)}-{digits(4)}",
            f"{digits(3)}.{digits(3)}.{digits(4)} x{digits(3)}",
            f"+1 {digits(3)} {digits(3)} {digits(4)}",
            f"+44 20 {digits(4)} {digits(4)}",
            f"cell: +49 {digits(3)} {digits(8)}",
            f"+55{digits(11)}",
            f"+{digits(13)}",
        ]
    )


def negative(rng: random.Random) -> str:
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    uuid_digits = f"{digits(8)}-{digits(4)}-{digits(4)}-{digits(4)}-{digits(12)}"
    return rng.choice(
        [
            phone(rng),
            phone(rng),
            f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00",
            f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{digits(6)}",
            uuid_digits,
            f"{rng.getrandbits(128):032x}",
            f"instruction {rng.randint(1, 999_999)} of patient {rng.randint(1, 99_999)}",
            f"total {rng.randint(0, 9_999_999)}.{digits(2)} USD",
            f"1Z{digits(6).upper()}AA{digits(8)}",
            f"tracking {digits(12)}",
            f"USPS {digits(22)}",
            f"ts {digits(13)}",
            f"sha1 {rng.getrandbits(160):040x}",
            f'{{"instruction": {rng.randint(1, 99999)}, "plan": {rng.randint(1, 99999)}, "amount": {digits(5)}}}',
        ]
    )


@pytest.fixture(scope="module")
def corpus():
    rng = random.Random(20261202)
    positives = [(spell(rng, n), n) for n in (pan(rng) for _ in range(3000))]
    negatives = [negative(rng) for _ in range(12000)]
    # phones whose digits happen to pass the Luhn check are the known trap: at least 1,000 of them
    luhn_phones = []
    while len(luhn_phones) < 1000:
        candidate = phone(rng)
        if luhn_ok("".join(c for c in candidate if c.isdigit())):
            luhn_phones.append(candidate)
    return positives, negatives + luhn_phones


def detect(url: str, texts: list[str]) -> list[int]:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create temp table corpus (n int, value text)")
        with conn.cursor().copy("copy corpus (n, value) from stdin") as copy:
            for i, text in enumerate(texts):
                copy.write_row((i, text))
        rows = conn.execute(
            "select n, coalesce(cardinality(migration.card_numbers(value)), 0) from corpus order by n"
        ).fetchall()
    return [r[1] for r in rows]


def test_every_pan_is_found_and_almost_nothing_else(built, corpus):
    positives, negatives = corpus
    found = detect(built.target_url, [text for text, _ in positives])
    false_alarms = detect(built.target_url, negatives)
    missed = [positives[i] for i, hits in enumerate(found) if hits == 0]
    true_positives = len(positives) - len(missed)
    false_positives = sum(1 for hits in false_alarms if hits)
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / len(positives)
    assert missed == []
    assert recall == 1.0
    assert precision >= 0.99, [negatives[i] for i, hits in enumerate(false_alarms) if hits][:10]


def test_a_luhn_valid_brazilian_mobile_number_is_not_a_card(built):
    assert detect(built.target_url, ["+55 11 99123-4567", "+55 11 91234-5678"]) == [0, 0]


def test_masking_keeps_the_last_four_digits_and_nothing_else(built):
    with psycopg.connect(built.target_url) as conn:
        masked = conn.execute(
            "select migration.mask_card_numbers('paid with 4111 1111 1111 1111 on 2024-01-05, phone +55 11 99123-4567')"
        ).fetchone()[0]
    assert masked == "paid with XXXX XXXX XXXX 1111 on 2024-01-05, phone +55 11 99123-4567"
