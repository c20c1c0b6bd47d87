-- Every raw row is accounted for: kept, rejected with a reason, an exact duplicate, or deleted
-- (soft-deleted, erased). The facts depend on audit_staging_reconciliation, so when this
-- fails `dbt build` skips every mart and they keep the last reconciled build.
select *
from {{ ref('audit_staging_reconciliation') }}
where unreconciled_rows <> 0
