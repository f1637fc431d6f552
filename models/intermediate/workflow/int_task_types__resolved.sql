-- One row per dispatch_tasktype; every task type migrates. Its category and role are optional:
-- one that is not migrated (deleted from the legacy database, ...) is unset and recorded as a
-- repair. Tasks without a type (rows from before 2016) point at the "unknown / legacy" task type
-- that the mart adds (not a legacy row). Small: every row is classified again on every run.
{{ config(unique_key='task_type_id') }}

with

task_types as (

    select * from {{ ref('stg_legacy__dispatch_tasktype') }}

),

categories as (

    select * from {{ ref('int_categories__resolved') }}

),

roles as (

    select * from {{ ref('int_roles__resolved') }}

),

resolved as (

    select
        task_types.*,
        {{ kept_reference('categories', 'task_types.category_id') }} as resolved_category_id,
        {{ kept_reference('roles', 'task_types.role_id') }} as resolved_role_id,
        array_remove(array[
            case when {{ is_unset('categories', 'task_types.category_id') }} then 'category_not_migrated_unset' end,
            case when {{ is_unset('roles', 'task_types.role_id') }} then 'role_not_migrated_unset' end
        ], null) || {{ card_masked_repairs('task_types') }} as candidate_repairs
    from task_types
    left join categories on task_types.category_id = categories.category_id
    left join roles on task_types.role_id = roles.role_id

),

final as (

    select
        task_type_id,
        task_type_name,
        code,
        category_id,
        role_id,
        resolved_category_id,
        resolved_role_id,
        sla_hours,
        default_duration,
        sort_order,
        is_active,
        'migrated'::text as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        candidate_repairs as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
