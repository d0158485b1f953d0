//! The sinks of a file joined end to end, the duplicate-id check, and the
//! ties with their lists of sources in one canonical numbering.

use std::sync::Arc;

use super::row::{Place, RowLoc, RowPath};
use super::sink::TieSink;
use crate::error::{Problem, ProblemKind};
use crate::escape::terminal::shown;
use crate::model::order::{Runs, TieOrder};
use crate::model::Tie;

/// Where the id of a tie row is: `Ok(i)`, the `i`th of the `rejected`
/// rows (sorted by row); `Err(t)`, tie `t`, as rows before it that were
/// rejected have no tie.
pub(super) fn row_place(rejected: &[(u32, Box<str>)], row: u32) -> Result<usize, usize> {
    rejected
        .binary_search_by_key(&row, |(r, _)| *r)
        .map_err(|before| row as usize - before)
}

/// Bits of an [`id_entry`] that hold the row.
pub(super) const ROW_BITS: u32 = 24;
pub(super) const ROW_MASK: u64 = (1 << ROW_BITS) - 1;
// A file has fewer rows than a row number can count.
const _: () = assert!(crate::io::MAX_ROWS < 1 << ROW_BITS);

/// An id's hash and its row in one integer: the top 40 bits of the hash,
/// then the row. Sorted, rows with equal (40-bit) hashes come together, in
/// file order, at half the memory of a (hash, row) pair; ids whose hashes
/// agree are compared as text.
pub(super) fn id_entry(hash: u64, row: u32) -> u64 {
    (hash & !ROW_MASK) | (u64::from(row) & ROW_MASK)
}

/// The sinks of a file joined end to end: rows and ties renumbered, the
/// lists of sources numbered in one canonical order.
pub(super) struct Merged {
    pub(super) ties: Vec<Tie>,
    /// (hash of the id, row), in sorted runs.
    pub(super) id_hashes: Runs<u64>,
    pub(super) lines: Vec<u32>,
    pub(super) paths: Vec<Place>,
    pub(super) rejected: Vec<(u32, Box<str>)>,
    /// Per sink, its lists of sources.
    pub(super) set_lists: Vec<Vec<Box<[u32]>>>,
    /// Where each sink's ties start in `ties`.
    pub(super) tie_starts: Vec<usize>,
    pub(super) file: Option<Arc<str>>,
    /// The ties' sort keys.
    pub(super) order: Option<TieOrder>,
}

impl Merged {
    pub(super) fn new(sinks: Vec<TieSink>) -> Merged {
        let mut merged = Merged {
            ties: Vec::new(),
            id_hashes: Runs::default(),
            lines: Vec::new(),
            paths: Vec::new(),
            rejected: Vec::new(),
            set_lists: Vec::new(),
            tie_starts: Vec::new(),
            file: None,
            order: None,
        };
        for mut sink in sinks {
            if sink.order.is_none() {
                sink.prepare();
            }
            let rows = (merged.lines.len() + merged.paths.len()) as u32;
            merged.tie_starts.push(merged.ties.len());
            let blocks = std::mem::take(&mut sink.blocks);
            for mut block in blocks.into_iter().chain([std::mem::take(&mut sink.ties)]) {
                if merged.ties.is_empty() {
                    merged.ties = block;
                } else {
                    merged.ties.append(&mut block);
                }
            }
            // Renumbered after the rows before: the run stays sorted.
            let mut hashes = std::mem::take(&mut sink.id_hashes);
            if rows > 0 {
                hashes
                    .iter_mut()
                    .for_each(|entry| *entry += u64::from(rows));
            }
            merged.id_hashes.push(hashes);
            match (&mut merged.order, sink.order.take()) {
                (Some(order), Some(more)) => order.append(more),
                (order, more) => *order = order.take().or(more),
            }
            merged.lines.append(&mut sink.lines);
            merged.paths.append(&mut sink.paths);
            let rejected = sink.rejected.into_iter().map(|(r, id)| (r + rows, id));
            merged.rejected.extend(rejected);
            merged.set_lists.push(sink.set_list);
            if merged.file.is_none() {
                merged.file = sink.file;
            }
        }
        merged
    }

