{#
    One bound ('low' or 'high') of the 95% Wilson score interval of a proportion, on the 0..1
    scale: (p + z^2/2n -/+ z * sqrt(p(1 - p)/n + z^2/4n^2)) / (1 + z^2/n), z = 1.96. It stays
    inside [0, 1] and keeps a sensible width at small n and at p = 0 or 1, where the Wald
    interval collapses to a point. The bound that touches 0 (no success) or 1 (all successes)
    is returned exactly, without the formula's rounding noise. Null when n = 0.
#}
{% macro wilson_bound(successes, trials, side) -%}
    {#- z as a double: every engine then rounds the same IEEE operations the same way. -#}
    {%- set z = 'cast(1.96 as ' ~ seam.type_double() ~ ')' -%}
    {%- set sign = '-' if side == 'low' else '+' -%}
    {%- set edge = '0' if side == 'low' else trials -%}
    {%- set p -%}
        (cast({{ successes }} as {{ seam.type_double() }}) / {{ trials }})
    {%- endset -%}
    case
        when {{ trials }} > 0 and {{ successes }} = {{ edge }}
            then cast({{ '0' if side == 'low' else '1' }} as {{ seam.type_double() }})
        when {{ trials }} > 0
            then (
                {{ p }} + {{ z }} * {{ z }} / (2 * {{ trials }})
                {{ sign }} {{ z }} * sqrt(
                    {{ p }} * (1 - {{ p }}) / {{ trials }}
                    + {{ z }} * {{ z }} / (4 * cast({{ trials }} as {{ seam.type_double() }}) * {{ trials }})
                )
            ) / (1 + {{ z }} * {{ z }} / {{ trials }})
    end
{%- endmacro %}
