//! Event files: names and globs, plain, `.gz` or `.zip`, read as a stream
//! of [`Block`]s cut at row boundaries.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::families::{columns, is_csv, Block, Layout};
use super::row::Pool;
use super::{Family, IngestError};
use crate::{Location, Problem, ProblemKind};

/// How much text a block holds (it ends at the last row boundary in it).
const BLOCK_BYTES: usize = 2 << 20;

/// A block grows past [`BLOCK_BYTES`] until a row ends in it, but not past
/// this: a file with one enormous line (or an unclosed quote) is then cut
/// where it is, and the pieces count as broken rows.
const MAX_BLOCK_BYTES: usize = 64 << 20;

/// One input: a file, or a reader with the name its problems give.
pub(crate) enum Source {
    Path(PathBuf),
    Reader(String, Box<dyn Read + Send>),
}

/// The files named on a command line: each name is a file, or a glob
/// (`*`, `?`, `[…]`) matching files, which are taken in name order.
///
/// # Errors
///
/// [`IngestError::Usage`] for a glob that matches no file or is malformed.
///
/// ```
/// use tiegraph::ingest::expand_inputs;
/// let files = expand_inputs(&["Cargo.toml".into()])?;
/// assert_eq!(files.len(), 1);
/// assert!(expand_inputs(&["no-such-*.csv".into()]).is_err());
/// # Ok::<(), tiegraph::ingest::IngestError>(())
/// ```
pub fn expand_inputs(names: &[String]) -> Result<Vec<PathBuf>, IngestError> {
    let mut files = Vec::new();
    for name in names {
        let is_glob = name.contains(['*', '?', '[']) && !Path::new(name).exists();
        if !is_glob {
            files.push(PathBuf::from(name));
            continue;
        }
        let paths = glob::glob(name)
            .map_err(|e| IngestError::Usage(format!("{name}: not a usable glob: {e}")))?;
        let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
        if matched.is_empty() {
            return Err(IngestError::Usage(format!("{name}: no file matches")));
        }
        matched.sort();
        files.append(&mut matched);
    }
    Ok(files)
}

fn has_ext(name: &str, ext: &str) -> bool {
    name.len() > ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
}

/// Reads every source in order, handing each block to `send` (which says
/// whether to go on).
pub(crate) fn read_sources(
    sources: Vec<Source>,
    family: Family,
    pool: &Pool<u8>,
    send: &mut dyn FnMut(Block) -> bool,
) -> Result<(), IngestError> {
    let mut out = Out { family, pool, send };
    let mut seq = 0u64;
    for source in sources {
        let go_on = match source {
            Source::Path(path) => read_path(&path, &mut out, &mut seq)?,
            Source::Reader(name, reader) => {
                if has_ext(&name, ".zip") {
                    return Err(IngestError::Usage(format!(
                        "{name}: a .zip archive is read from a file, not a stream"
                    )));
                }
                let mut reader = decoded(&name, reader);
                read_stream(name.into(), &mut reader, &mut out, &mut seq)?
            }
        };
        if !go_on {
            break;
        }
    }
    Ok(())
}

/// A reader, decompressed when its name ends in `.gz`.
fn decoded<'a>(name: &str, reader: Box<dyn Read + Send + 'a>) -> Box<dyn Read + Send + 'a> {
    if has_ext(name, ".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
            1 << 16,
            reader,
        )))
    } else {
        reader
    }
}

/// Where blocks go, and what they are.
struct Out<'a> {
    family: Family,
    pool: &'a Pool<u8>,
    send: &'a mut dyn FnMut(Block) -> bool,
}

