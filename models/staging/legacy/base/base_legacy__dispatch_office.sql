-- legacy dispatch_office as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_office') }}
{{ legacy_snapshot(source('legacy', 'dispatch_office')) }}
