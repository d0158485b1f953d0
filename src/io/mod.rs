//! Loading and saving datasets: a folder of CSV files, CSV readers, or one
//! JSON document.

mod build;
mod csv;
mod json;

pub use self::csv::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_FILE_BYTES, MAX_RECORD_BYTES, MAX_ROWS};

/// The most problems a failed load reports. A loader that reaches it stops
/// reading, so that a huge broken file cannot fill the memory with
/// messages; the list then ends with a note saying so.
pub const MAX_PROBLEMS: usize = 1000;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Problem, ProblemKind, Problems, Result};
use crate::model::Dataset;
use build::Builder;

fn invalid(problems: Problems) -> Error {
    Error::Invalid(problems)
}

fn open(path: &Path, builder: &mut Builder) -> Option<std::fs::File> {
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

impl Dataset {
    /// Loads `actors.csv`, `ties.csv` and, if present, `sources.csv` from a folder.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing every problem found in any of the files,
    /// each with file, line and column. Nothing is returned unless the whole
    /// dataset is valid.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Dataset> {
        let dir = dir.as_ref();
        let mut builder = Builder::new();
        let path = |name: &str| -> (PathBuf, String) {
            let p = dir.join(name);
            let shown = p.display().to_string();
            (p, shown)
        };
        let (actors, actors_name) = path("actors.csv");
        if let Some(f) = open(&actors, &mut builder) {
            csv::read_actors(std::io::BufReader::new(f), &actors_name, &mut builder);
        }
        let (sources, sources_name) = path("sources.csv");
        if sources.exists() {
            if let Some(f) = open(&sources, &mut builder) {
                csv::read_sources(std::io::BufReader::new(f), &sources_name, &mut builder);
            }
        }
        let (ties, ties_name) = path("ties.csv");
        if let Some(f) = open(&ties, &mut builder) {
            // A tie row is rarely shorter than 40 bytes: an upper bound on
            // the count that avoids regrowing the array while loading.
            let bytes = f.metadata().map_or(0, |m| m.len());
            builder.reserve_ties(
                usize::try_from(bytes / 40)
                    .unwrap_or(0)
                    .min(MAX_ROWS as usize),
            );
            csv::read_ties(std::io::BufReader::new(f), &ties_name, &mut builder);
        }
        builder.finish().map_err(invalid)
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
        let mut builder = Builder::new();
        csv::read_actors(actors, "actors.csv", &mut builder);
        if let Some(s) = sources {
            csv::read_sources(s, "sources.csv", &mut builder);
        }
        csv::read_ties(ties, "ties.csv", &mut builder);
        builder.finish().map_err(invalid)
    }

    /// Loads a dataset from a JSON document (see [`Dataset::to_json`] for
    /// its shape). Errors name the file `dataset.json` and the field path.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing every problem: JSON syntax and types, then
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
        let mut builder = Builder::new();
        json::read(json, file, &mut builder);
        builder.finish().map_err(invalid)
    }

    /// Loads a JSON dataset file.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_json_str`], or an unreadable file.
    pub fn load_json(path: impl AsRef<Path>) -> Result<Dataset> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let one =
            |p: Problem| invalid(Problems::from_vec(vec![p]).unwrap_or_else(|| unreachable!()));
        let mut bytes = Vec::new();
        let read = std::fs::File::open(path).and_then(|f| {
            let len = f.metadata()?.len();
            if len > MAX_FILE_BYTES {
                return Ok(Some(len));
            }
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
            Ok(text) => Dataset::from_json_named(&text, &name),
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
    /// folder (created if needed). Each file is written atomically.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] naming the file that could not be written.
    pub fn save_dir(&self, dir: impl AsRef<Path>) -> Result<()> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_owned(),
            source,
        })?;
        let (mut a, mut t, mut s) = (Vec::new(), Vec::new(), Vec::new());
        self.write_csv(&mut a, &mut t, Some(&mut s))
            .map_err(|source| Error::Write {
                path: dir.to_owned(),
                source,
            })?;
        write_atomic(&dir.join("actors.csv"), &a)?;
        write_atomic(&dir.join("ties.csv"), &t)?;
        write_atomic(&dir.join("sources.csv"), &s)
    }
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// folder, then renamed over `path`, so readers never see a half-written file.
///
/// # Errors
///
/// [`Error::Write`] when `path` is a directory, the folder is not writable,
/// or the write fails; the target is then left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    if path.is_dir() {
        return Err(fail(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory",
        )));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| fail(explain(e, dir)))
}

/// Says what is wrong with the folder when that is why a write failed: the
/// bare OS message ("No such file or directory") does not say which part
/// of the path is missing.
fn explain(e: std::io::Error, dir: &Path) -> std::io::Error {
    use std::io::ErrorKind;
    let shown = dir.display();
    let message = match std::fs::metadata(dir) {
        Err(m) if m.kind() == ErrorKind::NotFound => format!("the folder {shown} does not exist"),
        Ok(m) if !m.is_dir() => format!("{shown} is not a folder"),
        _ if e.kind() == ErrorKind::PermissionDenied => {
            format!("the folder {shown} is not writable ({e})")
        }
        _ => return e,
    };
    std::io::Error::new(e.kind(), message)
}
