//! A tie file read in two parts on two threads, and the fallback to one.

use std::io::Read;
use std::path::Path;

use super::*;

/// An upper bound on the rows of a tie file of `bytes` bytes (a tie row is
/// rarely shorter than 40 bytes), to make room for them at once.
pub(super) fn rows_estimate(bytes: u64) -> usize {
    usize::try_from(bytes / 40)
        .unwrap_or(0)
        .min(MAX_ROWS as usize)
}

/// Reads a `ties.csv` file: in two parts on two threads when it is at least
/// `options.parallel_from` bytes long and `options.threads` is at least 2, else as
/// [`read_ties`] does.
///
/// The second part starts at a line end near the middle that seems to end
/// a record (the next line has the header's number of fields and no open
/// quote). That is only a guess, since a quoted field may hold line ends:
/// the first part checks it, by reading up to that point, and when the
/// guess was wrong (or a limit was reached) the file is read again on one
/// thread. The result is the same either way: the same ties, problems and
/// line numbers.
pub(crate) fn read_ties_file(
    f: std::fs::File,
    path: &Path,
    file: &str,
    builder: &mut Builder,
    options: &crate::io::LoadOptions,
) {
    let len = f.metadata().map_or(0, |m| m.len());
    if len < options.parallel_from || options.threads < 2 {
        builder.reserve_ties(rows_estimate(len));
        read_ties(std::io::BufReader::new(f), file, builder);
        return;
    }
    builder.finish_actors();
    let name: Arc<str> = file.into();
    let input = std::io::BufReader::with_capacity(1 << 16, f).take(u64::MAX);
    // The csv reader reads ahead of the header by its buffer: the csv
    // crate's 8 KiB, or less for a small file (read in two parts only by
    // the tests and the fuzz target), so that it can still be split.
    let buffer = usize::try_from(len / 4)
        .unwrap_or(usize::MAX)
        .clamp(64, 8 << 10);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(buffer)
        .from_reader(Guard::new(input, Limits::DEFAULT));
    let Some(header) = header(&mut reader, &name, &crate::io::fields::TIES, builder) else {
        return;
    };
    let consumed = reader.get_ref().read;
    let Some(split) = find_split(path, consumed, len, header.width) else {
        builder.reserve_ties(rows_estimate(len));
        let tie = |b: &mut Builder, h: &Header, row: &Row<'_>| b.tie(raw_tie(h, row));
        let limits = Limits::DEFAULT;
        records(
            &mut reader,
            &name,
            &header,
            &TIE_COLUMNS,
            builder,
            limits,
            tie,
        );
        builder.tie_columns = header.extra_names();
        return;
    };
    reader.get_mut().inner.set_limit(split - consumed);
    let parts = Parts::read(&mut reader, path, split, &name, &header, builder, len);
    builder.tie_columns = header.extra_names();
    parts.finish(builder, path, &name);
}

/// The two parts of a tie file, read on two threads.
struct Parts {
    first: TieSink,
    second: TieSink,
    /// How the first part ended, and whether it ended between records.
    ended: Ended,
    clean: bool,
    /// How the second part ended (`None`: it could not be read).
    other: Option<Ended>,
}

/// Each part may keep half the custom values: the two together stay within
/// the limit. A part that needs more stops, and the file is read again on
/// one thread, with the whole limit (and the exact problem).
const HALF: Limits = Limits {
    extra_values: Limits::DEFAULT.extra_values / 2,
    ..Limits::DEFAULT
};

impl Parts {
    /// Reads the first part with `reader` (which stops at `split`) and
    /// the second on another thread.
    fn read<R: Read>(
        reader: &mut csv::Reader<Guard<R>>,
        path: &Path,
        split: u64,
        name: &Arc<str>,
        header: &Header,
        builder: &mut Builder,
        len: u64,
    ) -> Parts {
        let mut first = builder.new_sink();
        let mut second = builder.new_sink();
        // The first part's arrays get the second part's appended.
        first.reserve(rows_estimate(len));
        second.in_blocks();
        let lookup = builder.lookup();
        let (ended, clean, other) = std::thread::scope(|scope| {
            let (send_line, first_line) = std::sync::mpsc::channel();
            let job = scope.spawn(|| {
                let part = (path, split, name, header, lookup);
                read_part(part, &mut second, first_line, HALF)
            });
            let tie = |s: &mut TieSink, h: &Header, row: &Row<'_>| s.tie(lookup, raw_tie(h, row));
            let ended = records(reader, name, header, &TIE_COLUMNS, &mut first, HALF, tie);
            let clean = !ended.stopped && reader.get_ref().between_records();
            // The line the second part starts on (if the first part is clean).
            let _ = send_line.send(reader.get_ref().line);
            first.prepare();
            let other = job
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (ended, clean, other)
        });
        Parts {
            first,
            second,
            ended,
            clean,
            other,
        }
    }

