-- One row per dispatch_category; every category migrates (the tree's parent is enforced).
{{ config(unique_key='category_id') }}

with

categories as (

    select * from {{ ref('stg_legacy__dispatch_category') }}

),

final as (

    select
        *,
        'migrated'::text as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from categories

)

select * from final
