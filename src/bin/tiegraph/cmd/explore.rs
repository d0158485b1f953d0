//! `tiegraph explore --from DATE --to DATE [-o explorer.html]`.

use tiegraph::explore::Explorer;
use tiegraph::{Date, Selector};

use super::Ctx;
use crate::cli::{ExploreArgs, Format};
use crate::Failure;

fn date(flag: &str, text: &str) -> Result<Date, Failure> {
    Date::parse_unqualified(text).map_err(|e| Failure::Usage(format!("{flag}: {e}")))
}

pub fn run(ctx: &Ctx<'_>, args: &ExploreArgs) -> Result<(), Failure> {
    ctx.formats(&[Format::Html])?;
    let (from, to) = (date("--from", &args.from)?, date("--to", &args.to)?);
    let range = Selector::range(from, to)
        .map_err(|_| Failure::Usage(format!("--to {to} is before --from {from}")))?;
    let mut explorer = Explorer::new(ctx.data, range);
    if let Some(min) = args.evidence.min_confidence {
        explorer = explorer.min_confidence(min.into());
    }
    if let Some(title) = &args.title {
        explorer = explorer.title(title.clone());
    }
    ctx.out.text(explorer.html())
}
