"""Drives the explorer page in the system Chromium with Playwright.

Run by tests/it/explore.rs, which writes the page and the expected figures
(computed by the tiegraph library) into a JSON file:

    python explore_check.py PAGE.html EXPECTED.json ARTEFACT_DIR CHROMIUM

Fails (exit 1, with a message) on any network request, any console error
or warning, any uncaught exception, and any figure that differs from the
library's. Prints one JSON line with the per-step timings it measured.
Screenshots go to ARTEFACT_DIR. Never downloads a browser: the one given
is launched with `executable_path`.
"""

import json
import pathlib
import statistics
import sys

from playwright.sync_api import sync_playwright

VISIBLE_TIES = """() => Array.from(document.querySelectorAll('svg#network [data-tie]'))
    .filter(e => getComputedStyle(e).display !== 'none').length"""

PANEL = """() => Object.fromEntries(['ties', 'pairs', 'positive', 'negative', 'balanced',
    'unbalanced'].map(k => [k, Number(document.getElementById('count-' + k).textContent)]))"""

# One slider step: the script's work and the style and layout it causes
# (reading a layout property forces them), not the painting of the frame.
STEP = """day => { const t0 = performance.now();
    const s = document.getElementById('date');
    s.value = day; s.dispatchEvent(new Event('input'));
    document.getElementById('network').getBoundingClientRect();
    document.body.offsetHeight;
    return performance.now() - t0; }"""


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def main():
    page_path, expected_path, artefacts, chromium = sys.argv[1:5]
    expected = json.loads(pathlib.Path(expected_path).read_text())
    out = pathlib.Path(artefacts)
    out.mkdir(parents=True, exist_ok=True)
    url = pathlib.Path(page_path).resolve().as_uri()
    problems = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1500, "height": 1000})

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                problems.append("network request: " + r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda r: r.url == url or problems.append("request: " + r.url))
        page.on("console", lambda m: m.type in ("error", "warning")
                and problems.append("console %s: %s" % (m.type, m.text)))
        page.on("pageerror", lambda e: problems.append("page error: %s" % e))
        page.goto(url)
        page.wait_for_function("() => window.tiegraph !== undefined")

        # The slider's days: drawn ties and panel figures as the library says.
        for date, figures in expected["dates"].items():
            day = page.evaluate("d => window.tiegraph.at(d)", date)
            check(page.input_value("#date") == str(day), "slider value for " + date)
            check(page.text_content("#date-label") == date, "#date-label for " + date)
            shown = page.evaluate(VISIBLE_TIES)
            check(shown == figures["ties"],
                  "%s: %d ties drawn, snapshot has %d" % (date, shown, figures["ties"]))
            panel = page.evaluate(PANEL)
            want = {k: figures[k] for k in panel}
            check(panel == want, "%s: panel %s, library %s" % (date, panel, want))
        page.evaluate("d => window.tiegraph.at(d)", expected["story"]["war"])
        page.screenshot(path=str(out / "explorer-war.png"))
        page.evaluate("d => window.tiegraph.at(d)", expected["story"]["mediation"])
        page.screenshot(path=str(out / "explorer-mediation.png"))
        page.evaluate("d => window.tiegraph.at(d)", expected["story"]["patronage"])
        page.screenshot(path=str(out / "explorer-patronage.png"))

        # Focus: an actor's ties in force, its neighbours, linked sources.
        focus = expected["focus"]
        page.evaluate("d => window.tiegraph.at(d)", focus["date"])
        page.click('svg#network [data-actor="%s"]' % focus["actor"])
        heading = page.text_content("#focus h3")
        check(heading and ("(%s)" % focus["actor"]) in heading, "focus heading: %r" % heading)
        items = page.locator("#focus ul.ties > li").count()
        check(items == focus["ties"], "focus lists %d ties, library %d" % (items, focus["ties"]))
        ids = page.eval_on_selector_all("#focus ul.ties .tid", "es => es.map(e => e.textContent)")
        check(sorted(ids) == sorted(focus["tie_ids"]),
              "focus lists %s, library %s" % (sorted(ids), sorted(focus["tie_ids"])))
        links = page.eval_on_selector_all("#focus a[href]", "as => as.map(a => a.href)")
        want = page.evaluate("us => us.map(u => new URL(u).href)", focus["links"])
        check(sorted(set(links)) == sorted(set(want)),
              "source links %s, expected %s" % (sorted(set(links)), sorted(set(want))))
        neighbours = page.eval_on_selector_all(
            "svg#network .actor.nb", "gs => gs.map(g => g.dataset.actor).sort()")
        check(neighbours == focus["neighbours"],
              "neighbours %s, expected %s" % (neighbours, focus["neighbours"]))
        page.screenshot(path=str(out / "explorer-focus.png"))

        # The pair chart.
        page.click('svg#network [data-pair="%s"]' % focus["pair"])
        check(page.is_visible("#pair svg"), "the pair chart is not shown")
        bars = page.locator("#pair .bar").count()
        check(bars == focus["pair_ties"], "pair chart has %d bars, expected %d"
              % (bars, focus["pair_ties"]))
        page.screenshot(path=str(out / "explorer-pair.png"))
        page.keyboard.press("Escape")
        check(page.locator("svg#network .actor.sel").count() == 0, "Escape keeps the focus")

        # A kind filter: the drawn ties drop by that kind's ties in force.
        drop = expected["filter"]
        page.evaluate("d => window.tiegraph.at(d)", drop["date"])
        before = page.evaluate(VISIBLE_TIES)
        page.uncheck('input[type=checkbox][value="%s"]' % drop["kind"])
        after = page.evaluate(VISIBLE_TIES)
        check(before - after == drop["count"], "unchecking %s hid %d ties, expected %d"
              % (drop["kind"], before - after, drop["count"]))
        page.check('input[type=checkbox][value="%s"]' % drop["kind"])
        check(page.evaluate(VISIBLE_TIES) == before, "checking the kind again")

        # The keyboard on the slider.
        page.evaluate("d => window.tiegraph.at(d)", drop["date"])
        day = int(page.input_value("#date"))
        page.focus("#date")
        page.keyboard.press("ArrowRight")
        check(int(page.input_value("#date")) == day + 1, "ArrowRight moves one day")
        page.keyboard.press("PageUp")
        check(int(page.input_value("#date")) == day + 31, "PageUp moves thirty days")
        page.keyboard.press("End")
        check(int(page.input_value("#date")) == expected["to"], "End goes to the last day")
        check(page.text_content("#date-label") == expected["to_iso"], "label after End")
        focused = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        check(focused != "none", "the focused slider has no visible outline")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")

        # Window mode: a period, by the period rules.
        win = expected["window"]
        page.evaluate("w => window.tiegraph.window(w[0], w[1])", [win["from"], win["to"]])
        shown = page.evaluate(VISIBLE_TIES)
        check(shown == win["ties"], "window %s..%s: %d ties drawn, snapshot has %d"
              % (win["from"], win["to"], shown, win["ties"]))
        panel = page.evaluate(PANEL)
        want = {k: win[k] for k in panel}
        check(panel == want, "window panel %s, library %s" % (panel, want))
        page.screenshot(path=str(out / "explorer-window.png"))
        page.uncheck("#window")

        # The search box.
        page.fill("#search", expected["search"]["query"])
        found = page.eval_on_selector_all("svg#network .actor.match",
                                          "gs => gs.map(g => g.dataset.actor).sort()")
        check(expected["search"]["actor"] in found, "search found %s" % found)
        page.fill("#search", "")

        # Timing of slider steps over the whole range.
        first, last = expected["from"], expected["to"]
        days = [first + (last - first) * i // 59 for i in range(60)]
        times = [page.evaluate(STEP, d) for d in days]
        check(not problems, "; ".join(problems))
        browser.close()

    print(json.dumps({"steps": len(times), "median_ms": round(statistics.median(times), 2),
                      "max_ms": round(max(times), 2)}))


if __name__ == "__main__":
    main()