    /// Hands the parts to the builder, or reads the file again on one
    /// thread when the split was a wrong guess or a limit was reached.
    fn finish(self, builder: &mut Builder, path: &Path, name: &Arc<str>) {
        if self.first.is_full() {
            // One thread would have stopped reading at the same row.
            builder.add_sink(self.first);
            return;
        }
        let whole = Limits::DEFAULT;
        match self.other {
            Some(rest)
                if self.clean
                    && self.ended.rows + rest.rows <= whole.rows
                    && rest.extra_values <= HALF.extra_values =>
            {
                builder.add_sink(self.first);
                builder.add_sink(self.second);
            }
            _ => {
                // The guess was wrong, or a limit was reached: read it all
                // again on one thread, for the exact problems.
                drop((self.first, self.second));
                match std::fs::File::open(path) {
                    Ok(f) => read_ties(std::io::BufReader::new(f), name, builder),
                    Err(e) => builder.problem(Problem::new(
                        Location::file(name.clone()),
                        ProblemKind::Io,
                        format!("cannot read the file: {e}"),
                    )),
                }
            }
        }
    }
}

/// Reads the part of a tie file from byte `split` on (a record start) into
/// `sink`. `None` when the file cannot be read again.
///
/// Lines are counted from the part's start, and moved down once the first
/// part, read at the same time, sends the line its end is on.
#[allow(clippy::too_many_arguments)]
pub(super) fn read_part(
    (path, split, name, header, lookup): (&Path, u64, &Arc<str>, &Header, &Lookup),
    sink: &mut TieSink,
    first_line: std::sync::mpsc::Receiver<u64>,
    limits: Limits,
) -> Option<Ended> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    f.seek(SeekFrom::Start(split)).ok()?;
    let input = std::io::BufReader::with_capacity(1 << 16, f);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Guard::starting_at(input, limits, split, 1));
    // Its own copy of the name: each row holds a reference to it, and two
    // threads counting references to one string would contend for it.
    let name: Arc<str> = Arc::from(&**name);
    let tie = |s: &mut TieSink, h: &Header, row: &Row<'_>| s.tie(lookup, raw_tie(h, row));
    let ended = records(&mut reader, &name, header, &TIE_COLUMNS, sink, limits, tie);
    // The first part ends where this one starts: on its last line.
    let line = first_line.recv().ok()?;
    sink.shift_lines(line - 1);
    sink.prepare();
    Some(ended)
}

/// A byte offset near the middle of a tie file, after `from`, where a
/// record seems to start: just after a line end, before a line that has
/// `width` fields and closes every quote it opens.
pub(crate) fn find_split(path: &Path, from: u64, len: u64, width: usize) -> Option<u64> {
    use std::io::{Seek, SeekFrom};
    let start = (len / 2).max(from);
    let mut f = std::fs::File::open(path).ok()?;
    f.seek(SeekFrom::Start(start)).ok()?;
    let mut window = Vec::with_capacity(1 << 16);
    f.take(1 << 16).read_to_end(&mut window).ok()?;
    let mut ends = memchr::memchr_iter(b'\n', &window).peekable();
    while let Some(end) = ends.next() {
        let next = *ends.peek()?;
        if looks_like_record(&window[end + 1..next], width) {
            return Some(start + end as u64 + 1);
        }
    }
    None
}

/// Whether `line` (without its line end) reads as one whole record of
/// `width` fields.
pub(super) fn looks_like_record(line: &[u8], width: usize) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() || line.contains(&b'\r') {
        return false;
    }
    let mut fields = 1;
    let mut syntax = Syntax::FieldStart;
    for &b in line {
        syntax = match (syntax, b) {
            (Syntax::Quoted, b'"') => Syntax::QuoteInQuoted,
            (Syntax::Quoted, _) => Syntax::Quoted,
            (Syntax::FieldStart | Syntax::QuoteInQuoted, b'"') => Syntax::Quoted,
            (_, b',') => {
                fields += 1;
                Syntax::FieldStart
            }
            _ => Syntax::Plain,
        };
    }
    syntax != Syntax::Quoted && fields == width
}
