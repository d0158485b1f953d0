//! `tiegraph export --format gexf|graphml|jgf|node-link|gephi-csv|parquet`
//! (`--edges mixed|directed|undirected` for GEXF).

use tiegraph::export::{self, ExportFormat};

use super::{selector, Ctx};
use crate::cli::{ExportArgs, Format};
use crate::Failure;

pub fn run(ctx: &Ctx<'_>, args: &ExportArgs) -> Result<(), Failure> {
    let format = match ctx.format {
        None => {
            return Err(Failure::Usage(
                "export needs --format: gexf, graphml, jgf, node-link, gephi-csv or parquet".into(),
            ))
        }
        Some(Format::Gexf) => ExportFormat::Gexf,
        Some(Format::Graphml) => ExportFormat::Graphml,
        Some(Format::Jgf) => ExportFormat::Jgf,
        Some(Format::NodeLink) => ExportFormat::NodeLink,
        Some(Format::GephiCsv) => ExportFormat::GephiCsv,
        Some(Format::Parquet) => return parquet(ctx, args),
        Some(other) => {
            return Err(Failure::Usage(format!(
                "export writes --format gexf, graphml, jgf, node-link, gephi-csv or parquet, \
                 not {}",
                other.name()
            )))
        }
    };
    if args.edges.is_some() && format != ExportFormat::Gexf {
        return Err(Failure::Usage(format!(
            "--edges is only for --format gexf, not {format} \
             (the other exports always keep each tie's own direction)"
        )));
    }
    let at = args.at.as_deref().map(selector).transpose()?;
    let data = ctx.data;
    match (&ctx.output, format) {
        (Some(path), ExportFormat::Gexf) => {
            let edges = args.edges.map(Into::into).unwrap_or_default();
            let text = export::gexf_with(data, at.as_ref(), edges);
            tiegraph::write_atomic(path, text.as_bytes())?;
            Ok(())
        }
        (Some(path), _) => {
            format.write(data, at.as_ref(), path)?;
            Ok(())
        }
        (None, ExportFormat::GephiCsv) => Err(Failure::Usage(
            "gephi-csv writes two files: give -o EDGES.csv (the nodes go beside it)".into(),
        )),
        (None, _) => {
            let text = match format {
                ExportFormat::Gexf => {
                    let edges = args.edges.map(Into::into).unwrap_or_default();
                    export::gexf_with(data, at.as_ref(), edges)
                }
                ExportFormat::Graphml => export::graphml(data, at.as_ref()),
                ExportFormat::Jgf => export::jgf(data, at.as_ref()),
                _ => export::node_link(data, at.as_ref()),
            };
            ctx.out.text(text)
        }
    }
}

/// `--format parquet`: the whole dataset's tables into the folder `-o DIR`.
fn parquet(ctx: &Ctx<'_>, args: &ExportArgs) -> Result<(), Failure> {
    if args.at.is_some() || args.edges.is_some() {
        return Err(Failure::Usage(
            "parquet writes the whole dataset's tables: not with --at or --edges".into(),
        ));
    }
    let Some(dir) = &ctx.output else {
        return Err(Failure::Usage(
            "parquet writes three files: give -o DIR (actors.parquet, ties.parquet and \
             sources.parquet go in it)"
                .into(),
        ));
    };
    ctx.data.save_parquet_dir(dir)?;
    Ok(())
}
