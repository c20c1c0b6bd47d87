{#
    Post-hook of audit_input_guards: prints each breached guard with its figure and the var
    that sets the threshold, so a warning or a stopped build says what was wrong (dbt's own
    test summary only counts failing rows). Printed even under --quiet.
#}
{% macro print_input_guards(relation) -%}
    {%- if execute -%}
        {%- set breached = run_query(
            "select guard_name, table_name, measured_value, warn_threshold, error_threshold,"
            ~ " status from " ~ relation ~ " where status <> 'ok' order by status, guard_name,"
            ~ " table_name"
        ) -%}
        {%- set vars_of = {
            'rejected_share': 'guard_rejected_share_warn / guard_rejected_share_error',
            'min_kept_rows': 'guard_min_kept_rows_warn / guard_min_kept_rows_error',
            'conversations_without_messages_share':
                'guard_conversations_without_messages_share_warn / _error',
            'daily_volume_change': 'guard_daily_volume_change_warn / guard_daily_volume_drop_error',
        } -%}
        {%- for row in breached.rows -%}
            {%- do print(
                "input guard " ~ (row[5] | upper) ~ ": " ~ row[0] ~ " on " ~ row[1] ~ " = "
                ~ ((row[2] * 10000) | round | int / 10000) ~ " (warn at " ~ row[3] ~ ", error at "
                ~ row[4] ~ "; vars " ~ vars_of.get(row[0], 'guard_*') ~ ")"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
