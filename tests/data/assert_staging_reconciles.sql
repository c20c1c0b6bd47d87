-- Every raw row is accounted for: kept, rejected with a reason, or an exact duplicate.
select *
from {{ ref('audit_staging_reconciliation') }}
where unreconciled_rows <> 0
