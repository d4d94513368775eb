"""The curated registry: schema, loading, validation."""
