-- dispatch_instruction_products: products ordered on an instruction (quantity 0 occurs).
with

source as (

    select * from {{ source('legacy', 'dispatch_instruction_products') }}

),

renamed as (

    select
        id as instruction_product_id,
        instruction_id,
        product_id,
        quantity,
        _card_masked,
        _row_hash as legacy_row_hash
    from source

)

select * from renamed
