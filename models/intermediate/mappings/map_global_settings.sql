-- legacy dispatch_globalsetting.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_globalsetting'), 'global_setting_id', 'dispatch_globalsetting') }}
