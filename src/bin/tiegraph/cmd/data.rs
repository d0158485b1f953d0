//! `tiegraph validate`.

use serde_json::{json, Value};

use super::Ctx;
use crate::cli::Format;
use crate::out::plural;
use crate::Failure;

/// Loading already validated the dataset (a broken one never gets here); say
/// what it holds.
pub fn validate(ctx: &Ctx<'_>) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("validate"))?;
    let data = ctx.data;
    let (actors, ties, sources) = (data.actors().len(), data.ties().len(), data.sources().len());
    let clipping = data.clipping();
    let warnings: Vec<Value> = data.warnings().iter().map(problem_json).collect();
    match format {
        Format::Json => ctx.out.json(&json!({
            "valid": true, "actors": actors, "ties": ties, "sources": sources,
            "clipped": clipping.clipped, "dropped": clipping.dropped,
            "problems": [], "warnings": warnings,
        })),
        _ if clipping.clipped + clipping.dropped > 0 => ctx.out.text(format!(
            "ok: {}, {}, {}, no problems; {} clipped and {} dropped to fit their actors' phases",
            plural(actors, "actor", "actors"),
            plural(ties, "tie", "ties"),
            plural(sources, "source", "sources"),
            plural(clipping.clipped, "tie", "ties"),
            clipping.dropped,
        )),
        _ => ctx.out.text(format!(
            "ok: {}, {}, {}, no problems",
            plural(actors, "actor", "actors"),
            plural(ties, "tie", "ties"),
            plural(sources, "source", "sources")
        )),
    }
}

/// The JSON report of a dataset that failed to load (docs/format.md, R4):
/// no counts, and each problem as `{"file", "line", "column", "message"}`.
pub fn invalid_json(problems: &[tiegraph::Problem]) -> Value {
    let list: Vec<Value> = problems.iter().map(problem_json).collect();
    json!({
        "valid": false, "actors": null, "ties": null, "sources": null,
        "clipped": null, "dropped": null, "problems": list, "warnings": [],
    })
}

/// One problem: the message is the text after the location; `line` and
/// `column` (a CSV column or a JSON field path) are null where they do not apply.
fn problem_json(p: &tiegraph::Problem) -> Value {
    let at = p.location();
    json!({
        "file": at.file_name(),
        "line": at.line(),
        "column": at.column(),
        "message": p.message(),
    })
}
