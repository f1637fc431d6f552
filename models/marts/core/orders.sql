-- orders: the orders, legacy instructions (dispatch_instruction), from int_orders__resolved. id is
-- the UUID map_orders assigned; legacy_id is dispatch_instruction.id; order_number becomes number.
-- Only migrated orders: orphans (issue 1), orders of a rejected patient and orders whose office does
-- not exist are rejected upstream. A missing office is the patient's. The doctor and the creator are
-- the resolved profiles (a duplicate user's kept user; unset without a profile). parent_order_id is
-- the parent int_orders__resolved kept: a parent not migrated, the order itself or the break of a
-- cycle is unset. Soft-deleted orders are kept flagged (issue 18), deleted_at falling back to
-- modified. An incremental run merges the orders the intermediate model changed since this mart
-- last succeeded.
with

orders as (

    select * from {{ ref('int_orders__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

patient_ids as (

    select * from {{ ref('map_patients') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        order_ids.id,
        orders.instruction_id::bigint as legacy_id,
        orders.order_number as number,
        patient_ids.id as patient_id,
        office_ids.id as office_id,
        doctors.id as doctor_id,
        creators.id as created_by_id,
        parents.id as parent_order_id,
        orders.kind,
        orders.status,
        orders.arch,
        orders.priority,
        orders.treatment_goals,
        orders.special_instructions,
        orders.options,
        orders.ipr_allowed,
        orders.attachments_allowed,
        orders.extraction_teeth,
        orders.submitted_at,
        orders.due_date,
        orders.shipped_at,
        orders.is_deleted,
        orders.created_at,
        orders.modified_at as updated_at,
        case when orders.is_deleted then coalesce(orders.deleted_at, orders.modified_at) end as deleted_at
    from orders
    inner join order_ids on orders.instruction_id = order_ids.legacy_id
    inner join patient_ids on orders.patient_id = patient_ids.legacy_id
    inner join office_ids on orders.resolved_office_id = office_ids.legacy_id
    left join profile_ids as doctors on orders.doctor_user_id = doctors.legacy_id
    left join profile_ids as creators on orders.created_by_user_id = creators.legacy_id
    left join order_ids as parents on orders.resolved_parent_instruction_id = parents.legacy_id

)

select * from final
