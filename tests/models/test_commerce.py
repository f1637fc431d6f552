"""Commerce: issues 9, 10, 11 and 17 end as documented, by legacy id, and every cent is accounted for."""

from __future__ import annotations

import ast
import json
import re
from collections import defaultdict
from decimal import Decimal

import psycopg
import pytest

from tests.support import query

CENT = Decimal("0.01")

# money column -> (legacy SQL: currency, id, amount as rounded once at staging; mart SQL: currency, legacy_id, amount)
MONEY = {
    "dispatch_price.amount": (
        "select currency, id, amount from public.dispatch_price",
        "select currency, legacy_id, amount from public.product_prices",
    ),
    **{
        f"dispatch_purchase.{column}": (
            f"select currency, id, {column} from public.dispatch_purchase",
            f"select currency, legacy_id, {column} from public.purchases",
        )
        for column in ("subtotal", "discount_amount", "tax", "total")
    },
    **{
        f"dispatch_purchaseitem.{column}": (
            f"select p.currency, i.id, i.{column} from public.dispatch_purchaseitem i "
            "join public.dispatch_purchase p on p.id = i.purchase_id",
            f"select currency, legacy_id, {column} from public.purchase_items",
        )
        for column in ("unit_price", "total")
    },
    **{
        f"dispatch_invoice.{column}": (
            f"select currency, id, {column} from public.dispatch_invoice",
            f"select currency, legacy_id, {column} from public.invoices",
        )
        for column in ("amount", "tax")
    },
    "dispatch_operation.amount": (
        "select currency, id, amount / 100.0 from public.dispatch_operation",
        "select currency, legacy_id, amount from public.operations",
    ),
    "dispatch_coupon.amount_off_cents": (
        "select 'USD', id, amount_off_cents / 100.0 from public.dispatch_coupon where amount_off_cents is not null",
        "select currency, legacy_id, amount_off from public.coupons where amount_off is not null",
    ),
    "dispatch_payment.amount": (
        "select 'USD', id, round(amount::numeric, 2) from public.dispatch_payment",
        "select currency, legacy_id, amount from public.payments",
    ),
    "dispatch_offer.price": (
        "select 'USD', id, round(price::numeric, 2) from public.dispatch_offer where price is not null",
        "select currency, legacy_id, price from public.offers where price is not null",
    ),
    "dispatch_discount.value": (
        "select 'USD', id, round(value::numeric, 2) from public.dispatch_discount where kind = 2",
        "select currency, legacy_id, amount_off from public.discounts where kind = 'fixed_amount_off'",
    ),
}

TEXT_COLUMNS = """
select quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), quote_ident(c.column_name)
from information_schema.columns c
join information_schema.tables t using (table_schema, table_name)
where t.table_type in ('BASE TABLE', 'VIEW')
  and c.table_schema not in ('pg_catalog', 'information_schema', 'legacy', 'legacy_catalog')
  and c.table_schema not like 'pg\\_%'
  and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
"""


def anomalies(dbs, table, issue, kind=None):
    sql = "select legacy_id, kind, expected from synthetic.anomalies where table_name = %s and issue = %s"
    params = [table, issue]
    if kind:
        sql += " and kind = %s"
        params.append(kind)
    return query(dbs.legacy_url, sql, params)


def ledger(dbs, table):
    rows = query(
        dbs.target_url,
        "select legacy_id, disposition, reason_code, detail, repairs from migration.row_ledger where source_table = %s",
        [table],
    )
    return {r[0]: r[1:] for r in rows}


def mart_ids(dbs, mart):
    return {r[0] for r in query(dbs.target_url, f"select legacy_id from public.{mart}")}


# --- issue 9: offers --------------------------------------------------------------------------------------------


