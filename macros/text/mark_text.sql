{#
    Raw message text made ready for sentence splitting:
    - every link (var text_link_pattern) becomes the token <link>, and ends its sentence when
      the next word starts with a capital (chat and social replies run on after a link without
      punctuation: "... here <link> Send us a DM");
    - a dot between two digits becomes _ (v5.11.7, 1.16.0.53, 49.99 stay one token and do not
      split a sentence);
    - every @mention (var text_mention_pattern) is dropped;
    - a question mark gets the token <question> in front of it, so the sentence it ends still
      says it was a question after the split (only texts that hold a ? take this step).
    Both placeholders are stopwords (seed text_stopwords): never content words. Links go first,
    so a URL's dots and question marks do not split sentences.
#}
{% macro mark_text(column) -%}
    {%- set linked = seam.regexp_replace_all(column, var('text_link_pattern'), ' <link> ') -%}
    {%- set ended = seam.regexp_replace_all(
        linked, '<link> +([A-Z])', '<link>. ' ~ seam.regexp_group(1)
    ) -%}
    {%- set numbers = seam.regexp_replace_all(
        ended, '([0-9])[.]([0-9])', seam.regexp_group(1) ~ '_' ~ seam.regexp_group(2)
    ) -%}
    {%- set unmentioned = seam.regexp_replace_all(numbers, var('text_mention_pattern'), ' ') -%}
    {#- the question step only where the text holds a ? (most do not; the steps before add none) -#}
    case
        when {{ dbt.position("'?'", column) }} > 0
            then {{ seam.regexp_replace_all(unmentioned, '[?]+', ' <question>?') }}
        else {{ unmentioned }}
    end
{%- endmacro %}
