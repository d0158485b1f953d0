//! Writing output files safely: one file ([`write_atomic`]) or a set of
//! files that must change together ([`FileSet`]).
//!
//! What a destination path is decides how it is written:
//!
//! - **A regular file, or nothing yet**: the bytes go to a temporary file in
//!   the same folder, which is then renamed over the destination, so a
//!   reader never sees half a file and a failed write changes nothing. An
//!   existing file's permission mode is kept. A **hard link** at the
//!   destination is replaced, not written through: the destination gets a
//!   new file and the other names keep the old content (as with `mv`).
//! - **A symbolic link** (to a file, or to nothing yet) is followed to its
//!   final target, which is replaced as above; the link stays a link.
//! - **A FIFO, a character or block device, a socket**, and `/dev/stdout`,
//!   `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: written straight
//!   through (opened and written, never renamed or created), so
//!   `-o /dev/null` or `-o /dev/stdout` do what they say.
//! - **A directory**: refused.
//!
//! Temporary files are created with `O_EXCL` (`create_new`), so a planted
//! file or link at the name is never followed, under a random name of
//! fixed length (`.tiegraph-XXXXXXXXXXXX.tmp`, 26 bytes) whatever the
//! destination's name, so a destination name of up to 255 bytes works. A
//! process that is killed can leave one behind: each write removes, from
//! the folder it writes to, regular files of exactly that pattern older
//! than [`STALE_AFTER`] (an hour, so that a concurrent tiegraph's file is
//! never taken).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::{Error, Result};

/// How old a temporary file of tiegraph's pattern must be before a later
/// write to the same folder removes it.
pub(crate) const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The temporary file name's parts: `.tiegraph-` + [`RANDOM`] letters and
/// digits + `.tmp`.
const PREFIX: &str = ".tiegraph-";
const SUFFIX: &str = ".tmp";
const RANDOM: usize = 12;

/// How many symbolic links are followed before giving up (Linux's limit).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path` safely (see `docs/limits.md`): a regular
/// file is replaced atomically, keeping its mode; a symbolic link is
/// followed to its target; a FIFO or device is written straight through.
///
/// # Errors
///
/// [`ErrorKind::Write`](crate::ErrorKind::Write) when `path` is a directory, the folder is missing or
/// not writable, or the write fails; the destination is then left as it
/// was (unless it is written straight through).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut set = FileSet::new();
    set.add(path, bytes)?;
    set.commit()
}

/// As [`write_atomic`], with the bytes written by `write` as it makes
/// them, so that a large output is never held in memory: into the
/// temporary file (through a buffer), or straight into a FIFO or device.
///
/// # Errors
///
/// As [`write_atomic`], and any error `write` returns (the destination is
/// then left as it was, unless it is written straight through).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let fail = |source| Error::write(path, source);
    match destination(path)? {
        Destination::Through => {
            let file = OpenOptions::new().write(true).open(path).map_err(fail)?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            write(&mut out).and_then(|()| out.flush()).map_err(fail)
        }
        Destination::Replace { target, existing } => {
            let mut set = FileSet::new();
            set.stage(path, target, existing, write)?;
            set.commit()
        }
    }
}

/// What a write does to its destination.
enum Destination {
    /// Writes into it: a FIFO, a device, a descriptor path.
    Through,
    /// Replaces `target` (the destination, links followed).
    Replace {
        target: PathBuf,
        existing: Option<fs::Metadata>,
    },
}

/// Checks that `path` can be written and says how.
fn destination(path: &Path) -> Result<Destination> {
    let fail = |source| Error::write(path, source);
    if is_descriptor_path(path) {
        return Ok(Destination::Through);
    }
    let target = resolve(path).map_err(fail)?;
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(explain(e, folder(&target)))),
    };
    if let Some(m) = &existing {
        if m.is_dir() {
            return Err(fail(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory",
            )));
        }
        if !m.is_file() {
            // Not opened now: opening a FIFO waits for a reader, and
            // the reader would see the end of the file at once.
            return Ok(Destination::Through);
        }
    }
    Ok(Destination::Replace { target, existing })
}

/// Files that change together: each [`add`](FileSet::add) finishes its
/// file as a temporary file beside its destination (so every destination
/// has been checked to be replaceable, and its folder writable, before
/// anything changes), and [`commit`](FileSet::commit) renames them over
/// their destinations in the order added. Add the main file (the one that
/// refers to the others) last.
///
/// A failure before `commit` changes nothing: dropping the set removes its
/// temporary files. During `commit` there is a short window, one rename per
/// file, in which some destinations are new and some still old; a rename
/// within one folder does not fail for lack of space, so in practice only
/// a crash or a concurrent change to the folder can stop it half-way.
#[derive(Debug, Default)]
pub struct FileSet {
    staged: Vec<Staged>,
    cleaned: Vec<PathBuf>,
}

#[derive(Debug)]
enum Staged {
    /// A finished temporary file (closed: a set of thousands of files
    /// must not hold thousands of descriptors) and the target it replaces.
    Replace {
        shown: PathBuf,
        temp: tempfile::TempPath,
        target: PathBuf,
    },
    /// A FIFO or device, written at commit.
    Through { shown: PathBuf, bytes: Vec<u8> },
}

impl FileSet {
    /// An empty set.
    pub fn new() -> FileSet {
        FileSet::default()
    }

