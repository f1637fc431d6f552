-- One row per dispatch_feedback (issue 16). NPS rows (source 3) keep their 0-10 score on the
-- nps_0_10 scale; on the other rows the score is 1-5 and 0 means "no rating" (NULL, repaired).
-- A score outside its scale is rejected. The references are optional: one whose order, patient
-- or user does not migrate is unset and recorded as a repair.
{{ config(unique_key='feedback_id') }}

with

feedback as (

    select * from {{ ref('stg_legacy__dispatch_feedback') }}

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
        case when orders.disposition = 'migrated' then scaled.instruction_id end as resolved_instruction_id,
        case when patients.disposition = 'migrated' then scaled.patient_id end as resolved_patient_id,
        users.resolved_user_id,
        case when scaled.rating > scaled.scale_max then 'rating_out_of_scale' end as reject_reason,
        case
            when scaled.rating > scaled.scale_max
                then
                    'rating ' || scaled.rating || ' is above ' || scaled.scale_max || ' on the '
                    || scaled.rating_scale || ' scale'
        end as reject_detail,
        array_remove(array[
            case when scaled.zero_means_no_rating then 'zero_rating_as_no_rating' end,
            case
                when scaled.instruction_id is not null and orders.disposition is distinct from 'migrated'
                    then 'order_not_migrated_unset'
            end,
            case
                when scaled.patient_id is not null and patients.disposition is distinct from 'migrated'
                    then 'patient_not_migrated_unset'
            end,
            case
                when scaled.user_id is not null and users.resolved_user_id is null
                    then 'user_without_profile_unset'
            end,
            case
                when scaled.user_id <> users.resolved_user_id
                    then 'user_repointed_to_kept_duplicate_user'
            end
        ], null) as candidate_repairs
    from scaled
    left join orders on scaled.instruction_id = orders.instruction_id
    left join patients on scaled.patient_id = patients.patient_id
    left join profiles as users on scaled.user_id = users.user_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are those of a migrated row
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
