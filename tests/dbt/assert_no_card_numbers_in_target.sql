-- PCI: no Luhn-valid 13-19 digit run in any text or JSON column of any relation of the target
-- (issue 11). Returns the offending relation and column, never the value. Runs after every
-- relation it scans:
-- depends_on: {{ ref('reconciliation') }}
-- depends_on: {{ ref('offices') }}, {{ ref('profiles') }}, {{ ref('doctors') }}
-- depends_on: {{ ref('patients') }}, {{ ref('orders') }}, {{ ref('migration_mappings') }}
-- depends_on: {{ ref('rejects') }}, {{ ref('repairs') }}
select
    relation,
    column_name,
    card_like_values
from migration.find_card_numbers()
