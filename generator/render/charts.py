"""Inline SVG charts of :class:`~generator.domain.statistics.Figure` tables, drawn at build time.

Two kinds: bars (one per category, horizontal, the label above the bar) and columns (one per
year or month). The SVG has no viewBox: its width is the page's, horizontal positions are
percentages and text keeps its size, so a chart is as readable on a 390 px phone as on a
desktop. Whether labels fit is decided for the narrowest plot (:data:`MIN_WIDTH`) from an
estimate of the text's width; when the values above the columns would not fit, an axis with
grid lines replaces them.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), every series also has its own pattern, and every bar has a darker outline, so
nothing depends on colour alone and charts survive greyscale printing. The accessible name
comes from the figure's title (``aria-labelledby``); the page shows the same numbers in a table.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from ..domain.statistics import Figure, Row
from ..domain.text import format_number

MIN_WIDTH = 320  # px: a 390 px phone, less the page's margins
FONT = 12  # px
LINE = 15
BAR = 14
BAR_SPAN = 80  # % of the width the longest bar takes; the rest holds its value
PLOT = 150  # px: height of the column area

# (fill, outline, pattern): Okabe–Ito colours; outlines reach 3:1 against white.
STYLES = {
    "series": (("#0072B2", "#00476f", ""), ("#E69F00", "#7a5400", "stripes"), ("#009E73", "#005a41", "dots")),
    "stars": (("#56B4E9", "#1c5f86", ""), ("#0072B2", "#00476f", "stripes"), ("#D55E00", "#7f3800", "dots")),
}
PART = ("#56B4E9", "#1c5f86", "")  # a sub-row (a sub-group of its group)


def width(text: str, size: int = FONT) -> float:
    """Estimated advance of ``text`` in px: 0.6 em a character, a little generous for bold digits."""
    return len(text) * 0.6 * size


def wrap(text: str, limit: float) -> list[str]:
    """Words on lines no wider than ``limit`` px (a word longer than that gets a line of its own).

    A dash between spaces stays with both its neighbours ("3 - 4 sao" never ends a line at "3").
    """
    lines: list[str] = []
    for word in text.replace(" - ", "\u00a0-\u00a0").replace(" – ", "\u00a0–\u00a0").split(" "):
        if lines and width(f"{lines[-1]} {word}") <= limit:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _pct(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


class _Svg:
    def __init__(self, figure: Figure):
        self.figure = figure
        self.parts: list[str] = []
        self.styles = STYLES[figure.palette]
        self.uses_part = any(r.level for r in figure.rows)

    def fill(self, index: int, part: bool = False) -> tuple[str, str]:
        """(fill, stroke) attributes of a series; patterns are defined once per chart."""
        colour, outline, pattern = PART if part else self.styles[index]
        if pattern:
            return f"url(#{self.figure.id}-p{index})", outline
        return colour, outline

    def defs(self) -> str:
        out = []
        for i, (colour, _, pattern) in enumerate(self.styles[:len(self.figure.series)]):
            pid = f"{self.figure.id}-p{i}"
            if pattern == "stripes":
                out.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                           f'<rect width="6" height="6" fill="{colour}"/><rect width="2.5" height="6" fill="#fff" fill-opacity=".5"/></pattern>')
            elif pattern == "dots":
                out.append(f'<pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse">'
                           f'<rect width="5" height="5" fill="{colour}"/><circle cx="2.5" cy="2.5" r="1.3" fill="#fff" fill-opacity=".65"/></pattern>')
        return f"<defs>{''.join(out)}</defs>" if out else ""

    def text(self, x: str, y: float, content: str, *, anchor: str = "", dx: int = 0, bold: bool = False,
             size: int = 0, muted: bool = False) -> None:
        attrs = [f'x="{x}"', f'y="{y:g}"']
        if dx:
            attrs.append(f'dx="{dx}"')
        if anchor:
            attrs.append(f'text-anchor="{anchor}"')
        if bold:
            attrs.append('font-weight="700"')
        if size:
            attrs.append(f'font-size="{size}"')
        if muted:
            attrs.append('fill-opacity=".75"')
        self.parts.append(f"<text {' '.join(attrs)}>{escape(content)}</text>")

    def rect(self, x: str, y: float, w: str, h: float, fill: tuple[str, str], tip: str) -> None:
        self.parts.append(f'<rect x="{x}" y="{y:g}" width="{w}" height="{h:g}" fill="{fill[0]}" stroke="{fill[1]}" '
                          f'stroke-width="1"><title>{escape(tip)}</title></rect>')

    def legend(self) -> float:
        """Swatches and names of the series, wrapped for the narrowest width; returns the height used."""
        if len(self.figure.series) < 2:
            return 0
        x, y = 0.0, 0.0
        for i, name in enumerate(self.figure.series):
            step = 18 + width(name) + 14
            if x and x + step - 14 > MIN_WIDTH:
                x, y = 0.0, y + 18
            fill = self.fill(i)
            self.parts.append(f'<rect x="{x:g}" y="{y + 1:g}" width="12" height="12" fill="{fill[0]}" stroke="{fill[1]}"/>')
            self.text(f"{x + 18:g}", y + 11.5, name)
            x += step
        return y + 18 + 8

    def svg(self, height: float) -> Markup:
        fid = self.figure.id
        return Markup(
            f'<svg class="ocop-chart__svg" width="100%" height="{height:g}" role="img" '
            f'aria-labelledby="{fid}-title" aria-describedby="{fid}-caption" font-size="{FONT}" fill="currentColor">'
            f'{self.defs()}{"".join(self.parts)}</svg>'
        )


def _tip(figure: Figure, row: Row, series: int) -> str:
    name = f", {figure.series[series]}" if len(figure.series) > 1 else ""
    return f"{row.label}{name}: {format_number(row.values[series])}"


def bars(figure: Figure) -> Markup:
    """One horizontal bar per row (split by series when stacked, one thin bar per series otherwise)."""
    svg = _Svg(figure)
    y = svg.legend()
    top = max(figure.maximum, 1)
    drawn = len(figure.series)
    grouped = drawn > 1 and not figure.stacked
    for row in figure.rows:
        indent = 12 if row.level else 0
        for line in wrap(row.label, MIN_WIDTH - indent):
            y += LINE
            svg.text(f"{indent}", y - 3, line, bold=svg.uses_part and not row.level)
        y += 3
        if grouped:  # thinner bars, one line of text apart: each value stands beside its own bar
            for i in range(drawn):
                share = BAR_SPAN * row.values[i] / top
                if row.values[i]:
                    svg.rect("0", y, _pct(share), BAR - 3, svg.fill(i), _tip(figure, row, i))
                svg.text(_pct(share), y + BAR - 4, format_number(row.values[i]), dx=4, size=FONT - 1)
                y += LINE
        else:
            x = 0.0
            for i in range(drawn):
                share = BAR_SPAN * row.values[i] / top
                if row.values[i]:
                    svg.rect(_pct(x), y, _pct(share), BAR, svg.fill(i, part=bool(row.level)), _tip(figure, row, i))
                x += share
            svg.text(_pct(x), y + BAR - 3, format_number(sum(row.values[:drawn])), dx=4, bold=True)
            y += BAR
        y += 10
    return svg.svg(y)


def _ticks(top: int) -> list[int]:
    """Round grid values (1, 2 or 5 times a power of ten) up to ``top``: three to five lines."""
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return list(range(step, top + 1, step)) if step <= top else [top]


def columns(figure: Figure) -> Markup:
    """One column per period, split by series when there are several (periods' series are stacked)."""
    svg = _Svg(figure)
    legend = svg.legend()
    rows, drawn = figure.rows, len(figure.series)
    top = max(figure.maximum, 1)
    totals = [sum(r.values[:drawn]) for r in rows]
    # A total stands above its column when it fits the column and a little of the gaps beside it.
    on_top = max(width(format_number(t), FONT - 1) for t in totals) <= 0.9 * MIN_WIDTH / len(rows)
    ticks = [] if on_top else _ticks(top)
    left = 0.0 if on_top else math.ceil(100 * (max(width(format_number(t), FONT - 1) for t in ticks) + 6) / MIN_WIDTH)
    slot = (100 - left) / len(rows)
    slot_px = MIN_WIDTH * slot / 100
    base = legend + 18 + PLOT
    for t in ticks:
        gy = base - PLOT * t / top
        svg.parts.append(f'<line x1="{_pct(left)}" x2="100%" y1="{gy:g}" y2="{gy:g}" stroke="currentColor" stroke-opacity=".2"/>')
        svg.text("0", gy + 4, format_number(t), size=FONT - 1, muted=True)
    for n, (row, total) in enumerate(zip(rows, totals)):
        x, stacked = left + (n + 0.2) * slot, 0.0
        for i in range(drawn):
            h = PLOT * row.values[i] / top
            if row.values[i]:
                svg.rect(_pct(x), base - stacked - h, _pct(slot * 0.6), h, svg.fill(i), _tip(figure, row, i))
            stacked += h
        if on_top:
            svg.text(_pct(left + (n + 0.5) * slot), base - stacked - 4, format_number(total), anchor="middle", bold=True,
                     size=FONT - 1)
    svg.parts.append(f'<line x1="{_pct(left)}" x2="100%" y1="{base:g}" y2="{base:g}" stroke="currentColor" stroke-opacity=".6"/>')
    every = max(1, math.ceil(max(width(r.tick[0]) for r in rows) / (slot_px - 2)))
    for n, row in enumerate(rows):
        if n % every:
            continue
        centre = _pct(left + (n + 0.5) * slot)
        svg.text(centre, base + LINE, row.tick[0], anchor="middle")
        if len(row.tick) > 1:
            svg.text(centre, base + 2 * LINE, row.tick[1], anchor="middle", size=FONT - 1, muted=True)
    return svg.svg(base + 2 * LINE + 6)


def chart(figure: Figure) -> Markup:
    return columns(figure) if figure.periods else bars(figure)
