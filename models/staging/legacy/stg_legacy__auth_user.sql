-- auth_user: every login. The password hash is deliberately not selected.
select
    id as user_id,
    username,
    {{ empty_as_null('email') }} as email,
    lower({{ empty_as_null('email') }}) as email_normalized,
    {{ free_text('first_name') }} as first_name,
    {{ free_text('last_name') }} as last_name,
    is_staff,
    is_active,
    is_superuser,
    last_login as last_login_at,
    date_joined as date_joined_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__auth_user') }}
