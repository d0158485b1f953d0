//! The time chart of one pair: a lane per tie, and the pair's day value
//! above them.
//!
//! The chart is laid out once, as a list of marks (rectangles, lines, text,
//! arrowheads) in pixels with y down, and then written as SVG or as DOT with
//! every mark pinned, so both look alike. Coordinates are written with a
//! fixed number of decimals and everything is drawn in the order of the
//! history's ties (start, id): the same history gives the same bytes.
//!
//! (Over 600 lines: the pair chart is drawn twice, as SVG and as DOT,
//! from one layout; the two writers share its private geometry.)

use std::fmt::Write as _;

use graphviz_rust::dot_structures::{Attribute, Graph, GraphAttributes, Stmt};

use super::dot::{self, attr, edge, n, node, pos, q};
use super::layout::char_width;
use super::output::RenderError;
use super::style::{self, num};
use super::tip::Tip;
use crate::analysis::{DayValue, History};
use crate::escape::dot::{html_label, label, tooltip};
use crate::export::xml::XmlWriter;
use crate::model::{Confidence, Tie, TieKind};
use crate::time::Date;

/// How a history chart looks: see [`history_chart`].
///
/// # Example
///
/// ```
/// use tiegraph::render::HistoryChartOptions;
///
/// let options = HistoryChartOptions::default().width(1200.0).title("Kabul and Islamabad");
/// assert_eq!(options.chart_width(), 1200.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryChartOptions {
    width: f64,
    tooltips: bool,
    title: Option<String>,
}

impl Default for HistoryChartOptions {
    /// 960 pixels wide, with tooltips, titled with the two actors' names.
    fn default() -> HistoryChartOptions {
        HistoryChartOptions {
            width: 960.0,
            tooltips: true,
            title: None,
        }
    }
}

impl HistoryChartOptions {
    /// The width of the chart in pixels (points in DOT), kept within
    /// 480–4000; the height follows from the number of ties.
    pub fn width(mut self, width: f64) -> HistoryChartOptions {
        self.width = if width.is_finite() {
            width.clamp(480.0, 4000.0)
        } else {
            960.0
        };
        self
    }

    /// Whether bars and steps carry tooltips (on by default).
    pub fn tooltips(mut self, on: bool) -> HistoryChartOptions {
        self.tooltips = on;
        self
    }

    /// A title instead of the two actors' names.
    pub fn title(mut self, title: impl Into<String>) -> HistoryChartOptions {
        self.title = Some(title.into());
        self
    }

    /// The width asked for, in pixels.
    pub fn chart_width(&self) -> f64 {
        self.width
    }
}

/// The time chart of one pair as a standalone SVG file.
///
/// Time runs left to right, with the years labelled. Each tie of the
/// history has a lane (in the history's order: start, then id) with a bar
/// from its start to its end, coloured by kind with the palette and legend
/// captions of the diagrams; a weaker tie has a thinner bar. A tie still in
/// force runs to the right edge and ends in an arrowhead, and a mediation
/// names its third party ("mediation by China"). Above the lanes, a step
/// line shows the pair's day value ([`History::day_values`]) with the zero
/// line marked. A stretch of more than eight years with no start or end is
/// cut short, and the cut is marked on the axis.
///
/// Each bar is a `g` element with `class="tie"` and `data-tie` holding the
/// tie's id, and (with [`HistoryChartOptions::tooltips`]) a `title` with
/// the tie's dates, note and sources. Every text is XML-escaped.
///
/// # Example
///
/// ```
/// use tiegraph::render::{history_chart, HistoryChartOptions};
///
/// let data = tiegraph::default_dataset();
/// let h = data.history(data.resolve("PAK")?, data.resolve("TAL")?);
/// let svg = history_chart(&h, &HistoryChartOptions::default());
/// assert!(svg.contains("<g class=\"tie\" data-tie=\"t005\">"));
/// assert_eq!(svg.matches("class=\"tie\"").count(), h.ties().len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn history_chart(history: &History<'_>, options: &HistoryChartOptions) -> String {
    svg(&Chart::new(history, options), true, 1.0)
}

/// The time chart of one pair ([`history_chart`]) as DOT, every mark
/// pinned (`layout=nop`, `pos="x,y!"` in points): Graphviz's `dot -Tsvg` or the
/// built-in renderer draw it as it is, nothing is laid out again.
///
/// Bars are boxes with the id `tie:<tie id>` and class `tie`, lines are
/// edges between invisible points, and texts are plain-text nodes.
///
/// # Example
///
/// ```
/// use tiegraph::render::{history_chart_dot, HistoryChartOptions};
///
/// let data = tiegraph::default_dataset();
/// let h = data.history(data.resolve("PAK")?, data.resolve("TAL")?);
/// let dot = history_chart_dot(&h, &HistoryChartOptions::default());
/// assert!(dot.contains("layout=\"nop\""));
/// assert!(dot.contains("id=\"tie:t005\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn history_chart_dot(history: &History<'_>, options: &HistoryChartOptions) -> String {
    dot::print(&graph(&Chart::new(history, options)))
}

