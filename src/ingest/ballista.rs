//! Stage 1 on Apache Ballista (cargo feature `ballista`): the plan of
//! [`stage1_datafusion`](super::stage1_datafusion), with the same table
//! registration, submitted to a Ballista scheduler; the result comes back
//! to this process, which runs stage 2. Only the session differs from the
//! DataFusion engine (see `datafusion.rs`).

use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

use ballista::prelude::{SessionConfigExt, SessionContextExt};

use super::datafusion::{config_and_runtime, engine_error, stage1_on, threads, Cluster};
use super::{EngineOptions, IngestError, IngestOptions, Ingested, PairPeriods};

/// The port Ballista's scheduler listens on unless told otherwise.
const DEFAULT_PORT: u16 = 50050;

/// Checks a scheduler URL: `df://HOST` or `df://HOST:PORT`, as Ballista's
/// clients write it.
fn check_scheduler(url: &str) -> Result<(), IngestError> {
    let usage = || {
        IngestError::Usage(format!(
            "{url}: a Ballista scheduler is named df://HOST:PORT (the port {DEFAULT_PORT} \
             if left out)"
        ))
    };
    let parsed = url::Url::parse(url).map_err(|_| usage())?;
    let bare = parsed.path().is_empty() || parsed.path() == "/";
    if parsed.scheme() != "df" || parsed.host_str().is_none_or(str::is_empty) || !bare {
        return Err(usage());
    }
    Ok(())
}

/// The session that submits the plan: to the scheduler at `scheduler`, or
/// to a scheduler and an executor started in this process (standalone).
///
/// Standalone, the executor runs with [`EngineOptions`]' memory pool,
/// spill folder and partitions. On a cluster those belong to the
/// executors ([`stage1_ballista`] refuses them); `threads` (when not 0)
/// sets the plan's partitions, else Ballista's default.
pub(super) async fn session(
    engine: &EngineOptions,
    scheduler: Option<&str>,
) -> Result<SessionContext, IngestError> {
    match scheduler {
        None => {
            let (config, runtime) = config_and_runtime(engine)?;
            // The adaptive planner re-plans what is left after each stage;
            // on one machine there is nothing to adapt to, and re-planning
            // stage 1's large plan costs more than running it.
            let config = config
                .with_ballista_standalone_parallelism(threads(engine))
                .with_ballista_adaptive_query_planner(false);
            let state = SessionStateBuilder::new()
                .with_default_features()
                .with_config(config)
                .with_runtime_env(runtime)
                .build();
            SessionContext::standalone_with_state(state)
                .await
                .map_err(|e| engine_error("Ballista standalone", e))
        }
        Some(url) => {
            let mut config = SessionConfig::new_with_ballista();
            if engine.threads > 0 {
                config = config.with_target_partitions(engine.threads);
            }
            let state = SessionStateBuilder::new()
                .with_default_features()
                .with_config(config)
                .build();
            SessionContext::remote_with_state(url, state)
                .await
                .map_err(|e| engine_error(url, e))
        }
    }
}

/// Stage 1 (events → pair-periods) on Ballista: the plan of
/// [`stage1_datafusion`](super::stage1_datafusion) submitted to the
/// scheduler at `scheduler` (`df://HOST:PORT`), or with `None` to a
/// scheduler and an executor started in this process for the call
/// (Ballista's standalone mode: no faster than
/// [`stage1_datafusion`](super::stage1_datafusion), a way to check a plan
/// before sending it to a cluster).
///
/// On a cluster the executors read the inputs themselves: local paths must
/// name files on a disk every executor sees at the same path, and URLs an
/// object store the executors are configured to read. Only
/// [`EngineOptions::threads`] applies there (the plan's partitions; 0:
/// Ballista's default); the memory limit and spill folder are the
/// executors' own settings. The plan nests deeper than the 100 levels
/// that `prost`, which decodes it, allows by default: the cluster's
/// scheduler and executors must be built with `prost`'s
/// `no-recursion-limit` feature, as this crate's `ballista` feature
/// builds the standalone ones (`docs/ingest.md`).
///
/// # Errors
///
/// As [`stage1_datafusion`](super::stage1_datafusion);
/// [`IngestError::Usage`] also for a scheduler URL that is not
/// `df://HOST[:PORT]`, and for a memory limit or spill folder with a
/// scheduler; [`IngestError::Input`] for a scheduler that cannot be
/// reached and what the cluster reports.
///
/// # Example
///
/// ```no_run
/// use tiegraph::ingest::{stage1_ballista, EngineOptions, Family, IngestOptions};
///
/// let table = stage1_ballista(
///     &["/shared/gdelt/20240101.export.CSV".to_owned()],
///     &IngestOptions::new(Family::Gdelt2),
///     &EngineOptions::new(),
///     Some("df://scheduler.example.org:50050"),
/// )?;
/// println!("{} pair-periods", table.rows.len());
/// # Ok::<(), tiegraph::ingest::IngestError>(())
/// ```
pub fn stage1_ballista(
    inputs: &[String],
    options: &IngestOptions,
    engine: &EngineOptions,
    scheduler: Option<&str>,
) -> Result<PairPeriods, IngestError> {
    if let Some(url) = scheduler {
        check_scheduler(url)?;
        if engine.memory_limit.is_some() || engine.spill_dir.is_some() {
            return Err(IngestError::Usage(
                "with a Ballista scheduler, the memory limit and the spill folder are the \
                 executors' own settings"
                    .into(),
            ));
        }
    }
    let cluster = Cluster::Ballista(scheduler.map(str::to_owned));
    stage1_on(inputs, options, engine, cluster)
}

/// [`stage1_ballista`] then stage 2 in this process, as
/// [`ingest_datafusion`](super::ingest_datafusion) does (the summary
/// counts the table's rows as rows read and used).
///
/// # Errors
///
/// As [`stage1_ballista`].
pub fn ingest_ballista(
    inputs: &[String],
    options: &IngestOptions,
    engine: &EngineOptions,
    scheduler: Option<&str>,
) -> Result<Ingested, IngestError> {
    let started = std::time::Instant::now();
    let table = stage1_ballista(inputs, options, engine, scheduler)?;
    super::from_table(table, options, started)
}

#[cfg(test)]
mod tests {
    use super::check_scheduler;

    #[test]
    fn scheduler_urls_are_df_host_and_port() {
        assert!(check_scheduler("df://localhost:50050").is_ok());
        assert!(check_scheduler("df://scheduler.example.org").is_ok());
        for bad in [
            "localhost:50050",
            "http://localhost:50050",
            "df://",
            "df://host:50050/path",
            "df://host:port",
        ] {
            let err = check_scheduler(bad).expect_err(bad).to_string();
            assert!(
                err.starts_with(bad) && err.contains("df://HOST:PORT"),
                "{err}"
            );
        }
    }
}
