"""A line chart as plain SVG geometry, drawn on the server: readable without JavaScript."""

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 28, 12, 28


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str
    points: str  # the polyline's "x,y x,y ..."
    total: int


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    series: list[Series]
    y_ticks: list[tuple[float, int]]  # (y, value)
    x_labels: list[tuple[float, str]]  # (x, label)
    baseline: float
    left: int
    right: float


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        if value <= step * 4:
            return step * 4
    magnitude = 10 ** (len(str(value)) - 1)
    return -(-value // magnitude) * magnitude


def line_chart(labels: list[str], named_values: list[tuple[str, str, list[int]]]) -> LineChart:
    """One polyline per (name, css class, values), sharing the x axis `labels`."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_value = _nice_max(max([1, *(max(values, default=0) for _, _, values in named_values)]))
    steps = max(len(labels) - 1, 1)

    def x(index: int) -> float:
        return round(LEFT + plot_w * index / steps, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h * (1 - value / top_value), 1)

    series = [
        Series(name, css_class, " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values)),
               sum(values))
        for name, css_class, values in named_values
    ]
    ticks = [(y(top_value * i // 4), top_value * i // 4) for i in range(5)]
    every = max(1, len(labels) // 6)
    x_labels = [(x(i), label) for i, label in enumerate(labels) if i % every == 0]
    return LineChart(WIDTH, HEIGHT, series, ticks, x_labels, y(0), LEFT, WIDTH - RIGHT)
