-- legacy dispatch_instruction.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_instruction'), 'id') }}
