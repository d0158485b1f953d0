//! Where output goes (stdout or an atomically written file) and how tables look.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::Failure;

/// The destination of a command's output.
pub struct Output {
    path: Option<PathBuf>,
    color: bool,
}

impl Output {
    pub fn new(path: Option<PathBuf>) -> Output {
        // `-o -` is standard output, as in most tools.
        let path = path.filter(|p| p.as_os_str() != "-");
        let color = path.is_none()
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Output { path, color }
    }

    /// Whether to colour tables.
    pub fn color(&self) -> bool {
        self.color
    }

    /// Writes text (adding a final newline if missing).
    pub fn text(&self, mut text: String) -> Result<(), Failure> {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.bytes(text.as_bytes(), false)
    }

    /// Writes JSON, pretty-printed, with a final newline, as it is
    /// serialized (a value that makes its parts as it goes, such as the
    /// triangles of `balance`, is never held whole).
    pub fn json<T: serde::Serialize>(&self, value: &T) -> Result<(), Failure> {
        self.stream(|w| {
            serde_json::to_writer_pretty(&mut *w, value)?;
            w.write_all(b"\n")
        })
    }

    /// Writes what `write` makes, as it makes it: into the file through
    /// the safe writer (a temporary file renamed at the end), or to
    /// standard output through a buffer.
    pub fn stream(
        &self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        match &self.path {
            Some(path) => {
                tiegraph::write_atomic_with(path, write).map_err(|e| Failure::Data(e.to_string()))
            }
            None => {
                let stdout = std::io::stdout().lock();
                let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
                write(&mut out)
                    .and_then(|()| out.flush())
                    .map_err(Failure::from)
            }
        }
    }

    /// Writes bytes; `binary` output is refused on a terminal.
    pub fn bytes(&self, bytes: &[u8], binary: bool) -> Result<(), Failure> {
        match &self.path {
            Some(path) => write_file(path, bytes),
            None => {
                let mut stdout = std::io::stdout().lock();
                if binary && stdout.is_terminal() {
                    return Err(Failure::Usage(
                        "refusing to write a binary image to a terminal: use -o FILE or a pipe"
                            .into(),
                    ));
                }
                stdout
                    .write_all(bytes)
                    .and_then(|()| stdout.flush())
                    .map_err(Failure::from)
            }
        }
    }
}

pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    tiegraph::write_atomic(path, bytes).map_err(|e| Failure::Data(e.to_string()))
}

/// A table of text cells, laid out to fit a terminal.
pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    /// The columns that shorten to fit, the first listed first.
    flexible: Vec<usize>,
    /// Column → colour function of the cell.
    tint: Option<(usize, Tint)>,
    /// The columns left out when the table does not fit even with its
    /// flexible columns at their narrowest.
    droppable: Vec<usize>,
}

/// Picks the ANSI colour of a cell from its text, if any.
type Tint = fn(&str) -> Option<&'static str>;

/// How wide tables and wrapped text may be, decided once per process.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The width to fit: `COLUMNS`, else the terminal's, else 80.
    pub width: usize,
    /// `--wide`: never shorten a cell.
    pub wide: bool,
}

static LAYOUT: std::sync::OnceLock<Layout> = std::sync::OnceLock::new();

/// The width without a terminal or `COLUMNS`.
const DEFAULT_WIDTH: usize = 80;