/// The time chart of one pair ([`history_chart`]) as a PNG image at twice
/// the SVG's pixel size, drawn in process with the built-in renderer's
/// rasterizer and fonts.
///
/// # Errors
///
/// [`RenderError::BuiltinMissing`] in a build without the `render`
/// feature, [`RenderError::Builtin`] if the rasterizer fails.
pub fn history_chart_png(
    history: &History<'_>,
    options: &HistoryChartOptions,
) -> crate::Result<Vec<u8>> {
    rasterize(&svg(&Chart::new(history, options), true, 2.0))
}

#[cfg(feature = "render")]
fn rasterize(svg: &str) -> crate::Result<Vec<u8>> {
    graphviz_pure_raster::rasterize(svg, graphviz_pure_raster::RasterFormat::Png, false)
        .map(|r| r.into_output())
        .map_err(|e| RenderError::Builtin(e.to_string().trim().to_owned()).into())
}

#[cfg(not(feature = "render"))]
fn rasterize(_svg: &str) -> crate::Result<Vec<u8>> {
    Err(RenderError::BuiltinMissing.into())
}

// ---------------------------------------------------------------------------
// Layout

const MARGIN: f64 = 16.0;
/// The height of a lane; bars are at most `BAR` high.
const LANE: f64 = 22.0;
const BAR: f64 = 14.0;
/// The top and height of the day value's plot.
const VALUE_TOP: f64 = 100.0;
const VALUE_HEIGHT: f64 = 120.0;
/// The gap between the value plot and the first lane.
const GAP: f64 = 16.0;
/// Room right of the plot for the arrowheads of ongoing ties.
const RIGHT: f64 = 28.0;
const FONT_SIZE: f64 = 11.0;
const FONT: &str = "Helvetica, Arial, sans-serif";
const GRID: &str = "#e3e7ec";
const ZERO: &str = "#555555";
const LANE_SHADE: &str = "#f6f7f9";
const POSITIVE_FILL: &str = "#cfe8d5";
const NEGATIVE_FILL: &str = "#f6cccc";
const VALUE_LINE: &str = "#283593";
const DAYS_PER_YEAR: i32 = 365;
/// A stretch without starts or ends longer than this is cut short…
const BREAK_MIN: i32 = 8 * DAYS_PER_YEAR;
/// …to this many days' width, keeping a year on each side.
const BREAK_WIDTH: f64 = 240.0;

/// Text alignment, as SVG's `text-anchor`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Something drawn, in pixels with y down.
#[derive(Debug, Clone)]
enum Mark {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &'static str,
        stroke: Option<(&'static str, f64, Option<&'static str>)>,
        opacity: Option<f64>,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        color: &'static str,
        width: f64,
        dash: Option<&'static str>,
    },
    /// Several joined lines.
    Path {
        points: Vec<(f64, f64)>,
        color: &'static str,
        width: f64,
    },
    Text {
        x: f64,
        y: f64,
        text: String,
        size: f64,
        color: &'static str,
        anchor: Anchor,
        bold: bool,
        /// A white outline so the text reads over bars and lines.
        halo: bool,
    },
    /// An arrowhead pointing right with its tip at (x, y).
    Arrow {
        x: f64,
        y: f64,
        size: f64,
        color: &'static str,
    },
}

/// A mark or a group of marks, with a tooltip.
#[derive(Debug, Clone)]
enum Part {
    Mark(Mark),
    /// Marks with a tooltip (a step of the day value).
    Titled(String, Vec<Mark>),
    /// The bar of a tie.
    Tie {
        id: String,
        title: Option<String>,
        marks: Vec<Mark>,
    },
}

/// The x axis: days to pixels, with long quiet stretches cut short.
#[derive(Debug, Clone)]
struct Axis {
    first: i32,
    last: i32,
    x0: f64,
    /// Cut stretches: first and last day, in order.
    cuts: Vec<(i32, i32)>,
    /// Pixels per day outside the cuts.
    scale: f64,
}

impl Axis {
    fn new(events: &[i32], first: i32, last: i32, x0: f64, x1: f64) -> Axis {
        let mut cuts = Vec::new();
        let mut days: Vec<i32> = events.to_vec();
        days.push(last);
        days.sort_unstable();
        days.dedup();
        for w in days.windows(2) {
            if w[1] - w[0] > BREAK_MIN && f64::from(w[1] - w[0]) > 0.3 * f64::from(last - first) {
                cuts.push((w[0] + DAYS_PER_YEAR, w[1] - DAYS_PER_YEAR));
            }
        }
        let cut: i32 = cuts.iter().map(|c| c.1 - c.0).sum();
        let width = f64::from(last - first - cut) + BREAK_WIDTH * cuts.len() as f64;
        Axis {
            first,
            last,
            x0,
            cuts,
            scale: (x1 - x0) / width.max(1.0),
        }
    }

