-- dispatch_office: the lab's customers (practices). Soft delete through is_deleted/deleted_at.
with

source as (

    select * from {{ source('legacy', 'dispatch_office') }}

),

renamed as (

    select
        id as office_id,
        name as office_name,
        {{ empty_as_null('code') }} as office_code,
        {{ empty_as_null('email') }} as email,
        {{ empty_as_null('phone') }} as phone_raw,
        {{ phone_e164('phone') }} as phone_e164,
        {{ empty_as_null('fax') }} as fax_raw,
        {{ phone_e164('fax') }} as fax_e164,
        {{ empty_as_null('website') }} as website,
        address_id as billing_address_id,
        shipping_address_id,
        {{ empty_as_null('tax_id') }} as tax_id,
        {{ empty_as_null('notes') }} as notes,
        is_active,
        {{ empty_as_null('square_customer_id') }} as square_customer_id,
        {{ safe_jsonb('settings') }} as settings,
        {{ is_malformed_json('settings') }} as settings_is_malformed,
        is_deleted,
        deleted_at,
        created as created_at,
        modified as modified_at,
        _card_masked,
        _row_hash as legacy_row_hash
    from source

)

select * from renamed
