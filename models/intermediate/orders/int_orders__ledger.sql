-- The ledger entries of the orders domain: one per legacy row of dispatch_instruction_products,
-- dispatch_plan, dispatch_project, dispatch_jaw, dispatch_bracket, dispatch_courier,
-- dispatch_shipment and dispatch_state. (dispatch_instruction is core's; cases and order_cases
-- have no legacy table of their own and are accounted for by dispatch_instruction.)
with

order_items as (

    {{ ledger_entries(
        ref('int_order_items__resolved'), 'dispatch_instruction_products', 'instruction_product_id', 'order_items'
    ) }}

),

treatment_plans as (

    {{ ledger_entries(ref('int_treatment_plans__resolved'), 'dispatch_plan', 'plan_id', 'treatment_plans') }}

),

projects as (

    {{ ledger_entries(ref('int_projects__resolved'), 'dispatch_project', 'project_id', 'projects') }}

),

jaws as (

    {{ ledger_entries(ref('int_jaws__resolved'), 'dispatch_jaw', 'jaw_id', 'jaws') }}

),

brackets as (

    {{ ledger_entries(ref('int_brackets__resolved'), 'dispatch_bracket', 'bracket_id', 'brackets') }}

),

couriers as (

    {{ ledger_entries(ref('int_couriers__resolved'), 'dispatch_courier', 'courier_id', 'couriers') }}

),

shipments as (

    {{ ledger_entries(ref('int_shipments__resolved'), 'dispatch_shipment', 'shipment_id', 'shipments') }}

),

case_states as (

    {{ ledger_entries(ref('int_case_states__resolved'), 'dispatch_state', 'state_id', 'case_states') }}

),

final as (

    select * from order_items
    union all
    select * from treatment_plans
    union all
    select * from projects
    union all
    select * from jaws
    union all
    select * from brackets
    union all
    select * from couriers
    union all
    select * from shipments
    union all
    select * from case_states

)

select * from final
