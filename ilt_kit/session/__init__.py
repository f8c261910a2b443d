"""The session engine: pure Python, no Textual."""
