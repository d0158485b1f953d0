//! Writing output files on hostile file systems (issue 15, items 2, 3, 8):
//! symbolic links, FIFOs, devices, modes, hard links, long names, stale
//! temporary files, and sets of files that change together or not at all.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::Path;
use std::time::{Duration, SystemTime};

use tiegraph::{write_atomic, Error, ErrorKind, FileSet};

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn temps(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with(".tiegraph-"))
        .collect()
}

#[test]
fn a_symbolic_link_is_followed_and_its_target_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("sub");
    fs::create_dir(&real).unwrap();
    let target = real.join("target.svg");
    fs::write(&target, "old").unwrap();
    let link = tmp.path().join("out.svg");
    std::os::unix::fs::symlink("sub/target.svg", &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    assert!(temps(tmp.path()).is_empty() && temps(&real).is_empty());

    // A link to a file not written yet (a chain of two) creates the file.
    let dangling = tmp.path().join("later.svg");
    let chain = tmp.path().join("chain.svg");
    std::os::unix::fs::symlink("sub/later.svg", &dangling).unwrap();
    std::os::unix::fs::symlink("later.svg", &chain).unwrap();
    write_atomic(&chain, b"made").unwrap();
    assert_eq!(fs::read_to_string(real.join("later.svg")).unwrap(), "made");
    assert!(fs::symlink_metadata(&chain)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_symbolic_link_loop_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    std::os::unix::fs::symlink("b", &a).unwrap();
    std::os::unix::fs::symlink("a", tmp.path().join("b")).unwrap();
    let e = write_atomic(&a, b"x").unwrap_err();
    assert!(e.to_string().contains("symbolic links"), "{e}");
}

#[test]
fn a_fifo_is_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    write_atomic(&fifo, b"through the pipe").unwrap();
    assert_eq!(reader.join().unwrap(), b"through the pipe");
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(temps(tmp.path()).is_empty());
}

#[test]
fn a_character_device_is_written_through() {
    write_atomic(Path::new("/dev/null"), b"gone").unwrap();
    assert!(fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    // A symbolic link to a device is a device too.
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    write_atomic(&link, b"gone").unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn an_existing_files_mode_is_kept_and_a_new_file_gets_the_usual_one() {
    let tmp = tempfile::tempdir().unwrap();
    let private = tmp.path().join("private.dot");
    fs::write(&private, "old").unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
    write_atomic(&private, b"new").unwrap();
    assert_eq!(fs::metadata(&private).unwrap().mode() & 0o7777, 0o600);
    fs::set_permissions(&private, fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&private, b"newer").unwrap();
    assert_eq!(fs::metadata(&private).unwrap().mode() & 0o7777, 0o640);

    // A new file: as `File::create` makes one (0666 less the umask).
    let fresh = tmp.path().join("fresh.dot");
    let reference = tmp.path().join("reference");
    fs::File::create(&reference).unwrap();
    write_atomic(&fresh, b"x").unwrap();
    assert_eq!(
        fs::metadata(&fresh).unwrap().mode() & 0o7777,
        fs::metadata(&reference).unwrap().mode() & 0o7777
    );
}

#[test]
fn a_hard_link_is_replaced_not_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.csv");
    let other = tmp.path().join("other.csv");
    fs::write(&out, "old").unwrap();
    fs::hard_link(&out, &other).unwrap();
    write_atomic(&out, b"new").unwrap();
    assert_eq!(fs::read_to_string(&out).unwrap(), "new");
    assert_eq!(fs::read_to_string(&other).unwrap(), "old");
    assert_eq!(fs::metadata(&other).unwrap().nlink(), 1);
}

#[test]
fn a_255_byte_name_works() {
    let tmp = tempfile::tempdir().unwrap();
    for len in [242, 250, 255] {
        let name = format!("{}.svg", "n".repeat(len - 4));
        let path = tmp.path().join(&name);
        write_atomic(&path, b"long").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"long");
    }
    assert!(temps(tmp.path()).is_empty());
}

#[test]
fn a_directory_is_refused_and_a_missing_folder_named() {
    let tmp = tempfile::tempdir().unwrap();
    let e = write_atomic(tmp.path(), b"x").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Write { .. }));
    assert!(e.to_string().ends_with("it is a directory"), "{e}");
    let missing = tmp.path().join("no").join("out.svg");
    let e = write_atomic(&missing, b"x").unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");
}

