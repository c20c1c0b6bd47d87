{#
    A forgiving key for comparing words: the letters of the word's first five characters,
    sorted. Truncation works as a light stemmer (cancelled / cancelling / cancellation,
    deliver / delivered / delivery) and sorting forgives the commonest typo, two swapped
    letters (pakcage / package, alerady / already). Used for re-explanation overlap only.
#}
{% macro token_match_key(token) -%}
    {{ return(adapter.dispatch('token_match_key', 'seam')(token)) }}
{%- endmacro %}

{% macro default__token_match_key(token) -%}
    (
        select string_agg(key_letters.letter, '' order by key_letters.letter)
        from regexp_split_to_table(left({{ token }}, 5), '') as key_letters (letter)
    )
{%- endmacro %}

{% macro duckdb__token_match_key(token) -%}
    array_to_string(list_sort(string_split(left({{ token }}, 5), '')), '')
{%- endmacro %}

{#- Spark: split on the empty pattern gives the characters (plus a trailing empty string). -#}
{% macro spark__token_match_key(token) -%}
    array_join(array_sort(split(left({{ token }}, 5), '')), '')
{%- endmacro %}
