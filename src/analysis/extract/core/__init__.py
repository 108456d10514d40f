"""The layout-independent core of extraction (placeholder)."""