fn read_path(path: &Path, out: &mut Out<'_>, seq: &mut u64) -> Result<bool, IngestError> {
    let name = path.display().to_string();
    let open = |p: &Path| std::fs::File::open(p).map_err(|e| IngestError::io(&name, &e));
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(IngestError::Input(Problem::new(
            Location::file(name.as_str()),
            ProblemKind::Io,
            "cannot read the file: it is not a regular file",
        )));
    }
    let file = open(path)?;
    if !has_ext(&name, ".zip") {
        let mut reader = decoded(&name, Box::new(file));
        return read_stream(name.into(), &mut reader, out, seq);
    }
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        IngestError::io(
            &name,
            &std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        )
    })?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| {
            IngestError::io(
                &name,
                &std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            )
        })?;
        if entry.is_dir() {
            continue;
        }
        let inner = format!("{name}:{}", entry.name());
        let mut reader = decoded(&inner, Box::new(&mut entry));
        if !read_stream(inner.into(), &mut reader, out, seq)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Fills `buf` from `reader` until it holds `want` bytes or the reader
/// ends; says whether it ended.
fn fill(
    reader: &mut dyn Read,
    buf: &mut Vec<u8>,
    want: usize,
    name: &str,
) -> Result<bool, IngestError> {
    while buf.len() < want {
        let old = buf.len();
        buf.resize(want, 0);
        match reader.read(&mut buf[old..]) {
            Ok(0) => {
                buf.truncate(old);
                return Ok(true);
            }
            Ok(n) => buf.truncate(old + n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(old),
            Err(e) => return Err(IngestError::io(name, &e)),
        }
    }
    Ok(false)
}

/// Where the last whole row of `text` ends (just after its line break),
/// if any: the last `\n` for tab-separated rows, the last `\n` outside
/// quotes for CSV (a quote count that is even, as `""` escapes a quote).
fn cut(text: &[u8], csv: bool) -> Option<usize> {
    if !csv {
        return memchr::memrchr(b'\n', text).map(|i| i + 1);
    }
    let mut quoted = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', text) {
        if text[i] == b'"' {
            quoted = !quoted;
        } else if !quoted {
            last = Some(i + 1);
        }
    }
    last
}

/// Reads one stream: its header (for families with one), then blocks.
fn read_stream(
    file: Arc<str>,
    reader: &mut dyn Read,
    out: &mut Out<'_>,
    seq: &mut u64,
) -> Result<bool, IngestError> {
    let family = out.family;
    let csv = is_csv(family);
    let mut buf = out.pool.get();
    let mut ended = fill(reader, &mut buf, BLOCK_BYTES, &file)?;
    if buf.starts_with(b"\xEF\xBB\xBF") {
        buf.drain(..3);
    }
    let mut line = 1u64;
    let layout = if columns(family).is_empty() {
        Arc::new(gdelt_layout(family, &buf))
    } else {
        let (layout, header_end) = header(&file, family, &buf, csv)?;
        line += newlines(&buf[..header_end]);
        buf.drain(..header_end);
        Arc::new(layout)
    };
    loop {
        if buf.is_empty() && ended {
            return Ok(true);
        }
        let mut end = if ended {
            Some(buf.len())
        } else {
            cut(&buf, csv)
        };
        while end.is_none() && !ended && buf.len() < MAX_BLOCK_BYTES {
            let more = buf.len() + BLOCK_BYTES;
            ended = fill(reader, &mut buf, more, &file)?;
            end = if ended {
                Some(buf.len())
            } else {
                cut(&buf, csv)
            };
        }
        let end = end.unwrap_or(buf.len());
        let mut rest = out.pool.get();
        rest.extend_from_slice(&buf[end..]);
        buf.truncate(end);
        let text = std::mem::replace(&mut buf, rest);
        let lines = newlines(&text);
        let block = Block {
            seq: *seq,
            file: file.clone(),
            first_line: line,
            text,
            layout: layout.clone(),
        };
        *seq += 1;
        line += lines;
        if !(out.send)(block) {
            return Ok(false);
        }
        if !ended {
            ended = fill(reader, &mut buf, BLOCK_BYTES, &file)?;
        }
    }
}

fn newlines(text: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', text).count() as u64
}

