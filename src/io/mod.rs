//! Loading and saving datasets: a folder of CSV files, CSV readers, or one
//! JSON document.
//!
//! (Over 600 lines with its tests: the tests of the two-thread tie reader
//! against the one-thread one need the crate-private entry points.)

mod build;
mod csv;
pub mod fields;
mod json;
mod parquet;
pub use self::parquet::quiet_caught_panics;
pub(crate) use self::parquet::Batches as ParquetBatches;
mod records;
mod write;

pub use self::csv::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_FILE_BYTES, MAX_RECORD_BYTES, MAX_ROWS};
pub(crate) use self::json::serde_error as json_serde_error;
pub(crate) use self::json::{ActorRow, SourceRow, TieRow};
pub use self::records::{ActorRecord, DatasetBuilder, SourceRecord, TieRecord};
pub(crate) use self::records::{Moves, TextRows, RECORDS_FILE};
pub(crate) use self::write::create_folder;
pub use self::write::{write_atomic, write_atomic_with, FileSet};

/// The most problems a failed load reports. A loader that reaches it stops
/// reading, so that a huge broken file cannot fill the memory with
/// messages; the list then ends with a note saying so.
pub const MAX_PROBLEMS: usize = 1000;

/// The most sources one tie cites. Each citation is listed in the tie's
/// tooltips and in the report: more would not be read by anyone.
pub const MAX_CITATIONS: usize = 256;

/// The most aliases one actor row (one phase) gives.
pub const MAX_ALIASES: usize = 256;

/// The most aliases one actors file (or JSON document) gives, all rows
/// together: each is kept in memory as its own string.
pub const MAX_FILE_ALIASES: usize = 1_000_000;

/// The most non-empty custom (`x_`) values one file (or JSON document)
/// gives, all rows and columns together: each is kept in memory with its
/// column name, about 120 bytes, so this bounds them to about 250 MB.
pub const MAX_EXTRA_VALUES: u64 = 2_000_000;

/// A `ties.csv` at least this large is read in two parts at once.
const PARALLEL_MIN_BYTES: u64 = 4 << 20;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Problem, ProblemKind, Problems, Result};
use crate::model::Dataset;
use build::Builder;

fn invalid(problems: Problems) -> Error {
    problems.into()
}

/// Refuses, before opening it, a path that is not a regular file: opening
/// a FIFO waits for a writer (for ever, if none comes), and a device or
/// socket is no dataset either.
fn regular_file(path: &Path) -> std::result::Result<(), Problem> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => Err(Problem::new(
            Location::file(path.display().to_string()),
            ProblemKind::Io,
            "cannot read the file: it is not a regular file (a FIFO, device or socket)",
        )),
        _ => Ok(()),
    }
}

fn open(path: &Path, builder: &mut Builder) -> Option<std::fs::File> {
    if let Err(p) = regular_file(path) {
        builder.problem(p);
        return None;
    }
    let file = std::fs::File::open(path).and_then(|f| f.metadata().map(|m| (f, m)));
    match file {
        // Refused before reading: a file this large would not fit in memory
        // once loaded (and a sparse one reads as gigabytes of zeros).
        Ok((_, meta)) if meta.len() > MAX_FILE_BYTES => {
            builder.problem(too_large(path, meta.len()));
            None
        }
        Ok((f, _)) => Some(f),
        Err(e) => {
            builder.problem(Problem::new(
                Location::file(path.display().to_string()),
                ProblemKind::Io,
                format!("cannot read the file: {e}"),
            ));
            None
        }
    }
}

fn too_large(path: &Path, len: u64) -> Problem {
    Problem::new(
        Location::file(path.display().to_string()),
        ProblemKind::TooLarge,
        format!("the file is {len} bytes long, more than the {MAX_FILE_BYTES} tiegraph reads"),
    )
}

