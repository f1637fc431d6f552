-- Per legacy table: source rows = migrated + rejected + excluded (+ unexplained, which must be 0).
with

coverage as (

    select * from {{ ref('legacy_coverage') }}

),

row_counts as (

    select * from {{ ref('legacy_row_counts') }}

),

ledger as (

    select * from {{ ref('row_ledger') }}

),

ledger_totals as (

    select
        source_table,
        count(*) filter (where disposition = 'migrated') as migrated_rows,
        count(*) filter (where disposition = 'rejected') as rejected_rows,
        count(*) filter (where disposition = 'excluded') as excluded_rows
    from ledger
    group by source_table

),

reject_reasons as (

    select
        source_table,
        jsonb_object_agg(reason_code, rows_rejected order by reason_code) as rejects_by_reason
    from (
        select
            source_table,
            reason_code,
            count(*) as rows_rejected
        from ledger
        where disposition = 'rejected'
        group by source_table, reason_code
    ) as per_reason
    group by source_table

),

joined as (

    select
        coverage.source_table,
        coverage.domain,
        coverage.disposition,
        coverage.reason,
        string_to_array(coverage.targets, '|') as targets,
        coalesce(row_counts.source_rows, 0) as source_rows,
        coalesce(ledger_totals.migrated_rows, 0) as migrated_rows,
        coalesce(ledger_totals.rejected_rows, 0) as rejected_rows,
        case
            when coverage.disposition = 'excluded' then coalesce(row_counts.source_rows, 0)
            else coalesce(ledger_totals.excluded_rows, 0)
        end as excluded_rows,
        coalesce(reject_reasons.rejects_by_reason, '{}'::jsonb) as rejects_by_reason
    from coverage
    left join row_counts on coverage.source_table = row_counts.source_table
    left join ledger_totals on coverage.source_table = ledger_totals.source_table
    left join reject_reasons on coverage.source_table = reject_reasons.source_table

),

final as (

    select
        *,
        case
            when disposition = 'not_yet_covered' then 0
            else source_rows - migrated_rows - rejected_rows - excluded_rows
        end as unexplained_rows
    from joined

)

select * from final
