-- The legacy id -> UUID mappings of the orders domain. A case is keyed on its root instruction;
-- an order's case link (order_cases) takes a UUID derived from the order's UUID.
with

mappings as (

    {{ mapping_union([
        ('order_item', 'dispatch_instruction_products', 'map_order_items'),
        ('treatment_plan', 'dispatch_plan', 'map_treatment_plans'),
        ('project', 'dispatch_project', 'map_projects'),
        ('jaw', 'dispatch_jaw', 'map_jaws'),
        ('bracket', 'dispatch_bracket', 'map_brackets'),
        ('courier', 'dispatch_courier', 'map_couriers'),
        ('shipment', 'dispatch_shipment', 'map_shipments'),
        ('case_state', 'dispatch_state', 'map_case_states'),
        ('case', 'dispatch_instruction', 'map_cases'),
    ]) }}

),

order_case_ids as (

    select
        'order_case'::text as entity_type,
        'dispatch_instruction'::text as source_table,
        legacy_id,
        {{ order_case_id('id') }} as new_id
    from {{ ref('map_orders') }}

),

final as (

    select * from mappings
    union all
    select * from order_case_ids

)

select * from final
