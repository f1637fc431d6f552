-- legacy django_content_type as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='django_content_type') }}
{{ legacy_snapshot(source('legacy', 'django_content_type')) }}
