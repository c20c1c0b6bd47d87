{#
    Adjusted-Wald NPS (Rocks 2016, "Interval Estimation for the 'Net Promoter Score'"; Sauro &
    Lewis): 3/4 of a promoter and 3/4 of a detractor are added (n + 3 responses in all, 1.5 of
    them passive), so the estimate is 100 * (P - D) / (n + 3). The centre of the adjusted
    interval (macro nps_adjusted_se gives its SE). Null when there is no response.
#}
{% macro nps_adjusted(promoters, detractors, responses) -%}
    case
        when {{ responses }} > 0
            then
                100 * cast({{ promoters }} - {{ detractors }} as {{ seam.type_double() }})
                / ({{ responses }} + 3)
    end
{%- endmacro %}
