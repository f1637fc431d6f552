-- patient_events: the events of a patient (dispatch_milestone). The patient, the optional order
-- and the creator are the ids int_patient_events__resolved verified as migrated.
with

events as (

    select * from {{ ref('int_patient_events__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

event_ids as (

    select * from {{ ref('map_patient_events') }}

),

patient_ids as (

    select * from {{ ref('map_patients') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        event_ids.id,
        events.milestone_id::bigint as legacy_id,
        patient_ids.id as patient_id,
        order_ids.id as order_id,
        events.kind,
        events.happened_at,
        events.note,
        creators.id as created_by_id,
        events.created_at
    from events
    inner join event_ids on events.milestone_id = event_ids.legacy_id
    inner join patient_ids on events.patient_id = patient_ids.legacy_id
    left join order_ids on events.resolved_instruction_id = order_ids.legacy_id
    left join profile_ids as creators on events.created_by_user_id = creators.legacy_id

)

select * from final