/// How a dataset is loaded: [`Dataset::load_dir_with`] and
/// [`Dataset::load_with`]. The defaults are those of [`Dataset::load_dir`].
///
/// Marked non-exhaustive so that options can be added: make one with
/// [`LoadOptions::new`] (or `default()`) and its setters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadOptions {
    /// The most threads the loader uses, the caller's included: 1 reads on
    /// the caller's thread alone. Default: the machine's cores.
    pub threads: usize,
    /// A `ties.csv` at least this many bytes long is read in two parts at
    /// once (when `threads` is at least 2). Default: 4 MiB.
    pub parallel_from: u64,
    /// What to do with a tie in force while one of its actors is not.
    /// Default: [`PhaseRule::Strict`].
    pub phases: PhaseRule,
}

/// What loading does with a tie in force while one of its actors is not
/// (rule R6 of `docs/format.md`, `--phases strict|clip`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PhaseRule {
    /// It is an error: the dataset does not load.
    #[default]
    Strict,
    /// The tie is cut to the part inside its actors' phases (the longest
    /// stretch, the earliest of equally long ones), or dropped when there
    /// is none; each is a warning ([`Dataset::clipping`]).
    Clip,
}

impl PhaseRule {
    /// `strict` or `clip`.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseRule::Strict => "strict",
            PhaseRule::Clip => "clip",
        }
    }
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            parallel_from: PARALLEL_MIN_BYTES,
            phases: PhaseRule::Strict,
        }
    }
}

impl LoadOptions {
    /// The default options.
    pub fn new() -> LoadOptions {
        LoadOptions::default()
    }

    /// At most `n` threads (0 counts as 1).
    pub fn threads(mut self, n: usize) -> LoadOptions {
        self.threads = n.max(1);
        self
    }

    /// Reads `ties.csv` in parts from `bytes` bytes on (0: always).
    pub fn parallel_from(mut self, bytes: u64) -> LoadOptions {
        self.parallel_from = bytes;
        self
    }

    /// What to do with ties outside their actors' phases.
    pub fn phases(mut self, rule: PhaseRule) -> LoadOptions {
        self.phases = rule;
        self
    }
}

impl Dataset {
    /// Loads `actors.csv`, `ties.csv` and, if present, `sources.csv` from a folder.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) listing every problem found in any of the files,
    /// each with file, line and column. Nothing is returned unless the whole
    /// dataset is valid.
    ///
    /// # Performance
    ///
    /// A `ties.csv` of 4 MiB or more is read in two parts at once when the
    /// machine has two cores, with the same result (dataset, problems and
    /// their order) as reading it on one thread. A million ties take about
    /// half a second and 180 MB (see `docs/performance.md`).
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Dataset> {
        Dataset::load_dir_with(dir, &LoadOptions::default())
    }

