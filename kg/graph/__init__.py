"""Nodes and edges with stable IDs and provenance, and the build output files."""
