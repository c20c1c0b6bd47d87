{#
    Makes the calling model depend on audit_staging_reconciliation, so that when its test
    (assert_staging_reconciles) fails, `dbt build` skips the model and everything after it:
    the marts keep the last reconciled build instead of publishing numbers built on rows
    staging lost or kept by mistake. Unit tests mock their inputs, so there it adds nothing.
#}
{% macro after_reconciliation() -%}
    {%- if model.resource_type != 'unit_test' -%}
        -- depends_on: {{ ref('audit_staging_reconciliation') }}
    {%- endif -%}
{%- endmacro %}
