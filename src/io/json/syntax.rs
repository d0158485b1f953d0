//! Where a JSON document is broken: serde_json's errors as problems with
//! the path of the field they are in.

use std::sync::Arc;

use crate::error::{Location, Problem, ProblemKind};

/// A serde_json error as a problem: its line, the path of the field it is
/// in (when it is inside a row: `ties[3].start`), and its message
/// ([`serde_error`]).
pub(super) fn syntax_problem(text: &str, file: &Arc<str>, e: &serde_json::Error) -> Problem {
    let (mut loc, message) = serde_error(file.clone(), e);
    if e.line() > 0 {
        let line_start = text
            .split_inclusive('\n')
            .take(e.line() - 1)
            .map(str::len)
            .sum::<usize>();
        let path = path_at(text, line_start + e.column());
        // Fields of the document itself are named by the message.
        if path.contains('[') {
            loc = loc.in_column(path);
        }
    }
    Problem::new(loc, ProblemKind::Syntax, message)
}

/// Where a serde_json error is (its file and line, no line when serde_json
/// gives 0) and its message on one line (serde_json quotes unknown field
/// names as they are, line breaks included), with its column: the JSON
/// loader's and the JGF reader's syntax problems.
pub(crate) fn serde_error(file: impl Into<Arc<str>>, e: &serde_json::Error) -> (Location, String) {
    let mut loc = Location::file(file);
    if e.line() > 0 {
        loc = loc.at_line(e.line() as u64);
    }
    let message = e.to_string();
    // serde_json appends " at line L column C"; the line is in the location.
    let (message, column) = match message.rfind(" at line ") {
        Some(i) if e.line() > 0 => (&message[..i], format!(" (column {})", e.column())),
        _ => (message.as_str(), String::new()),
    };
    let mut text = crate::escape::terminal::one_line(message, 300);
    text.push_str(&column);
    (loc, text)
}

/// The path (`ties[3].start`) of the value being read at byte `offset` of a
/// JSON text, found by following its brackets, commas and keys: serde_json
/// says where an error is, not in which field.
///
/// Only meant for the prefix that serde_json read before it failed, which is
/// well-formed up to the error; on anything else it gives some path and never
/// panics.
fn path_at(text: &str, offset: usize) -> String {
    enum Frame<'a> {
        Object {
            key: Option<&'a str>,
            expect_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i = start;
                while i < end && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        *key = text.get(start..i.min(end));
                        *expect_key = false;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                let plain = !k.is_empty()
                    && k.len() <= 40
                    && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if plain {
                    path.push_str(k);
                } else {
                    path.push_str(&crate::escape::terminal::shown(k));
                }
            }
            Frame::Object { key: None, .. } => {}
        }
    }
    path
}
