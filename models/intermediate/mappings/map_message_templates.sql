-- legacy dispatch_template.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_template'), 'template_id', 'dispatch_template') }}