    /// The x of the start of `day`.
    fn x(&self, day: i32) -> f64 {
        let day = day.clamp(self.first, self.last);
        let mut width = f64::from(day - self.first);
        for &(a, b) in &self.cuts {
            if day >= b {
                width -= f64::from(b - a) - BREAK_WIDTH;
            } else if day > a {
                width -= f64::from(day - a) * (1.0 - BREAK_WIDTH / f64::from(b - a));
            }
        }
        self.x0 + width * self.scale
    }

    fn is_cut(&self, day: i32) -> bool {
        self.cuts.iter().any(|&(a, b)| day > a && day < b)
    }
}

/// Everything the chart shows.
#[derive(Debug, Clone)]
struct Chart {
    width: f64,
    height: f64,
    title: String,
    parts: Vec<Part>,
}

fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| char_width(c) * size).sum()
}

/// `text` cut to about `width` pixels, with "…" when cut.
fn fit(text: &str, size: f64, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = text_width("…", size);
    for c in text.chars() {
        used += char_width(c) * size;
        if used > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn date_text(day: i32) -> String {
    Date::from_day_number(day).map_or_else(|| day.to_string(), |d| d.to_string())
}

/// A value for people: two decimals at most, a real minus sign.
fn value_text(v: f64) -> String {
    let s = num(v);
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// The smallest of 0.5, 1, 2, 5, 10, … that splits `span` into at most
/// five intervals.
fn tick(span: f64) -> f64 {
    let mut unit = 0.1;
    loop {
        for m in [5.0, 10.0, 20.0] {
            let t = unit * m;
            if span / t <= 5.0 + 1e-9 {
                return t;
            }
        }
        unit *= 10.0;
    }
}

/// The other party of a mediation, for the pair `(a, b)`.
fn third_party(tie: &Tie, a: crate::ActorKey, b: crate::ActorKey) -> Option<crate::ActorKey> {
    [Some(tie.source()), Some(tie.target()), tie.with()]
        .into_iter()
        .flatten()
        .find(|&k| k != a && k != b)
}

impl Chart {
    fn new(history: &History<'_>, options: &HistoryChartOptions) -> Chart {
        let data = history.dataset();
        let (a, b) = (history.a(), history.b());
        let ties: Vec<&Tie> = history.ties().collect();
        let name = |k| data.actor(k).current().name();
        let title = options.title.clone().unwrap_or_else(|| {
            format!(
                "{} ({}) – {} ({})",
                name(a),
                data.actor_id(a),
                name(b),
                data.actor_id(b)
            )
        });
        let width = options.width;
        let mut parts = Vec::new();
        let label = |text: String, x: f64, y: f64, size: f64, color, anchor| {
            Part::Mark(Mark::Text {
                x,
                y,
                text,
                size,
                color,
                anchor,
                bold: false,
                halo: false,
            })
        };

        // Title, subtitle and legend.
        parts.push(Part::Mark(Mark::Text {
            x: MARGIN,
            y: 28.0,
            text: fit(&title, 17.0, width - 2.0 * MARGIN),
            size: 17.0,
            color: style::TEXT,
            anchor: Anchor::Start,
            bold: true,
            halo: false,
        }));
        let span = match (ties.first(), ties.iter().any(|t| t.end().is_none())) {
            (None, _) => String::new(),
            (Some(t), true) => format!(", {} – ongoing", t.start().marked()),
            (Some(t), false) => {
                let end = ties.iter().filter_map(|t| t.end()).max();
                format!(
                    ", {} – {}",
                    t.start().marked(),
                    end.map_or_else(String::new, |e| e.marked().to_string())
                )
            }
        };
        let count = crate::text::plural(ties.len(), "tie", "ties");
        parts.push(label(
            fit(
                &format!("{count}{span}; above them the pair's day value: the sum of sign × weight of the ties in force"),
                FONT_SIZE,
                width - 2.0 * MARGIN,
            ),
            MARGIN,
            48.0,
            FONT_SIZE,
            style::MUTED,
            Anchor::Start,
        ));
        let legend: Vec<TieKind> = TieKind::ALL
            .into_iter()
            .filter(|&k| ties.iter().any(|t| t.kind() == k))
            .collect();
        let mut lx = MARGIN;
        // One legend entry: a sample bar at `lx`, its caption after it.
        let entry = |parts: &mut Vec<Part>, lx: &mut f64, sample: Mark, caption: &str| {
            parts.push(Part::Mark(sample));
            parts.push(label(
                caption.to_owned(),
                *lx + 27.0,
                75.0,
                FONT_SIZE,
                style::TEXT,
                Anchor::Start,
            ));
            *lx += 27.0 + text_width(caption, FONT_SIZE) + 16.0;
        };
        for &kind in &legend {
            let sample = bar_rect(kind, lx, 66.0, 22.0, 10.0);
            entry(&mut parts, &mut lx, sample, style::tie_caption(kind));
        }
        // Alleged ties are pale bars with a broken outline (rule R5): a
        // sample in the legend (in grey: any kind) when there is one.
        if ties.iter().any(|t| t.confidence() == Confidence::Alleged) {
            let sample = Mark::Rect {
                x: lx,
                y: 66.0,
                w: 22.0,
                h: 10.0,
                fill: style::MUTED,
                stroke: Some((style::MUTED, 1.2, Some("2,2"))),
                opacity: Some(0.4),
            };
            entry(&mut parts, &mut lx, sample, "alleged");
        }
        if ties.iter().any(|t| t.end().is_none()) {
            parts.push(Part::Mark(Mark::Arrow {
                x: lx + 9.0,
                y: 71.0,
                size: 9.0,
                color: style::MUTED,
            }));
            parts.push(label(
                "ongoing".to_owned(),
                lx + 14.0,
                75.0,
                FONT_SIZE,
                style::TEXT,
                Anchor::Start,
            ));
        }

        // The lanes' labels decide where the plot starts.
        let lane_labels: Vec<String> = ties
            .iter()
            .map(|t| {
                let mut s = format!(
                    "{}  {}  {} → {}",
                    t.id(),
                    t.kind(),
                    data.actor_id(t.source()),
                    data.actor_id(t.target())
                );
                if let Some(w) = t.with() {
                    s.push_str(&format!(", {}", data.actor_id(w)));
                }
                s
            })
            .collect();
        let gutter = lane_labels
            .iter()
            .map(|l| text_width(l, FONT_SIZE))
            .fold(120.0, f64::max)
            .min(width * 0.3)
            + 14.0;
        let (x0, x1) = (MARGIN + gutter, width - RIGHT);

        let Some(first) = ties.iter().map(|t| t.start().first_day()).min() else {
            parts.push(label(
                "No tie between these two actors.".to_owned(),
                MARGIN,
                VALUE_TOP + 14.0,
                FONT_SIZE,
                style::TEXT,
                Anchor::Start,
            ));
            return Chart {
                width,
                height: VALUE_TOP + 40.0,
                title,
                parts,
            };
        };
        let last_start = ties
            .iter()
            .map(|t| t.start().first_day())
            .max()
            .unwrap_or(first);
        let last_end = ties
            .iter()
            .filter_map(|t| t.end())
            .map(|e| e.first_day())
            .max();
        // Room after the last start for the bars of ongoing ties.
        let margin = ((last_start - first) / 20).clamp(60, 240);
        let last = last_end.unwrap_or(first).max(last_start) + margin;
        let events: Vec<i32> = ties
            .iter()
            .flat_map(|t| [Some(t.start().first_day()), t.end().map(|e| e.first_day())])
            .flatten()
            .collect();
        let axis = Axis::new(&events, first, last, x0, x1);

        let lanes_top = VALUE_TOP + VALUE_HEIGHT + GAP;
        let lanes_bottom = lanes_top + LANE * ties.len() as f64;
        let height = lanes_bottom + 40.0;

        // Years: a grid line each, labelled every k years so labels fit.
        let (y_first, y_last) = (Date::from_day_number(first), Date::from_day_number(last));
        let (y_first, y_last) = (
            y_first.map_or(1970, |d| i32::from(d.ymd().0)),
            y_last.map_or(1970, |d| i32::from(d.ymd().0)),
        );
        let year_width = axis.scale * f64::from(DAYS_PER_YEAR);
        let every = [1, 2, 5, 10, 20, 50, 100, 500, 1000]
            .into_iter()
            .find(|&k| year_width * f64::from(k) >= 36.0)
            .unwrap_or(1000);
        for year in y_first..=y_last + 1 {
            let Ok(date) = Date::parse(&format!("{year:04}")) else {
                continue;
            };
            let day = date.first_day();
            if day < first || day > last || axis.is_cut(day) {
                continue;
            }
            let x = axis.x(day);
            parts.push(Part::Mark(Mark::Line {
                from: (x, VALUE_TOP),
                to: (x, lanes_bottom + 4.0),
                color: GRID,
                width: 1.0,
                dash: None,
            }));
            if year % every == 0 {
                parts.push(label(
                    year.to_string(),
                    x,
                    lanes_bottom + 18.0,
                    FONT_SIZE,
                    style::MUTED,
                    Anchor::Middle,
                ));
            }
        }

        // The day value.
        let values = history.day_values();
        let lo = values.iter().map(|v| v.value).fold(0.0, f64::min);
        let hi = values.iter().map(|v| v.value).fold(0.0, f64::max);
        let step = tick((hi - lo).max(1.0));
        let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
        let (lo, hi) = if hi - lo < step {
            (lo, lo + step)
        } else {
            (lo, hi)
        };
        let y_of = |v: f64| VALUE_TOP + (hi - v) / (hi - lo) * VALUE_HEIGHT;
        parts.push(label(
            "Day value".to_owned(),
            MARGIN,
            VALUE_TOP + 12.0,
            FONT_SIZE,
            style::TEXT,
            Anchor::Start,
        ));
        for (i, line) in ["sum of sign × weight", "of the ties in force"]
            .iter()
            .enumerate()
        {
            parts.push(label(
                (*line).to_owned(),
                MARGIN,
                VALUE_TOP + 26.0 + 12.0 * i as f64,
                9.0,
                style::MUTED,
                Anchor::Start,
            ));
        }
        let ticks = ((hi - lo) / step).round() as i64;
        for i in 0..=ticks {
            let v = lo + step * i as f64;
            let y = y_of(v);
            let zero = v.abs() < step / 2.0;
            parts.push(Part::Mark(Mark::Line {
                from: (x0, y),
                to: (x1, y),
                color: if zero { ZERO } else { GRID },
                width: if zero { 1.2 } else { 1.0 },
                dash: None,
            }));
            parts.push(label(
                value_text(if zero { 0.0 } else { v }),
                x0 - 6.0,
                y + 4.0,
                FONT_SIZE,
                if zero { style::TEXT } else { style::MUTED },
                Anchor::End,
            ));
        }
        let zero_y = y_of(0.0);
        let mut line = Vec::new();
        for v in &values {
            let (xa, xb) = (axis.x(v.from), axis.x(v.until.unwrap_or(last)));
            let y = y_of(v.value);
            line.push((xa, y));
            line.push((xb, y));
            if v.value != 0.0 && xb > xa {
                let fill = if v.value > 0.0 {
                    POSITIVE_FILL
                } else {
                    NEGATIVE_FILL
                };
                let rect = Mark::Rect {
                    x: xa,
                    y: y.min(zero_y),
                    w: xb - xa,
                    h: (y - zero_y).abs(),
                    fill,
                    stroke: None,
                    opacity: None,
                };
                parts.push(if options.tooltips {
                    Part::Titled(step_title(v), vec![rect])
                } else {
                    Part::Mark(rect)
                });
            }
        }
        parts.push(Part::Mark(Mark::Path {
            points: line,
            color: VALUE_LINE,
            width: 2.0,
        }));

        // The lanes; their texts go over the marks of the cuts.
        let mut texts = Vec::new();
        for (i, (tie, lane_label)) in ties.iter().zip(&lane_labels).enumerate() {
            let top = lanes_top + LANE * i as f64;
            if i % 2 == 0 {
                parts.push(Part::Mark(Mark::Rect {
                    x: MARGIN,
                    y: top,
                    w: x1 - MARGIN,
                    h: LANE,
                    fill: LANE_SHADE,
                    stroke: None,
                    opacity: None,
                }));
            }
            parts.push(label(
                fit(lane_label, FONT_SIZE, gutter - 14.0),
                MARGIN + 4.0,
                top + 15.0,
                FONT_SIZE,
                style::TEXT,
                Anchor::Start,
            ));
            let start = axis.x(tie.start().first_day());
            let end = tie.end().map_or(x1, |e| axis.x(e.first_day()));
            let weight = tie.weight().clamp(0.0, 1.0);
            let h = BAR * (0.5 + 0.5 * weight);
            let w = (end - start).max(3.0);
            let mut marks = vec![tie_bar(
                tie.kind(),
                tie.confidence(),
                start,
                top + (LANE - h) / 2.0,
                w,
                h,
            )];
            if tie.end().is_none() {
                marks.push(Mark::Arrow {
                    x: x1 + 10.0,
                    y: top + LANE / 2.0,
                    size: 10.0,
                    color: style::tie(tie.kind()).color,
                });
            }
            parts.push(Part::Tie {
                id: tie.id().to_owned(),
                title: options.tooltips.then(|| tie_title(history, tie)),
                marks,
            });
            // Dates (and a mediation's third party) beside the bar: after
            // it when there is room, else before it, else over it.
            let mut text = match tie.end() {
                Some(e) => format!("{} – {}", tie.start().marked(), e.marked()),
                None => format!("since {}", tie.start().marked()),
            };
            if tie.confidence() != Confidence::Reported {
                text.push_str(&format!(" · {}", tie.confidence()));
            }
            if tie.kind() == TieKind::Mediation {
                if let Some(x) = third_party(tie, a, b) {
                    let how = if x == tie.source() { "by" } else { "with" };
                    text.push_str(&format!(" · mediation {how} {}", name(x)));
                }
            }
            let text_w = text_width(&text, FONT_SIZE);
            let (x, anchor, halo) = if tie.end().is_some() && start + w + 6.0 + text_w <= x1 {
                (start + w + 6.0, Anchor::Start, false)
            } else if start - 6.0 - text_w >= x0 {
                (start - 6.0, Anchor::End, false)
            } else {
                (start + 4.0, Anchor::Start, true)
            };
            texts.push(Part::Mark(Mark::Text {
                x,
                y: top + 15.0,
                text,
                size: FONT_SIZE,
                color: style::TEXT,
                anchor,
                bold: false,
                halo,
            }));
        }

        // The axis, and where it is cut: the cut pales what it crosses.
        parts.push(Part::Mark(Mark::Line {
            from: (x0, lanes_bottom + 4.0),
            to: (x1, lanes_bottom + 4.0),
            color: ZERO,
            width: 1.0,
            dash: None,
        }));
        for &(ca, cb) in &axis.cuts {
            let (xa, xb) = (axis.x(ca), axis.x(cb));
            parts.push(Part::Mark(Mark::Rect {
                x: xa,
                y: VALUE_TOP,
                w: xb - xa,
                h: lanes_bottom + 4.0 - VALUE_TOP,
                fill: "#ffffff",
                stroke: None,
                opacity: Some(0.6),
            }));
            for x in [xa, xb] {
                parts.push(Part::Mark(Mark::Line {
                    from: (x, VALUE_TOP),
                    to: (x, lanes_bottom + 4.0),
                    color: style::FADED,
                    width: 1.0,
                    dash: Some("3,3"),
                }));
            }
            let years = (cb - ca) / DAYS_PER_YEAR;
            parts.push(label(
                format!("{years} years cut"),
                (xa + xb) / 2.0,
                lanes_bottom + 32.0,
                9.0,
                style::MUTED,
                Anchor::Middle,
            ));
        }
        parts.append(&mut texts);

        Chart {
            width,
            height,
            title,
            parts,
        }
    }
}

/// The bar of a tie: [`bar_rect`] of its kind, pale (40 % opaque) with a
/// broken outline when the tie is alleged.
fn tie_bar(kind: TieKind, confidence: Confidence, x: f64, y: f64, w: f64, h: f64) -> Mark {
    let mark = bar_rect(kind, x, y, w, h);
    match (confidence, mark) {
        (
            Confidence::Alleged,
            Mark::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                ..
            },
        ) => Mark::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke: stroke.map(|(color, width, _)| (color, width, Some("2,2"))),
            opacity: Some(0.4),
        },
        (_, mark) => mark,
    }
}

/// The bar of a tie kind: the kind's colour, and the line style of the
/// diagrams as its outline (tension dashed, mediation dotted, both pale
/// inside).
fn bar_rect(kind: TieKind, x: f64, y: f64, w: f64, h: f64) -> Mark {
    let st = style::tie(kind);
    let (fill, dash) = match st.style {
        "dashed" => (st.light, Some("4,2")),
        "dotted" => (st.light, Some("1.5,1.5")),
        _ => (st.color, None),
    };
    Mark::Rect {
        x,
        y,
        w,
        h,
        fill,
        stroke: Some((st.color, 1.2, dash)),
        opacity: None,
    }
}

fn step_title(v: &DayValue) -> String {
    let value = value_text(v.value);
    match v.until {
        Some(until) if until - 1 > v.from => format!(
            "{} – {}: day value {value}",
            date_text(v.from),
            date_text(until - 1)
        ),
        Some(_) => format!("{}: day value {value}", date_text(v.from)),
        None => format!("since {}: day value {value}", date_text(v.from)),
    }
}

/// A tie's tooltip: what, when, the note, and the sources by id and title.
fn tie_title(history: &History<'_>, tie: &Tie) -> String {
    let data = history.dataset();
    let mut text = Tip::default();
    let _ = write!(
        text,
        "{}: {} {} → {}",
        tie.id(),
        tie.kind(),
        data.actor_id(tie.source()),
        data.actor_id(tie.target())
    );
    if let Some(w) = tie.with() {
        text.push_str(&format!(" and {}", data.actor_id(w)));
    }
    match tie.end() {
        Some(e) => text.push_str(&format!(", {} – {}", tie.start().marked(), e.marked())),
        None => text.push_str(&format!(", since {} (ongoing)", tie.start().marked())),
    }
    if tie.weight_given().is_some() {
        text.push_str(&format!(", weight {}", tie.weight()));
    }
    if tie.confidence() != Confidence::Reported {
        text.push_str(&format!(", {}", tie.confidence()));
    }
    if let Some(note) = tie.note() {
        text.push_str("\n\n");
        text.push_str(note);
    }
    let mut sources = data.tie_sources(tie).peekable();
    if sources.peek().is_some() {
        text.push_str("\n\nSources:");
        for s in sources {
            if text.is_full() {
                break;
            }
            text.push_str(&format!(
                "\n{}: {}",
                s.id(),
                s.title().unwrap_or("(untitled)")
            ));
        }
    }
    text.into_string()
}

// ---------------------------------------------------------------------------
// SVG

/// A coordinate with one decimal.
fn c(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" {
        "0.0".to_owned()
    } else {
        s
    }
}

