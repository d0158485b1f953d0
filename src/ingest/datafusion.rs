//! Stage 1 on Apache DataFusion (cargo feature `datafusion`): the
//! DataFusion dialect of [`stage1_sql`](super::stage1_sql), run as a plan
//! over the event files (local paths or object-store URLs, CSV/TSV plain
//! or gzip, or Parquet) on every core, under a memory limit with spilling
//! to disk; its result read back as a [`PairPeriods`] through the same
//! reading as a Parquet table, then stage 2 in process.

use std::path::PathBuf;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{
    cast, ident, CsvReadOptions, DataFrame, Expr, ParquetReadOptions, SessionConfig, SessionContext,
};

use super::{Family, IngestError, IngestOptions, Ingested, PairPeriods};
use crate::{Location, Problem, ProblemKind};

/// The name the inputs are registered under (not `events`: that is a
/// step's name, and the steps read more than once become tables).
const INPUT: &str = "input_events";

/// How DataFusion runs stage 1.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct EngineOptions {
    /// The memory DataFusion's operators may hold before they spill to
    /// disk, in bytes (`None`: no limit).
    pub memory_limit: Option<usize>,
    /// Where spill files go (`None`: the system's temporary folder).
    pub spill_dir: Option<PathBuf>,
    /// Partitions run at once (0: one per core).
    pub threads: usize,
}

impl EngineOptions {
    /// No memory limit, spills to the system's temporary folder, one
    /// partition per core.
    pub fn new() -> EngineOptions {
        EngineOptions::default()
    }

    /// Sets [`EngineOptions::memory_limit`].
    pub fn memory_limit(mut self, bytes: Option<usize>) -> EngineOptions {
        self.memory_limit = bytes;
        self
    }

    /// Sets [`EngineOptions::spill_dir`].
    pub fn spill_dir(mut self, dir: Option<PathBuf>) -> EngineOptions {
        self.spill_dir = dir;
        self
    }

    /// Sets [`EngineOptions::threads`].
    pub fn threads(mut self, n: usize) -> EngineOptions {
        self.threads = n;
        self
    }
}

fn engine_error(what: &str, e: impl std::fmt::Display) -> IngestError {
    IngestError::Input(Problem::new(
        Location::file(what),
        ProblemKind::Io,
        format!("DataFusion: {e}"),
    ))
}

/// The object store a URL names, registered with the session: `s3://`,
/// `gs://`, `az://` (also `abfs://`, `adl://`, `azure://`) with their
/// credentials from the environment as the `object_store` crate reads
/// them (`AWS_*`, `GOOGLE_*`, `AZURE_*`), and `http(s)://`.
fn register_store(ctx: &SessionContext, input: &str) -> Result<(), IngestError> {
    use object_store::aws::AmazonS3Builder;
    use object_store::azure::MicrosoftAzureBuilder;
    use object_store::gcp::GoogleCloudStorageBuilder;
    use object_store::http::HttpBuilder;
    use object_store::ObjectStore;
    let url = url::Url::parse(input).map_err(|e| engine_error(input, e))?;
    let host = url.host_str().unwrap_or_default().to_owned();
    let store: Arc<dyn ObjectStore> = match url.scheme() {
        "s3" | "s3a" => Arc::new(
            AmazonS3Builder::from_env()
                .with_bucket_name(host)
                .build()
                .map_err(|e| engine_error(input, e))?,
        ),
        "gs" => Arc::new(
            GoogleCloudStorageBuilder::from_env()
                .with_bucket_name(host)
                .build()
                .map_err(|e| engine_error(input, e))?,
        ),
        "az" | "abfs" | "abfss" | "adl" | "azure" => Arc::new(
            MicrosoftAzureBuilder::from_env()
                .with_url(input)
                .build()
                .map_err(|e| engine_error(input, e))?,
        ),
        "http" | "https" => Arc::new(
            HttpBuilder::new()
                .with_url(&url[..url::Position::BeforePath])
                .build()
                .map_err(|e| engine_error(input, e))?,
        ),
        other => {
            return Err(IngestError::Usage(format!(
                "{input}: DataFusion reads local paths and s3://, gs://, az:// and \
                 http(s):// URLs, not {other}://"
            )))
        }
    };
    let base =
        url::Url::parse(&url[..url::Position::BeforePath]).map_err(|e| engine_error(input, e))?;
    ctx.register_object_store(&base, store);
    Ok(())
}