    /// [`Dataset::load_dir`] with [`LoadOptions`]: how many threads the
    /// loader may use, and from what size `ties.csv` is read in parts.
    ///
    /// ```
    /// # let dir = tempfile::tempdir()?;
    /// # tiegraph::default_dataset().save_dir(dir.path())?;
    /// use tiegraph::{Dataset, LoadOptions};
    ///
    /// // On the caller's thread only, whatever the file's size.
    /// let one = Dataset::load_dir_with(dir.path(), &LoadOptions::new().threads(1))?;
    /// // In two parts even when small: the same dataset.
    /// let two = Dataset::load_dir_with(dir.path(), &LoadOptions::new().threads(2).parallel_from(0))?;
    /// assert_eq!(one.to_json(false), two.to_json(false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Dataset::load_dir`].
    pub fn load_dir_with(dir: impl AsRef<Path>, options: &LoadOptions) -> Result<Dataset> {
        let dir = dir.as_ref();
        let mut builder = Builder::new();
        builder.clip = options.phases == PhaseRule::Clip;
        if let Ok(m) = std::fs::metadata(dir) {
            if !m.is_dir() {
                builder.problem(Problem::new(
                    Location::file(dir.display().to_string()),
                    ProblemKind::Io,
                    "cannot read the dataset: it is not a folder",
                ));
                return builder.finish().map_err(invalid);
            }
        }
        let path = |name: &str| -> (PathBuf, String) {
            let p = dir.join(name);
            let shown = p.display().to_string();
            (p, shown)
        };
        // A table in Parquet (`ties.parquet`) where its CSV file is absent.
        let mut parquet_rows: Vec<(String, Vec<u64>)> = Vec::new();
        // `None` when there is no such table (or a CSV file takes its
        // place); `Some(None)` when it could not be read, its problem
        // recorded (its rows are then not read, and not reported empty).
        let mut from_parquet =
            |stem: &str, builder: &mut Builder| -> Option<Option<(Vec<u8>, String)>> {
                let (csv_path, _) = path(&format!("{stem}.csv"));
                let (p, name) = path(&format!("{stem}.parquet"));
                if csv_path.exists() || !p.exists() {
                    return None;
                }
                let Some(f) = open(&p, builder) else {
                    return Some(None);
                };
                match parquet::read_as_csv(f, &name) {
                    Ok(t) => {
                        parquet_rows.push((name.clone(), t.lines));
                        Some(Some((t.text, name)))
                    }
                    Err(problem) => {
                        builder.problem(problem);
                        Some(None)
                    }
                }
            };
        match from_parquet("actors", &mut builder) {
            Some(Some((text, name))) => csv::read_actors(&text[..], &name, &mut builder),
            Some(None) => {}
            None => {
                let (actors, actors_name) = path("actors.csv");
                if let Some(f) = open(&actors, &mut builder) {
                    csv::read_actors(std::io::BufReader::new(f), &actors_name, &mut builder);
                }
            }
        }
        let (sources, sources_name) = path("sources.csv");
        match from_parquet("sources", &mut builder) {
            Some(Some((text, name))) => csv::read_sources(&text[..], &name, &mut builder),
            Some(None) => {}
            None if sources.exists() => {
                if let Some(f) = open(&sources, &mut builder) {
                    csv::read_sources(std::io::BufReader::new(f), &sources_name, &mut builder);
                }
            }
            None => builder.missing_sources = Some("sources.csv"),
        }
        match from_parquet("ties", &mut builder) {
            Some(Some((text, name))) => csv::read_ties(&text[..], &name, &mut builder),
            Some(None) => {}
            None => {
                let (ties, ties_name) = path("ties.csv");
                if let Some(f) = open(&ties, &mut builder) {
                    csv::read_ties_file(f, &ties, &ties_name, &mut builder, options);
                }
            }
        }
        builder
            .finish()
            .map_err(|problems| invalid(parquet::place_rows(problems, &parquet_rows)))
    }

    /// Loads a dataset from CSV readers, for embedders whose data is not in
    /// files. Errors name the files `actors.csv`, `ties.csv` and `sources.csv`.
    ///
    /// # Errors
    ///
    /// As [`Dataset::load_dir`].
    pub fn from_csv<A: Read, T: Read, S: Read>(
        actors: A,
        ties: T,
        sources: Option<S>,
    ) -> Result<Dataset> {
        Dataset::from_csv_with(actors, ties, sources, &LoadOptions::new().threads(1))
    }

    /// [`Dataset::from_csv`] with [`LoadOptions`] (of which only
    /// [`LoadOptions::phases`] applies: the readers are read on one thread).
    ///
    /// # Errors
    ///
    /// As [`Dataset::load_dir`].
    pub fn from_csv_with<A: Read, T: Read, S: Read>(
        actors: A,
        ties: T,
        sources: Option<S>,
        options: &LoadOptions,
    ) -> Result<Dataset> {
        let mut builder = Builder::new();
        builder.clip = options.phases == PhaseRule::Clip;
        csv::read_actors(actors, "actors.csv", &mut builder);
        match sources {
            Some(s) => csv::read_sources(s, "sources.csv", &mut builder),
            None => builder.missing_sources = Some("sources.csv"),
        }
        csv::read_ties(ties, "ties.csv", &mut builder);
        builder.finish().map_err(invalid)
    }