/// The chart as SVG; `standalone` adds the prolog and namespace, and
/// `scale` multiplies the size (not the view box), for rasterizing.
fn svg(chart: &Chart, standalone: bool, scale: f64) -> String {
    let mut w = if standalone {
        XmlWriter::new()
    } else {
        XmlWriter::fragment()
    }
    .display();
    let (width, height) = (c(chart.width), c(chart.height));
    let (sw, sh) = (c(chart.width * scale), c(chart.height * scale));
    let view = format!("0 0 {width} {height}");
    let size = num(FONT_SIZE);
    let mut root = vec![
        ("class", "history-chart"),
        ("role", "img"),
        ("aria-label", chart.title.as_str()),
        ("width", sw.as_str()),
        ("height", sh.as_str()),
        ("viewBox", view.as_str()),
        ("font-family", FONT),
        ("font-size", size.as_str()),
    ];
    if standalone {
        root.insert(0, ("xmlns", "http://www.w3.org/2000/svg"));
    }
    w.open("svg", &root);
    w.leaf("title", &[], &chart.title);
    w.empty(
        "rect",
        &[
            ("x", "0"),
            ("y", "0"),
            ("width", &width),
            ("height", &height),
            ("fill", "#ffffff"),
        ],
    );
    for part in &chart.parts {
        match part {
            Part::Mark(m) => svg_mark(&mut w, m),
            Part::Titled(title, marks) => {
                w.open("g", &[]);
                w.leaf("title", &[], title);
                for m in marks {
                    svg_mark(&mut w, m);
                }
                w.close("g");
            }
            Part::Tie { id, title, marks } => {
                w.open("g", &[("class", "tie"), ("data-tie", id)]);
                if let Some(title) = title {
                    w.leaf("title", &[], title);
                }
                for m in marks {
                    svg_mark(&mut w, m);
                }
                w.close("g");
            }
        }
    }
    w.close("svg");
    let mut out = w.finish();
    if !standalone {
        out.truncate(out.trim_end().len());
    }
    out
}

