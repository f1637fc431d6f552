-- Commerce tables: dispatch_product, dispatch_price, dispatch_offer, dispatch_discount,
-- dispatch_coupon, dispatch_purchase, dispatch_purchaseitem, dispatch_operation, dispatch_invoice.
-- Salts: 70001-70999. Money units follow the fixture README ("Money: storage and unit per table").

-- the 10 products with their 2015 list price in USD (dispatch_product holds no price)
create temp table ops_product as
select * from (values
    (1, 'Comprehensive aligner package', 'ALN-COMP', 1, 15, 1495.00, true),
    (2, 'Lite aligner package (up to 14 stages)', 'ALN-LITE', 1, 16, 995.00, true),
    (3, 'Express aligner package (up to 7 stages)', 'ALN-EXPR', 1, 16, 645.00, true),
    (4, 'Refinement', 'REF-STD', 2, 17, 295.00, true),
    (5, 'Retainer set (3 pairs)', 'RET-SET3', 3, 19, 349.00, true),
    (6, 'Retainer, single pair', 'RET-ONE', 3, 18, 149.00, false),
    (7, 'Replacement aligner', 'RPL-ALN', 4, 20, 85.00, true),
    (8, 'Attachment template', 'ACC-ATT', 5, 21, 45.00, true),
    (9, 'Diagnostic setup', 'SRV-DIAG', 5, 24, 150.00, true),
    (10, 'Rush processing', 'SRV-RUSH', 5, 23, 99.00, true)
) as p (pid, name, sku, kind, category_id, base_price, is_active);

-- ---------------------------------------------------------------------------------------------
-- dispatch_product: the fixed catalogue (10 rows).
-- ---------------------------------------------------------------------------------------------
insert into dispatch_product (id, name, sku, description, category_id, kind, is_active, sort_order,
                              created, modified, square_catalog_id)
select g, p.name, p.sku || case when g > 10 then '-' || g else '' end,
       p.name || ' - ' || case p.kind
           when 1 then 'clear aligner treatment including setup, all stages and one refinement.'
           when 2 then 'additional aligner stages after the first treatment phase.'
           when 3 then 'thermoformed retainers from the final stage.'
           when 4 then 'one replacement aligner for a lost or broken stage.'
           else 'service or accessory billed per case.' end,
       least(p.category_id, synthetic.n('dispatch_category')), p.kind, p.is_active, 10 * g,
       synthetic.ops_frac(synthetic.epoch_start(), timestamptz '2017-01-01 00:00:00+00', synthetic.u(70001, g) * 0.2),
       synthetic.ops_frac(timestamptz '2021-01-01 00:00:00+00', synthetic.epoch_end(), synthetic.u(70002, g)),
       case when p.kind = 5 and g % 2 = 0 then '' else upper(translate(synthetic.ops_b64(70003, g, 24), 'kQz', 'KQZ')) end
from generate_series(1, synthetic.n('dispatch_product')) as g
inner join ops_product as p on p.pid = (g - 1) % 10 + 1;

-- ---------------------------------------------------------------------------------------------
-- dispatch_price: per product five list-price generations (office_id NULL, consecutive windows,
-- the last one open-ended), then office-specific prices (~10% below list).
-- ---------------------------------------------------------------------------------------------
create temp table ops_list_window as
select * from (values
    (0, timestamptz '2015-01-05 14:00:00+00', timestamptz '2017-01-01 05:00:00+00', 1.00),
    (1, timestamptz '2017-01-01 05:00:00+00', timestamptz '2019-01-01 05:00:00+00', 1.04),
    (2, timestamptz '2019-01-01 05:00:00+00', timestamptz '2021-07-01 04:00:00+00', 1.08),
    (3, timestamptz '2021-07-01 04:00:00+00', timestamptz '2023-01-01 05:00:00+00', 1.14),
    (4, timestamptz '2023-01-01 05:00:00+00', null, 1.20)
) as w (generation, valid_from, valid_to, factor);

insert into dispatch_price (id, product_id, office_id, amount, currency, valid_from, valid_to, created)
select g, pr.product_id,
       case when pr.generation > 4 then synthetic.pick(70011, g, synthetic.n('dispatch_office')) end,
       case when pr.generation <= 4 then round(p.base_price * w.factor / 5) * 5
            else round(p.base_price * (1.04 + 0.16 * synthetic.u(70012, g))::numeric * (0.85 + 0.1 * synthetic.u(70013, g))::numeric, 0)
       end,
       'USD',
       coalesce(w.valid_from, pr.office_from),
       case when pr.generation <= 4 then w.valid_to
            when synthetic.chance(70014, g, 0.5) then pr.office_from + synthetic.ops_secs(86400 * (180 + 540 * synthetic.u(70015, g)))
       end,
       greatest(synthetic.epoch_start(),
                coalesce(w.valid_from, pr.office_from) - synthetic.ops_secs(86400 * 14 * synthetic.u(70016, g)))
from generate_series(1, synthetic.n('dispatch_price')) as g
cross join lateral (
    select least((g - 1) % synthetic.n('dispatch_product') + 1, 10)::int as pid,
           (g - 1) % synthetic.n('dispatch_product') + 1 as product_id,
           (g - 1) / synthetic.n('dispatch_product') as generation,
           synthetic.ops_frac(timestamptz '2017-01-01 05:00:00+00', timestamptz '2025-06-01 04:00:00+00',
                              synthetic.u(70017, g)) as office_from
) as pr
inner join ops_product as p on p.pid = pr.pid
left join ops_list_window as w on w.generation = pr.generation;

