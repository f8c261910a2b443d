"""Saving and reading session records: TOML files written atomically, never silently overwritten."""
