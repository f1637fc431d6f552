-- PCI: no Luhn-valid 13-19 digit run in any text or JSON column of any relation of the target
-- (issue 11). Returns the offending relation and column, never the value. Runs after every
-- relation it scans:
-- depends_on: {{ ref('addresses') }}, {{ ref('brackets') }}, {{ ref('case_files') }}, {{ ref('case_messages') }}
-- depends_on: {{ ref('case_states') }}, {{ ref('cases') }}, {{ ref('categories') }}, {{ ref('countries') }}
-- depends_on: {{ ref('coupons') }}, {{ ref('couriers') }}, {{ ref('customer_feedback') }}, {{ ref('discounts') }}
-- depends_on: {{ ref('doctors') }}, {{ ref('global_settings') }}, {{ ref('invoices') }}, {{ ref('jaws') }}
-- depends_on: {{ ref('legacy_row_counts') }}, {{ ref('message_attachments') }}, {{ ref('message_templates') }}
-- depends_on: {{ ref('messages') }}, {{ ref('migration_mappings') }}, {{ ref('money_reconciliation') }}
-- depends_on: {{ ref('offers') }}, {{ ref('offices') }}, {{ ref('operations') }}, {{ ref('order_cases') }}
-- depends_on: {{ ref('order_files') }}, {{ ref('order_items') }}, {{ ref('orders') }}, {{ ref('patient_events') }}
-- depends_on: {{ ref('patient_tags') }}, {{ ref('patients') }}, {{ ref('payments') }}, {{ ref('permissions') }}
-- depends_on: {{ ref('product_prices') }}, {{ ref('products') }}, {{ ref('profiles') }}, {{ ref('projects') }}
-- depends_on: {{ ref('purchase_items') }}, {{ ref('purchases') }}, {{ ref('reconciliation') }}
-- depends_on: {{ ref('record_attachments') }}, {{ ref('rejects') }}, {{ ref('repairs') }}
-- depends_on: {{ ref('role_permissions') }}, {{ ref('roles') }}, {{ ref('row_ledger') }}, {{ ref('shipments') }}
-- depends_on: {{ ref('system_messages') }}, {{ ref('tags') }}, {{ ref('task_types') }}, {{ ref('tasks') }}
-- depends_on: {{ ref('team_communications') }}, {{ ref('technician_roles') }}, {{ ref('treatment_plans') }}
select
    relation,
    column_name,
    card_like_values
from migration.find_card_numbers()
