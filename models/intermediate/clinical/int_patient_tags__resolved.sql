-- One row per dispatch_patient_tags link. A link of a rejected patient is rejected
-- (patient_rejected); tags always migrate.
{{ config(unique_key='patient_tag_id') }}

with

links as (

    select * from {{ ref('stg_legacy__dispatch_patient_tags') }}

),

patients as (

    select * from {{ ref('int_patients__resolved') }}

),

resolved as (

    select
        links.*,
        case
            when patients.patient_id is null then 'orphan_patient'
            when patients.disposition = 'rejected' then 'patient_rejected'
        end as reject_reason,
        case
            when patients.patient_id is null
                then 'patient ' || links.patient_id || ' does not exist'
            when patients.disposition = 'rejected'
                then 'patient ' || links.patient_id || ' was rejected (' || patients.reject_reason || ')'
        end as reject_detail
    from links
    left join patients on links.patient_id = patients.patient_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
