"""The interactive HTML view."""
