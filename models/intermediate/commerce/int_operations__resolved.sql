-- One row per dispatch_operation (Square API operation). Always migrates: a purchase that was not
-- migrated is unset; who triggered it follows the profile resolution (duplicate users repointed).
-- The card data are the typed columns staging extracted; raw_response never reaches this model.
{{ config(unique_key='operation_id') }}

with

operations as (

    select * from {{ ref('stg_legacy__dispatch_operation') }}

),

purchases as (

    select * from {{ ref('int_purchases__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        operations.*,
        case when purchases.disposition = 'migrated' then operations.purchase_id end as resolved_purchase_id,
        creators.resolved_user_id as created_by_user_id,
        null::text as reject_reason,
        null::text as reject_detail,
        array_remove(array[
            case
                when operations.purchase_id is not null and coalesce(purchases.disposition, 'missing') <> 'migrated'
                    then 'purchase_rejected_unset'
            end,
            case
                when operations.created_by_id is not null and creators.resolved_user_id is null
                    then 'creator_without_profile_unset'
            end,
            case
                when operations.created_by_id <> creators.resolved_user_id
                    then 'creator_repointed_to_kept_duplicate_user'
            end
        ], null) as repairs
    from operations
    left join purchases on operations.purchase_id = purchases.purchase_id
    left join profiles as creators on operations.created_by_id = creators.user_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        {{ tracking_columns() }}
    from resolved

)

select * from final
