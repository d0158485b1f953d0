"""Checks the HTML report at print size in the system Chromium.

Usage: report_print.py REPORT.html SHOTS_DIR

Opens the report from file:// with print media emulated at the width of an
A4 page's text (186 mm between 12 mm margins: 703 CSS px), and checks:
every step diagram is one per row, at the full width, the legend text of
every diagram is at least 11 px once the diagram is fitted to that width,
and the page makes no network request. Prints one line per failure and
exits 1 when there is one; screenshots go to SHOTS_DIR.
"""

import pathlib
import shutil
import sys

from playwright.sync_api import sync_playwright

LEGEND_WORDS = {
    "state", "group", "organization", "no longer in force", "alliance",
    "cooperation", "support", "tension", "hostility", "mediation", "new tie",
    "ended tie", "flipped: friend ↔ foe", "changed kind", "unchanged",
    "Actors", "Ties", "Changes",
}

MEASURE = """(words) => {
  const out = [];
  for (const svg of document.querySelectorAll('figure svg')) {
    const fig = svg.closest('figure');
    const box = svg.getBoundingClientRect();
    const sizes = [];
    for (const t of svg.querySelectorAll('text')) {
      // The legend: not the actors' or the ties' own labels.
      if (t.closest('g.node, g.edge')) continue;
      if (!words.includes(t.textContent.trim())) continue;
      const ctm = t.getScreenCTM();
      const size = parseFloat(getComputedStyle(t).fontSize);
      sizes.push(size * Math.hypot(ctm.a, ctm.b));
    }
    out.push({cls: fig.className, id: fig.id, width: box.width, left: box.left,
              top: box.top, sizes});
  }
  return out;
}"""


def browser_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def main():
    page_path = pathlib.Path(sys.argv[1]).resolve()
    shots = pathlib.Path(sys.argv[2])
    shots.mkdir(parents=True, exist_ok=True)
    failures = []
    requests = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 703, "height": 1000})
        page.on("request", lambda r: requests.append(r.url)
                if not r.url.startswith("file:") and not r.url.startswith("data:") else None)
        page.emulate_media(media="print")
        page.goto(page_path.as_uri())
        figures = page.evaluate(MEASURE, sorted(LEGEND_WORDS))
        steps = [f for f in figures if "step" in f["cls"].split()]
        if not steps:
            failures.append("no step diagram found")
        rows = {}
        for f in steps:
            rows.setdefault(round(f["top"]), []).append(f)
        for top, row in rows.items():
            if len(row) > 1 and min(f["width"] for f in row) < 600:
                failures.append(f"{len(row)} step diagrams side by side under 600 px at y={top}")
        for f in figures:
            if not f["sizes"]:
                continue
            smallest = min(f["sizes"])
            if smallest < 11.0:
                failures.append(
                    f"figure {f['id'] or f['cls']}: legend text {smallest:.1f} px at A4 width (< 11)")
        page.pdf(path=str(shots / "report.pdf"), format="A4",
                 margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1200, "height": 900})
        if steps:
            page.locator("figure.step").first.screenshot(path=str(shots / "report-step.png"))
        browser.close()
    failures += [f"network request: {u}" for u in requests]
    for f in failures:
        print(f)
    print(f"{len(figures)} figures, {len(steps)} step diagrams checked")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
