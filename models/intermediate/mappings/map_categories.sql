-- legacy dispatch_category.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_category'), 'category_id', 'dispatch_category') }}
