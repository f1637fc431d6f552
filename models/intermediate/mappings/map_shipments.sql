-- legacy dispatch_shipment.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_shipment'), 'shipment_id', 'dispatch_shipment') }}
