-- legacy dispatch_tag.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_tag'), 'tag_id', 'dispatch_tag') }}
