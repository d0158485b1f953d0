//! tiegraph's own tables (`actors`, `ties`, `sources`) as Parquet files:
//! one text column per column of the CSV form, an empty cell a null.
//!
//! A Parquet table is read as the CSV text of its cells and handed to the
//! CSV loader, so it meets exactly the checks of `ties.csv` (the loader
//! feeds the one builder); its problems then name the row (1 is the
//! first) where the CSV's name the line.

use std::cell::Cell;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch, RecordBatchReader};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{DataType, Field, Schema};

use crate::error::{Location, Problem, ProblemKind, Problems};

/// A Parquet table as CSV text, and the line where each row starts.
pub(crate) struct AsCsv {
    pub(crate) text: Vec<u8>,
    /// `lines[k]`: the line of the text where row `k + 1` starts.
    pub(crate) lines: Vec<u64>,
}

fn problem(file: &str, row: Option<u64>, e: impl std::fmt::Display) -> Problem {
    let mut at = Location::file(file);
    if let Some(row) = row {
        at = at.at_line(row);
    }
    Problem::new(
        at,
        ProblemKind::Syntax,
        format!("cannot read the Parquet file: {e}"),
    )
}

/// How tiegraph reads Parquet: from the Parquet schema alone. The Arrow
/// schema a writer may embed (`ARROW:schema`) is not decoded: arrow-ipc
/// panics on a type it does not know there, and the text of a cell is the
/// same either way.
fn reader_options() -> parquet::arrow::arrow_reader::ArrowReaderOptions {
    parquet::arrow::arrow_reader::ArrowReaderOptions::new().with_skip_arrow_metadata(true)
}

/// A file's footer the parquet crate would panic on rather than refuse:
/// it asserts, when it comes to read a column chunk, that the chunk's
/// offset and size are not negative (`ColumnChunkMetaData::byte_range`).
fn check_metadata(
    metadata: &parquet::file::metadata::ParquetMetaData,
) -> Result<(), parquet::errors::ParquetError> {
    for (g, group) in metadata.row_groups().iter().enumerate() {
        for column in group.columns() {
            let start = column
                .dictionary_page_offset()
                .unwrap_or(column.data_page_offset());
            if start < 0 || column.compressed_size() < 0 {
                return Err(parquet::errors::ParquetError::General(format!(
                    "column {} of row group {g} has a negative offset or size",
                    column.column_path()
                )));
            }
        }
    }
    Ok(())
}

thread_local! {
    /// Whether this thread is in a call into the parquet crate that
    /// [`guarded`] will catch a panic of.
    static DECODING: Cell<bool> = const { Cell::new(false) };
}

/// Installs a panic hook that keeps quiet about the panics tiegraph
/// catches, and hands every other panic to the hook that was in place.
///
/// The parquet crate still panics on a few malformed files instead of
/// refusing them (a dictionary index wider than 32 bits,
/// apache/arrow-rs#10722; definition levels that run past the page's null
/// mask). tiegraph's Parquet readers catch those panics and refuse the file
/// with a [`Problem`](crate::Problem) naming it, as for any bad file; but the
/// panic hook runs before the panic is caught, so the default hook still
/// prints "thread … panicked at …" (and a backtrace, when
/// `RUST_BACKTRACE` asks) on standard error above the problem. A program
/// that reports problems itself calls this once at start; the `tiegraph`
/// binary does.
///
/// Only panics raised while the parquet crate decodes, under the readers'
/// guard, are kept quiet: a panic in tiegraph's own code, or anywhere
/// else, reaches the previous hook as before.
///
/// ```
/// // A `ties.parquet` the parquet crate panics on (found by fuzzing).
/// let found = std::fs::read("tests/corpus/fuzz/parquet/null-mask-range-past-its-buffer")?;
/// let dir = tempfile::tempdir()?;
/// for stem in ["actors", "sources"] {
///     let csv = format!("tests/fixtures/export/small/{stem}.csv");
///     std::fs::copy(csv, dir.path().join(format!("{stem}.csv")))?;
/// }
/// std::fs::write(dir.path().join("ties.parquet"), &found[1..])?;
///
/// tiegraph::quiet_caught_panics();
/// let err = tiegraph::Dataset::load_dir(dir.path()).unwrap_err();
/// assert!(err.to_string().contains("the Parquet decoder failed on a malformed page"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn quiet_caught_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !DECODING.get() {
            previous(info);
        }
    }));
}

/// Runs `call`, one call into the parquet crate's decoder, and turns a
/// panic inside it into an error message.
///
/// The parquet crate still asserts on some malformed pages instead of
/// refusing them: a dictionary-encoded page that declares an index wider
/// than 32 bits (apache/arrow-rs#10722, fixed upstream in a parquet release
/// that waits on the DataFusion upgrade `Cargo.toml` ties arrow to), or
/// definition levels that run past the page's null mask (found by the
/// `parquet` fuzz target). Those checks sit inside page decoding, where
/// tiegraph cannot make them first without decoding pages itself, and a
/// reader must not panic on any input: so each call into the decoder runs
/// under `catch_unwind`, and such a file is refused like any other bad
/// file. Only the parquet crate's calls are guarded, never tiegraph's own
/// code between them, whose panics stay bugs to fix. While a call runs,
/// [`quiet_caught_panics`]'s hook stays quiet.
fn guarded<T>(call: impl FnOnce() -> T) -> Result<T, String> {
    let outer = DECODING.replace(true);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(call));
    DECODING.set(outer);
    outcome.map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        format!(
            "the Parquet decoder failed on a malformed page ({})",
            crate::escape::terminal::one_line(&what, 200)
        )
    })
}

