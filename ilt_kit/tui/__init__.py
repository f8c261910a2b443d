"""The terminal UI: screens and widgets that show engine state and turn keys into engine calls."""
