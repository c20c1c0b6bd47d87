{#
    True when a number passes the Luhn checksum, as card numbers do. Takes the number's
    digits reversed and right-padded with zeros to 19 characters (a leading zero adds nothing
    to the sum), as an expression or, better, a column: it is read 19 times. A loop over the
    19 positions: odd positions add the digit, even positions the digit doubled with its
    digits summed, read as the digit's position in a lookup string ('0516273849': 5 -> 1,
    6 -> 3, ...). String functions every engine has and no cast, so nothing can fail on
    Spark's ANSI mode.
#}
{% macro luhn_is_valid(reversed_digits) -%}
    ((
        {%- for position in range(1, 20) %}
        position(substr({{ reversed_digits }}, {{ position }}, 1) in '
        {{- '0123456789' if position % 2 == 1 else '0516273849' }}') - 1
        {{- ' +' if not loop.last }}
        {%- endfor %}
    ) % 10 = 0)
{%- endmacro %}
