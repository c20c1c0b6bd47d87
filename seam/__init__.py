"""seam: tooling around the seam dbt project (synthetic data, loading, summaries)."""

__version__ = "0.1.0"
