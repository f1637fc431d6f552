-- The ledger entries of the clinical domain: one per legacy row of dispatch_milestone,
-- dispatch_tag and dispatch_patient_tags (dispatch_patient is core's).
with

patient_events as (

    {{ ledger_entries(ref('int_patient_events__resolved'), 'dispatch_milestone', 'milestone_id', 'patient_events') }}

),

tags as (

    {{ ledger_entries(ref('int_tags__resolved'), 'dispatch_tag', 'tag_id', 'tags') }}

),

patient_tags as (

    {{ ledger_entries(ref('int_patient_tags__resolved'), 'dispatch_patient_tags', 'patient_tag_id', 'patient_tags') }}

),

final as (

    select * from patient_events
    union all
    select * from tags
    union all
    select * from patient_tags

)

select * from final
