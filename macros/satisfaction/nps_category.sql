{#
    The NPS band of a 0-10 score, coded once: promoter (9-10), passive (7-8), detractor (0-6);
    null without a score. fct_conversations stores it as nps_category and every NPS count
    downstream (rpt_nps_by_path, rpt_handoff_gap_impact, the semantic layer) reads that column.
#}
{% macro nps_category(score) -%}
    case
        when {{ score }} >= 9 then 'promoter'
        when {{ score }} >= 7 then 'passive'
        when {{ score }} >= 0 then 'detractor'
    end
{%- endmacro %}
