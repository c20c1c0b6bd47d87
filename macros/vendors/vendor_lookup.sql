{#-
    Left-join target for one vendor's vocabulary domain of the vendor_vocabulary seed (the
    vendor's value -> the contract's), as an aliased subquery:
    `left join {{ seam.vendor_lookup('intercom', 'channel') }} on ...`. An unmatched value
    passes through as the vendor wrote it, and staging applies the contract's rules to it.
-#}
{% macro vendor_lookup(vendor, domain) -%}
    (
        select
            vendor_value,
            contract_value
        from {{ seam.seed_ref('vendor_vocabulary') }}
        where vendor = '{{ vendor }}' and domain = '{{ domain }}'
    ) as {{ vendor }}_{{ domain }}
{%- endmacro %}