impl Layout {
    /// Measures the terminal: `COLUMNS` if set to a positive number, else the
    /// size of standard output when it is a terminal (and `to_stdout`), else 80.
    pub fn detect(wide: bool, to_stdout: bool) -> Layout {
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0);
        let terminal = || {
            let stdout = std::io::stdout();
            (to_stdout && stdout.is_terminal())
                .then(|| terminal_size::terminal_size_of(&stdout))
                .flatten()
                .map(|(w, _)| usize::from(w.0))
                .filter(|&w| w > 0)
        };
        Layout {
            width: columns.or_else(terminal).unwrap_or(DEFAULT_WIDTH),
            wide,
        }
    }

    /// Sets the layout of every table this process writes (first call wins).
    pub fn install(self) {
        let _ = LAYOUT.set(self);
    }

    fn current() -> Layout {
        LAYOUT.get().copied().unwrap_or(Layout {
            width: DEFAULT_WIDTH,
            wide: false,
        })
    }
}

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Table {
        Table {
            headers,
            rows: Vec::new(),
            flexible: Vec::new(),
            tint: None,
            droppable: Vec::new(),
        }
    }

    /// Lets a column be left out when the table does not fit the terminal
    /// even with every flexible column at its narrowest (a note cut to a
    /// few letters says nothing); never with `--wide`.
    pub fn droppable(mut self, column: usize) -> Table {
        self.droppable.push(column);
        self
    }

    /// Lets a column be shortened (with `…`) so the table fits the terminal
    /// (see [`Layout`]); never with `--wide`.
    /// Call again for more columns: the first named gives way first.
    pub fn flexible(mut self, column: usize) -> Table {
        self.flexible.push(column);
        self
    }

    /// Colours a column's cells (when colour is on).
    pub fn tint(mut self, column: usize, color: Tint) -> Table {
        self.tint = Some((column, color));
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as CSV (headers as written, cells unshortened).
    pub fn csv(&self) -> Result<Vec<u8>, Failure> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let fail = |e: csv::Error| Failure::Data(format!("cannot write CSV: {e}"));
        w.write_record(&self.headers).map_err(fail)?;
        for r in &self.rows {
            w.write_record(r).map_err(fail)?;
        }
        w.into_inner()
            .map_err(|e| Failure::Data(format!("cannot write CSV: {e}")))
    }

    pub fn render(&self, color: bool) -> String {
        let widths = self.widths(|each| self.rows.iter().for_each(|r| each(r)));
        let mut out = String::new();
        self.line(&mut out, &widths, &self.header_cells(), true, color);
        for r in &self.rows {
            self.line(&mut out, &widths, r, false, color);
        }
        out
    }

    /// Writes the table (after `title` and a blank line) with rows that
    /// `rows` makes on demand, twice: once to measure the columns, once to
    /// write them. The rows are never all held: for tables of millions of
    /// rows, such as the triangles of a dense graph. Rows added with
    /// [`Table::row`] are ignored.
    pub fn write_streamed(
        &self,
        title: &str,
        color: bool,
        rows: impl Fn(&mut dyn FnMut(&[String])),
        w: &mut dyn Write,
    ) -> std::io::Result<()> {
        let widths = self.widths(&rows);
        let mut line = String::new();
        self.line(&mut line, &widths, &self.header_cells(), true, color);
        w.write_all(format!("{title}\n\n{line}").as_bytes())?;
        let mut failed = None;
        rows(&mut |r| {
            if failed.is_none() {
                line.clear();
                self.line(&mut line, &widths, r, false, color);
                failed = w.write_all(line.as_bytes()).err();
            }
        });
        failed.map_or(Ok(()), Err)
    }

    fn header_cells(&self) -> Vec<String> {
        self.headers.iter().map(|h| h.to_string()).collect()
    }

    /// The width of each column for the rows `rows` hands over, shortened
    /// (flexible columns first) to fit the [`Layout`]; `None` for a
    /// droppable column left out.
    fn widths(&self, rows: impl FnOnce(&mut dyn FnMut(&[String]))) -> Vec<Option<usize>> {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        rows(&mut |r| {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(&clean(c)));
            }
        });
        // Two spaces between columns, none after the last.
        let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        let layout = Layout::current();
        let flexible = if layout.wide {
            &[][..]
        } else {
            &self.flexible[..]
        };
        for &f in flexible {
            let excess = total(&widths).saturating_sub(layout.width);
            if excess == 0 {
                break;
            }
            let floor = width(self.headers[f]).max(MIN_FLEXIBLE).min(widths[f]);
            widths[f] = widths[f].saturating_sub(excess).max(floor);
        }
        let mut shown: Vec<Option<usize>> = widths.iter().copied().map(Some).collect();
        if !layout.wide {
            for &d in &self.droppable {
                let kept: Vec<usize> = shown.iter().flatten().copied().collect();
                if total(&kept) <= layout.width {
                    break;
                }
                if let Some(w) = shown.get_mut(d) {
                    *w = None;
                }
            }
        }
        shown
    }

    /// Appends one line of cells, cleaned, cut and padded to `widths`
    /// (a column whose width is `None` is left out).
    fn line(
        &self,
        out: &mut String,
        widths: &[Option<usize>],
        cells: &[String],
        header: bool,
        color: bool,
    ) {
        let shown = |i: usize| widths.get(i).is_none_or(Option::is_some);
        let last = (0..cells.len()).rev().find(|&i| shown(i)).unwrap_or(0);
        for (i, cell) in cells.iter().enumerate() {
            if !shown(i) {
                continue;
            }
            let w = widths.get(i).copied().flatten().unwrap_or(0);
            let text = fit(&clean(cell), w);
            let pad = w.saturating_sub(width(&text));
            let code = if !color {
                None
            } else if header {
                Some("1")
            } else {
                self.tint
                    .filter(|(c, _)| *c == i)
                    .and_then(|(_, f)| f(cell))
            };
            match code {
                Some(code) => out.push_str(&format!("\x1b[{code}m{text}\x1b[0m")),
                None => out.push_str(&text),
            }
            if i != last {
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push('\n');
    }
}

/// A cell as a table shows it: line breaks become spaces, other control
/// characters `\u{1b}`: a name must not move the cursor or retitle the
/// terminal.
fn clean(cell: &str) -> std::borrow::Cow<'_, str> {
    tiegraph::text::printable(cell)
}

