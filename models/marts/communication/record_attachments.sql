-- record_attachments: files attached to messages from the old record log (legacy
-- dispatch_record_attachments, empty in production). Exactly one of the two file columns is set.
with

links as (

    select * from {{ ref('int_record_attachments__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

link_ids as (

    select * from {{ ref('map_record_attachments') }}

),

message_ids as (

    select * from {{ ref('map_messages') }}

),

file_ids as (

    select * from {{ ref('map_files') }}

),

final as (

    select
        link_ids.id,
        links.record_attachment_id::bigint as legacy_id,
        message_ids.id as message_id,
        case when links.file_target_table = 'order_files' then file_ids.id end as order_file_id,
        case when links.file_target_table = 'case_files' then file_ids.id end as case_file_id
    from links
    inner join link_ids on links.record_attachment_id = link_ids.legacy_id
    inner join message_ids on links.record_id = message_ids.legacy_id
    inner join file_ids on links.file_id = file_ids.legacy_id

)

select * from final
