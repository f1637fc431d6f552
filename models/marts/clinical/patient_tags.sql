-- patient_tags: the tags of a patient (dispatch_patient_tags); a migrated link has a migrated
-- patient and a migrated tag.
with

links as (

    select * from {{ ref('int_patient_tags__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

link_ids as (

    select * from {{ ref('map_patient_tags') }}

),

patient_ids as (

    select * from {{ ref('map_patients') }}

),

tag_ids as (

    select * from {{ ref('map_tags') }}

),

final as (

    select
        link_ids.id,
        links.patient_tag_id::bigint as legacy_id,
        patient_ids.id as patient_id,
        tag_ids.id as tag_id
    from links
    inner join link_ids on links.patient_tag_id = link_ids.legacy_id
    inner join patient_ids on links.patient_id = patient_ids.legacy_id
    inner join tag_ids on links.tag_id = tag_ids.legacy_id

)

select * from final
