-- jaws: setup data for one arch of a treatment plan (dispatch_jaw), from int_jaws__resolved. id is
-- the UUID map_jaws assigned; legacy_id is dispatch_jaw.id. Only migrated jaws: a jaw of a missing
-- or rejected plan is rejected upstream. attachments, ipr and movements are NULL when the legacy
-- text was not JSON (truncated movements exports, issue 12); a bracket that did not migrate is
-- unset; created_at and updated_at are the legacy naive New York times converted. An incremental
-- run merges the jaws the intermediate model changed since this mart last succeeded.
with

jaws as (

    select * from {{ ref('int_jaws__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

jaw_ids as (

    select * from {{ ref('map_jaws') }}

),

plan_ids as (

    select * from {{ ref('map_treatment_plans') }}

),

bracket_ids as (

    select * from {{ ref('map_brackets') }}

),

final as (

    select
        jaw_ids.id,
        jaws.jaw_id::bigint as legacy_id,
        plan_ids.id as treatment_plan_id,
        jaws.jaw,
        jaws.steps::integer as steps,
        jaws.attachments,
        jaws.ipr,
        jaws.movements,
        jaws.missing_teeth,
        bracket_ids.id as bracket_id,
        jaws.created_at,
        jaws.modified_at as updated_at
    from jaws
    inner join jaw_ids on jaws.jaw_id = jaw_ids.legacy_id
    inner join plan_ids on jaws.plan_id = plan_ids.legacy_id
    left join bracket_ids on jaws.resolved_bracket_id = bracket_ids.legacy_id

)

select * from final
