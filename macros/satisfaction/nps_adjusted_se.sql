{#
    Standard error of the adjusted-Wald NPS (see macro nps_adjusted): the Wald formula
    100 * sqrt((p + d - (p - d)^2) / n) on the adjusted shares p = (P + 0.75) / (n + 3),
    d = (D + 0.75) / (n + 3) and n + 3 responses. Never 0 (the adjustment keeps both shares
    above 0), so a gap test is defined even for a path whose few answers all agree. Null when
    there is no response.
#}
{% macro nps_adjusted_se(promoters, detractors, responses) -%}
    {%- set p -%}
        (({{ promoters }} + 0.75) / cast({{ responses }} + 3 as {{ seam.type_double() }}))
    {%- endset -%}
    {%- set d -%}
        (({{ detractors }} + 0.75) / cast({{ responses }} + 3 as {{ seam.type_double() }}))
    {%- endset -%}
    case
        when {{ responses }} > 0
            then 100 * sqrt(
                ({{ p }} + {{ d }} - ({{ p }} - {{ d }}) * ({{ p }} - {{ d }}))
                / ({{ responses }} + 3)
            )
    end
{%- endmacro %}
