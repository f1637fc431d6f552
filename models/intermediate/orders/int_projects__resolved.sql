-- One row per dispatch_project: the project it becomes, or why it cannot. A project of a
-- rejected order is rejected (order_rejected); a technician without profile is unset, a
-- duplicate user repointed to the kept one, an archive file that does not migrate as an order
-- file unset (repairs).
{{ config(unique_key='project_id', recompute='changes') }}

with

projects as (

    select projects.* from {{ ref('stg_legacy__dispatch_project') }} as projects
    where {{ candidates('projects', ref('stg_legacy__dispatch_project'), 'project_id', 'dispatch_project', parents=[
        ('instruction_id', ref('int_orders__resolved'), 'instruction_id'),
        ('technician_id', ref('int_profiles__resolved'), 'user_id'),
        ('project_file_id', ref('int_files__resolved'), 'file_id'),
    ]) }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

files as (

    select * from {{ ref('int_files__resolved') }}

),

resolved as (

    select
        projects.*,
        technicians.resolved_user_id as technician_user_id,
        case
            when files.disposition = 'migrated' and files.target_table = 'order_files'
                then projects.project_file_id
        end as resolved_project_file_id,
        {{ parent_rejection(
            'orders', 'instruction_id', 'projects.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }},
        array_remove(array[
            case
                when projects.technician_id is not null and technicians.resolved_user_id is null
                    then 'technician_without_profile_unset'
            end,
            case
                when projects.technician_id <> technicians.resolved_user_id
                    then 'technician_repointed_to_kept_duplicate_user'
            end,
            case when projects.data_is_malformed then 'data_malformed_nulled' end,
            case
                when
                    projects.project_file_id is not null
                    and (files.disposition is distinct from 'migrated' or files.target_table <> 'order_files')
                    then 'project_file_not_migrated_unset'
            end
        ], null) as candidate_repairs
    from projects
    left join orders on projects.instruction_id = orders.instruction_id
    left join profiles as technicians on projects.technician_id = technicians.user_id
    left join files on projects.project_file_id = files.file_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
