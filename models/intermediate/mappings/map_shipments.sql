-- legacy dispatch_shipment.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_shipment'), 'id') }}
