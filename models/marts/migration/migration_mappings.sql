-- Every legacy id -> UUID assignment, by entity type. A rejected row keeps its reserved UUID
-- (migrated = false) so that it gets the same one if it is fixed and migrated later.
{{ config(materialized='view') }}

with

ledger as (

    select source_table, legacy_id, disposition from {{ ref('row_ledger') }}

),

mappings as (

    select 'office' as entity_type, 'dispatch_office' as source_table, legacy_id, id as new_id
    from {{ ref('map_offices') }}
    union all
    select 'profile', 'auth_user', legacy_id, id from {{ ref('map_profiles') }}
    union all
    select 'doctor', 'dispatch_office_doctors', legacy_id, id from {{ ref('map_doctors') }}
    union all
    select 'patient', 'dispatch_patient', legacy_id, id from {{ ref('map_patients') }}
    union all
    select 'order', 'dispatch_instruction', legacy_id, id from {{ ref('map_orders') }}

),

final as (

    select
        mappings.entity_type,
        mappings.legacy_id,
        mappings.new_id,
        coalesce(ledger.disposition = 'migrated', false) as migrated
    from mappings
    left join ledger
        on ledger.source_table = mappings.source_table and ledger.legacy_id = mappings.legacy_id

)

select * from final
