-- One row per dispatch_role. Every role migrates (a reference table).
{{ config(unique_key='role_id') }}

with

roles as (

    select * from {{ ref('stg_legacy__dispatch_role') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from roles

)

select * from final