/// Whether an input is a URL (a scheme of two letters or more: `C:\` is a
/// path).
fn is_url(input: &str) -> bool {
    input.split_once("://").is_some_and(|(scheme, _)| {
        scheme.len() > 1 && scheme.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// The inputs as one table `events`: files of one kind (CSV plain, CSV
/// gzip, Parquet) read together, the kinds united.
async fn register_events(
    ctx: &SessionContext,
    inputs: &[String],
    family: Family,
) -> Result<(), IngestError> {
    let lower = |s: &str| s.to_ascii_lowercase();
    let parquet: Vec<String> = inputs
        .iter()
        .filter(|f| super::is_parquet(f))
        .cloned()
        .collect();
    let gz: Vec<String> = inputs
        .iter()
        .filter(|f| lower(f).ends_with(".gz"))
        .cloned()
        .collect();
    let plain: Vec<String> = inputs
        .iter()
        .filter(|f| !super::is_parquet(f) && !lower(f).ends_with(".gz"))
        .cloned()
        .collect();
    if let Some(zip) = plain.iter().find(|f| lower(f).ends_with(".zip")) {
        return Err(IngestError::Usage(format!(
            "{zip}: DataFusion does not read .zip files (unzip it, gzip it, or use the \
             built-in engine)"
        )));
    }
    let what = inputs.first().map_or("events", String::as_str);
    let mut frames: Vec<DataFrame> = Vec::new();
    if !parquet.is_empty() {
        let options = ParquetReadOptions::default().file_extension("");
        let frame = ctx
            .read_parquet(parquet, options)
            .await
            .map_err(|e| engine_error(what, e))?;
        // Every column as text, as CSV columns are read: the rules trim
        // and match the fields as text, and a table exported from BigQuery
        // types GDELT's ids, dates and counts as integers.
        let text: Vec<Expr> = frame
            .schema()
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Utf8 => ident(f.name()),
                _ => cast(ident(f.name()), DataType::Utf8).alias(f.name()),
            })
            .collect();
        let frame = frame.select(text).map_err(|e| engine_error(what, e))?;
        frames.push(frame);
    }
    for (files, compression) in [
        (plain, FileCompressionType::UNCOMPRESSED),
        (gz, FileCompressionType::GZIP),
    ] {
        if files.is_empty() {
            continue;
        }
        let delimiter = if matches!(family, Family::Ucdp | Family::Acled) {
            b','
        } else {
            b'\t'
        };
        let base = CsvReadOptions::new()
            .has_header(!family.is_gdelt())
            .delimiter(delimiter)
            .file_extension("")
            .file_compression_type(compression)
            .newlines_in_values(matches!(family, Family::Ucdp | Family::Acled))
            .truncated_rows(true);
        // Every column as text, as the built-in engine reads them (an
        // inferred integer would lose a CAMEO code's leading zero): GDELT
        // has no header and its layout's names; the others' names are
        // their header's.
        let names: Vec<String> = if family.is_gdelt() {
            super::sql::gdelt_columns(family)
                .iter()
                .map(|c| (*c).to_owned())
                .collect()
        } else {
            let inferred = ctx
                .read_csv(files.clone(), base.clone().schema_infer_max_records(1))
                .await
                .map_err(|e| engine_error(what, e))?;
            inferred
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect()
        };
        let schema = Schema::new(
            names
                .iter()
                .map(|n| Field::new(n, DataType::Utf8, true))
                .collect::<Vec<_>>(),
        );
        let frame = ctx
            .read_csv(files, base.schema(&schema))
            .await
            .map_err(|e| engine_error(what, e))?;
        frames.push(frame);
    }
    let mut frames = frames.into_iter();
    let Some(first) = frames.next() else {
        return Err(IngestError::Usage("no input files".into()));
    };
    let all = frames
        .try_fold(first, |all, f| all.union(f))
        .map_err(|e| engine_error(what, e))?;
    ctx.register_table(INPUT, all.into_view())
        .map_err(|e| engine_error(what, e))?;
    Ok(())
}

/// Stage 1 (events → pair-periods) on DataFusion.
///
/// `inputs` are local paths (globs allowed, as DataFusion lists them) or
/// object-store URLs; a name ending in `.parquet` is read as Parquet, in
/// `.gz` as gzip CSV, anything else as the family's CSV or TSV layout.
///
/// # Errors
///
/// [`IngestError::Usage`] for options that do not apply (as
/// [`stage1_sql`](super::stage1_sql) says), `.zip` inputs or an unknown
/// URL scheme; [`IngestError::Input`] for what DataFusion reports
/// (unreadable files, rows with too many fields, the memory limit reached
/// where an operator cannot spill).
pub fn stage1_datafusion(
    inputs: &[String],
    options: &IngestOptions,
    engine: &EngineOptions,
) -> Result<PairPeriods, IngestError> {
    let stages = super::sql::stage1_stages(options, INPUT)?;
    let threads = match engine.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let mut runtime = RuntimeEnvBuilder::new();
    if let Some(limit) = engine.memory_limit {
        runtime = runtime.with_memory_pool(Arc::new(FairSpillPool::new(limit)));
    }
    if let Some(dir) = &engine.spill_dir {
        runtime = runtime.with_temp_file_path(dir);
    }
    let runtime = runtime
        .build_arc()
        .map_err(|e| engine_error("DataFusion", e))?;
    // DataFusion's own settings can be tuned through its `DATAFUSION_*`
    // environment variables (they change plans, not results).
    let mut config = SessionConfig::from_env()
        .map_err(|e| engine_error("DataFusion", e))?
        .with_target_partitions(threads);
    // The steps kept between stages are read back as written: text stays
    // Utf8, as the mapping tables and the result's reader have it.
    config
        .options_mut()
        .execution
        .parquet
        .schema_force_view_types = false;
    // Steps read more than once are kept as Parquet files in a folder of
    // their own in the spill folder (removed at the end): on disk, so they
    // hold no memory between stages.
    let mut kept = tempfile::Builder::new();
    kept.prefix("tiegraph-stage1-");
    let kept = match &engine.spill_dir {
        Some(dir) => kept.tempdir_in(dir),
        None => kept.tempdir(),
    }
    .map_err(|e| engine_error("DataFusion", e))?;
    let kept_dir = kept.path().to_path_buf();
    let ctx = SessionContext::new_with_config_rt(config, runtime);
    for input in inputs.iter().filter(|i| is_url(i)) {
        register_store(&ctx, input)?;
    }
    // DataFusion plans and optimises the query's deep expressions
    // recursively: its threads, and the one that plans, get a large stack
    // (reserved, not used, unless the plan needs it).
    const STACK: usize = 256 << 20;
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .thread_stack_size(STACK)
        .enable_all()
        .build()
        .map_err(|e| engine_error("DataFusion", e))?;
    let what = inputs.first().map_or("events", String::as_str);
    let family = options.family;
    let run = move || {
        tokio.block_on(async {
            register_events(&ctx, inputs, family).await?;
            let mut result = None;
            for (name, sql) in &stages {
                if name.is_none() {
                    // The last stage's hash joins partitioned by their
                    // keys, no side collected whole: at ten million
                    // events its joins, each collecting the rows of the
                    // join before as its build side, grew past 24 GB under
                    // an 8 GB limit until the system killed the process.
                    // (Not the earlier stages': there a mapping table is
                    // the side collected, and partitioned joins would
                    // build on the events.)
                    for option in [
                        "hash_join_single_partition_threshold",
                        "hash_join_single_partition_threshold_rows",
                    ] {
                        ctx.sql(&format!("SET datafusion.optimizer.{option} = 0"))
                            .await
                            .map_err(|e| engine_error(what, e))?;
                    }
                }
                let frame = ctx.sql(sql).await.map_err(|e| engine_error(what, e))?;
                let Some(name) = name else {
                    let schema = frame.schema().as_arrow().clone();
                    let batches = frame.collect().await.map_err(|e| engine_error(what, e))?;
                    result = Some((schema, batches));
                    continue;
                };
                // A folder (the trailing `/`): one file per partition, none
                // when the step has no rows; read back with the step's
                // schema, so an empty folder is an empty table.
                let folder = format!("{}/{name}/", kept_dir.display());
                std::fs::create_dir_all(&folder).map_err(|e| engine_error(what, e))?;
                let schema = frame.schema().as_arrow().clone();
                frame
                    .write_parquet(&folder, DataFrameWriteOptions::new(), None)
                    .await
                    .map_err(|e| engine_error(what, e))?;
                let read = ParquetReadOptions::default().schema(&schema);
                ctx.register_parquet(name, &folder, read)
                    .await
                    .map_err(|e| engine_error(what, e))?;
            }
            result.ok_or_else(|| engine_error(what, "stage 1 has no result"))
        })
    };
    let (schema, batches) = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(scope, run)
            .map_err(|e| engine_error("DataFusion", e))?
            .join()
            .unwrap_or_else(|_| Err(engine_error(what, "the planning thread panicked")))
    })?;
    super::table_arrow::from_batches(&schema, batches.into_iter().map(Ok), "DataFusion's result")
}

/// [`stage1_datafusion`] then stage 2, as [`ingest`](super::ingest) does
/// with the built-in stage 1 (the summary counts the table's rows as rows
/// read and used: DataFusion does not count skipped rows by reason).
///
/// # Errors
///
/// As [`stage1_datafusion`].
pub fn ingest_datafusion(
    inputs: &[String],
    options: &IngestOptions,
    engine: &EngineOptions,
) -> Result<Ingested, IngestError> {
    let started = std::time::Instant::now();
    let table = stage1_datafusion(inputs, options, engine)?;
    super::from_table(table, options, started)
}
