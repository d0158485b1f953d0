//! The notes of the embedded dataset are paraphrases (issue 16): no note in
//! `data/` shares a run of six words with any of the seed articles it was
//! built from.
//!
//! The seeds live outside the crate, in `../shared/seeds/` relative to the
//! crate root. Where that folder does not exist (a copy of the crate on its
//! own, a packaged crate) the test says so and passes.
//!
//! Text is compared after normalising both sides the same way: lower case,
//! web addresses dropped (a note may cite an address, which is a reference,
//! not prose), dashes and slashes read as spaces, every other character that
//! is not a letter, a digit or white space removed (so `Pakistan’s` and
//! `Pakistan's` both read `pakistans`), and white space collapsed.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// The length of a forbidden run: a note may share five words in a row
/// with a seed, not six.
const RUN: usize = 6;

/// The words of a text after normalisation (see the module documentation).
fn words(text: &str) -> Vec<String> {
    let mut kept = String::with_capacity(text.len());
    for token in text.split_whitespace() {
        let lower = token.to_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            kept.push(' ');
            continue;
        }
        for c in lower.chars() {
            if c.is_alphanumeric() {
                kept.push(c);
            } else if matches!(c, '-' | '‐' | '‑' | '–' | '—' | '/') {
                kept.push(' ');
            }
        }
        kept.push(' ');
    }
    kept.split_whitespace().map(str::to_owned).collect()
}

/// Every run of [`RUN`] words of a text.
fn runs(words: &[String]) -> impl Iterator<Item = &[String]> {
    words.windows(RUN)
}

/// The folder of seed articles, when it exists.
fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    dir.is_dir().then_some(dir)
}

/// Every `note` of a CSV file of `data/`, with the row's `id`.
fn notes(file: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(file);
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let headers = reader.headers().expect("a header row").clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let id = column("id").unwrap_or_else(|| panic!("{file} has no id column"));
    let Some(note) = column("note") else {
        return Vec::new();
    };
    reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{file}: {e}"));
            (r[id].to_owned(), r.get(note).unwrap_or("").to_owned())
        })
        .collect()
}

#[test]
fn normalisation() {
    assert_eq!(
        words("Pakistan’s “strategic depth” — U.S.-backed, 2,640-km!"),
        [
            "pakistans",
            "strategic",
            "depth",
            "us",
            "backed",
            "2640",
            "km"
        ]
    );
    assert_eq!(
        words("see https://example.org/a-b-c-d-e-f-g and\n\tthen"),
        ["see", "and", "then"]
    );
}

#[test]
fn no_note_copies_six_words_from_a_seed() {
    let Some(dir) = seeds_dir() else {
        eprintln!(
            "skipped: {} does not exist, so the notes cannot be compared with the seeds",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/seeds")
                .display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the seed folder")
        .map(|e| e.expect("a seed file").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no seed", dir.display());
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("a readable seed");
        let text = String::from_utf8_lossy(&bytes);
        seen.extend(runs(&words(&text)).map(<[String]>::to_vec));
    }
    let mut copied = BTreeSet::new();
    let mut checked = 0;
    for file in ["actors.csv", "ties.csv", "sources.csv"] {
        for (id, note) in notes(file) {
            checked += 1;
            for run in runs(&words(&note)) {
                if seen.contains(run) {
                    copied.insert(format!("{file} {id}: \"{}\"", run.join(" ")));
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} notes read");
    assert!(
        copied.is_empty(),
        "notes that copy {RUN} words in a row from a seed in {}:\n{}",
        dir.display(),
        copied.into_iter().collect::<Vec<_>>().join("\n")
    );
}
