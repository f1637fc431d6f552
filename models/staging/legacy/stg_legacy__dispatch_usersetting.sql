-- dispatch_usersetting: 1:1 extension of auth_user (phone, locale, role, primary office).
select
    id as usersetting_id,
    user_id,
    {{ free_text('phone') }} as phone_raw,
    {{ phone_e164('phone') }} as phone_e164,
    case
        when {{ empty_as_null('locale') }} is null then null
        when locale ~* '^[a-z]{2}[-_][a-z]{2}$'
            then lower(left(locale, 2)) || '-' || upper(right(locale, 2))
        else lower(locale)
    end as locale,
    {{ empty_as_null('timezone') }} as timezone,
    role_id,
    office_id,
    {{ safe_jsonb('preferences') }} as preferences,
    {{ is_malformed_json('preferences') }} as preferences_is_malformed,
    email_notifications,
    sms_notifications,
    {{ empty_as_null('avatar') }} as avatar_path,
    {{ free_text('title') }} as title,
    {{ empty_as_null('license_number') }} as license_number,
    created as created_at,
    modified as modified_at,
    last_seen_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_usersetting') }}
