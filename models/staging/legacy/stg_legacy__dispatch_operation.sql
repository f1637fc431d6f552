-- dispatch_operation: Square API operations; amount is integer cents (divided by 100 here), always
-- positive, the kind tells refunds. PCI (issue 11): raw_response held the full card number on v1
-- rows (the sync masked it before it was written) and is NEVER selected into the output. It is
-- read only to extract the card brand, last 4 and expiry into typed columns: through the JSON
-- path on JSON rows, and by a regular expression on the Python-repr text of the v1 rows (issue 12).
select
    fields.id as operation_id,
    fields.purchase_id,
    {{ decode('fields.kind', {1: 'payment', 2: 'refund'}) }} as kind,
    {{ empty_as_null('fields.square_payment_id') }} as square_payment_id,
    {{ empty_as_null('fields.square_refund_id') }} as square_refund_id,
    {{ empty_as_null('fields.square_order_id') }} as square_order_id,
    {{ empty_as_null('fields.square_location_id') }} as square_location_id,
    case
        when fields.idempotency_key ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            then fields.idempotency_key::uuid
    end as idempotency_key,
    case
        when fields.idempotency_key !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            then {{ empty_as_null('fields.idempotency_key') }}
    end as idempotency_key_text,
    (fields.amount / 100.0)::numeric(12, 2) as amount,
    upper(btrim(fields.currency)) as currency,
    lower({{ empty_as_null('fields.status') }}) as status,
    upper(coalesce(fields.card_json ->> 'card_brand', fields.brand_text)) as card_brand,
    case
        when coalesce(fields.card_json ->> 'last_4', fields.last4_text) ~ '^[0-9]{4}$'
            then coalesce(fields.card_json ->> 'last_4', fields.last4_text)
    end as card_last4,
    case
        when coalesce(fields.card_json ->> 'exp_month', fields.exp_month_text) ~ '^[0-9]{1,2}$'
            then coalesce(fields.card_json ->> 'exp_month', fields.exp_month_text)::smallint
    end as card_exp_month,
    case
        when coalesce(fields.card_json ->> 'exp_year', fields.exp_year_text) ~ '^[0-9]{2,4}$'
            then coalesce(fields.card_json ->> 'exp_year', fields.exp_year_text)::smallint
    end as card_exp_year,
    fields.raw_response_is_malformed,
    fields.raw_response_had_card_number,
    {{ empty_as_null('fields.error') }} as error,
    fields.created_by_id,
    fields.created as created_at,
    fields._card_masked,
    fields._row_hash as legacy_row_hash
from (
    -- the card fields of raw_response (the column itself goes no further)
    select
        source.id,
        source.purchase_id,
        source.kind,
        source.square_payment_id,
        source.square_refund_id,
        source.square_order_id,
        source.square_location_id,
        source.idempotency_key,
        source.amount,
        source.currency,
        source.status,
        source.error,
        source.created_by_id,
        source.created,
        source._card_masked,
        source._row_hash,
        {{ is_malformed_json('source.raw_response') }} as raw_response_is_malformed,
        source.raw_response ~ '[''"]card_number[''"]\s*:' as raw_response_had_card_number,
        {{ safe_jsonb('source.raw_response') }} #> '{payment,card_details,card}' as card_json,
        substring(source.raw_response from '[''"]card_brand[''"]\s*:\s*[''"]([A-Za-z_ ]{1,40})[''"]') as brand_text,
        substring(source.raw_response from '[''"]last_4[''"]\s*:\s*[''"]?([0-9]{4})[''"]?[,}]') as last4_text,
        substring(source.raw_response from '[''"]exp_month[''"]\s*:\s*[''"]?([0-9]{1,2})[''"]?[,}]') as exp_month_text,
        substring(source.raw_response from '[''"]exp_year[''"]\s*:\s*[''"]?([0-9]{2,4})[''"]?[,}]') as exp_year_text
    from {{ ref('base_legacy__dispatch_operation') }} as source
) as fields
