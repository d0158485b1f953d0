//! tiegraph's own tables (`actors`, `ties`, `sources`) as Parquet files:
//! one text column per column of the CSV form, an empty cell a null.
//!
//! A Parquet table is read as the CSV text of its cells and handed to the
//! CSV loader, so it meets exactly the checks of `ties.csv` (the loader
//! feeds the one builder); its problems then name the row (1 is the
//! first) where the CSV's name the line.

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
pub(crate) fn reader_options() -> parquet::arrow::arrow_reader::ArrowReaderOptions {
    parquet::arrow::arrow_reader::ArrowReaderOptions::new().with_skip_arrow_metadata(true)
}

/// A file's footer the parquet crate would panic on rather than refuse:
/// it asserts, when it comes to read a column chunk, that the chunk's
/// offset and size are not negative (`ColumnChunkMetaData::byte_range`).
pub(crate) fn check_metadata(
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

/// Runs `read`, which decodes a Parquet file, and turns a panic inside the
/// parquet crate into the error `on_panic` makes of its message.
///
/// The parquet crate still asserts on some malformed pages instead of
/// refusing them: a dictionary-encoded page that declares an index wider
/// than 32 bits (apache/arrow-rs#10722, fixed upstream in a parquet release
/// that waits on the DataFusion upgrade `Cargo.toml` ties arrow to). That
/// check sits inside page decoding, where tiegraph cannot make it first
/// without decoding pages itself, and a reader must not panic on any
/// input: so the decoding runs under `catch_unwind`, and such a file is
/// refused like any other bad file. (The panic hook still prints the
/// crate's message on standard error.)
pub(crate) fn guard_decoder<T, E>(
    read: impl FnOnce() -> Result<T, E>,
    on_panic: impl FnOnce(String) -> E,
) -> Result<T, E> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Err(on_panic(format!(
            "the Parquet decoder failed on a malformed page ({})",
            crate::escape::terminal::one_line(&what, 200)
        )))
    })
}

/// Reads a Parquet table as CSV text (a header of its column names, then
/// each row's cells as text, nulls empty).
pub(crate) fn read_as_csv(file: std::fs::File, name: &str) -> Result<AsCsv, Problem> {
    guard_decoder(|| decode_as_csv(file, name), |e| problem(name, None, e))
}

/// [`read_as_csv`], unguarded.
fn decode_as_csv(file: std::fs::File, name: &str) -> Result<AsCsv, Problem> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let reader = ParquetRecordBatchReaderBuilder::try_new_with_options(file, reader_options())
        .and_then(|b| check_metadata(b.metadata()).map(|()| b))
        .and_then(|b| b.build())
        .map_err(|e| problem(name, None, e))?;
    let schema = reader.schema();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    out.write_record(&header)
        .map_err(|e| problem(name, None, e))?;
    let options = FormatOptions::default();
    let mut lines = Vec::new();
    let mut line = 2u64;
    let mut cells: Vec<String> = vec![String::new(); header.len()];
    for batch in reader {
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
