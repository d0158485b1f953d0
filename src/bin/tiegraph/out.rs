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

    /// Writes JSON, pretty-printed, with a final newline.
    pub fn json<T: serde::Serialize>(&self, value: &T) -> Result<(), Failure> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| Failure::Data(format!("cannot encode JSON: {e}")))?;
        self.text(text)
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
    /// The column that wraps or truncates to fit (usually a note).
    flexible: Option<usize>,
    /// Column → colour function of the cell.
    tint: Option<(usize, Tint)>,
}

/// Picks the ANSI colour of a cell from its text, if any.
type Tint = fn(&str) -> Option<&'static str>;

/// The width tables aim for: 80 columns.
const WIDTH: usize = 80;

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Table {
        Table {
            headers,
            rows: Vec::new(),
            flexible: None,
            tint: None,
        }
    }

    /// Lets one column be shortened (with `…`) so the table fits 80 columns.
    pub fn flexible(mut self, column: usize) -> Table {
        self.flexible = Some(column);
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
        let n = self.headers.len();
        let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| clean(c)).collect())
            .collect();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for r in &rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        if let Some(f) = self.flexible {
            let others: usize = widths
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != f)
                .map(|(_, w)| w + 2)
                .sum();
            let room = WIDTH.saturating_sub(others).max(12);
            widths[f] = widths[f].min(room);
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String], header: bool| {
            let last = cells.len().saturating_sub(1);
            for (i, cell) in cells.iter().enumerate() {
                let w = widths.get(i).copied().unwrap_or(0);
                let text = fit(cell, w);
                let pad = w.saturating_sub(text.chars().count());
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
        };
        let headers: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        line(&mut out, &headers, true);
        for r in &rows {
            line(&mut out, r, false);
        }
        out
    }
}

fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
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
