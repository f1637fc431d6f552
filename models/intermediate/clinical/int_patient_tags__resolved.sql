-- One row per dispatch_patient_tags link: migrated when both its patient and its tag migrate.
-- A link whose patient does not exist (deleted from the legacy database: orphan_patient) or was
-- not migrated (patient_rejected) is rejected, as is one whose tag does not exist (missing_tag) or
-- was not migrated (tag_rejected). Small: every row is classified again on every run.
{{ config(unique_key='patient_tag_id') }}

with

links as (

    select * from {{ ref('stg_legacy__dispatch_patient_tags') }}

),

patients as (

    select * from {{ ref('int_patients__resolved') }}

),

tags as (

    select * from {{ ref('int_tags__resolved') }}

),

resolved as (

    select
        links.*,
        case
            when {{ parent_missing('patients', 'patient_id') }} then 'orphan_patient'
            when patients.disposition <> 'migrated' then 'patient_rejected'
            when {{ parent_missing('tags', 'tag_id') }} then 'missing_tag'
            when tags.disposition <> 'migrated' then 'tag_rejected'
        end as reject_reason,
        case
            when {{ parent_missing('patients', 'patient_id') }}
                then 'patient ' || links.patient_id || ' does not exist'
            when patients.disposition <> 'migrated'
                then
                    'patient ' || links.patient_id || ' was ' || patients.disposition
                    || ' (' || patients.reject_reason || ')'
            when {{ parent_missing('tags', 'tag_id') }}
                then 'tag ' || links.tag_id || ' does not exist'
            when tags.disposition <> 'migrated'
                then 'tag ' || links.tag_id || ' was ' || tags.disposition || ' (' || tags.reject_reason || ')'
        end as reject_detail
    from links
    left join patients on links.patient_id = patients.patient_id
    left join tags on links.tag_id = tags.tag_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then {{ card_masked_repairs() }} else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
