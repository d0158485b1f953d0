//! `tiegraph validate`.

use super::Ctx;
use crate::cli::Format;
use crate::Failure;

/// Loading already validated the dataset (a broken one never gets here); say
/// what it holds.
pub fn validate(ctx: &Ctx<'_>) -> Result<(), Failure> {
    let format = ctx.formats(&[Format::Table, Format::Json])?;
    let data = ctx.data;
    let (actors, ties, sources) = (data.actors().len(), data.ties().len(), data.sources().len());
    match format {
        Format::Json => ctx.out.json(&serde_json::json!({
            "valid": true, "actors": actors, "ties": ties, "sources": sources, "problems": []
        })),
        _ => ctx.out.text(format!(
            "ok: {actors} actors, {ties} ties, {sources} sources, no problems"
        )),
    }
}
