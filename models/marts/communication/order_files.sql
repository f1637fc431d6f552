-- order_files: the dispatch_file rows attached to orders (content type resolved by name), each
-- with the order its intermediate row verified as migrated. A large table: an incremental run
-- merges only the files whose classification or content changed since the mart last succeeded.
with

files as (

    select * from {{ ref('int_files__resolved') }}
    where
        disposition = 'migrated'
        and target_table = 'order_files'
        and {{ changed_since() }}

),

file_ids as (

    select * from {{ ref('map_files') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        file_ids.id,
        files.file_id::bigint as legacy_id,
        order_ids.id as order_id,
        files.kind,
        files.file_name as name,
        files.storage_key,
        files.legacy_storage,
        files.size_bytes,
        files.mime_type,
        files.sha1_digest as sha1,
        uploaders.id as uploaded_by_id,
        files.is_deleted,
        case when files.is_deleted then coalesce(files.deleted_at, files.modified_at) end as deleted_at,
        files.created_at,
        files.modified_at as updated_at
    from files
    inner join file_ids on files.file_id = file_ids.legacy_id
    inner join order_ids on files.resolved_instruction_id = order_ids.legacy_id
    left join profile_ids as uploaders on files.uploaded_by_user_id = uploaders.legacy_id

)

select * from final
