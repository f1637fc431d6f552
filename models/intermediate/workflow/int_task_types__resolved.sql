-- One row per dispatch_tasktype; every task type migrates. Tasks without a type (rows from
-- before 2016) point at the "unknown / legacy" task type that the mart adds (not a legacy row).
{{ config(unique_key='task_type_id') }}

with

task_types as (

    select * from {{ ref('stg_legacy__dispatch_tasktype') }}

),

final as (

    select
        *,
        'migrated'::text as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from task_types

)

select * from final
