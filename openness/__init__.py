"""openness: audit how open an AI model is, with evidence for every claim."""

__version__ = "0.1.0"