fn svg_mark(w: &mut XmlWriter, mark: &Mark) {
    match mark {
        Mark::Rect {
            x,
            y,
            w: rw,
            h,
            fill,
            stroke,
            opacity,
        } => {
            let (x, y, rw, h) = (c(*x), c(*y), c(*rw), c(*h));
            let mut attrs = vec![
                ("x", x.as_str()),
                ("y", y.as_str()),
                ("width", rw.as_str()),
                ("height", h.as_str()),
                ("fill", fill),
            ];
            let (sw, op);
            if let Some((color, width, dash)) = stroke {
                sw = num(*width);
                attrs.push(("stroke", color));
                attrs.push(("stroke-width", &sw));
                if let Some(d) = dash {
                    attrs.push(("stroke-dasharray", d));
                }
            }
            if let Some(o) = opacity {
                op = num(*o);
                attrs.push(("fill-opacity", &op));
            }
            w.empty("rect", &attrs);
        }
        Mark::Line {
            from,
            to,
            color,
            width,
            dash,
        } => {
            let (x1, y1, x2, y2, sw) = (c(from.0), c(from.1), c(to.0), c(to.1), num(*width));
            let mut attrs = vec![
                ("x1", x1.as_str()),
                ("y1", y1.as_str()),
                ("x2", x2.as_str()),
                ("y2", y2.as_str()),
                ("stroke", color),
                ("stroke-width", &sw),
            ];
            if let Some(d) = dash {
                attrs.push(("stroke-dasharray", d));
            }
            w.empty("line", &attrs);
        }
        Mark::Path {
            points,
            color,
            width,
        } => {
            if points.len() < 2 {
                return;
            }
            let mut d = String::new();
            for (i, (x, y)) in points.iter().enumerate() {
                let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { " L" }, c(*x), c(*y));
            }
            w.empty(
                "path",
                &[
                    ("d", &d),
                    ("fill", "none"),
                    ("stroke", color),
                    ("stroke-width", &num(*width)),
                    ("stroke-linejoin", "miter"),
                ],
            );
        }
        Mark::Text {
            x,
            y,
            text,
            size,
            color,
            anchor,
            bold,
            halo,
        } => {
            let (x, y, size) = (c(*x), c(*y), num(*size));
            let mut attrs = vec![("x", x.as_str()), ("y", y.as_str()), ("fill", color)];
            if size != num(FONT_SIZE) {
                attrs.push(("font-size", &size));
            }
            if *anchor != Anchor::Start {
                attrs.push(("text-anchor", anchor.as_str()));
            }
            if *bold {
                attrs.push(("font-weight", "bold"));
            }
            if *halo {
                attrs.extend([
                    ("stroke", "#ffffff"),
                    ("stroke-width", "3"),
                    ("paint-order", "stroke"),
                ]);
            }
            w.leaf("text", &attrs, text);
        }
        Mark::Arrow { x, y, size, color } => {
            let points = format!(
                "{},{} {},{} {},{}",
                c(x - size),
                c(y - size / 2.0),
                c(*x),
                c(*y),
                c(x - size),
                c(y + size / 2.0)
            );
            w.empty("polygon", &[("points", &points), ("fill", color)]);
        }
    }
}

