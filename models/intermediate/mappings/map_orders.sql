-- legacy dispatch_instruction.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_instruction'), 'instruction_id', 'dispatch_instruction') }}
