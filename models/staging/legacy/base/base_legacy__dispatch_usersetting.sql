-- legacy dispatch_usersetting as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_usersetting') }}
{{ legacy_snapshot(source('legacy', 'dispatch_usersetting')) }}
