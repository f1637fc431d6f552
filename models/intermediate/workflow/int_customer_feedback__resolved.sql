-- One row per dispatch_feedback (issue 16). NPS rows (source 3) keep their 0-10 score on the
-- nps_0_10 scale; on the other rows the score is 1-5 and 0 means "no rating" (NULL, repaired).
-- A score outside its scale is rejected. The references are optional: one whose order, patient
-- or user does not migrate (deleted from the legacy database, rejected, ...) is unset and
-- recorded as a repair; a duplicate user is repointed to the kept one. Change-driven: only the
-- changed rows and the children of parents whose classification changed are classified again.
{{ config(unique_key='feedback_id', recompute='changes') }}

with

feedback as (

    select feedback.* from {{ ref('stg_legacy__dispatch_feedback') }} as feedback
    where {{ candidates(
        'feedback', ref('stg_legacy__dispatch_feedback'), 'feedback_id', 'dispatch_feedback', parents=[
            ('instruction_id', ref('int_orders__resolved'), 'instruction_id'),
            ('patient_id', ref('int_patients__resolved'), 'patient_id'),
            ('user_id', ref('int_profiles__resolved'), 'user_id'),
        ]
    ) }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

patients as (

    select * from {{ ref('int_patients__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

scaled as (

    select
        feedback.*,
        case when feedback.source_code = 3 then 'nps_0_10' else 'stars_1_5' end as rating_scale,
        case when feedback.source_code = 3 then 10 else 5 end as scale_max,
        feedback.source_code <> 3 and feedback.rating = 0 as zero_means_no_rating
    from feedback

),

resolved as (

    select
        scaled.*,
        case when not scaled.zero_means_no_rating then scaled.rating end as resolved_rating,
        {{ kept_reference('orders', 'scaled.instruction_id') }} as resolved_instruction_id,
        {{ kept_reference('patients', 'scaled.patient_id') }} as resolved_patient_id,
        -- a profile's tombstone keeps its last resolved_user_id: only a live profile row counts
        case when not {{ parent_missing('users', 'user_id') }} then users.resolved_user_id end as resolved_user_id,
        case when scaled.rating > scaled.scale_max then 'rating_out_of_scale' end as reject_reason,
        case
            when scaled.rating > scaled.scale_max
                then
                    'rating ' || scaled.rating || ' is above ' || scaled.scale_max || ' on the '
                    || scaled.rating_scale || ' scale'
        end as reject_detail,
        array_remove(array[
            case when scaled.zero_means_no_rating then 'zero_rating_as_no_rating' end,
            case when {{ is_unset('orders', 'scaled.instruction_id') }} then 'order_not_migrated_unset' end,
            case when {{ is_unset('patients', 'scaled.patient_id') }} then 'patient_not_migrated_unset' end
        ], null) as reference_repairs
    from scaled
    left join orders on scaled.instruction_id = orders.instruction_id
    left join patients on scaled.patient_id = patients.patient_id
    left join profiles as users on scaled.user_id = users.user_id

),

final as (

    select
        feedback_id,
        instruction_id,
        patient_id,
        user_id,
        source_code,
        source,
        rating,
        comment,
        created_at,
        rating_scale,
        scale_max,
        zero_means_no_rating,
        resolved_rating,
        resolved_instruction_id,
        resolved_patient_id,
        resolved_user_id,
        reject_reason,
        reject_detail,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case
            when reject_reason is null
                then reference_repairs || array_remove(array[
                    case when user_id is not null and resolved_user_id is null then 'user_without_profile_unset' end,
                    case when user_id <> resolved_user_id then 'user_repointed_to_kept_duplicate_user' end
                ], null) || {{ card_masked_repairs() }}
            else array[]::text[]
        end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
