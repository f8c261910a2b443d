"""The projector theme: high contrast for a washed-out projector in a lit room."""

from textual.theme import Theme

PROJECTOR = Theme(
    name="projector",
    primary="#4FC3F7",
    secondary="#FFD54F",
    accent="#FFD54F",
    warning="#FFB300",
    error="#FF5252",
    success="#69F0AE",
    foreground="#FFFFFF",
    background="#000000",
    surface="#101010",
    panel="#1E1E1E",
    dark=True,
    variables={
        "footer-key-foreground": "#FFD54F",
        "block-cursor-background": "#FFD54F",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#4FC3F7 40%",
    },
)
