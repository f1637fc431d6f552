-- cases: treatments, a root order and the orders chained to it by parent_id, from
-- int_cases__resolved. No legacy table of their own (dispatch_instruction's ledger accounts for
-- them): id is the UUID map_cases assigned to the root instruction, legacy_root_order_id is that
-- dispatch_instruction.id, and there is no legacy_id. A case takes the root order's patient, office,
-- kind and creation time (opened_at); order_count and last_order_at are over its migrated orders,
-- state is the latest migrated case state of any of them. An incremental run merges the cases the
-- intermediate model changed since this mart last succeeded.
with

cases as (

    select * from {{ ref('int_cases__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

case_ids as (

    select * from {{ ref('map_cases') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

patient_ids as (

    select * from {{ ref('map_patients') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

final as (

    select
        case_ids.id,
        cases.root_instruction_id::bigint as legacy_root_order_id,
        order_ids.id as root_order_id,
        patient_ids.id as patient_id,
        office_ids.id as office_id,
        cases.kind,
        cases.opened_at,
        cases.order_count::integer as order_count,
        cases.last_order_at,
        cases.state,
        cases.state_changed_at
    from cases
    inner join case_ids on cases.root_instruction_id = case_ids.legacy_id
    inner join order_ids on cases.root_instruction_id = order_ids.legacy_id
    inner join patient_ids on cases.patient_id = patient_ids.legacy_id
    inner join office_ids on cases.office_id = office_ids.legacy_id

)

select * from final
