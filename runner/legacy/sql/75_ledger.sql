-- Commerce: dispatch_payment, the accounting ledger staff keep by hand (cheques, wires, card
-- terminal, credits), 2015 onwards. Salts: 75001-75999.
-- amount is double precision dollars, implied USD; credits/adjustments (method 4) are negative.
-- paid_at is naive New York wall-clock time: (instant at time zone 'America/New_York');
-- cheques and wires are often typed as a bare date (midnight).
-- Issue 17: float_noise = exactly k(0.2) amounts that went through float sums (0.1 + 0.2 style),
--           negative_credit = every method-4 row; expected = round(amount::numeric, 2)::text.
-- Issue 15: dst_ambiguous / dst_gap = a few paid_at values typed inside a DST change (01:xx on
--           the November change, 02:xx on the March change); every paid_at that is ambiguous or
--           does not exist is recorded, including ones that fell there naturally.

with
pool as materialized (select synthetic.ops_staff_ids() as staff),
cfg as materialized (
    select synthetic.n('dispatch_payment') as n,
           synthetic.n('dispatch_office') as n_office,
           synthetic.n('dispatch_instruction') as ni,
           synthetic.k('dispatch_payment', 0.2) as k_noise,
           synthetic.k('dispatch_payment', 0.0005) as k_dst,
           timestamptz '2015-01-12 14:00:00+00' as t0,
           synthetic.epoch_end() - interval '30 hours' as t1
),
-- DST dates used for injection, evenly spread, k_dst per kind
dst as (
    select r.* from cfg cross join lateral synthetic.ops_dst_rows(cfg.n, cfg.k_dst, cfg.t0, cfg.t1, 0.85) as r
),
noise as (
    select synthetic.ops_stratum_pick(75001, j, cfg.n, cfg.k_noise) as id
    from cfg, generate_series(1, cfg.k_noise) as j
),
b as (
    select g as id, cfg.*,
           synthetic.ops_when(g, cfg.n, synthetic.u(75002, g) - 0.5, cfg.t0, cfg.t1, 0.85) as instant,
           case when synthetic.u(75003, g) < 0.38 then 1 when synthetic.u(75003, g) < 0.56 then 2
                when synthetic.u(75003, g) < 0.61 then 3 when synthetic.u(75003, g) < 0.91 then 4 else 5 end as method,
           (noise.id is not null) as is_noise,
           dst.kind as dst_kind, dst.day as dst_day
    from cfg
    cross join generate_series(1, cfg.n) as g
    left join noise on noise.id = g
    left join dst on dst.row_id = g
),
b2 as (
    select b.*,
           -- amount in cents (positive)
           case b.method
               when 3 then round(exp(ln(10000) + synthetic.u(75004, b.id) * ln(12)))
               when 4 then round(exp(ln(2500) + synthetic.u(75004, b.id) * ln(24.8)))
               else round(exp(ln(1500) + synthetic.u(75004, b.id) * ln(17.3)))
           end::bigint as cents,
           -- the instant and its naive New York wall-clock time as staff typed it
           case when b.dst_kind is not null
                then b.dst_day + case when b.dst_kind = 'dst_gap' then time '02:00' else time '01:00' end
                     + synthetic.ops_secs(60 * synthetic.pick(75005, b.id, 59))
                when b.method in (2, 3) and synthetic.chance(75006, b.id, 0.6)
                then ((b.instant at time zone 'America/New_York')::date)::timestamp
                else date_trunc('second', b.instant at time zone 'America/New_York')
           end as paid_at
    from b
),
b3 as (
    select b2.*,
           case when b2.method = 4 then -1 else 1 end as sign,
           greatest(1, b2.cents / 2 - synthetic.pick(75007, b2.id, greatest(b2.cents / 3, 1)))::bigint as part1,
           greatest(1, b2.cents / 3 + synthetic.pick(75008, b2.id, greatest(b2.cents / 4, 1)))::bigint as part2
    from b2
),
p as (
    select b3.*,
           case
               when not b3.is_noise then b3.sign * (b3.cents / 100.0::float8)
               -- two partial amounts added as floats; the first split that shows noise wins
               when ((b3.cents - b3.part1) / 100.0::float8 + b3.part1 / 100.0::float8) <> b3.cents / 100.0::float8
                   then b3.sign * ((b3.cents - b3.part1) / 100.0::float8 + b3.part1 / 100.0::float8)
               when ((b3.cents - b3.part2) / 100.0::float8 + b3.part2 / 100.0::float8) <> b3.cents / 100.0::float8
                   then b3.sign * ((b3.cents - b3.part2) / 100.0::float8 + b3.part2 / 100.0::float8)
               when (b3.cents / 100.0::float8 * 1.1::float8 / 1.1::float8) <> b3.cents / 100.0::float8
                   then b3.sign * (b3.cents / 100.0::float8 * 1.1::float8 / 1.1::float8)
               else b3.sign * (b3.cents / 100.0::float8) * (1 + 2 ^ -50::float8)
           end as amount,
           synthetic.ops_near(75009, b3.id, b3.n, b3.ni, 30) as iid,
           (b3.paid_at at time zone 'America/New_York')
               + synthetic.ops_secs(1800 + 3600 * 48 * power(synthetic.u(75010, b3.id), 2)) as created
    from b3
),
ins as (
    insert into dispatch_payment (id, office_id, instruction_id, user_id, amount, method, reference,
                                  note, paid_at, created)
    select p.id,
           case when synthetic.chance(75011, p.id, 0.95)
                then coalesce(p.ins_office_id, synthetic.pick(75012, p.id, p.n_office)::int) end,
           case when synthetic.chance(75013, p.id, 0.55) then p.iid end,
           case when synthetic.chance(75014, p.id, 0.9) then pool.staff[synthetic.pick(75025, p.id, cardinality(pool.staff))] end,
           p.amount, p.method,
           case p.method
               when 1 then synthetic.one_of(75015, p.id, array['Visa x', 'MC x', 'Amex x', 'Disc x'])
                           || lpad(synthetic.pick(75016, p.id, 9999)::text, 4, '0')
               when 2 then 'Chk #' || (1000 + synthetic.pick(75017, p.id, 98999))
               when 3 then synthetic.one_of(75018, p.id, array['ACH ', 'WIRE ', 'ACH TRACE '])
                           || lpad(synthetic.pick(75019, p.id, 999999999)::text, 9, '0')
               when 4 then 'CM-' || to_char(p.paid_at, 'YYYY') || '-' || lpad(p.id::text, 5, '0')
               else case when synthetic.chance(75020, p.id, 0.5) then '' else 'Receipt ' || synthetic.pick(75021, p.id, 9999) end
           end,
           case
               when p.method = 4 then synthetic.one_of(75022, p.id, array[
                   'Remake credit', 'Courtesy credit approved by lab manager', 'Overpayment applied to next invoice',
                   'Price adjustment for the 2019 fee schedule', 'Shipping damage credit', 'Promo credit (AAO)',
                   'Write-off small balance'])
               when synthetic.chance(75023, p.id, 0.85) then ''
               else synthetic.one_of(75024, p.id, array[
                   'Paid at the front desk.', 'Covers the last two invoices.', 'Partial payment.',
                   'Office will mail the balance.', 'Posted late, cheque was misplaced.'])
           end,
           p.paid_at, p.created
    from (select p.*, i.office_id as ins_office_id
          from p left join dispatch_instruction as i on i.id = p.iid offset 0) as p
    cross join pool
    returning id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_payment', p.id, 17, 'float_noise', 'amount', round(p.amount::numeric, 2)::text
from p where p.is_noise
union all
select 'dispatch_payment', p.id, 17, 'negative_credit', 'amount', round(p.amount::numeric, 2)::text
from p where p.method = 4
union all
select 'dispatch_payment', p.id, 15, synthetic.ops_dst_kind(p.paid_at), 'paid_at', null
from p where synthetic.ops_dst_kind(p.paid_at) is not null;
