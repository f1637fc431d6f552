-- One row per dispatch_template; every template migrates (a card number the sync masked in its
-- text is a recorded repair).
{{ config(unique_key='template_id') }}

with

templates as (

    select * from {{ ref('stg_legacy__dispatch_template') }}

),

final as (

    select
        *,
        'migrated'::text as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from templates

)

select * from final
