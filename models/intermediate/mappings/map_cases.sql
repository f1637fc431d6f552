-- case (root dispatch_instruction.id) -> UUID, assigned once and never changed
{{ uuid_mapping(ref('int_cases__resolved'), 'root_instruction_id', none) }}
