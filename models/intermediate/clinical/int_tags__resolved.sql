-- One row per dispatch_tag. Every tag migrates (a card number the sync masked in its text is a
-- recorded repair).
{{ config(unique_key='tag_id') }}

with

tags as (

    select * from {{ ref('stg_legacy__dispatch_tag') }}

),

final as (

    select
        *,
        'migrated'::text as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from tags

)

select * from final
