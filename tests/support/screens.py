"""Screenshots as a habit: visit a page at a phone's and a desktop's width, save what it looks
like, and measure whether it scrolls sideways (the page is wider than the window)."""

import re
from dataclasses import dataclass, field
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[1] / "e2e" / "screenshots"
WIDTHS = (390, 1280)
HEIGHT = 900
OVERFLOW = """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  widest: [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(el => !el.parentElement.closest('.table-scroll, pre, details:not([open])'))
    // the outermost offenders: the element that sticks out, not every child inside it
    .filter(el => el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1
                  || el.parentElement === document.body)
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
      + ' ' + Math.round(el.getBoundingClientRect().width) + 'px')})"""


@dataclass
class Shots:
    """Every page visited at every width: its screenshot, and the pages that overflowed."""

    dataset: str
    overflowing: list[str] = field(default_factory=list)
    taken: list[Path] = field(default_factory=list)

    def visit(self, page, url: str, name: str, *, ready=None, widths=WIDTHS) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        for width in widths:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            response = page.goto(url)
            assert response is None or response.status < 400, (url, response.status)
            if ready is not None:
                ready(page)
            self.check(page, name, width)

    def check(self, page, name: str, width: int) -> None:
        """Save the page as it is now at `width`, and note it if it scrolls sideways."""
        page.wait_for_load_state("load")
        path = SCREENSHOTS / f"{self.dataset}-{slug(name)}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        # The first screenful alone, small enough for the docs (docs/guides/img/).
        (SCREENSHOTS / "top").mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "top" / path.name))
        self.taken.append(path)
        measured = page.evaluate(OVERFLOW)
        if measured["scroll"] > measured["inner"]:
            self.overflowing.append(
                f"{name} at {width}px: {measured['scroll']}px wide {measured['widest']}")


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# Ids in a dashboard path ("/dashboard/promoters/pro_01..."): one page of each kind is enough.
ID_SEGMENT = re.compile(r"/[a-z]{2,5}_[0-9a-z]{8,}")
# Links that are not pages to look at: downloads, and signing out is a form anyway.
NOT_PAGES = ("/export", "/logout", "/login")


def dashboard_pages(page, live: str, limit: int = 40) -> list[str]:
    """Every dashboard page reachable by links from the signed-in start page, one per kind
    (the first promoter, the first endpoint's log...), so pages added later are visited too."""
    seen_kinds: set[str] = set()
    queue, found = [f"{live}/dashboard"], []
    while queue and len(found) < limit:
        url = queue.pop(0)
        kind = ID_SEGMENT.sub("/{id}", url)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = page.goto(url)
        if response is None or response.status >= 400 or not page.url.startswith(url):
            continue
        found.append(url)
        for href in page.eval_on_selector_all(
                "a[href]", "links => links.map(a => a.href.split('#')[0].split('?')[0])"):
            if (href.startswith(f"{live}/dashboard") and not any(
                    part in href for part in NOT_PAGES)
                    and ID_SEGMENT.sub("/{id}", href) not in seen_kinds):
                queue.append(href)
    return found


def buy_in_demo_shop(page, live: str, *, email: str, name: str) -> None:
    """Buy the demo shop's mug: its order-confirmation page shows the share widget."""
    page.goto(f"{live}/demo/shop")
    page.get_by_role("link", name="Buy now").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Email").press("Enter")
    page.wait_for_url("**/demo/shop/orders/**")


def printed_secret_key(output: str) -> str:
    return re.search(r"sk_test_[A-Za-z0-9]+", output).group(0)