/// A Parquet file's record batches, each decoded by a [`guarded`] call.
/// An error is the parquet crate's message or the guard's; after one, the
/// batches end.
pub(crate) struct Batches {
    schema: arrow_schema::SchemaRef,
    reader: Option<parquet::arrow::arrow_reader::ParquetRecordBatchReader>,
}

impl Batches {
    /// Opens a Parquet file: its footer read and checked
    /// ([`check_metadata`]), with [`reader_options`].
    pub(crate) fn open<R: parquet::file::reader::ChunkReader + 'static>(
        input: R,
    ) -> Result<Batches, String> {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let builder = guarded(|| {
            ParquetRecordBatchReaderBuilder::try_new_with_options(input, reader_options())
        })?
        .map_err(|e| e.to_string())?;
        check_metadata(builder.metadata()).map_err(|e| e.to_string())?;
        let reader = guarded(|| builder.build())?.map_err(|e| e.to_string())?;
        Ok(Batches {
            schema: reader.schema(),
            reader: Some(reader),
        })
    }

    /// The table's columns.
    pub(crate) fn schema(&self) -> arrow_schema::SchemaRef {
        self.schema.clone()
    }
}

impl Iterator for Batches {
    type Item = Result<RecordBatch, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let reader = self.reader.as_mut()?;
        let next = match guarded(|| reader.next()) {
            Ok(Some(Ok(batch))) => return Some(Ok(batch)),
            Ok(None) => None,
            Ok(Some(Err(e))) => Some(Err(e.to_string())),
            Err(panic) => Some(Err(panic)),
        };
        self.reader = None;
        next
    }
}

/// Reads a Parquet table as CSV text (a header of its column names, then
/// each row's cells as text, nulls empty).
pub(crate) fn read_as_csv(file: std::fs::File, name: &str) -> Result<AsCsv, Problem> {
    let batches = Batches::open(file).map_err(|e| problem(name, None, e))?;
    let schema = batches.schema();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    out.write_record(&header)
        .map_err(|e| problem(name, None, e))?;
    let options = FormatOptions::default();
    let mut lines = Vec::new();
    let mut line = 2u64;
    let mut cells: Vec<String> = vec![String::new(); header.len()];
    for batch in batches {
        let row = lines.len() as u64 + 1;
        let batch = batch.map_err(|e| problem(name, Some(row), e))?;
        let formatters = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| problem(name, Some(row), e))?;
        for i in 0..batch.num_rows() {
            let row = lines.len() as u64 + 1;
            lines.push(line);
            for (cell, f) in cells.iter_mut().zip(&formatters) {
                use std::fmt::Write;
                cell.clear();
                write!(cell, "{}", f.value(i)).map_err(|e| problem(name, Some(row), e))?;
                line += cell.bytes().filter(|&b| b == b'\n').count() as u64;
            }
            line += 1;
            out.write_record(&cells)
                .map_err(|e| problem(name, Some(row), e))?;
        }
    }
    let text = out
        .into_inner()
        .map_err(|e| problem(name, None, e.error()))?;
    Ok(AsCsv { text, lines })
}

/// Problems of tables read with [`read_as_csv`], by their file names,
/// placed at rows instead of lines (the header's: at no row).
pub(crate) fn place_rows(problems: Problems, tables: &[(String, Vec<u64>)]) -> Problems {
    let placed: Vec<Problem> = problems
        .iter()
        .map(|p| {
            let at = p.location();
            let Some((_, lines)) = tables.iter().find(|(n, _)| n == at.file_name()) else {
                return p.clone();
            };
            let mut to = Location::file(at.file_name());
            if let Some(line) = at.line() {
                let row = lines.partition_point(|&start| start <= line) as u64;
                if row > 0 {
                    to = to.at_line(row);
                }
            }
            if let Some(column) = at.column() {
                to = to.in_column(column);
            }
            Problem::new(to, p.kind(), p.message())
        })
        .collect();
    Problems::from_vec(placed).unwrap_or(problems)
}

/// A CSV table (as the CSV writer writes it: a header, then rows) as a
/// Parquet file of text columns, snappy-compressed; empty cells as nulls.
pub(crate) fn csv_to_parquet(csv: &[u8]) -> std::io::Result<Vec<u8>> {
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    let mut reader = csv::ReaderBuilder::new().from_reader(csv);
    let header = reader.headers().map_err(std::io::Error::other)?.clone();
    let mut columns: Vec<StringBuilder> = header.iter().map(|_| StringBuilder::new()).collect();
    for record in reader.records() {
        let record = record.map_err(std::io::Error::other)?;
        for (column, cell) in columns.iter_mut().zip(record.iter()) {
            if cell.is_empty() {
                column.append_null();
            } else {
                column.append_value(cell);
            }
        }
    }
    let schema = Schema::new(
        header
            .iter()
            .map(|h| Field::new(h, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    );
    let arrays: Vec<ArrayRef> = columns
        .iter_mut()
        .map(|c| Arc::new(c.finish()) as ArrayRef)
        .collect();
    let batch = RecordBatch::try_new(Arc::new(schema), arrays).map_err(std::io::Error::other)?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("tiegraph {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), Some(properties))
        .map_err(std::io::Error::other)?;
    writer.write(&batch).map_err(std::io::Error::other)?;
    writer.close().map_err(std::io::Error::other)?;
    Ok(out)
}