def test_issue_9_inactive_and_expired_offers_are_excluded(built):
    injected = anomalies(built, "dispatch_offer", 9)
    assert {k for _, k, _ in injected} == {"inactive", "expired"}
    found = ledger(built, "dispatch_offer")
    reason = {"inactive": "inactive_offer", "expired": "expired_offer"}
    wrong = {i: found[i][:2] for i, k, _ in injected if found[i][:2] != ("excluded", reason[k])}
    assert not wrong
    assert not {i for i, _, _ in injected} & mart_ids(built, "offers")


def test_issue_9_only_active_unexpired_offers_migrate(built):
    # offers are classified as of the start of the run that read them; an offer that expires later
    # is read again by the next run (a time trigger), so the last good run's start is the instant
    ((as_of,),) = query(
        built.target_url,
        "select started_at from migration.runs where status = 'ok' and is_sync and snapshot_taken"
        " order by run_seq desc limit 1",
    )
    legacy = query(built.legacy_url, "select id, is_active, valid_to from public.dispatch_offer")
    expected = {
        i: ("excluded", "inactive_offer")
        if not active
        else ("excluded", "expired_offer")
        if valid_to is not None and valid_to < as_of
        else ("migrated", None)
        for i, active, valid_to in legacy
    }
    found = ledger(built, "dispatch_offer")
    assert {i: v[:2] for i, v in found.items()} == expected
    assert mart_ids(built, "offers") == {i for i, (d, _) in expected.items() if d == "migrated"}


def test_lines_and_coupons_of_excluded_offers_keep_their_history(built):
    excluded = {i for i, v in ledger(built, "dispatch_offer").items() if v[0] == "excluded"}
    for table, mart in (("dispatch_purchaseitem", "purchase_items"), ("dispatch_coupon", "coupons")):
        legacy = dict(
            query(
                built.legacy_url, f"select id, offer_id from public.{table} where offer_id = any(%s)", [list(excluded)]
            )
        )
        if not legacy:
            continue
        found = ledger(built, table)
        assert all(found[i][0] == "migrated" and "offer_excluded_unset" in found[i][3] for i in legacy)
        unset = query(
            built.target_url, f"select legacy_id, offer_id from public.{mart} where legacy_id = any(%s)", [list(legacy)]
        )
        assert sorted(unset) == sorted((i, None) for i in legacy)


# --- issue 10: discounts ----------------------------------------------------------------------------------------


def test_issue_10_invalid_discounts_are_rejected_by_kind(built):
    injected = anomalies(built, "dispatch_discount", 10)
    assert {k for _, k, _ in injected} == {"window_inverted", "percent_out_of_range", "fixed_in_cents"}
    found = ledger(built, "dispatch_discount")
    wrong = {i: found[i][:2] for i, k, _ in injected if found[i][:2] != ("rejected", k)}
    assert not wrong
    assert not {i for i, _, _ in injected} & mart_ids(built, "discounts")
    # every other discount migrates
    others = set(found) - {i for i, _, _ in injected}
    assert others == mart_ids(built, "discounts")


def test_issue_10_fixed_in_cents_is_not_repaired_but_names_the_probable_amount(built):
    injected = [i for i, _, _ in anomalies(built, "dispatch_discount", 10, "fixed_in_cents")]
    values = dict(
        query(built.legacy_url, "select id, value from public.dispatch_discount where id = any(%s)", [injected])
    )
    found = ledger(built, "dispatch_discount")
    for i in injected:
        probable = (Decimal(str(values[i])) / 100).quantize(CENT)
        assert f"probably {probable} USD" in found[i][2]


# --- issue 11: card numbers -------------------------------------------------------------------------------------


def parse_response(text):
    try:
        return json.loads(text)
    except ValueError:
        return ast.literal_eval(text)  # the Python-repr v1 rows (issue 12)


def test_issue_11_last4_is_the_manifest_expectation(built):
    injected = anomalies(built, "dispatch_operation", 11, "pan_in_raw_response")
    assert injected
    got = dict(
        query(
            built.target_url,
            "select legacy_id, card_last4 from public.operations where legacy_id = any(%s)",
            [[i for i, _, _ in injected]],
        )
    )
    assert got == {i: e for i, _, e in injected}


