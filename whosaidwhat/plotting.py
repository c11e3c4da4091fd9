"""The course's figure style: one colour-blind-safe palette (Okabe–Ito), set
once, and a helper that prints the text description every figure needs."""

from __future__ import annotations

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Negative / neutral / positive, always paired with signs or labels, never colour alone.
DIVERGING = {"negative": "#D55E00", "neutral": "#999999", "positive": "#0072B2"}
SIDE_COLOURS = {
    "government_camp": "#0072B2",
    "opposition_camp": "#D55E00",
    "foreign_critics": "#E69F00",
    "neutral": "#999999",
    "narrator": "#000000",
}
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]


def use_course_style() -> None:
    """Apply the palette and readable defaults to matplotlib."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=PALETTE),
            "figure.figsize": (8, 4.5),
            "figure.dpi": 100,
            "axes.titlesize": 13,
            "axes.labelsize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "image.cmap": "cividis",
        }
    )


def describe(text: str) -> None:
    """Print a figure's text description (for screen readers and for anyone
    who cannot tell the colours apart); call it right after the plot."""
    print("Figure description: " + " ".join(text.split()))
