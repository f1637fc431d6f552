-- legacy dispatch_offer.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_offer'), 'offer_id', 'dispatch_offer') }}