/// Stale temporary files of tiegraph's own pattern (an hour old) go on the
/// next write to the folder; fresh ones and other files stay.
#[test]
fn stale_temporary_files_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let old = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    let plant = |name: &str, age: Option<SystemTime>| {
        let path = tmp.path().join(name);
        let f = fs::File::create(&path).unwrap();
        if let Some(t) = age {
            f.set_modified(t).unwrap();
        }
    };
    plant(".tiegraph-aB3dE5gH7jK9.tmp", Some(old));
    plant(".tiegraph-zzzzzzzzzzzz.tmp", None);
    plant(".tiegraph-notthepattern.tmp", Some(old));
    plant(".out.svg.tmp1234", Some(old));
    fs::create_dir(tmp.path().join(".tiegraph-DIRECTORY00.tmp")).unwrap();
    write_atomic(&tmp.path().join("out.svg"), b"x").unwrap();
    assert_eq!(
        names(tmp.path()),
        [
            ".out.svg.tmp1234",
            ".tiegraph-DIRECTORY00.tmp",
            ".tiegraph-notthepattern.tmp",
            ".tiegraph-zzzzzzzzzzzz.tmp",
            "out.svg",
        ]
    );
}

/// A planted link at a name the writer might choose is never followed: the
/// temporary file is created with `O_EXCL`, under a random name.
#[test]
fn temporary_names_are_random_and_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim");
    fs::write(&victim, "safe").unwrap();
    // The old predictable name, and a few of the new pattern.
    let pid = std::process::id();
    std::os::unix::fs::symlink(&victim, tmp.path().join(format!(".out.svg.tmp{pid}"))).unwrap();
    for i in 0..20 {
        let name = format!(".tiegraph-{i:012}.tmp");
        std::os::unix::fs::symlink(&victim, tmp.path().join(name)).unwrap();
    }
    for _ in 0..20 {
        write_atomic(&tmp.path().join("out.svg"), b"x").unwrap();
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "safe");
}

/// A set where one destination cannot be replaced changes nothing.
#[test]
fn a_set_fails_before_any_rename() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("a.svg");
    let main = tmp.path().join("main.md");
    let blocked = tmp.path().join("b.svg");
    fs::write(&first, "old a").unwrap();
    fs::write(&main, "old main").unwrap();
    fs::create_dir(&blocked).unwrap();
    let mut set = FileSet::new();
    set.add(&first, b"new a").unwrap();
    let e = set.add(&blocked, b"new b").unwrap_err();
    assert!(e.to_string().contains("b.svg"), "{e}");
    drop(set);
    assert_eq!(fs::read_to_string(&first).unwrap(), "old a");
    assert_eq!(fs::read_to_string(&main).unwrap(), "old main");
    assert!(temps(tmp.path()).is_empty());

    // And a set that succeeds replaces every file.
    let mut set = FileSet::new();
    set.add(&first, b"new a").unwrap();
    set.add(&main, b"new main").unwrap();
    set.commit().unwrap();
    assert_eq!(fs::read_to_string(&first).unwrap(), "new a");
    assert_eq!(fs::read_to_string(&main).unwrap(), "new main");
    assert!(temps(tmp.path()).is_empty());
}

#[test]
fn save_dir_into_a_file_says_it_is_not_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("afile");
    fs::write(&file, "x").unwrap();
    let e = tiegraph::default_dataset().save_dir(&file).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "cannot write {}: it is a file, not a folder",
            file.display()
        )
    );
}

/// `write_atomic_with` writes as the bytes are made: a finished write
/// replaces the file (keeping its mode), a failing one changes nothing and
/// leaves no temporary file; a FIFO is written through.
#[test]
fn streamed_writes_are_atomic_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    fs::write(&path, "old").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    tiegraph::write_atomic_with(&path, |w| {
        for i in 0..100_000 {
            writeln!(w, "{i}")?;
        }
        Ok(())
    })
    .unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 100_000);
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
    let failed = tiegraph::write_atomic_with(&path, |w| {
        w.write_all(b"half")?;
        Err(std::io::Error::other("it broke"))
    });
    assert!(
        matches!(
            failed.as_ref().map_err(Error::kind),
            Err(ErrorKind::Write { .. })
        ),
        "{failed:?}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(temps(dir.path()).is_empty(), "{:?}", names(dir.path()));
    // A directory is refused before anything is written.
    let called = std::cell::Cell::new(false);
    let refused = tiegraph::write_atomic_with(dir.path(), |_| {
        called.set(true);
        Ok(())
    });
    assert!(refused.is_err() && !called.get());
}
