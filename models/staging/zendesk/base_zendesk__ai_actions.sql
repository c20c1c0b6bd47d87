{#- The contract's `ai_actions` under Zendesk: Zendesk has no such table, so the contract's own
    when var vendor_contract_tables lists it, else no rows (macro contract_table_or_empty). -#}
{{ config(enabled=var('seam_source') == 'zendesk') }}

{{ seam.contract_table_or_empty('ai_actions') }}
