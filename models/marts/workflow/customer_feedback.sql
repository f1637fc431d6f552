-- customer_feedback: ratings and comments (dispatch_feedback). rating is read on rating_scale:
-- nps_0_10 for NPS surveys, stars_1_5 otherwise (issue 16); NULL means no rating.
with

feedback as (

    select * from {{ ref('int_customer_feedback__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

feedback_ids as (

    select * from {{ ref('map_customer_feedback') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

patient_ids as (

    select * from {{ ref('map_patients') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        feedback_ids.id,
        feedback.feedback_id::bigint as legacy_id,
        order_ids.id as order_id,
        patient_ids.id as patient_id,
        users.id as profile_id,
        feedback.source,
        feedback.resolved_rating::smallint as rating,
        feedback.rating_scale,
        feedback.comment,
        feedback.created_at
    from feedback
    inner join feedback_ids on feedback.feedback_id = feedback_ids.legacy_id
    left join order_ids on feedback.resolved_instruction_id = order_ids.legacy_id
    left join patient_ids on feedback.resolved_patient_id = patient_ids.legacy_id
    left join profile_ids as users on feedback.resolved_user_id = users.legacy_id

)

select * from final