def test_card_columns_match_the_legacy_response_on_every_row(built):
    legacy = query(built.legacy_url, "select id, raw_response from public.dispatch_operation")
    expected = {}
    for i, text in legacy:
        card = parse_response(text)["payment"]["card_details"]["card"]
        expected[i] = (card["card_brand"], card["last_4"], card["exp_month"], card["exp_year"])
    got = query(
        built.target_url,
        "select legacy_id, card_brand, card_last4, card_exp_month, card_exp_year from public.operations",
    )
    assert {r[0]: r[1:] for r in got} == expected


def legacy_pans(dbs):
    pans = set()
    for (text,) in query(dbs.legacy_url, "select raw_response from public.dispatch_operation"):
        value = parse_response(text).get("card_number")
        if value:
            pans.add(re.sub(r"\D", "", str(value)))
    return pans


def pan_hits(target_url, pans):
    with psycopg.connect(target_url, autocommit=True) as conn:
        conn.execute("create temp table pans (pan text primary key)")
        with conn.cursor().copy("copy pans (pan) from stdin") as copy:
            for pan in pans:
                copy.write_row((pan,))
        found = {}
        for relation, column in conn.execute(TEXT_COLUMNS).fetchall():
            hits = conn.execute(
                f"select count(*) from {relation} as t join pg_temp.pans as p "
                f"on strpos(regexp_replace(t.{column}::text, '[ -]', '', 'g'), p.pan) > 0"
            ).fetchone()[0]
            if hits:
                found[f"{relation}.{column}"] = hits
    return found


def test_issue_11_no_legacy_pan_occurs_in_the_target(built):
    pans = legacy_pans(built)
    assert len(pans) >= len(anomalies(built, "dispatch_operation", 11, "pan_in_raw_response")) > 0
    assert pan_hits(built.target_url, pans) == {}


def test_the_pan_scan_would_see_a_leak(built):
    pan = sorted(legacy_pans(built))[0]
    query(built.target_url, "create schema commerce_probe")
    try:
        query(built.target_url, "create table commerce_probe.leak (note text)")
        query(built.target_url, "insert into commerce_probe.leak values (%s)", [f"card {pan[:4]} {pan[4:8]}-{pan[8:]}"])
        assert pan_hits(built.target_url, {pan}) == {"commerce_probe.leak.note": 1}
    finally:
        query(built.target_url, "drop schema commerce_probe cascade")


def test_raw_response_is_never_a_target_column(built):
    """Only the foreign table and the snapshot (both readable by the migration's role only) have it."""
    columns = query(
        built.target_url,
        "select table_schema || '.' || table_name || '.' || column_name from information_schema.columns "
        "where column_name in ('raw_response', 'card_number') "
        "and table_schema not in ('legacy', 'legacy_catalog', 'legacy_snapshot')",
    )
    assert columns == []


def test_the_snapshot_of_raw_response_holds_no_card_number(built):
    """The sync masks every PAN before it is written: the snapshot keeps only X and the last four."""
    pans = query(
        built.target_url,
        "select count(*) from legacy_snapshot.dispatch_operation where migration.card_numbers(raw_response) is not null",
    )[0][0]
    masked = query(
        built.target_url,
        "select count(*) from legacy_snapshot.dispatch_operation where 'raw_response' = any(_card_masked)",
    )[0][0]
    injected = len(anomalies(built, "dispatch_operation", 11, "pan_in_raw_response"))
    assert pans == 0
    assert masked == injected > 0


# --- issue 17: payments ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["float_noise", "negative_credit"])
def test_issue_17_payments_are_rounded_to_the_expected_cents(built, kind):
    injected = anomalies(built, "dispatch_payment", 17, kind)
    assert injected
    got = {
        r[0]: r[1:]
        for r in query(
            built.target_url,
            "select legacy_id, amount, currency, is_credit, method from public.payments where legacy_id = any(%s)",
            [[i for i, _, _ in injected]],
        )
    }
    assert {i: g[0] for i, g in got.items()} == {i: Decimal(e) for i, _, e in injected}
    assert all(g[1] == "USD" for g in got.values())
    if kind == "negative_credit":
        assert all(g[0] < 0 and g[2] and g[3] == "credit" for g in got.values())


