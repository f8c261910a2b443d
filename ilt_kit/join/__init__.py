"""Members answer from their own phones and laptops: a small web server inside the app."""
