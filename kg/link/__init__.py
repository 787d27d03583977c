"""Resolving mentions to canonical nodes, within and across documents."""
