-- legacy dispatch_instruction.id -> orders.id (UUID), assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_instruction'), 'instruction_id') }}
