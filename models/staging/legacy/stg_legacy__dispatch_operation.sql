-- dispatch_operation: Square API operations; amount is integer cents (divided by 100 here), always
-- positive, the kind tells refunds. PCI (issue 11): raw_response holds the full card number on
-- v1 rows and is NEVER selected into the output. It is read only to extract the card brand, last 4
-- and expiry into typed columns: through the JSON path on JSON rows, and by a regular expression
-- on the Python-repr text of the v1 rows (issue 12).
with

source as (

    select * from {{ source('legacy', 'dispatch_operation') }}

),

card_fields as (

    select
        id,
        {{ is_malformed_json('raw_response') }} as raw_response_is_malformed,
        raw_response ~ '[''"]card_number[''"]\s*:' as raw_response_had_card_number,
        {{ safe_jsonb('raw_response') }} #> '{payment,card_details,card}' as card_json,
        substring(raw_response from '[''"]card_brand[''"]\s*:\s*[''"]([A-Za-z_ ]{1,40})[''"]') as brand_text,
        substring(raw_response from '[''"]last_4[''"]\s*:\s*[''"]?([0-9]{4})[''"]?[,}]') as last4_text,
        substring(raw_response from '[''"]exp_month[''"]\s*:\s*[''"]?([0-9]{1,2})[''"]?[,}]') as exp_month_text,
        substring(raw_response from '[''"]exp_year[''"]\s*:\s*[''"]?([0-9]{2,4})[''"]?[,}]') as exp_year_text
    from source

),

card as (

    select
        id,
        raw_response_is_malformed,
        raw_response_had_card_number,
        upper(coalesce(card_json ->> 'card_brand', brand_text)) as card_brand,
        case
            when coalesce(card_json ->> 'last_4', last4_text) ~ '^[0-9]{4}$'
                then coalesce(card_json ->> 'last_4', last4_text)
        end as card_last4,
        case
            when coalesce(card_json ->> 'exp_month', exp_month_text) ~ '^[0-9]{1,2}$'
                then coalesce(card_json ->> 'exp_month', exp_month_text)::smallint
        end as card_exp_month,
        case
            when coalesce(card_json ->> 'exp_year', exp_year_text) ~ '^[0-9]{2,4}$'
                then coalesce(card_json ->> 'exp_year', exp_year_text)::smallint
        end as card_exp_year
    from card_fields

),

renamed as (

    select
        source.id as operation_id,
        source.purchase_id,
        {{ decode('source.kind', {1: 'payment', 2: 'refund'}) }} as kind,
        {{ empty_as_null('source.square_payment_id') }} as square_payment_id,
        {{ empty_as_null('source.square_refund_id') }} as square_refund_id,
        {{ empty_as_null('source.square_order_id') }} as square_order_id,
        {{ empty_as_null('source.square_location_id') }} as square_location_id,
        case
            when source.idempotency_key ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then source.idempotency_key::uuid
        end as idempotency_key,
        case
            when source.idempotency_key !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then {{ empty_as_null('source.idempotency_key') }}
        end as idempotency_key_text,
        (source.amount / 100.0)::numeric(12, 2) as amount,
        upper(btrim(source.currency)) as currency,
        lower({{ empty_as_null('source.status') }}) as status,
        card.card_brand,
        card.card_last4,
        card.card_exp_month,
        card.card_exp_year,
        card.raw_response_is_malformed,
        card.raw_response_had_card_number,
        {{ empty_as_null('source.error') }} as error,
        source.created_by_id,
        source.created as created_at,
        source._card_masked,
        source._row_hash as legacy_row_hash
    from source
    inner join card on source.id = card.id

)

select * from renamed
