-- Daily time spine for the semantic layer (MetricFlow), built with dbt's own date_spine.
-- The range covers any realistic support history; widen it here if a history starts earlier.
{% set spine_start = "cast('2020-01-01' as date)" %}
{% set spine_end = "cast('2036-01-01' as date)" %}

with

days as (

    {{ dbt.date_spine(datepart="day", start_date=spine_start, end_date=spine_end) }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
