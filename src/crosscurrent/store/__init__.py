"""The DuckDB store: statements with markings, migrations, and the policy view."""
