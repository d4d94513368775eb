"""The rubric engine: what findings mean, decided by rubric YAML."""
