//! `tiegraph report --from --to [--step] [-o report.html | --format md -o report.md]`.

use tiegraph::explore::Explorer;
use tiegraph::report::Report;
use tiegraph::{Date, FileSet, Selector, Step};

use super::Ctx;
use crate::cli::{Format, ReportArgs};
use crate::Failure;

fn date(text: &str) -> Result<Date, Failure> {
    Date::parse_unqualified(text).map_err(|e| Failure::Usage(e.to_string()))
}

pub fn run(ctx: &Ctx<'_>, args: &ReportArgs) -> Result<(), Failure> {
    let format = match ctx.format {
        None | Some(Format::Html) => Format::Html,
        Some(Format::Md) => Format::Md,
        Some(other) => {
            return Err(Failure::Usage(format!(
                "report writes --format html or md, not {}",
                other.name()
            )))
        }
    };
    let (from, to) = (date(&args.from)?, date(&args.to)?);
    // The last step holds the last day of --to: `--from 2021-03 --to 2021`
    // runs to December 2021.
    if to.period_end() <= from.first_day() {
        return Err(Failure::Usage(format!("--to {to} is before --from {from}")));
    }
    let step = Step::parse(&args.step).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut report = Report::new(ctx.data, from, to, step)
        .options(super::diagram::options(ctx, &args.diagram)?)
        .renderer(super::diagram::renderer(&args.diagram))
        .camps(usize::from(args.camps))
        .camps_options(crate::cli::camps_options(args.time_limit));
    if let Some(title) = &args.title {
        report = report.title(title.clone());
    }
    if args.interactive {
        return interactive(ctx, args, report, from, to, format);
    }
    if format == Format::Md {
        let Some(path) = &ctx.output else {
            return Err(Failure::Usage(
                "--format md writes several files: give -o REPORT.md (the SVGs go beside it)"
                    .into(),
            ));
        };
        report.write_markdown(path)?;
        return Ok(());
    }
    ctx.out.text(report.html()?)
}

/// `--interactive`: the HTML report and, beside it, the explorer of the
/// same period, which the report links to; written together or not at all.
fn interactive(
    ctx: &Ctx<'_>,
    args: &ReportArgs,
    report: Report<'_>,
    from: Date,
    to: Date,
    format: Format,
) -> Result<(), Failure> {
    if format != Format::Html {
        return Err(Failure::Usage(
            "--interactive goes with the HTML report (--format html)".into(),
        ));
    }
    let Some(path) = &ctx.output else {
        return Err(Failure::Usage(
            "--interactive writes two files: give -o REPORT.html (the explorer goes beside it)"
                .into(),
        ));
    };
    let stem = path
        .file_stem()
        .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
    let name = format!("{stem}-explorer.html");
    let range = Selector::range(from, to).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut explorer = Explorer::new(ctx.data, range);
    if let Some(min) = args.evidence.min_confidence {
        explorer = explorer.min_confidence(min.into());
    }
    if let Some(title) = &args.title {
        explorer = explorer.title(title.clone());
    }
    let html = report.explorer(name.clone()).html()?;
    let mut set = FileSet::new();
    set.add(&path.with_file_name(&name), explorer.html().as_bytes())?;
    set.add(path, html.as_bytes())?;
    set.commit()?;
    Ok(())
}