    /// Loads a dataset from a JSON document (see [`Dataset::to_json`] for
    /// its shape). Errors name the file `dataset.json` and the field path.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) listing every problem: JSON syntax and types, then
    /// every validation problem of the rows.
    pub fn from_json_str(json: &str) -> Result<Dataset> {
        Dataset::from_json_named(json, "dataset.json")
    }

    /// As [`Dataset::from_json_str`], naming the input `file` in errors.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_json_str`].
    pub fn from_json_named(json: &str, file: &str) -> Result<Dataset> {
        Dataset::from_json_named_with(json, file, PhaseRule::Strict)
    }

    fn from_json_named_with(json: &str, file: &str, phases: PhaseRule) -> Result<Dataset> {
        let mut builder = Builder::new();
        builder.clip = phases == PhaseRule::Clip;
        json::read(json, file, &mut builder);
        builder.finish().map_err(invalid)
    }

    /// Loads a JSON dataset file.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_json_str`], or an unreadable file.
    pub fn load_json(path: impl AsRef<Path>) -> Result<Dataset> {
        Dataset::load_text(path.as_ref(), Dataset::from_json_named)
    }

    /// Loads a dataset from a path, choosing the reader by its name: a file
    /// ending in `.graphml` is read as tiegraph's own GraphML export
    /// ([`crate::export::read_graphml`]), `.jgf` or `.jgf.json` as its JSON
    /// Graph Format export ([`crate::export::read_jgf`]), any other file as
    /// a JSON dataset, and a folder as CSV files ([`Dataset::load_dir`]).
    ///
    /// # Errors
    ///
    /// As the reader chosen, or an unreadable file.
    pub fn load(path: impl AsRef<Path>) -> Result<Dataset> {
        let path = path.as_ref();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".graphml") {
            Dataset::load_text(path, crate::export::read_graphml_named)
        } else if name.ends_with(".jgf") || name.ends_with(".jgf.json") {
            Dataset::load_text(path, crate::export::read_jgf_named)
        } else if path.is_file() || name.ends_with(".json") {
            Dataset::load_json(path)
        } else {
            Dataset::load_dir(path)
        }
    }

    /// [`Dataset::load`] with [`LoadOptions`]: the threads apply to a
    /// folder of CSV files (the other readers use one thread), the rule for
    /// phases to every reader.
    ///
    /// # Errors
    ///
    /// As [`Dataset::load`].
    pub fn load_with(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Dataset> {
        let path = path.as_ref();
        let rule = options.phases;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".graphml") {
            Dataset::load_text(path, |t, f| crate::export::read_graphml_with(t, f, rule))
        } else if name.ends_with(".jgf") || name.ends_with(".jgf.json") {
            Dataset::load_text(path, |t, f| crate::export::read_jgf_with(t, f, rule))
        } else if path.is_file() || name.ends_with(".json") {
            Dataset::load_text(path, |t, f| Dataset::from_json_named_with(t, f, rule))
        } else {
            Dataset::load_dir_with(path, options)
        }
    }

    /// Reads a text file (within the size limit, as UTF-8) and parses it
    /// with `parse(text, file name)`.
    fn load_text(
        path: &Path,
        parse: impl FnOnce(&str, &str) -> Result<Dataset>,
    ) -> Result<Dataset> {
        let name = path.display().to_string();
        let one =
            |p: Problem| invalid(Problems::from_vec(vec![p]).unwrap_or_else(|| unreachable!()));
        regular_file(path).map_err(one)?;
        let mut bytes = Vec::new();
        let read = std::fs::File::open(path).and_then(|f| {
            let len = f.metadata()?.len();
            if len > MAX_FILE_BYTES {
                return Ok(Some(len));
            }
            // Room for the whole file at once: no copies while it grows.
            bytes.reserve_exact(len as usize + 1);
            // `take`: a file that grows, or a device, stops at the limit too.
            f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
            Ok((bytes.len() as u64 > MAX_FILE_BYTES).then_some(bytes.len() as u64))
        });
        match read {
            Ok(None) => {}
            Ok(Some(len)) => return Err(one(too_large(path, len))),
            Err(e) => {
                return Err(one(Problem::new(
                    Location::file(name),
                    ProblemKind::Io,
                    format!("cannot read the file: {e}"),
                )))
            }
        }
        match String::from_utf8(bytes) {
            Ok(text) => parse(&text, &name),
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let line = 1 + bytes[..bad].iter().filter(|&&b| b == b'\n').count() as u64;
                let column = 1 + bad
                    - bytes[..bad]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1);
                Err(one(Problem::new(
                    Location::file(name).at_line(line),
                    ProblemKind::Encoding,
                    format!("the text is not UTF-8 (bad byte at column {column})"),
                )))
            }
        }
    }

    /// The dataset as one JSON document: `{"actors": […], "ties": […],
    /// "sources": […]}` with one object per CSV row, in the same fields.
    /// Loading it back gives an equal dataset.
    pub fn to_json(&self, pretty: bool) -> String {
        json::to_string(self, pretty)
    }

    /// Writes the dataset as CSV to three writers (`sources` is skipped when `None`).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_csv<A: Write, T: Write, S: Write>(
        &self,
        actors: A,
        ties: T,
        sources: Option<S>,
    ) -> std::io::Result<()> {
        csv::write(self, actors, ties, sources).map_err(std::io::Error::other)
    }

    /// Writes some actors' phases in the `actors.csv` format (with a header).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_actors_csv<'a, W: Write>(
        &self,
        rows: impl Iterator<Item = (&'a crate::Actor, &'a crate::Phase)>,
        out: W,
    ) -> std::io::Result<()> {
        csv::write_actor_rows(self, rows, out).map_err(std::io::Error::other)
    }

    /// Writes some ties in the `ties.csv` format (with a header), e.g. the
    /// ties of a snapshot; the output loads back with the actors.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_ties_csv<'a, W: Write>(
        &self,
        ties: impl Iterator<Item = &'a crate::Tie>,
        out: W,
    ) -> std::io::Result<()> {
        csv::write_tie_rows(self, ties, out).map_err(std::io::Error::other)
    }

    /// Saves the dataset as `actors.csv`, `ties.csv` and `sources.csv` in a
    /// folder (created if needed), as one [`FileSet`]: all three files are
    /// finished before any is replaced, `actors.csv` last.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Write`](crate::ErrorKind::Write) naming the file that could not be written.
    pub fn save_dir(&self, dir: impl AsRef<Path>) -> Result<()> {
        let dir = dir.as_ref();
        let [a, t, s] = self.tables_for(dir)?;
        let mut set = FileSet::new();
        set.add(&dir.join("sources.csv"), &s)?;
        set.add(&dir.join("ties.csv"), &t)?;
        set.add(&dir.join("actors.csv"), &a)?;
        set.commit()
    }

    /// Creates `dir` if needed and writes the three tables as CSV text in
    /// memory (actors, ties, sources): what [`Dataset::save_dir`] and
    /// [`Dataset::save_parquet_dir`] then save.
    fn tables_for(&self, dir: &Path) -> Result<[Vec<u8>; 3]> {
        create_folder(dir)?;
        let (mut a, mut t, mut s) = (Vec::new(), Vec::new(), Vec::new());
        self.write_csv(&mut a, &mut t, Some(&mut s))
            .map_err(|source| Error::write(dir, source))?;
        Ok([a, t, s])
    }

    /// Writes `actors.parquet`, `ties.parquet` and `sources.parquet` into
    /// `dir` (created if needed): the columns of the CSV files, as text,
    /// empty cells as nulls. [`Dataset::load_dir`] reads them back (each
    /// table where its CSV file is absent), with the same checks; its
    /// problems then name the row of the Parquet table (1 is the first).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Write`](crate::ErrorKind::Write) naming what could not be written.
    ///
    /// # Example
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let data = tiegraph::default_dataset();
    /// data.save_parquet_dir(dir.path())?;
    /// assert!(dir.path().join("ties.parquet").exists());
    /// assert_eq!(&tiegraph::Dataset::load_dir(dir.path())?, data);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save_parquet_dir(&self, dir: impl AsRef<Path>) -> Result<()> {
        let dir = dir.as_ref();
        let [a, t, s] = self.tables_for(dir)?;
        let mut set = FileSet::new();
        for (stem, csv) in [("sources", &s), ("ties", &t), ("actors", &a)] {
            let path = dir.join(format!("{stem}.parquet"));
            let bytes = parquet::csv_to_parquet(csv).map_err(|e| Error::write(&path, e))?;
            set.add(&path, &bytes)?;
        }
        set.commit()
    }
}

