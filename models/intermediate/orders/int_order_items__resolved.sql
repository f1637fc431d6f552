-- One row per dispatch_instruction_products line: the order item it becomes, or why it cannot.
-- A line of a rejected order is rejected (order_rejected), as is one whose product does not
-- exist (missing_product) or was not migrated (product_rejected).
{{ config(unique_key='instruction_product_id', recompute='changes') }}

with

lines as (

    select lines.* from {{ ref('stg_legacy__dispatch_instruction_products') }} as lines
    where {{ candidates(
        'lines', ref('stg_legacy__dispatch_instruction_products'), 'instruction_product_id',
        'dispatch_instruction_products', parents=[
        ('instruction_id', ref('int_orders__resolved'), 'instruction_id'),
        ('product_id', ref('int_products__resolved'), 'product_id'),
        ]
    ) }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

products as (

    select * from {{ ref('int_products__resolved') }}

),

resolved as (

    select
        lines.*,
        {{ parent_rejection(
            'orders', 'instruction_id', 'lines.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }},
        {{ parent_missing('products', 'product_id') }} as product_missing,
        products.disposition <> 'migrated' as product_rejected
    from lines
    left join orders on lines.instruction_id = orders.instruction_id
    left join products on lines.product_id = products.product_id

),

classified as (

    select
        resolved.*,
        coalesce(
            resolved.reject_reason,
            case
                when resolved.product_missing then 'missing_product'
                when resolved.product_rejected then 'product_rejected'
            end
        ) as final_reason,
        coalesce(
            resolved.reject_detail,
            case
                when resolved.product_missing then 'product ' || resolved.product_id || ' does not exist'
                when resolved.product_rejected then 'product ' || resolved.product_id || ' was not migrated'
            end
        ) as final_detail
    from resolved

),

final as (

    select
        instruction_product_id,
        instruction_id,
        product_id,
        quantity,
        _card_masked,
        final_reason as reject_reason,
        final_detail as reject_detail,
        case when final_reason is null then 'migrated' else 'rejected' end as disposition,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
