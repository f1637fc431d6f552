-- dispatch_shipment: parcels of an instruction in both directions.
select
    id as shipment_id,
    instruction_id,
    courier_id,
    address_id,
    {{ decode('direction', {1: 'to_office', 2: 'to_lab'}) }} as direction,
    {{ decode('status', {
        0: 'created', 1: 'label_printed', 2: 'in_transit', 3: 'delivered',
        4: 'returned_to_sender', 5: 'lost'}) }} as status,
    {{ empty_as_null('tracking_number') }} as tracking_number,
    round(weight_kg::numeric, 3) as weight_kg,
    shipped_at,
    delivered_at,
    {{ empty_as_null('label') }} as label_path,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_shipment') }}
