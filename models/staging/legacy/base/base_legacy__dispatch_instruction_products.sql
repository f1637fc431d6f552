-- legacy dispatch_instruction_products as the sync copied it (macros/sync/snapshot.sql): what a whole copy reads
{{ config(alias='dispatch_instruction_products') }}
{{ legacy_snapshot(source('legacy', 'dispatch_instruction_products')) }}
