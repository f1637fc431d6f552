-- message_templates: e-mail, SMS and in-app templates (dispatch_template).
with

templates as (

    select * from {{ ref('int_message_templates__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

template_ids as (

    select * from {{ ref('map_message_templates') }}

),

final as (

    select
        template_ids.id,
        templates.template_id::bigint as legacy_id,
        templates.template_name as name,
        templates.slug,
        templates.channel,
        templates.message_kind,
        templates.locale,
        templates.subject,
        templates.body,
        templates.is_active,
        templates.created_at,
        templates.modified_at as updated_at
    from templates
    inner join template_ids on templates.template_id = template_ids.legacy_id

)

select * from final