    /// Reports every tie id used more than once, at each later use, naming
    /// the line of the first. Sorts the ids' hashes; only ids with equal
    /// hashes are compared as text.
    pub(super) fn report_duplicates(&mut self, problems: &mut Vec<Problem>) {
        let hashes = std::mem::take(&mut self.id_hashes);
        let Some(file) = self.file.clone() else {
            return;
        };
        let mut found: Vec<(u32, u32)> = Vec::new();
        // Rows with equal hashes, in file order: each row's first earlier
        // row with the same id text is its duplicate.
        let mut same: Vec<u32> = Vec::new();
        let check = |same: &mut Vec<u32>, found: &mut Vec<(u32, u32)>| {
            for i in 1..same.len() {
                let id = self.id_text(same[i]);
                if let Some(&first) = same[..i].iter().find(|&&j| self.id_text(j) == id) {
                    found.push((same[i], first));
                }
            }
        };
        let mut last: Option<u64> = None;
        for entry in hashes {
            let (hash, row) = (entry >> ROW_BITS, (entry & ROW_MASK) as u32);
            if last != Some(hash) {
                check(&mut same, &mut found);
                same.clear();
                last = Some(hash);
            }
            same.push(row);
        }
        check(&mut same, &mut found);
        found.sort_unstable();
        for (later, first) in found {
            if problems.len() >= crate::io::MAX_PROBLEMS {
                break;
            }
            let first_line = match (self.lines.get(first as usize), self.place(&file, first)) {
                (Some(&line), _) if line > 0 => format!(" (first on line {line})"),
                (_, Some(place)) => match (place.line, self.place(&file, later)) {
                    (Some(line), Some(at)) if at.file == place.file => {
                        format!(" (first on line {line})")
                    }
                    (Some(line), _) => format!(" (first in {} on line {line})", place.file),
                    (None, _) => String::new(),
                },
                _ => String::new(),
            };
            let loc = match self.place(&file, later) {
                Some(place) => place,
                None => RowLoc {
                    file: file.clone(),
                    line: self.lines.get(later as usize).map(|&l| u64::from(l)),
                    path: RowPath::None,
                },
            };
            let message = format!(
                "tie id {} is used twice{first_line}",
                shown(self.id_text(later))
            );
            problems.push(Problem::new(
                loc.field("id"),
                ProblemKind::DuplicateId,
                message,
            ));
        }
    }

    /// Where row `row` of a JSON document or a builder is; `file` is the
    /// file of the first sink.
    pub(super) fn place(&self, file: &Arc<str>, row: u32) -> Option<RowLoc> {
        match self.paths.get(row as usize)? {
            &Place::Tie(i) => Some(RowLoc {
                file: file.clone(),
                line: None,
                path: RowPath::Index("ties", i as usize),
            }),
            Place::Full(loc) => Some((**loc).clone()),
        }
    }

    /// The id of a row: its tie's, or the one noted when it was rejected.
    pub(super) fn id_text(&self, row: u32) -> &str {
        match row_place(&self.rejected, row) {
            Ok(i) => &self.rejected[i].1,
            Err(index) => &self.ties[index].id,
        }
    }

    /// The ties, their lists of sources renumbered in sorted order (the
    /// same whatever order the rows came in), and those lists.
    pub(super) fn into_ties(self) -> (Vec<Tie>, Vec<Box<[u32]>>, Option<TieOrder>) {
        let mut all: Vec<Box<[u32]>> = self.set_lists.iter().flatten().cloned().collect();
        all.sort_unstable();
        all.dedup();
        let mut ties = self.ties;
        let ends = self.tie_starts.iter().skip(1).copied().chain([ties.len()]);
        for ((lists, &start), end) in self.set_lists.iter().zip(&self.tie_starts).zip(ends) {
            let map: Vec<u32> = lists
                .iter()
                .map(|l| all.binary_search(l).map_or(0, |i| i as u32))
                .collect();
            for tie in &mut ties[start..end] {
                tie.sources = map[tie.sources as usize];
            }
        }
        (ties, all, self.order)
    }
}
