"""Rendering: recommendations, estimates and tables as text, JSON, YAML or Markdown; the one
place rich consoles are built (``console.py``)."""
