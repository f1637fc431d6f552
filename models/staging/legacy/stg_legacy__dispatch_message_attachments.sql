-- dispatch_message_attachments: M2M case message <-> file.
with

source as (

    select * from {{ source('legacy', 'dispatch_message_attachments') }}

),

renamed as (

    select
        id as message_attachment_id,
        message_id,
        file_id,
        _card_masked
    from source

)

select * from renamed
