//! The pair-periods table as Arrow record batches and Parquet files: the
//! way in from engines that write Parquet (DataFusion, DuckDB, Spark,
//! BigQuery exports) and the way out to them.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{DataType, Field, Schema};

use super::table::table_problem;
use super::table_read::TableReader;
use super::{IngestError, PairPeriods, PAIR_PERIOD_COLUMNS};

/// The Arrow type of a column of the table.
fn column_type(column: &str) -> DataType {
    match column {
        "directed" => DataType::Boolean,
        "events" | "pair_events" | "mentions" | "goldstein_tenths" => DataType::Int64,
        c if c.ends_with("_weight") => DataType::Float64,
        _ => DataType::Utf8,
    }
}

/// The schema [`PairPeriods::write_parquet`] writes: the CSV form's
/// columns in order, counts as 64-bit integers, `directed` as a boolean,
/// weights as doubles, the rest as text (empty cells as nulls).
pub fn pair_period_schema() -> Schema {
    let fields: Vec<Field> = PAIR_PERIOD_COLUMNS
        .iter()
        .map(|c| {
            let required = matches!(
                *c,
                "a" | "b" | "directed" | "period" | "kind" | "events" | "pair_events"
            );
            Field::new(*c, column_type(c), !required)
        })
        .collect();
    Schema::new(fields)
}

fn parquet_error(file: &str, e: impl std::fmt::Display) -> IngestError {
    table_problem(file, 0, "", format!("cannot read the Parquet file: {e}"))
}

impl PairPeriods {
    /// The table as one Arrow record batch of [`pair_period_schema`].
    ///
    /// # Errors
    ///
    /// None in practice: Arrow's check that the columns fit the schema.
    pub fn to_record_batch(&self) -> Result<RecordBatch, arrow_schema::ArrowError> {
        let mut cells = Vec::with_capacity(PAIR_PERIOD_COLUMNS.len());
        let mut columns: Vec<Column> = PAIR_PERIOD_COLUMNS
            .iter()
            .map(|c| Column::new(column_type(c)))
            .collect();
        for r in &self.rows {
            cells.clear();
            self.row_cells(r, &mut cells);
            for (column, cell) in columns.iter_mut().zip(&cells) {
                column.push(cell);
            }
        }
        let arrays: Vec<ArrayRef> = columns.into_iter().map(Column::finish).collect();
        RecordBatch::try_new(Arc::new(pair_period_schema()), arrays)
    }

