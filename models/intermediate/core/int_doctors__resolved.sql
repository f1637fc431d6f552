-- One row per dispatch_office_doctors link: the doctor membership it becomes. A link of a
-- duplicate user is repointed to the kept user; if that user already has the office, the link
-- is a duplicate and is rejected. A link whose user or office does not exist is rejected.
{{ config(unique_key='office_doctor_id') }}

with

links as (

    select * from {{ ref('stg_legacy__dispatch_office_doctors') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

resolved as (

    select
        links.office_doctor_id,
        links.office_id,
        links.user_id,
        profiles.resolved_user_id,
        {{ parent_missing('profiles', 'user_id') }} as user_missing,
        profiles.reject_reason as profile_reject_reason,
        {{ parent_missing('offices', 'office_id') }} as office_missing,
        row_number() over (
            partition by profiles.resolved_user_id, links.office_id
            order by (links.user_id = profiles.resolved_user_id) desc, links.office_doctor_id
        ) as link_rank
    from links
    left join profiles on links.user_id = profiles.user_id
    left join offices on links.office_id = offices.office_id

),

final as (

    select
        office_doctor_id,
        office_id,
        user_id,
        resolved_user_id,
        case
            when user_missing then 'missing_user'
            when office_missing then 'missing_office'
            when resolved_user_id is null then 'profile_rejected'
            when link_rank > 1 then 'duplicate_membership'
        end as reject_reason,
        case
            when user_missing then 'user ' || user_id || ' does not exist'
            when office_missing then 'office ' || office_id || ' does not exist'
            when resolved_user_id is null then 'user ' || user_id || ' has no profile (' || profile_reject_reason || ')'
            when link_rank > 1 then 'user ' || resolved_user_id || ' already belongs to office ' || office_id
        end as reject_detail,
        case
            when user_missing or office_missing or resolved_user_id is null or link_rank > 1 then 'rejected'
            else 'migrated'
        end as disposition,
        array_remove(array[
            case
                when resolved_user_id <> user_id and link_rank = 1 and not office_missing
                    then 'repointed_to_kept_duplicate_user'
            end
        ], null) as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
