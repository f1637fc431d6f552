-- dispatch_file: every uploaded or generated file, attached through a generic foreign key
-- (content_type_id, object_id) to an instruction (order files) or a patient (case files).
-- The sha1 digest becomes bytea: a hex digest is not text to search (and is no card number).
select
    id as file_id,
    content_type_id,
    object_id,
    {{ decode('kind', {
        1: 'upper_scan', 2: 'lower_scan', 3: 'bite_scan', 4: 'intraoral_photo',
        5: 'extraoral_photo', 6: 'radiograph', 7: 'treatment_plan_report',
        8: 'setup_project_archive', 9: 'other'}) }} as kind,
    {{ free_text('name') }} as file_name,
    {{ empty_as_null('path') }} as storage_key,
    {{ decode('storage', {1: 'legacy_disk', 2: 's3'}) }} as legacy_storage,
    size as size_bytes,
    {{ empty_as_null('mime') }} as mime_type,
    case when sha1 ~ '^[0-9a-fA-F]{40}$' then decode(sha1, 'hex') end as sha1_digest,
    ({{ empty_as_null('sha1') }} is not null and sha1 !~ '^[0-9a-fA-F]{40}$') as sha1_is_malformed,
    uploaded_by_id,
    is_deleted,
    deleted_at,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_file') }}
