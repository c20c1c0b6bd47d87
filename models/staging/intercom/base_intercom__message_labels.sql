{#- The contract's `message_labels` under Intercom: Intercom has no such table, so the contract's own
    when var vendor_contract_tables lists it, else no rows (macro contract_table_or_empty). -#}
{{ config(enabled=var('seam_source') == 'intercom') }}

{{ seam.contract_table_or_empty('message_labels') }}