def test_issue_17_noise_really_was_float_noise(built):
    injected = [i for i, _, _ in anomalies(built, "dispatch_payment", 17, "float_noise")]
    raw = query(built.legacy_url, "select amount::text from public.dispatch_payment where id = any(%s)", [injected])
    assert any(len(text.split(".")[-1]) > 2 for (text,) in raw)


# --- references to rejected orders (issue 1) ---------------------------------------------------------------------


@pytest.mark.parametrize(("table", "mart"), [("dispatch_purchase", "purchases"), ("dispatch_payment", "payments")])
def test_money_rows_of_rejected_orders_keep_their_money_with_the_order_unset(built, table, mart):
    rejected = [
        r[0]
        for r in query(
            built.target_url, "select legacy_id from migration.rejects where source_table = 'dispatch_instruction'"
        )
    ]
    legacy = [
        r[0]
        for r in query(built.legacy_url, f"select id from public.{table} where instruction_id = any(%s)", [rejected])
    ]
    found = ledger(built, table)
    assert all(found[i][0] == "migrated" and "order_rejected_unset" in found[i][3] for i in legacy)
    got = query(built.target_url, f"select legacy_id, order_id from public.{mart} where legacy_id = any(%s)", [legacy])
    assert sorted(got) == sorted((i, None) for i in legacy)


def test_lower_case_coupon_codes_are_kept_and_flagged(built):
    legacy = dict(query(built.legacy_url, "select id, code from public.dispatch_coupon"))
    got = {
        r[0]: r[1:] for r in query(built.target_url, "select legacy_id, code, code_is_redeemable from public.coupons")
    }
    assert got
    assert all(code == legacy[i] and redeemable == (code == code.upper()) for i, (code, redeemable) in got.items())


# --- money --------------------------------------------------------------------------------------------------------


def reconciliation(dbs):
    rows = query(
        dbs.target_url,
        "select name, currency, source_total, migrated_total, rejected_total, difference "
        "from migration.money_reconciliation",
    )
    return {(r[0], r[1]): r[2:] for r in rows}


def test_money_reconciliation_covers_every_money_column_and_balances(built):
    recon = reconciliation(built)
    assert {name for name, _ in recon} == set(MONEY)
    assert {key: values[3] for key, values in recon.items()} == {key: Decimal("0.00") for key in recon}


@pytest.mark.parametrize("name", sorted(MONEY))
def test_legacy_totals_match_the_mart_totals(built, name):
    legacy_sql, mart_sql = MONEY[name]
    table = name.split(".")[0]
    not_migrated = {i for i, v in ledger(built, table).items() if v[0] != "migrated"}
    legacy = {
        i: (currency, Decimal(amount).quantize(CENT)) for currency, i, amount in query(built.legacy_url, legacy_sql)
    }
    mart = {i: (currency, amount) for currency, i, amount in query(built.target_url, mart_sql)}
    # row by row: each migrated amount is the legacy amount, rounded once, in the same currency
    assert mart == {i: v for i, v in legacy.items() if i not in not_migrated}
    totals = defaultdict(lambda: [Decimal(0)] * 3)
    for i, (currency, amount) in legacy.items():
        totals[currency][0] += amount
        totals[currency][2 if i in not_migrated else 1] += amount
    mart_totals = defaultdict(Decimal)
    for currency, amount in mart.values():
        mart_totals[currency] += amount
    recon = {currency: values for (n, currency), values in reconciliation(built).items() if n == name}
    assert {c: (t[0], t[1], t[2]) for c, t in totals.items()} == {c: v[:3] for c, v in recon.items()}
    assert {c: t[1] for c, t in totals.items()} == {c: mart_totals.get(c, Decimal(0)) for c in totals}
