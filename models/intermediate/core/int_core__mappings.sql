-- The legacy id -> UUID mappings of the core domain.
with

mappings as (

    {{ mapping_union([
        ('office', 'dispatch_office', 'map_offices'),
        ('profile', 'auth_user', 'map_profiles'),
        ('doctor', 'dispatch_office_doctors', 'map_doctors'),
        ('patient', 'dispatch_patient', 'map_patients'),
        ('order', 'dispatch_instruction', 'map_orders'),
        ('country', 'dispatch_country', 'map_countries'),
        ('address', 'dispatch_address', 'map_addresses'),
        ('role', 'dispatch_role', 'map_roles'),
        ('permission', 'auth_permission', 'map_permissions'),
        ('role_permission', 'dispatch_role_permissions', 'map_role_permissions'),
        ('global_setting', 'dispatch_globalsetting', 'map_global_settings'),
    ]) }}

),

final as (

    select * from mappings

)

select * from final
