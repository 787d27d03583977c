"""kg: a knowledge-graph builder for Chinese party-state text."""

__version__ = "0.1.0"