-- ---------------------------------------------------------------------------------------------
-- dispatch_offer: promotional offers, price in double precision dollars (NULL for bundles).
-- Issue 9: exactly round(n * 395 / 788) offers are not carried over, in two disjoint kinds:
--          inactive (is_active = false, window still open) and expired (active, valid_to
--          before 2025-10-01). The others are active with valid_to NULL or after 2025-10-15.
-- ---------------------------------------------------------------------------------------------
with
cfg as materialized (
    select synthetic.n('dispatch_offer') as n,
           round(synthetic.n('dispatch_offer') * 395 / 788.0)::bigint as n_bad,
           synthetic.n('dispatch_office') as n_office,
           synthetic.n('dispatch_product') as n_product
),
o as (
    select g as id, cfg.*, row_number() over (order by synthetic.u(70101, g), g) as r,
           synthetic.ops_when(g, cfg.n, synthetic.u(70102, g) - 0.5, timestamptz '2015-03-01 12:00:00+00',
                              timestamptz '2025-09-01 12:00:00+00', 0.8) as created,
           case when synthetic.chance(70103, g, 0.8) then synthetic.pick(70104, g, least(cfg.n_product, 10)) end as product_id
    from cfg, generate_series(1, cfg.n) as g
),
o2 as (
    select o.*,
           case when o.r <= o.n_bad / 2 then 'inactive' when o.r <= o.n_bad then 'expired' end as bad_kind,
           case when synthetic.chance(70105, o.id, 0.1) then null
                else o.created + synthetic.ops_secs(86400 * 7 * synthetic.u(70106, o.id)) end as valid_from,
           p.name as product_name, p.base_price,
           extract(year from o.created at time zone 'UTC')::int as yr,
           synthetic.one_of(70107, o.id, array['Spring', 'Summer', 'Fall', 'Winter', 'AAO', 'Holiday', 'Study club', 'New office', 'Loyalty']) as campaign,
           case when synthetic.chance(70116, o.id, 0.5) then null else 5 * synthetic.pick(70117, o.id, 100) end as max_uses
    from o left join ops_product as p on p.pid = o.product_id
),
ins as (
    insert into dispatch_offer (id, name, description, product_id, office_id, price, min_quantity,
                                is_active, valid_from, valid_to, max_uses, used_count, created, modified)
    select o2.id,
           o2.campaign || ' ' || o2.yr || ': ' || coalesce(o2.product_name, 'starter bundle'),
           case when o2.product_id is null
                then 'Bundle of a diagnostic setup and attachment templates, priced per case.'
                else o2.product_name || ' at a reduced price for ' || lower(o2.campaign) || ' ' || o2.yr || ' orders.' end,
           o2.product_id,
           case when synthetic.chance(70108, o2.id, 0.25) then synthetic.pick(70109, o2.id, o2.n_office) end,
           case when o2.product_id is null then null
                when synthetic.chance(70110, o2.id, 0.4)
                    then (round(o2.base_price * (1 + 0.02 * (o2.yr - 2015)) * (0.75 + 0.2 * synthetic.u(70111, o2.id)) / 5) * 5 - 0.01)::float8
                else round(o2.base_price * (1 + 0.02 * (o2.yr - 2015)) * (0.75 + 0.2 * synthetic.u(70111, o2.id)) / 5)::float8 * 5
           end,
           synthetic.one_of(70112, o2.id, array['1', '1', '1', '1', '1', '1', '1', '2', '3', '5', '10'])::int,
           o2.bad_kind is distinct from 'inactive',
           o2.valid_from,
           case
               when o2.bad_kind = 'expired' then
                   least(coalesce(o2.valid_from, o2.created) + synthetic.ops_secs(86400 * (14 + 166 * synthetic.u(70113, o2.id))),
                         timestamptz '2025-09-30 03:59:59+00')
               when synthetic.chance(70114, o2.id, 0.5) then null
               else timestamptz '2025-10-15 04:00:00+00' + synthetic.ops_secs(86400 * 450 * synthetic.u(70115, o2.id))
           end,
           o2.max_uses,
           floor(coalesce(o2.max_uses, 200) * power(synthetic.u(70119, o2.id), 2))::int,
           o2.created,
           o2.created + synthetic.ops_secs(86400 * 30 * synthetic.u(70118, o2.id))
    from o2
    returning id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_offer', o2.id, 9, o2.bad_kind,
       case o2.bad_kind when 'inactive' then 'is_active' else 'valid_to' end, null
from o2 where o2.bad_kind is not null;

-- ---------------------------------------------------------------------------------------------
-- dispatch_discount: kind 1 percent off (value 0-100), kind 2 fixed dollars off.
-- Issue 10: exactly round(n * 16 / 151) invalid definitions, disjoint kinds:
--           window_inverted (valid_to < valid_from), percent_out_of_range (kind 1, value > 100
--           or <= 0), fixed_in_cents (kind 2, dollars typed as cents: 5000.0 meaning $50).
-- ---------------------------------------------------------------------------------------------
with
cfg as materialized (
    select synthetic.n('dispatch_discount') as n,
           round(synthetic.n('dispatch_discount') * 16 / 151.0)::bigint as n_bad,
           synthetic.n('dispatch_office') as n_office,
           synthetic.n('dispatch_product') as n_product
),
d as (
    select g as id, cfg.*, row_number() over (order by synthetic.u(70201, g), g) as r,
           synthetic.ops_when(g, cfg.n, synthetic.u(70202, g) - 0.5, timestamptz '2015-02-01 12:00:00+00',
                              timestamptz '2025-09-15 12:00:00+00', 0.9) as created
    from cfg, generate_series(1, cfg.n) as g
),
d2 as (
    select d.*,
           case when d.r <= round(d.n_bad * 6 / 16.0) then 'window_inverted'
                when d.r <= round(d.n_bad * 11 / 16.0) then 'percent_out_of_range'
                when d.r <= d.n_bad then 'fixed_in_cents' end as bad_kind
    from d
),
d3 as (
    select d2.*,
           case when d2.bad_kind = 'percent_out_of_range' then 1
                when d2.bad_kind = 'fixed_in_cents' then 2
                when synthetic.chance(70203, d2.id, 0.6) then 1 else 2 end as kind,
           synthetic.one_of(70204, d2.id, array['5', '10', '10', '15', '15', '20', '25', '30', '50'])::float8 as pct,
           synthetic.one_of(70205, d2.id, array['25', '50', '50', '75', '100', '100', '150', '200', '250', '300'])::float8 as dollars,
           case when synthetic.chance(70206, d2.id, 0.4) then synthetic.pick(70207, d2.id, d2.n_product) end as product_id,
           case when d2.bad_kind is not null or synthetic.chance(70208, d2.id, 0.85)
                then d2.created + synthetic.ops_secs(86400 * 3 * synthetic.u(70209, d2.id)) end as valid_from
    from d2
)
, ins as (
    insert into dispatch_discount (id, name, kind, value, product_id, office_id, is_active, valid_from,
                                   valid_to, created, modified)
    select d3.id,
           case when d3.kind = 1 then (case when d3.bad_kind = 'percent_out_of_range' then 'Promo' else d3.pct::text || '%' end)
                else '$' || d3.dollars::text end
           || ' off ' || coalesce(lower(p.name), 'any order')
           || ' (' || extract(year from d3.created at time zone 'UTC') || ')',
           d3.kind,
           case
               when d3.bad_kind = 'percent_out_of_range'
                   then synthetic.one_of(70210, d3.id, array['150', '110', '0', '-10', '1000', '200', '100.5'])::float8
               when d3.bad_kind = 'fixed_in_cents' then d3.dollars * 100
               when d3.kind = 1 then d3.pct
               else d3.dollars
           end,
           d3.product_id,
           case when synthetic.chance(70211, d3.id, 0.2) then synthetic.pick(70212, d3.id, d3.n_office) end,
           synthetic.chance(70213, d3.id, 0.65),
           d3.valid_from,
           case
               when d3.bad_kind = 'window_inverted'
                   then d3.valid_from - synthetic.ops_secs(86400 * (1 + 89 * synthetic.u(70214, d3.id)))
               when d3.valid_from is null or synthetic.chance(70215, d3.id, 0.3) then null
               else d3.valid_from + synthetic.ops_secs(86400 * (14 + 350 * synthetic.u(70216, d3.id)))
           end,
           d3.created,
           least(d3.created + synthetic.ops_secs(86400 * 60 * synthetic.u(70217, d3.id)), synthetic.epoch_end())
    from d3 left join ops_product as p on p.pid = d3.product_id
    returning id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_discount', d3.id, 10, d3.bad_kind,
       case d3.bad_kind when 'window_inverted' then 'valid_to' else 'value' end, null
from d3 where d3.bad_kind is not null;

-- ---------------------------------------------------------------------------------------------
-- dispatch_coupon: redeemable codes pointing at a discount, an offer, or carrying their own
-- amount_off_cents (integer cents). Codes are unique; ~3% were stored in lower case by hand.
-- ---------------------------------------------------------------------------------------------
insert into dispatch_coupon (id, code, discount_id, offer_id, office_id, amount_off_cents,
                             max_redemptions, times_redeemed, is_active, valid_from, valid_to,
                             created, modified)
select c.id,
       case when synthetic.chance(70301, c.id, 0.03) then lower(c.code) else c.code end,
       case when c.r < 0.45 then synthetic.pick(70302, c.id, synthetic.n('dispatch_discount')) end,
       case when c.r >= 0.45 and c.r < 0.7 then synthetic.pick(70303, c.id, synthetic.n('dispatch_offer')) end,
       case when synthetic.chance(70304, c.id, 0.15) then synthetic.pick(70305, c.id, synthetic.n('dispatch_office')) end,
       case when c.r >= 0.7 then synthetic.one_of(70306, c.id, array['2500', '5000', '5000', '7500', '10000', '15000', '20000'])::int end,
       c.max_redemptions,
       floor(coalesce(c.max_redemptions, 60) * power(synthetic.u(70307, c.id), 1.5))::int,
       synthetic.chance(70308, c.id, 0.6),
       c.created,
       case when synthetic.chance(70309, c.id, 0.3) then null
            else c.created + synthetic.ops_secs(86400 * (30 + 335 * synthetic.u(70310, c.id))) end,
       c.created, c.created + synthetic.ops_secs(86400 * 20 * synthetic.u(70311, c.id))
from (
    select g as id, synthetic.u(70312, g) as r,
           synthetic.one_of(70313, g, array['WELCOME', 'SPRING', 'SUMMER', 'FALL', 'AAO', 'SMILE', 'REFER', 'LOYAL', 'STUDYCLUB', 'NEWDOC', 'RETAIN', 'THANKYOU'])
           || to_char(c0.created at time zone 'UTC', 'YY') || '-'
           || upper(synthetic.ops_hex(70314, g, 3)) || upper(to_hex(g)) as code,
           case when synthetic.chance(70319, g, 0.3) then null
                else synthetic.one_of(70320, g, array['1', '1', '1', '10', '25', '100'])::int end as max_redemptions,
           c0.created
    from generate_series(1, synthetic.n('dispatch_coupon')) as g
    cross join lateral (
        select synthetic.ops_when(g, synthetic.n('dispatch_coupon'), synthetic.u(70321, g) - 0.5,
                                  timestamptz '2016-03-01 12:00:00+00', timestamptz '2025-09-01 12:00:00+00', 0.9) as created
    ) as c0
) as c;

-- ---------------------------------------------------------------------------------------------
-- Purchases, their lines, Square operations and invoices are planned together in temp tables.
-- Purchase status drives the operations: carts have none, c2 purchases had a failed attempt
-- before the successful one, n_ref purchases were (partially) refunded; so the operations add up
-- to exactly n(dispatch_operation). ~30% of purchases are before 2019-07-01 (Square v1).
-- ---------------------------------------------------------------------------------------------
create temp table ops_cfg as
select s.*,
       case when s.c2_raw < 0 then s.c0_raw - s.c2_raw else s.c0_raw end as c0,
       greatest(s.c2_raw, 0) as c2
from (
    select synthetic.n('dispatch_purchase') as np,
           synthetic.n('dispatch_purchaseitem') as n_items,
           synthetic.n('dispatch_operation') as n_op,
           synthetic.n('dispatch_invoice') as n_inv,
           synthetic.n('dispatch_instruction') as ni,
           synthetic.n('dispatch_office') as n_office,
           synthetic.n('dispatch_coupon') as n_coupon,
           greatest(1, round(synthetic.n('dispatch_operation') * 0.002))::bigint as n_ref,
           round(synthetic.n('dispatch_purchase') * 0.01)::bigint as c0_raw,
           synthetic.n('dispatch_operation') - synthetic.n('dispatch_purchase')
               - greatest(1, round(synthetic.n('dispatch_operation') * 0.002))::bigint
               + round(synthetic.n('dispatch_purchase') * 0.01)::bigint as c2_raw,
           timestamptz '2017-01-03 15:00:00+00' as t_start,
           timestamptz '2019-07-01 04:00:00+00' as t_v2,
           synthetic.epoch_end() - interval '12 hours' as t_end
) as s;

create temp table ops_purchase as
with
pool as materialized (select synthetic.ops_doctor_ids() as doctor),
p0 as (
    select g as p, row_number() over (order by synthetic.u(70401, g), g) as r,
           (g - 0.5 + 0.9 * (synthetic.u(70402, g) - 0.5)) / c.np as x
    from ops_cfg as c, generate_series(1, c.np) as g
),
p1 as (
    select p0.p, p0.r,
           case when p0.x < 0.30 then synthetic.ops_frac(c.t_start, c.t_v2, greatest(p0.x, 0) / 0.30)
                else synthetic.ops_frac(c.t_v2, c.t_end, (p0.x - 0.30) / 0.70) end as created,
           case
               when p0.r <= c.c0 then 0
               when p0.r <= c.c0 + c.c2 then 2
               when p0.r <= c.c0 + c.c2 + c.n_ref then case when synthetic.chance(70403, p0.p, 0.4) then 4 else 3 end
               when synthetic.u(70404, p0.p) < 0.92 then 2
               when synthetic.u(70404, p0.p) < 0.955 then 6
               when synthetic.u(70404, p0.p) < 0.98 then 5
               else 1
           end as status,
           case when p0.r <= c.c0 then 0 when p0.r <= c.c0 + c.c2 then 2 else 1 end as attempts,
           (p0.r > c.c0 + c.c2 and p0.r <= c.c0 + c.c2 + c.n_ref) as refunded,
           case when synthetic.chance(70405, p0.p, 0.03) then 'CAD' else 'USD' end as currency,
           case when synthetic.chance(70406, p0.p, 0.85)
                then greatest(1, least(c.ni, round(c.ni * (0.25 + 0.75 * p0.x)) + synthetic.pick(70407, p0.p, 41) - 21))::int end as iid,
           case when synthetic.chance(70408, p0.p, 0.12) then synthetic.pick(70409, p0.p, c.n_coupon) end as coupon_id,
           0.3 + 1.4 * synthetic.u(70410, p0.p) as w
    from p0 cross join ops_cfg as c
),
p1a as (
    select p1.*, coalesce(ins.office_id, synthetic.pick(70411, p1.p, c.n_office)::int) as office_id,
           ins.doctor_id
    from p1
    cross join ops_cfg as c
    left join dispatch_instruction as ins on ins.id = p1.iid
    offset 0
),
p1b as (
    select p1a.*, coalesce(p1a.doctor_id, pool.doctor[synthetic.pick(70412, p1a.p, cardinality(pool.doctor))]) as user_id
    from p1a cross join pool
),
p2 as (
    select p1b.*,
           -- last item of this purchase: every purchase has 1 + a weighted share of the extra items
           p1b.p + round(greatest(c.n_items - c.np, 0) * sum(p1b.w) over (order by p1b.p) / sum(p1b.w) over ())::bigint as item_hi
    from p1b cross join ops_cfg as c
)
select p2.*, coalesce(lag(p2.item_hi) over (order by p2.p), 0) + 1 as item_lo
from p2;

-- lines: the first line of a purchase is usually a treatment package, further lines add-ons.
-- unit price = the office's valid special price, else the valid list price (x1.35 for CAD),
-- or the offer's price when the line carries an offer.
create temp table ops_item as
with
priced_offer as (
    select row_number() over (order by id) as rn, id, product_id, price
    from dispatch_offer where price is not null and product_id is not null
),
po_n as (select count(*) as c from priced_offer),
i0 as (
    select j, p.p, p.created, p.currency, p.office_id, j - p.item_lo + 1 as seq,
           case when j = p.item_lo
                then synthetic.one_of(70501, j, array['1', '1', '1', '1', '1', '1', '1', '1', '3', '2', '2', '2', '2', '3', '3', '4', '4', '4', '5', '9', '7'])::int
                else synthetic.one_of(70502, j, array['4', '5', '6', '7', '7', '8', '8', '9', '10', '10', '5', '4'])::int
           end as product_id,
           synthetic.chance(70503, j, 0.07) as use_offer
    from ops_purchase as p
    cross join ops_cfg as c
    cross join lateral generate_series(p.item_lo, least(p.item_hi, c.n_items)) as j
),
i1 as (
    select i0.j, i0.p, i0.seq, i0.created, i0.currency, i0.office_id,
           coalesce(o.product_id, i0.product_id) as product_id, o.id as offer_id, o.price as offer_price
    from i0
    cross join po_n
    left join priced_offer as o on i0.use_offer and o.rn = synthetic.pick(70504, i0.j, po_n.c)
),
i2 as (
    select distinct on (i1.j) i1.*, pr.amount as list_amount
    from i1
    left join dispatch_price as pr
        on pr.product_id = i1.product_id
       and pr.valid_from <= i1.created and (pr.valid_to is null or pr.valid_to > i1.created)
       and (pr.office_id is null or pr.office_id = i1.office_id)
    order by i1.j, pr.office_id nulls last, pr.valid_from desc
)
select i2.j, i2.p, i2.seq, i2.product_id, i2.offer_id,
       case when i2.product_id = 7 then synthetic.pick(70505, i2.j, 4)
            when i2.product_id = 8 then synthetic.pick(70505, i2.j, 3)
            when i2.product_id = 6 then synthetic.pick(70505, i2.j, 2)
            else 1 end as quantity,
       case when i2.offer_price is not null then round(i2.offer_price::numeric, 2)
            when i2.currency = 'CAD' then round(coalesce(i2.list_amount, p.base_price) * 1.35 / 5) * 5
            else coalesce(i2.list_amount, p.base_price) end as unit_price
from i2 inner join ops_product as p on p.pid = least(i2.product_id, 10);

-- money per purchase: subtotal from the lines, discount from the coupon, tax, total
create temp table ops_money as
with
s as (select p, sum(unit_price * quantity) as subtotal from ops_item group by p),
m as (
    select p.p, coalesce(s.subtotal, 0) as subtotal,
           round(least(coalesce(s.subtotal, 0) * 0.5, greatest(0, case
               when cp.amount_off_cents is not null then cp.amount_off_cents / 100.0
               when ds.kind = 1 then coalesce(s.subtotal, 0) * least(greatest(ds.value, 0), 50)::numeric / 100
               when ds.kind = 2 then least(ds.value, 500)::numeric
               else 0 end)), 2) as discount_amount,
           case when p.currency = 'CAD' then synthetic.one_of(70601, p.p, array['0.05', '0.13', '0.13', '0.15'])::numeric
                when synthetic.chance(70602, p.p, 0.78) then 0
                else synthetic.one_of(70603, p.p, array['0.04', '0.06', '0.0625', '0.07', '0.0725', '0.08875'])::numeric
           end as tax_rate,
           cp.discount_id
    from ops_purchase as p
    left join s on s.p = p.p
    left join dispatch_coupon as cp on cp.id = p.coupon_id
    left join dispatch_discount as ds on ds.id = cp.discount_id
)
select m.*, round((m.subtotal - m.discount_amount) * m.tax_rate, 2) as tax,
       m.subtotal - m.discount_amount + round((m.subtotal - m.discount_amount) * m.tax_rate, 2) as total
from m;

-- one row per Square operation: attempts (payments) and refunds, with the card used
create temp table ops_op as
with
a as (
    select p.p, p.attempts, p.created, p.status, p.currency, p.user_id, p.refunded, m.total, att.seq,
           (att.seq = p.attempts) as is_final,
           p.created + synthetic.ops_secs(20 + 600 * synthetic.u(70701, p.p)
                                          + case when att.seq = 2 then 60 + 1800 * synthetic.u(70702, p.p) else 0 end) as op_created
    from ops_purchase as p
    inner join ops_money as m on m.p = p.p
    cross join lateral generate_series(1, p.attempts) as att (seq)
),
r as (
    select p.p, p.attempts, p.created, p.status, p.currency, p.user_id, p.refunded, m.total, 3 as seq, false as is_final,
           least(p.created + synthetic.ops_secs(86400 * (2 + 58 * synthetic.u(70703, p.p))),
                 synthetic.epoch_end() - synthetic.ops_secs(600 + 3600 * synthetic.u(70704, p.p))) as op_created
    from ops_purchase as p
    inner join ops_money as m on m.p = p.p
    where p.refunded
)
select row_number() over (order by x.op_created, x.p, x.seq) as id, x.*,
       (x.seq = 3) as is_refund,
       x.p * 4 + x.seq as k,                    -- hash key of this operation
       -- the card: a refund goes back to the card of the successful (last) attempt
       x.p * 4 + case when x.seq = 3 then x.attempts else x.seq end as card_k
from (select * from a union all select * from r) as x;

-- ---------------------------------------------------------------------------------------------
-- dispatch_purchase: checkouts paid through Square, 2017 onwards; total = subtotal -
-- discount_amount + tax, numeric dollars; ~3% in CAD.
-- ---------------------------------------------------------------------------------------------
insert into dispatch_purchase (id, number, office_id, user_id, instruction_id, coupon_id, status,
                               subtotal, discount_amount, tax, total, currency, paid_at, note,
                               created, modified)
select p.p,
       'SQ' || to_char(p.created at time zone 'UTC', 'YYMM') || '-' || lpad(p.p::text, 5, '0'),
       p.office_id, p.user_id, p.iid, p.coupon_id, p.status,
       m.subtotal, m.discount_amount, m.tax, m.total, p.currency,
       case when p.status in (2, 3, 4) then pay.op_created end,
       case when synthetic.chance(70801, p.p, 0.9) then ''
            else synthetic.one_of(70802, p.p, array['Paid by phone.', 'Split payment requested by the office.',
                 'Coupon applied manually.', 'Office asked for a receipt by e-mail.', 'Rush fee waived.']) end,
       p.created,
       greatest(p.created, coalesce(last_op.op_created, p.created)) + synthetic.ops_secs(1 + 5 * synthetic.u(70803, p.p))
from ops_purchase as p
inner join ops_money as m on m.p = p.p
left join ops_op as pay on pay.p = p.p and pay.is_final
left join (select p, max(op_created) as op_created from ops_op group by p) as last_op on last_op.p = p.p;

-- ---------------------------------------------------------------------------------------------
-- dispatch_purchaseitem: unit_price * quantity = total, in the purchase's currency.
-- ---------------------------------------------------------------------------------------------
insert into dispatch_purchaseitem (id, purchase_id, product_id, offer_id, discount_id, description,
                                   quantity, unit_price, total)
select i.j, i.p, i.product_id, i.offer_id,
       case when i.seq = 1 then m.discount_id end,
       pr.name || case when i.quantity > 1 then ' x' || i.quantity else '' end
       || case when i.offer_id is not null then ' (offer)' else '' end,
       i.quantity, i.unit_price, i.unit_price * i.quantity
from ops_item as i
inner join ops_money as m on m.p = i.p
inner join ops_product as pr on pr.pid = least(i.product_id, 10);

-- ---------------------------------------------------------------------------------------------
-- dispatch_operation: Square API operations. amount is integer cents (always positive, kind 2 =
-- refund), currency = the purchase's. raw_response holds the stored exchange with
-- payment.card_details.card {card_brand, last_4, exp_month, exp_year}.
-- Issue 12: python_repr = every v1 row (created before 2019-07-01): str(dict), not JSON.
-- Issue 11: pan_in_raw_response = v1 payment rows (97%) that also logged the request with a
--           top-level card_number: a Luhn-valid 16-digit PAN whose last 4 = last_4 (expected).
-- ---------------------------------------------------------------------------------------------
with
pool as materialized (select synthetic.ops_staff_ids() as staff),
card as (
    select c.card_k, c.brand, c.payload || synthetic.ops_luhn_digit(c.payload) as pan,
           c.exp_month, c.exp_year
    from (
        select distinct on (o.card_k) o.card_k,
               b.brand,
               b.bin || lpad(floor(synthetic.u(70901, o.card_k) * 1000000000)::bigint::text, 9, '0') as payload,
               synthetic.pick(70902, o.card_k, 12) as exp_month,
               extract(year from o.op_created at time zone 'UTC')::int + synthetic.pick(70903, o.card_k, 5) as exp_year
        from ops_op as o
        cross join lateral (
            select case when synthetic.u(70904, o.card_k) < 0.62 then 'VISA'
                        when synthetic.u(70904, o.card_k) < 0.90 then 'MASTERCARD'
                        when o.op_created >= timestamptz '2019-07-01 04:00:00+00'
                             and synthetic.u(70904, o.card_k) < 0.96 then 'AMERICAN_EXPRESS'
                        else 'DISCOVER' end as brand
        ) as br
        cross join lateral (
            select br.brand,
                   case br.brand
                       when 'VISA' then synthetic.one_of(70905, o.card_k, array['411111', '424242', '401288', '400551', '414720', '453201'])
                       when 'MASTERCARD' then synthetic.one_of(70905, o.card_k, array['555555', '510510', '520082', '545454', '222300'])
                       when 'AMERICAN_EXPRESS' then '37828'   -- 15 digits, v2 rows only: no PAN stored
                       else synthetic.one_of(70905, o.card_k, array['601111', '601100', '644564'])
                   end as bin
        ) as b
        order by o.card_k, o.seq
    ) as c
),
op as (
    select o.*, c.brand, c.pan, right(c.pan, 4) as last_4, c.exp_month, c.exp_year,
           (o.op_created < timestamptz '2019-07-01 04:00:00+00') as is_v1,
           case
               when o.is_refund then 'COMPLETED'
               when not o.is_final then 'FAILED'
               when o.status in (2, 3, 4) then 'COMPLETED'
               when o.status = 6 then 'FAILED'
               when o.status = 5 then 'CANCELED'
               when synthetic.chance(70906, o.p, 0.5) then 'APPROVED'
               else 'PENDING'
           end as op_status,
           case when o.is_refund
                then case when o.status = 4 then round(o.total * 100)
                          else round(o.total * 100 * (0.2 + 0.4 * synthetic.u(70907, o.p))) end
                else round(o.total * 100) end::int as cents,
           synthetic.ops_b64(70910, o.card_k, 29) as payment_sid,
           synthetic.ops_b64(70920, o.p, 29) as order_sid,
           case when o.is_refund then synthetic.ops_b64(70910, o.card_k, 29) || '_' || synthetic.ops_b64(70930, o.k, 20) else '' end as refund_sid,
           case when o.op_created < timestamptz '2019-07-01 04:00:00+00' then 'CBASEGRa0Zkx3n9WCz4yAPlNQ4kgAQ'
                when o.op_created < timestamptz '2022-03-01 05:00:00+00' then 'L8F0Y0M6W2C4K'
                else 'LQ7JGN1WS5B3E' end as location_sid,
           synthetic.ops_hex(70940, o.k, 32) as idem_hex,
           synthetic.one_of(70945, o.k, array['CARD_DECLINED', 'CARD_DECLINED', 'INSUFFICIENT_FUNDS', 'CVV_FAILURE', 'ADDRESS_VERIFICATION_FAILURE', 'GENERIC_DECLINE']) as decline_code
    from ops_op as o
    inner join card as c on c.card_k = o.card_k
),
op2 as (
    select op.*,
           -- uuid4 text
           substr(op.idem_hex, 1, 8) || '-' || substr(op.idem_hex, 9, 4) || '-4' || substr(op.idem_hex, 14, 3)
               || '-' || substr('89ab', synthetic.pick(70962, op.k, 4)::int, 1) || substr(op.idem_hex, 18, 3)
               || '-' || substr(op.idem_hex, 21, 12) as idem,
           -- the payment object as Square returns it (json.dumps style)
           '{"id": "' || op.payment_sid || '", "created_at": "' || to_char(op.op_created at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
           || '", "amount_money": {"amount": ' || round(op.total * 100)::bigint || ', "currency": "' || op.currency || '"}'
           || ', "status": "' || case when op.is_refund then 'COMPLETED' else op_status end || '"'
           || ', "source_type": "CARD", "card_details": {"status": "'
           || case when op.op_status = 'FAILED' and not op.is_refund then 'FAILED'
                   when op.op_status in ('APPROVED', 'PENDING') and not op.is_refund then 'AUTHORIZED'
                   when op.op_status = 'CANCELED' then 'VOIDED' else 'CAPTURED' end
           || '", "card": {"card_brand": "' || op.brand || '", "last_4": "' || op.last_4
           || '", "exp_month": ' || op.exp_month || ', "exp_year": ' || op.exp_year
           || ', "fingerprint": "sq-1-' || synthetic.ops_b64(70950, op.card_k, 43) || '"}'
           || ', "entry_method": "KEYED", "cvv_status": "'
           || case when op.op_status = 'FAILED' and op.decline_code = 'CVV_FAILURE' then 'CVV_REJECTED' else 'CVV_ACCEPTED' end
           || '", "avs_status": "AVS_ACCEPTED"}, "location_id": "' || op.location_sid || '"'
           || case when op.is_v1 then ', "order_id": null' else ', "order_id": "' || op.order_sid || '"' end
           || ', "receipt_url": ' || case when op.op_status = 'COMPLETED' or op.is_refund
                then '"https://squareup.com/receipt/preview/' || op.payment_sid || '"' else 'null' end
           || ', "delay_capture": ' || case when op.op_status in ('APPROVED', 'PENDING') then 'true' else 'false' end
           || '}' as payment_json
    from op
),
op3 as (
    select op2.*,
           '{'
           || case when op2.is_v1 and not op2.is_refund and synthetic.chance(70960, op2.k, 0.97)
                   then '"card_number": "' || op2.pan || '", ' else '' end
           || case when op2.is_v1 then '"idempotency_key": "' || op2.idem || '", ' else '' end
           || case when op2.is_refund
                   then '"refund": {"id": "' || op2.refund_sid || '", "status": "COMPLETED", "amount_money": {"amount": '
                        || op2.cents || ', "currency": "' || op2.currency || '"}, "payment_id": "' || op2.payment_sid
                        || '", "reason": "' || synthetic.one_of(70961, op2.k, array['Remake not required', 'Order cancelled by office', 'Duplicate charge', 'Courtesy refund']) || '"}, '
                   else '' end
           || case when op2.op_status = 'FAILED'
                   then '"errors": [{"category": "PAYMENT_METHOD_ERROR", "code": "' || op2.decline_code
                        || '", "detail": "Authorization error: ' || op2.decline_code || '"}], '
                   else '' end
           || '"payment": ' || op2.payment_json || '}' as response_json
    from op2
),
ins as (
    insert into dispatch_operation (id, purchase_id, kind, square_payment_id, square_refund_id,
                                    square_order_id, square_location_id, idempotency_key, amount,
                                    currency, status, raw_response, error, created_by_id, created)
    select op3.id, op3.p, case when op3.is_refund then 2 else 1 end,
           op3.payment_sid, op3.refund_sid,
           case when op3.is_v1 then '' else op3.order_sid end,
           op3.location_sid,
           op3.idem,
           op3.cents, op3.currency, op3.op_status,
           case when op3.is_v1
                then replace(replace(replace(replace(op3.response_json, '"', ''''), ': true', ': True'),
                                     ': false', ': False'), ': null', ': None')
                else op3.response_json end,
           case when op3.op_status = 'FAILED'
                then op3.decline_code || ': ' || case op3.decline_code
                         when 'INSUFFICIENT_FUNDS' then 'The card has insufficient funds.'
                         when 'CVV_FAILURE' then 'The card CVV is incorrect.'
                         when 'ADDRESS_VERIFICATION_FAILURE' then 'The postal code does not match.'
                         else 'The card was declined.' end
                else '' end,
           case when op3.is_refund or synthetic.chance(70963, op3.k, 0.2)
                then pool.staff[synthetic.pick(70964, op3.k, cardinality(pool.staff))] else op3.user_id end,
           op3.op_created
    from (select * from op3 offset 0) as op3
    cross join pool
    returning id, raw_response
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_operation', op3.id, 12, 'python_repr', 'raw_response', null
from op3 where op3.is_v1
union all
select 'dispatch_operation', op3.id, 11, 'pan_in_raw_response', 'raw_response', op3.last_4
from op3 where op3.response_json like '{"card_number": %';

-- ---------------------------------------------------------------------------------------------
-- dispatch_invoice: one invoice per purchase (amount = total - tax, tax, currency), plus manual
-- invoices without a purchase (monthly lab statements); ids follow created.
-- ---------------------------------------------------------------------------------------------
with
inv as (
    select p.p as purchase_id, p.office_id, p.currency, m.total - m.tax as amount, m.tax,
           p.created + synthetic.ops_secs(5 + 60 * synthetic.u(71001, p.p)) as created,
           case p.status when 0 then 0 when 1 then 1 when 2 then 2 when 3 then 2
                         when 4 then 3 when 5 then 3 else 1 end as status,
           pay.op_created as paid_at, p.p as k
    from ops_purchase as p
    cross join ops_cfg as c
    inner join ops_money as m on m.p = p.p
    left join ops_op as pay on pay.p = p.p and pay.is_final and p.status in (2, 3, 4)
    where p.p <= c.n_inv
    union all
    select null, synthetic.pick(71002, g, c.n_office)::int, 'USD',
           round((150 + 4850 * power(synthetic.u(71003, g), 2))::numeric, 2), 0,
           synthetic.ops_when(g - c.np, greatest(c.n_inv - c.np, 1), 0, synthetic.epoch_start(), c.t_end, 1.0),
           case when synthetic.u(71004, g) < 0.85 then 2 when synthetic.u(71004, g) < 0.92 then 1
                when synthetic.u(71004, g) < 0.97 then 3 else 0 end,
           null, g
    from ops_cfg as c, generate_series(c.np + 1, c.n_inv) as g
),
inv2 as (
    select row_number() over (order by created, k) as id, inv.* from inv
),
inv3 as (
    select inv2.id, inv2.purchase_id, inv2.office_id, inv2.currency, inv2.amount, inv2.tax, inv2.created,
           inv2.status, inv2.k,
           case when inv2.status > 0 then inv2.created + synthetic.ops_secs(60 + 7200 * synthetic.u(71005, inv2.k)) end as issued_at,
           case when inv2.status = 2
                then coalesce(inv2.paid_at, least(inv2.created + synthetic.ops_secs(86400 * (1 + 40 * synthetic.u(71006, inv2.k))),
                                                  synthetic.epoch_end() - synthetic.ops_secs(60))) end as paid_at
    from inv2
)
insert into dispatch_invoice (id, number, office_id, purchase_id, status, amount, tax, currency,
                              issued_at, due_date, paid_at, pdf, created, modified)
select i.id,
       'INV-' || to_char(i.created at time zone 'UTC', 'YYYY') || '-' || lpad(i.id::text, 5, '0'),
       i.office_id, i.purchase_id, i.status, i.amount, i.tax, i.currency,
       i.issued_at,
       case when i.status > 0 then (i.created at time zone 'America/New_York')::date + 30 end,
       i.paid_at,
       case when i.status > 0 then 'invoices/' || to_char(i.created at time zone 'UTC', 'YYYY/MM') || '/INV-'
                                   || to_char(i.created at time zone 'UTC', 'YYYY') || '-' || lpad(i.id::text, 5, '0') || '.pdf'
            else '' end,
       i.created,
       least(greatest(i.created, i.issued_at, i.paid_at) + synthetic.ops_secs(3600 + 86400 * 20 * synthetic.u(71007, i.k)),
             greatest(synthetic.epoch_end(), i.created, i.issued_at, i.paid_at))
from inv3 as i;

drop table ops_cfg, ops_purchase, ops_item, ops_money, ops_op, ops_list_window, ops_product;