// ---------------------------------------------------------------------------
// DOT

/// Pixels (y down) as the points of a DOT position (y up).
struct Pin {
    height: f64,
    count: usize,
    stmts: Vec<Stmt>,
}

impl Pin {
    fn at(&self, x: f64, y: f64) -> Attribute {
        pos(x, self.height - y)
    }

    fn name(&mut self) -> String {
        self.count += 1;
        format!("m{}", self.count)
    }

    fn point(&mut self, x: f64, y: f64) -> String {
        let name = self.name();
        let at = self.at(x, y);
        self.stmts.push(node(
            &name,
            vec![
                q("shape", "point"),
                q("style", "invis"),
                n("width", 0.01),
                q("label", ""),
                at,
            ],
        ));
        name
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), color: &str, width: f64, dash: bool) {
        let (a, b) = (self.point(from.0, from.1), self.point(to.0, to.1));
        let mut attrs = vec![q("color", color), n("penwidth", width), q("dir", "none")];
        if dash {
            attrs.push(q("style", "dashed"));
        }
        self.stmts.push(edge(&a, &b, attrs));
    }

    fn mark(&mut self, mark: &Mark, extra: &[Attribute]) {
        match mark {
            Mark::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                opacity,
            } => {
                let name = self.name();
                let fill = match opacity {
                    Some(o) => format!("{fill}{:02x}", (o * 255.0).round() as u8),
                    None => (*fill).to_owned(),
                };
                let mut attrs = vec![
                    q("shape", "box"),
                    q("label", ""),
                    q("fixedsize", "true"),
                    n("width", w / 72.0),
                    n("height", h / 72.0),
                    q("fillcolor", &fill),
                ];
                match stroke {
                    Some((color, width, dash)) => {
                        let st = match dash {
                            Some(_) => "filled,dashed",
                            None => "filled",
                        };
                        attrs.extend([q("style", st), q("color", color), n("penwidth", *width)]);
                    }
                    None => attrs.extend([q("style", "filled"), n("penwidth", 0.0)]),
                }
                attrs.push(self.at(x + w / 2.0, y + h / 2.0));
                attrs.extend(extra.iter().cloned());
                self.stmts.push(node(&name, attrs));
            }
            Mark::Line {
                from,
                to,
                color,
                width,
                dash,
            } => self.line(*from, *to, color, *width, dash.is_some()),
            Mark::Path {
                points,
                color,
                width,
            } => {
                let names: Vec<String> = points.iter().map(|&(x, y)| self.point(x, y)).collect();
                for pair in names.windows(2) {
                    self.stmts.push(edge(
                        &pair[0],
                        &pair[1],
                        vec![q("color", color), n("penwidth", *width), q("dir", "none")],
                    ));
                }
            }
            Mark::Text {
                x,
                y,
                text,
                size,
                color,
                anchor,
                bold,
                halo: _,
            } => {
                let name = self.name();
                // Graphviz's fonts run a little wider than the estimate.
                let w = text_width(text, *size) * if *bold { 1.2 } else { 1.1 };
                let cx = match anchor {
                    Anchor::Start => x + w / 2.0,
                    Anchor::Middle => *x,
                    Anchor::End => x - w / 2.0,
                };
                let mut markup = label(text);
                if *bold {
                    markup = format!("<b>{markup}</b>");
                }
                let label = format!(
                    "<font point-size=\"{}\" color=\"{color}\">{markup}</font>",
                    num(*size)
                );
                let at = self.at(cx, y - size * 0.35);
                self.stmts.push(node(
                    &name,
                    vec![
                        q("shape", "plaintext"),
                        q("margin", "0"),
                        n("width", 0.01),
                        n("height", 0.01),
                        attr("label", html_label(label)),
                        at,
                    ],
                ));
            }
            Mark::Arrow { x, y, size, color } => {
                let (a, b) = (self.point(x - size - 4.0, *y), self.point(*x, *y));
                self.stmts.push(edge(
                    &a,
                    &b,
                    vec![
                        q("color", color),
                        q("dir", "forward"),
                        q("arrowhead", "normal"),
                        n("arrowsize", size / 10.0),
                    ],
                ));
            }
        }
    }
}