    /// Checks that `path` can be replaced and finishes `bytes` as a
    /// temporary file beside it (or keeps them for a FIFO or device).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Write`](crate::ErrorKind::Write) naming `path` when it is a directory, its folder is
    /// missing or not writable, or the temporary file cannot be written.
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        match destination(path)? {
            Destination::Through => {
                self.staged.push(Staged::Through {
                    shown: path.to_owned(),
                    bytes: bytes.to_vec(),
                });
                Ok(())
            }
            Destination::Replace { target, existing } => {
                self.stage(path, target, existing, |w| w.write_all(bytes))
            }
        }
    }

    /// Finishes a temporary file beside `target` with what `write` writes.
    fn stage(
        &mut self,
        path: &Path,
        target: PathBuf,
        existing: Option<fs::Metadata>,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let fail = |source| Error::write(path, source);
        let dir = folder(&target).to_owned();
        if !self.cleaned.contains(&dir) {
            remove_stale(&dir);
            self.cleaned.push(dir.clone());
        }
        let temp = stage(&dir, write, existing.as_ref())
            .map_err(|e| fail(explain(e, &dir)))?
            .into_temp_path();
        self.staged.push(Staged::Replace {
            shown: path.to_owned(),
            temp,
            target,
        });
        Ok(())
    }

    /// Renames every temporary file over its destination (and writes the
    /// FIFOs and devices), in the order the files were added.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Write`](crate::ErrorKind::Write) naming the first file that could not be replaced;
    /// the files before it are new, the ones after it unchanged.
    pub fn commit(self) -> Result<()> {
        for staged in self.staged {
            match staged {
                Staged::Replace {
                    shown,
                    temp,
                    target,
                } => {
                    temp.persist(&target)
                        .map_err(|e| Error::write(shown, e.error))?;
                }
                Staged::Through { shown, bytes } => {
                    let written = OpenOptions::new()
                        .write(true)
                        .open(&shown)
                        .and_then(|mut f| f.write_all(&bytes));
                    written.map_err(|source| Error::write(shown, source))?;
                }
            }
        }
        Ok(())
    }
}

/// Paths the kernel resolves to an open descriptor: written through even
/// when the descriptor is a regular file (`-o /dev/stdout > file`).
fn is_descriptor_path(path: &Path) -> bool {
    let Some(text) = path.to_str() else {
        return false;
    };
    matches!(text, "/dev/stdout" | "/dev/stderr")
        || text.starts_with("/dev/fd/")
        || text.starts_with("/proc/self/fd/")
}

/// The folder a file is in (`.` for a bare name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Follows symbolic links from `path` to the final target, which need not
/// exist (a link to a file not written yet).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = folder(&current).join(link);
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links to follow"
    )))
}

/// A finished temporary file in `dir` holding `bytes`, with the mode of the
/// file it will replace (or the usual mode for a new file).
fn stage(
    dir: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    existing: Option<&fs::Metadata>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX).suffix(SUFFIX).rand_bytes(RANDOM);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // As `File::create`: 0666 less the umask.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, temp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    if let Some(m) = existing {
        // Not subject to the umask: the old mode exactly.
        temp.as_file().set_permissions(m.permissions())?;
    }
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Whether a file name is one of tiegraph's temporary files.
fn is_temp_name(name: &str) -> bool {
    name.len() == PREFIX.len() + RANDOM + SUFFIX.len()
        && name.starts_with(PREFIX)
        && name.ends_with(SUFFIX)
        && name[PREFIX.len()..PREFIX.len() + RANDOM]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric())
}

/// Removes tiegraph's temporary files older than [`STALE_AFTER`] from
/// `dir`, left by a process that was killed. Best effort: errors are
/// ignored (the write that follows reports what matters).
fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        // `DirEntry::metadata` does not follow links: only regular files.
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if meta.is_file() && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Says what is wrong with the folder when that is why a write failed: the
/// bare OS message ("No such file or directory") does not say which part
/// of the path is missing.
pub(crate) fn explain(e: std::io::Error, dir: &Path) -> std::io::Error {
    use std::io::ErrorKind;
    let shown = dir.display();
    let message = match fs::metadata(dir) {
        Err(m) if m.kind() == ErrorKind::NotFound => format!("the folder {shown} does not exist"),
        Ok(m) if !m.is_dir() => format!("{shown} is not a folder"),
        _ if e.kind() == ErrorKind::PermissionDenied => {
            format!("the folder {shown} is not writable ({e})")
        }
        _ => return e,
    };
    std::io::Error::new(e.kind(), message)
}

/// Creates `dir` (and its parents) for output files, saying plainly when a
/// file stands where the folder should be.
///
/// # Errors
///
/// [`ErrorKind::Write`](crate::ErrorKind::Write) naming `dir`.
pub(crate) fn create_folder(dir: &Path) -> Result<()> {
    let fail = |source| Error::write(dir, source);
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(_) => {
            return Err(fail(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "it is a file, not a folder",
            )))
        }
        Err(_) => {}
    }
    fs::create_dir_all(dir).map_err(|e| fail(explain(e, folder(dir))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_match_their_own_pattern_only() {
        assert!(is_temp_name(".tiegraph-aB3dE5gH7jK9.tmp"));
        for other in [
            ".tiegraph-aB3dE5gH7jK.tmp",
            ".tiegraph-aB3dE5gH7jK9.tmpx",
            ".tiegraph-aB3dE5gH7j-9.tmp",
            "tiegraph-aB3dE5gH7jK9.tmp",
            ".out.svg.tmp1234",
        ] {
            assert!(!is_temp_name(other), "{other}");
        }
    }
}
