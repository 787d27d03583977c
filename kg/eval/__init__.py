"""Scoring a build against gold records."""
