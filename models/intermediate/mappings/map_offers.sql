-- legacy dispatch_offer.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_offer'), 'id') }}
