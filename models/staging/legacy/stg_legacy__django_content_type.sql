-- django_content_type: the registry of (app_label, model) behind every generic foreign key.
-- Content types are resolved by name, never by id (ids differ between databases).
select
    id as content_type_id,
    app_label,
    model as model_name,
    app_label || '.' || model as content_type_key,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__django_content_type') }}
