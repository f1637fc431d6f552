-- One row per dispatch_office_doctors link: the doctor membership it becomes. A link of a
-- duplicate user is repointed to the kept user; if that user already has the office, the link
-- is a duplicate and is rejected.
with

links as (

    select * from {{ ref('stg_legacy__dispatch_office_doctors') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        links.office_doctor_id,
        links.office_id,
        links.user_id,
        profiles.resolved_user_id,
        profiles.reject_reason as profile_reject_reason,
        row_number() over (
            partition by profiles.resolved_user_id, links.office_id
            order by (links.user_id = profiles.resolved_user_id) desc, links.office_doctor_id
        ) as link_rank
    from links
    inner join profiles on links.user_id = profiles.user_id

),

final as (

    select
        *,
        case
            when resolved_user_id is null then 'profile_rejected'
            when link_rank > 1 then 'duplicate_membership'
        end as reject_reason,
        case
            when resolved_user_id is null then 'user ' || user_id || ' has no profile (' || profile_reject_reason || ')'
            when link_rank > 1 then 'user ' || resolved_user_id || ' already belongs to office ' || office_id
        end as reject_detail,
        case
            when resolved_user_id is null or link_rank > 1 then 'rejected' else 'migrated'
        end as disposition,
        array_remove(array[
            case when resolved_user_id <> user_id and link_rank = 1 then 'repointed_to_kept_duplicate_user' end
        ], null) as repairs
    from resolved

)

select * from final
