-- One row per dispatch_jaw: the jaw it becomes, or why it cannot. A jaw of a rejected plan is
-- rejected (plan_rejected). Text-JSON that does not parse (truncated movements exports, issue 12)
-- becomes NULL and is counted as a repair.
{{ config(unique_key='jaw_id', recompute='changes') }}

with

jaws as (

    select jaws.* from {{ ref('stg_legacy__dispatch_jaw') }} as jaws
    where {{ candidates('jaws', ref('stg_legacy__dispatch_jaw'), 'jaw_id', 'dispatch_jaw', parents=[
        ('plan_id', ref('int_treatment_plans__resolved'), 'plan_id'),
        ('bracket_id', ref('int_brackets__resolved'), 'bracket_id'),
    ]) }}

),

plans as (

    select * from {{ ref('int_treatment_plans__resolved') }}

),

brackets as (

    select * from {{ ref('int_brackets__resolved') }}

),

resolved as (

    select
        jaws.*,
        case when brackets.disposition = 'migrated' then jaws.bracket_id end as resolved_bracket_id,
        {{ parent_rejection(
            'plans', 'plan_id', 'jaws.plan_id',
            'plan', 'missing_plan', 'plan_rejected'
        ) }},
        array_remove(array[
            case when jaws.movements_is_malformed then 'movements_malformed_nulled' end,
            case when jaws.attachments_is_malformed then 'attachments_malformed_nulled' end,
            case when jaws.ipr_is_malformed then 'ipr_malformed_nulled' end,
            case
                when jaws.bracket_id is not null and coalesce(brackets.disposition, 'missing') <> 'migrated'
                    then 'bracket_rejected_unset'
            end
        ], null) as candidate_repairs
    from jaws
    left join plans on jaws.plan_id = plans.plan_id
    left join brackets on jaws.bracket_id = brackets.bracket_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