#[cfg(test)]
mod parallel_tests {
    //! Reading `ties.csv` in two parts gives what reading it on one thread
    //! gives: the same dataset, or the same problems in the same order.

    use super::*;
    use crate::ErrorKind;
    use proptest::prelude::*;

    const ACTORS: &str = "id,name,kind,from,until,aliases,note\n\
        A1,One,state,,,,\nA2,Two,group,,,,\nA3,Three,state,,,,\n\
        A4,Four,group,2010,2030,,\nA5,Five,organization,,,,\n";
    const SOURCES: &str = "id,title\ns1,First\ns2,Second\n";

    /// One row of ties.csv, of a kind chosen by `pick` (numbered `i`).
    fn row(pick: u8, i: usize, seed: usize) -> String {
        // A1, A2, A3, A5: always in force (A4 is not).
        let alive = [1, 2, 3, 5];
        let a = alive[seed % 4];
        let b = alive[(seed / 4 + 1 + seed % 4) % 4];
        let b = if a == b { alive[(seed + 1) % 4] } else { b };
        let day = 1 + seed % 28;
        match pick % 14 {
            0..=3 => format!("t{i},A{a},A{b},alliance,2015-03-{day:02},,,0.5,s1,"),
            4 => format!(
                "t{i},A{a},A{b},hostility,2016,2019-07,,,s1;s2,\"a note, with \"\"quotes\"\"\""
            ),
            // A note over two lines.
            5 => format!("t{i},A{a},A{b},support,2017-05,,,,s2,\"first line\nsecond line\""),
            // A note whose second line reads like a whole tie row: a
            // misleading place to split the file.
            6 => format!(
                "t{i},A{a},A{b},tension,2018,,,,,\"x\nt9{i},A1,A2,alliance,2020,,,,s1,\ny\""
            ),
            7 => format!("t{i},A{a},A9,alliance,2015,,,,,"),
            8 => format!("t{i},A{a},A{b},alliance,2015-13,,,,,"),
            // An id used before.
            9 => format!("t{},A{a},A{b},cooperation,2015,,,,,", i / 2),
            10 => format!("t{i},A{a},A{b},alliance,2015"),
            11 => format!("t{i},A4,A{b},alliance,2000,,,,,"),
            // No id: it is made from the line.
            12 => format!(",A{a},A{b},support,2012,,,,s1,"),
            _ => format!(",A{a},A9,support,2012,,,,s1,\"no id, \nbad target\""),
        }
    }

