-- projects: the technician's working projects in the setup software (dispatch_project), from
-- int_projects__resolved. id is the UUID map_projects assigned; legacy_id is dispatch_project.id;
-- project_name becomes name. Only migrated projects: a project of a missing or rejected order is
-- rejected upstream. The technician is the resolved profile (a duplicate user's kept user; unset
-- without a profile); an archive file that does not migrate as an order file is unset; data is NULL
-- when the legacy text was not JSON. An incremental run merges the projects the intermediate model
-- changed since this mart last succeeded.
with

projects as (

    select * from {{ ref('int_projects__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

project_ids as (

    select * from {{ ref('map_projects') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

file_ids as (

    select * from {{ ref('map_files') }}

),

final as (

    select
        project_ids.id,
        projects.project_id::bigint as legacy_id,
        order_ids.id as order_id,
        technicians.id as technician_id,
        projects.project_name as name,
        projects.software,
        projects.version,
        projects.status,
        file_ids.id as project_file_id,
        projects.data,
        projects.started_at,
        projects.finished_at,
        projects.created_at,
        projects.modified_at as updated_at
    from projects
    inner join project_ids on projects.project_id = project_ids.legacy_id
    inner join order_ids on projects.instruction_id = order_ids.legacy_id
    left join profile_ids as technicians on projects.technician_user_id = technicians.legacy_id
    left join file_ids on projects.resolved_project_file_id = file_ids.legacy_id

)

select * from final