    /// Writes the table as a Parquet file (snappy-compressed) of
    /// [`pair_period_schema`].
    ///
    /// # Errors
    ///
    /// The writer's errors.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::ingest::{ingest_readers, Family, IngestOptions, PairPeriods};
    ///
    /// let row = |id: u32, day: u32| {
    ///     let mut f = vec![""; 61];
    ///     let (id, date) = (id.to_string(), format!("201706{day:02}"));
    ///     f[0] = &id; f[1] = &date; f[7] = "PAK"; f[17] = "AFG";
    ///     f[26] = "190"; f[28] = "19"; f[29] = "4"; f[31] = "4";
    ///     f.join("\t") + "\n"
    /// };
    /// let file = [row(1, 2), row(2, 9), row(3, 20)].concat();
    /// let out = ingest_readers(
    ///     vec![("june.export.CSV".into(), Box::new(std::io::Cursor::new(file)))],
    ///     &IngestOptions::new(Family::Gdelt2),
    /// )?;
    /// let mut file = tempfile::tempfile()?;
    /// out.pair_periods.write_parquet(&mut file)?;
    /// let back = PairPeriods::read_parquet(file, "pp.parquet")?;
    /// assert_eq!(back, out.pair_periods);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_parquet<W: std::io::Write + Send>(&self, out: W) -> std::io::Result<()> {
        use parquet::arrow::ArrowWriter;
        use parquet::basic::Compression;
        use parquet::file::properties::WriterProperties;
        let batch = self.to_record_batch().map_err(std::io::Error::other)?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("tiegraph {}", env!("CARGO_PKG_VERSION")))
            .build();
        let mut writer = ArrowWriter::try_new(out, batch.schema(), Some(properties))
            .map_err(std::io::Error::other)?;
        writer.write(&batch).map_err(std::io::Error::other)?;
        writer.close().map_err(std::io::Error::other)?;
        Ok(())
    }

    /// Reads a pair-periods table from Parquet (as written by
    /// [`PairPeriods::write_parquet`], or by any engine with the same
    /// column names, in any order and of any type whose text is the CSV
    /// form's).
    ///
    /// # Errors
    ///
    /// [`IngestError::Input`] naming the file, the row (1 is the first)
    /// and the column of the first bad cell. A file the parquet crate
    /// panics on is refused the same way (see
    /// [`quiet_caught_panics`](crate::quiet_caught_panics)); `input` is
    /// read inside that guard, so a panic of its own is reported so too.
    pub fn read_parquet<R: parquet::file::reader::ChunkReader + 'static>(
        input: R,
        file: &str,
    ) -> Result<PairPeriods, IngestError> {
        let batches = crate::io::ParquetBatches::open(input).map_err(|e| parquet_error(file, e))?;
        let schema = batches.schema();
        from_batches(
            &schema,
            batches.map(|b| b.map_err(|e| parquet_error(file, e))),
            file,
        )
    }
}

/// A table from record batches of its columns (any order, any types whose
/// text is the CSV form's): problems name the row, 1 being the first.
pub(crate) fn from_batches(
    schema: &Schema,
    batches: impl Iterator<Item = Result<RecordBatch, IngestError>>,
    file: &str,
) -> Result<PairPeriods, IngestError> {
    let names = schema.fields().iter().map(|f| f.name().as_str());
    let mut reader = TableReader::new(names, file, 0)?;
    let options = FormatOptions::default();
    let mut row = 0u64;
    let mut record = csv::StringRecord::new();
    let mut text = String::new();
    for batch in batches {
        let batch = batch?;
        let formatters = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| table_problem(file, row + 1, "", e.to_string()))?;
        for i in 0..batch.num_rows() {
            row += 1;
            record.clear();
            for f in &formatters {
                text.clear();
                use std::fmt::Write;
                write!(text, "{}", f.value(i))
                    .map_err(|e| table_problem(file, row, "", e.to_string()))?;
                record.push_field(&text);
            }
            reader.row(&record, row)?;
        }
    }
    Ok(reader.finish())
}

/// One column being built from the CSV form's cells.
enum Column {
    Text(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
}

impl Column {
    fn new(kind: DataType) -> Column {
        match kind {
            DataType::Int64 => Column::Int(Int64Builder::new()),
            DataType::Float64 => Column::Float(Float64Builder::new()),
            DataType::Boolean => Column::Bool(BooleanBuilder::new()),
            _ => Column::Text(StringBuilder::new()),
        }
    }

    /// A cell as the CSV form writes it: an empty one is a null, and the
    /// others parse, being written from numbers and booleans.
    fn push(&mut self, cell: &str) {
        match self {
            Column::Text(b) if cell.is_empty() => b.append_null(),
            Column::Text(b) => b.append_value(cell),
            Column::Int(b) => b.append_option(cell.parse().ok()),
            Column::Float(b) => b.append_option(cell.parse().ok()),
            Column::Bool(b) => b.append_option(cell.parse().ok()),
        }
    }

    fn finish(self) -> ArrayRef {
        match self {
            Column::Text(mut b) => Arc::new(b.finish()),
            Column::Int(mut b) => Arc::new(b.finish()),
            Column::Float(mut b) => Arc::new(b.finish()),
            Column::Bool(mut b) => Arc::new(b.finish()),
        }
    }
}