    /// The outcome of a load as comparable text.
    fn outcome(r: Result<Dataset>) -> std::result::Result<Dataset, String> {
        r.map_err(|e| match e.kind() {
            ErrorKind::Invalid(p) => p.iter().map(|p| format!("{p}\n")).collect(),
            _ => e.to_string(),
        })
    }

    fn both_ways(
        ties: &str,
    ) -> (
        std::result::Result<Dataset, String>,
        std::result::Result<Dataset, String>,
    ) {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("actors.csv"), ACTORS).expect("write");
        std::fs::write(dir.path().join("sources.csv"), SOURCES).expect("write");
        std::fs::write(dir.path().join("ties.csv"), ties).expect("write");
        let serial = outcome(Dataset::load_dir_with(
            dir.path(),
            &LoadOptions::new().threads(1),
        ));
        let parallel = outcome(Dataset::load_dir_with(
            dir.path(),
            &LoadOptions::new().threads(2).parallel_from(0),
        ));
        (serial, parallel)
    }

    fn file(picks: &[(u8, usize)], crlf: bool) -> String {
        let mut text = String::from("id,source,target,kind,start,end,with,weight,sources,note\n");
        for (i, &(pick, seed)) in picks.iter().enumerate() {
            text.push_str(&row(pick, i, seed));
            text.push('\n');
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        text
    }

    #[test]
    fn a_valid_file_loads_the_same_in_two_parts() {
        let mut picks: Vec<(u8, usize)> = (0..400).map(|i| ((i % 6) as u8, i * 7)).collect();
        // Ids made from lines, in both parts.
        picks[10].0 = 12;
        picks[390].0 = 12;
        let (serial, parallel) = both_ways(&file(&picks, false));
        let serial = serial.expect("valid");
        assert_eq!(serial.ties().len(), 400);
        assert_eq!(Ok(serial), parallel);
    }

    #[test]
    fn problems_in_both_parts_are_reported_as_on_one_thread() {
        let picks: Vec<(u8, usize)> = (0..300).map(|i| ((i % 14) as u8, i * 3)).collect();
        let (serial, parallel) = both_ways(&file(&picks, true));
        let serial = serial.expect_err("invalid");
        assert!(serial.lines().count() > 100, "{serial}");
        assert_eq!(Err(serial), parallel);
    }

    #[test]
    fn an_id_made_from_a_line_in_the_second_part_is_checked_for_duplicates() {
        // Row 390 (line 392) has no id and gets `#392`; row 395 claims it.
        let mut picks: Vec<(u8, usize)> = (0..400).map(|i| (0, i)).collect();
        picks[390].0 = 12;
        let text = file(&picks, false).replace("\nt395,", "\n#392,");
        let (serial, parallel) = both_ways(&text);
        let serial = serial.expect_err("a duplicate id");
        assert!(
            serial.contains("tie id #392 is used twice (first on line 392)"),
            "{serial}"
        );
        assert_eq!(Err(serial), parallel);
    }

    #[test]
    fn a_wrong_guess_of_where_to_split_is_caught() {
        // The first line end after the middle is inside a quoted note, and
        // the line after it reads like a whole row: the guess is wrong.
        let normal: Vec<(u8, usize)> = (0..300).map(|i| (0, i)).collect();
        let before = file(&normal, false);
        let note = format!(
            "m1,A1,A2,tension,2018,,,,,\"{}\nt999,A1,A2,alliance,2020,,,,s1,\nend of note\"\n",
            "x".repeat(4000)
        );
        let after: String = (0..300)
            .map(|i| format!("u{i},A2,A3,alliance,2019,,,,,\n"))
            .collect();
        let text = format!("{before}{note}{after}");
        let middle = text.len() / 2;
        let x_run = text.find("xxxx").expect("the note");
        assert!(
            x_run < middle && middle < x_run + 4000,
            "the middle falls in the note"
        );
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("ties.csv");
        std::fs::write(&path, &text).expect("write");
        let guess = csv::find_split(&path, 0, text.len() as u64, 10).expect("a guess");
        assert!(
            text[..guess as usize].ends_with("xxx\n"),
            "the guess is the misleading line"
        );

        let (serial, parallel) = both_ways(&text);
        let serial = serial.expect("valid");
        assert_eq!(serial.ties().len(), 601);
        assert_eq!(Ok(serial), parallel);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// Files of every length (a small file is split too: the csv reader
        /// reads ahead of the header by a quarter of the file at most).
        #[test]
        fn two_parts_read_as_one(
            picks in proptest::collection::vec((0u8..14, 0usize..1000), 1..500),
            crlf: bool,
        ) {
            let (serial, parallel) = both_ways(&file(&picks, crlf));
            prop_assert_eq!(serial, parallel);
        }
    }
}