/// GDELT's layout: 61 fields for 2.0; for 1.0, the field count of the
/// file's first line, 57 (the back-file) or else 58.
fn gdelt_layout(family: Family, text: &[u8]) -> Layout {
    let fields = match family {
        Family::Gdelt2 => 61,
        _ => {
            let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
            if memchr::memchr_iter(b'\t', first).count() + 1 == 57 {
                57
            } else {
                58
            }
        }
    };
    Layout {
        fields,
        index: Vec::new(),
    }
}

/// The layout a header gives, and where the header ends.
fn header(
    file: &str,
    family: Family,
    text: &[u8],
    csv: bool,
) -> Result<(Layout, usize), IngestError> {
    let end = if csv {
        let mut quoted = false;
        memchr::memchr2_iter(b'"', b'\n', text)
            .find(|&i| {
                quoted ^= text[i] == b'"';
                text[i] == b'\n' && !quoted
            })
            .map_or(text.len(), |i| i + 1)
    } else {
        memchr::memchr(b'\n', text).map_or(text.len(), |i| i + 1)
    };
    let line = std::str::from_utf8(&text[..end]).unwrap_or("").trim_end();
    let names: Vec<String> = if csv {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let mut rec = csv::StringRecord::new();
        let _ = r.read_record(&mut rec);
        rec.iter().map(|s| s.trim().to_owned()).collect()
    } else {
        line.split('\t').map(|s| s.trim().to_owned()).collect()
    };
    let mut index = Vec::new();
    for &(column, required) in columns(family) {
        match names.iter().position(|n| n.eq_ignore_ascii_case(column)) {
            Some(i) => index.push(i),
            None if !required => index.push(usize::MAX),
            None => {
                return Err(IngestError::Input(Problem::new(
                    Location::file(file).at_line(1),
                    ProblemKind::MissingColumn,
                    format!(
                        "the header has no column {column:?} (is this a {} file?)",
                        family.name()
                    ),
                )))
            }
        }
    }
    let layout = Layout {
        fields: names.len(),
        index,
    };
    Ok((layout, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &[u8], family: Family) -> Vec<(u64, Vec<u8>)> {
        let mut got = Vec::new();
        let mut reader: &[u8] = text;
        let pool = Pool::default();
        let mut send = |b: Block| {
            got.push((b.first_line, b.text));
            true
        };
        let mut out = Out {
            family,
            pool: &pool,
            send: &mut send,
        };
        read_stream("f".into(), &mut reader, &mut out, &mut 0).expect("read");
        got
    }

    #[test]
    fn csv_rows_are_cut_outside_quotes_only() {
        assert_eq!(cut(b"a,\"x\ny\"\nb,c", true), Some(8));
        assert_eq!(cut(b"a,\"x\ny", true), None);
        assert_eq!(cut(b"a\tb\nc", false), Some(4));
    }

    #[test]
    fn a_header_is_read_and_lines_are_counted() {
        let text = b"id,type_of_violence,side_a,side_b,date_start,best\n1,1,A,B,2020-01-01,3\n";
        let got = blocks(text, Family::Ucdp);
        assert_eq!(got, vec![(2, b"1,1,A,B,2020-01-01,3\n".to_vec())]);
    }

    #[test]
    fn a_header_without_a_required_column_is_refused() {
        let mut reader: &[u8] = b"id,side_a\n1,A\n";
        let pool = Pool::default();
        let mut send = |_: Block| true;
        let mut out = Out {
            family: Family::Ucdp,
            pool: &pool,
            send: &mut send,
        };
        let err = read_stream("u.csv".into(), &mut reader, &mut out, &mut 0)
            .expect_err("no type_of_violence");
        assert!(
            err.to_string()
                .starts_with("u.csv:1: the header has no column"),
            "{err}"
        );
    }

    #[test]
    fn gdelt1_files_of_57_columns_are_the_back_file() {
        let row57 = vec!["x"; 57].join("\t");
        assert_eq!(gdelt_layout(Family::Gdelt1, row57.as_bytes()).fields, 57);
        assert_eq!(gdelt_layout(Family::Gdelt1, b"").fields, 58);
    }
}
