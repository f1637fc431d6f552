-- One row per dispatch_tag. Every tag migrates.
{{ config(unique_key='tag_id') }}

with

tags as (

    select * from {{ ref('stg_legacy__dispatch_tag') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from tags

)

select * from final