fn graph(chart: &Chart) -> Graph {
    let mut pin = Pin {
        height: chart.height,
        count: 0,
        stmts: vec![
            Stmt::GAttribute(GraphAttributes::Graph(vec![
                q("layout", "nop"),
                q("splines", "false"),
                q("overlap", "true"),
                q("outputorder", "edgesfirst"),
                q("bgcolor", "white"),
                q("fontname", style::FONT),
                n("pad", 0.1),
                attr("tooltip", tooltip(&chart.title)),
            ])),
            Stmt::GAttribute(GraphAttributes::Node(vec![
                q("fontname", style::FONT),
                n("fontsize", FONT_SIZE),
                q("fontcolor", style::TEXT),
            ])),
            Stmt::GAttribute(GraphAttributes::Edge(vec![n("arrowsize", 0.8)])),
        ],
    };
    // The frame: the drawing spans the whole chart.
    pin.point(0.0, 0.0);
    pin.point(chart.width, chart.height);
    for part in &chart.parts {
        match part {
            Part::Mark(m) => pin.mark(m, &[]),
            Part::Titled(title, marks) => {
                for m in marks {
                    pin.mark(m, &[attr("tooltip", tooltip(title))]);
                }
            }
            Part::Tie { id, title, marks } => {
                let mut extra = vec![q("id", &format!("tie:{id}")), q("class", "tie")];
                if let Some(t) = title {
                    extra.push(attr("tooltip", tooltip(t)));
                }
                for m in marks {
                    pin.mark(m, &extra);
                }
            }
        }
    }
    Graph::DiGraph {
        id: crate::escape::dot::quoted("history"),
        strict: false,
        stmts: pin.stmts,
    }
}