/// `text` cut to `max` display columns, ending in `…` when cut.
fn fit(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        cut.push(c);
        used += w;
    }
    cut.push('…');
    cut
}

/// The narrowest a flexible column gets: a few characters and `…`.
const MIN_FLEXIBLE: usize = 6;

/// Display columns of a string: a wide (CJK, fullwidth, emoji) character
/// takes two. (Or use `unicode_width::UnicodeWidthStr::width`.)
fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    match u32::from(c) {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

pub use tiegraph::text::plural;

/// A walk balance for a table: three decimals, or, below 0.001, where
/// those would read 0.000, three significant digits (`1.23e-50`).
pub fn walk_number(w: f64) -> String {
    if w >= 0.001 {
        format!("{w:.3}")
    } else {
        format!("{w:.2e}")
    }
}

/// Green for positive, red for negative (signs and tie kinds).
pub fn sign_color(cell: &str) -> Option<&'static str> {
    match cell {
        "+" | "alliance" | "cooperation" | "support" | "new" => Some("32"),
        "-" | "tension" | "hostility" | "ended" => Some("31"),
        "flipped" => Some("1;35"),
        "mediation" => Some("34"),
        _ => None,
    }
}

/// Word-wraps prose to the table width (see [`Layout`]), each line indented by `indent`
/// spaces and ended by a newline.
pub fn wrap(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let max = Layout::current().width;
    let mut out = String::new();
    let mut line = String::new();
    // A word wider than a whole line (a web address) is cut into pieces
    // that fit, each on a line of its own.
    let room = max.saturating_sub(indent).max(MIN_FLEXIBLE);
    let mut words: Vec<String> = Vec::new();
    for word in tiegraph::text::printable(text).split_whitespace() {
        let mut piece = String::new();
        for c in word.chars() {
            if width(&piece) + char_width(c) > room {
                words.push(std::mem::take(&mut piece));
            }
            piece.push(c);
        }
        words.push(piece);
    }
    for word in &words {
        let len = width(&line);
        if len > 0 && indent + len + 1 + width(word) > max {
            out.push_str(&format!("{pad}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{pad}{line}\n"));
    }
    out
}
