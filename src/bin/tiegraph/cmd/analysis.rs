//! `tiegraph balance`, `centrality` and `camps`.

use tiegraph::analysis;

use super::{selector, Ctx};
use crate::cli::{BalanceArgs, CampsArgs, CentralityArgs, Format};
use crate::out::{plural, sign_color, wrap, Table};
use crate::Failure;

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{r:.3}"))
}

/// The walk balance, or a dash and the reason there is none.
fn walk(w: Option<f64>, gap: Option<tiegraph::analysis::WalkGap>) -> String {
    match gap {
        Some(gap) if w.is_none() => format!("— ({gap})"),
        _ => w.map_or_else(|| "—".to_owned(), crate::out::walk_number),
    }
}

/// The robustness line of `balance` (rule R5): the counts without the
/// alleged ties, and whether the ratio changes; nothing when no alleged tie
/// is in force (the output is then what it was before R5).
fn balance_robustness_line(
    snap: &tiegraph::Snapshot<'_>,
    r: &analysis::Robustness<analysis::TriangleCount>,
) -> String {
    if !snap.has_alleged() {
        return String::new();
    }
    let c = r.without_alleged();
    let line = format!(
        "without alleged ties: {} balanced, {}, ratio {} ({})",
        c.balanced,
        plural(c.unbalanced, "unbalanced triangle", "unbalanced triangles"),
        ratio(c.ratio()),
        if r.changes() { "changed" } else { "unchanged" }
    );
    // Wrapped like any text, to the terminal's width.
    format!("\n{}", wrap(&line, 0).trim_end())
}

/// The robustness line of `camps` (rule R5); nothing when no alleged tie
/// is in force.
fn camps_robustness_line(
    data: &tiegraph::Dataset,
    snap: &tiegraph::Snapshot<'_>,
    r: &analysis::Robustness<analysis::Partition>,
) -> String {
    if !snap.has_alleged() {
        return String::new();
    }
    if !r.changes() {
        return "\nwithout alleged ties: the same camps".to_owned();
    }
    let p = r.without_alleged();
    let camps: Vec<String> = p
        .camps()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let ids: Vec<&str> = c.iter().map(|&k| data.actor_id(k)).collect();
            format!("{}: {}", i + 1, ids.join(" "))
        })
        .collect();
    let line = format!(
        "without alleged ties the camps change: {} (frustration {})",
        camps.join(" | "),
        p.frustration()
    );
    format!("\n{}", wrap(&line, 0).trim_end())
}

/// `balance --count --format json`.
#[derive(serde::Serialize)]
struct Counted {
    at: String,
    balanced: usize,
    unbalanced: usize,
    ratio: Option<f64>,
    robustness: analysis::Robustness<analysis::TriangleCount>,
}

pub fn balance(ctx: &Ctx<'_>, args: &BalanceArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("balance"))?;
    let data = ctx.data;
    let at = selector(&args.at.at)?;
    let snap = data.snapshot(&at);
    if args.predict {
        let predictions = analysis::predictions(&snap);
        return match format {
            Format::Json => ctx.out.json(&serde_json::json!({
                "at": at.to_string(),
                "predictions": predictions,
            })),
            _ => {
                let mut table =
                    Table::new(vec!["a", "b", "predicted", "support", "against", "via"])
                        .flexible(5)
                        .tint(2, sign_color);
                for p in &predictions {
                    let via: Vec<&str> = p.support().iter().map(|&k| data.actor_id(k)).collect();
                    table.row(vec![
                        data.actor_id(p.a()).to_owned(),
                        data.actor_id(p.b()).to_owned(),
                        p.sign().to_string(),
                        p.support().len().to_string(),
                        p.against().len().to_string(),
                        via.join(", "),
                    ]);
                }
                render_table(
                    ctx,
                    format,
                    &format!(
                        "{at}: {}",
                        plural(predictions.len(), "predicted pair", "predicted pairs")
                    ),
                    table,
                )
            }
        };
    }
    if args.count {
        let count = analysis::count_triangles(&snap.pairs());
        let robustness = analysis::balance_robustness(&snap, count);
        return match format {
            // Keys in the order of the balance object.
            Format::Json => ctx.out.json(&Counted {
                at: at.to_string(),
                balanced: count.balanced,
                unbalanced: count.unbalanced,
                ratio: count.ratio(),
                robustness,
            }),
            Format::Csv => {
                let mut table = Table::new(vec!["at", "balanced", "unbalanced", "ratio"]);
                table.row(vec![
                    at.to_string(),
                    count.balanced.to_string(),
                    count.unbalanced.to_string(),
                    count.ratio().map_or_else(String::new, |r| r.to_string()),
                ]);
                ctx.out.bytes(&table.csv()?, false)
            }
            _ => ctx.out.text(format!(
                "{at}: {} balanced, {}, ratio {}{}",
                count.balanced,
                plural(
                    count.unbalanced,
                    "unbalanced triangle",
                    "unbalanced triangles"
                ),
                ratio(count.ratio()),
                balance_robustness_line(&snap, &robustness)
            )),
        };
    }
    match format {
        // Streamed: the triangles are written as they are found, in order,
        // never listed (a dense graph has millions).
        Format::Json => ctx.out.json(&analysis::balance_streamed(&snap)),
        Format::Csv => {
            let balance = analysis::balance_streamed(&snap);
            ctx.out.stream(|w| {
                let mut csv = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::Any(b'\n'))
                    .from_writer(w);
                csv.write_record(["actors", "signs", "balanced"])?;
                let mut failed = None;
                balance.for_each_triangle(|t| {
                    if failed.is_some() {
                        return;
                    }
                    let ids: Vec<&str> = t.actors().iter().map(|&k| data.actor_id(k)).collect();
                    let signs: Vec<&str> = t.signs().iter().map(|s| s.as_str()).collect();
                    let balanced = if t.is_balanced() { "yes" } else { "no" };
                    let row = [ids.join(" "), signs.join(" "), balanced.to_owned()];
                    if let Err(e) = csv.write_record(&row) {
                        failed = Some(e);
                    }
                });
                match failed {
                    Some(e) => Err(e.into()),
                    None => csv.flush(),
                }
            })
        }
        _ => {
            // Streamed too: the rows are made twice (to measure the
            // columns, then to write them), never held.
            let balance = analysis::balance_streamed(&snap);
            let count = balance.count();
            let title = format!(
                "{at}: {} balanced, {}, ratio {}; walk balance {}{}",
                count.balanced,
                plural(
                    count.unbalanced,
                    "unbalanced triangle",
                    "unbalanced triangles"
                ),
                ratio(balance.ratio()),
                walk(balance.walk(), balance.walk_gap()),
                balance_robustness_line(&snap, balance.robustness())
            );
            if count.total() == 0 {
                return ctx.out.text(title);
            }
            let table = Table::new(vec!["actors", "signs", "balanced"]);
            let rows = |each: &mut dyn FnMut(&[String])| {
                balance.for_each_triangle(|t| {
                    let ids: Vec<&str> = t.actors().iter().map(|&k| data.actor_id(k)).collect();
                    let signs: Vec<&str> = t.signs().iter().map(|s| s.as_str()).collect();
                    each(&[
                        ids.join(" "),
                        signs.join(" "),
                        if t.is_balanced() { "yes" } else { "no" }.to_owned(),
                    ]);
                });
            };
            let color = ctx.out.color();
            ctx.out
                .stream(|w| table.write_streamed(&title, color, rows, w))
        }
    }
}

/// A table as text (with a title line) or as CSV.
fn render_table(ctx: &Ctx<'_>, format: Format, title: &str, table: Table) -> Result<(), Failure> {
    match format {
        Format::Csv => ctx.out.bytes(&table.csv()?, false),
        _ if table.is_empty() => ctx.out.text(title.to_owned()),
        _ => ctx
            .out
            .text(format!("{title}\n\n{}", table.render(ctx.out.color()))),
    }
}

pub fn centrality(ctx: &Ctx<'_>, args: &CentralityArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("centrality"))?;
    let data = ctx.data;
    let at = selector(&args.at.at)?;
    let snap = data.snapshot(&at);
    let centrality = analysis::centrality(&snap);
    match format {
        Format::Json => {
            // The table's broker and mediation lines are in the JSON too (R4).
            #[derive(serde::Serialize)]
            struct Doc<'a, 'd> {
                #[serde(flatten)]
                centrality: &'a analysis::Centrality<'d>,
                brokers: serde_json::Value,
                mediations: serde_json::Value,
            }
            let mut brokers = serde_json::to_value(analysis::brokers_from(&snap, &centrality))
                .map_err(|e| Failure::Data(format!("cannot encode JSON: {e}")))?;
            ctx.out.json(&Doc {
                centrality: &centrality,
                brokers: brokers["brokers"].take(),
                mediations: brokers["mediations"].take(),
            })
        }
        _ => {
            let mut table = Table::new(vec![
                "id",
                "degree",
                "+",
                "-",
                "betweenness",
                "closeness",
                "eigenvector",
            ]);
            for a in centrality.actors() {
                table.row(vec![
                    data.actor_id(a.key).to_owned(),
                    a.degree.to_string(),
                    a.positive.to_string(),
                    a.negative.to_string(),
                    format!("{:.4}", a.betweenness),
                    format!("{:.4}", a.closeness),
                    a.eigenvector
                        .map_or_else(|| "—".to_owned(), |e| format!("{e:.4}")),
                ]);
            }
            if format == Format::Csv {
                return ctx.out.bytes(&table.csv()?, false);
            }
            let brokers = analysis::brokers_from(&snap, &centrality);
            let mut text = format!(
                "{at}: centrality on the analysis graph\n\n{}",
                table.render(ctx.out.color())
            );
            let top: Vec<String> = brokers
                .brokers()
                .iter()
                .take(5)
                .map(|b| format!("{} ({:.3})", data.actor_id(b.key), b.betweenness))
                .collect();
            if !top.is_empty() {
                text.push_str(&format!(
                    "\n{}",
                    crate::out::wrap(&format!("brokers by betweenness: {}", top.join(", ")), 0)
                ));
            }
            for m in brokers.mediations() {
                text.push_str(&format!(
                    "mediation: {} between {} and {}\n",
                    data.actor_id(m.mediator),
                    data.actor_id(m.parties[0]),
                    data.actor_id(m.parties[1])
                ));
            }
            ctx.out.text(text)
        }
    }
}

pub fn camps(ctx: &Ctx<'_>, args: &CampsArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("camps"))?;
    let data = ctx.data;
    let at = selector(&args.at.at)?;
    let snap = data.snapshot(&at);
    let options = crate::cli::camps_options(args.time_limit);
    let camps = analysis::camps_with(&snap, usize::from(args.camps), &options);
    match format {
        Format::Json => ctx.out.json(&camps),
        _ => {
            let mut table = Table::new(vec!["camp", "actors"]).flexible(1);
            for (i, camp) in camps.camps().iter().enumerate() {
                let ids: Vec<&str> = camp.iter().map(|&k| data.actor_id(k)).collect();
                table.row(vec![(i + 1).to_string(), ids.join(" ")]);
            }
            if format == Format::Csv {
                return ctx.out.bytes(&table.csv()?, false);
            }
            let proof = if camps.is_exact() {
                "proven minimal".to_owned()
            } else {
                format!(
                    "best found; proven lower bound {}, gap {}",
                    camps.lower_bound(),
                    camps.gap()
                )
            };
            if camps.camps().is_empty() {
                return ctx.out.text(format!(
                    "{at}: no actor has a signed pair, so there are no camps\n"
                ));
            }
            let mut text = format!(
                "{at}: {}, frustration {} ({proof}){}\n\n{}",
                plural(camps.camps().len(), "camp", "camps"),
                camps.frustration(),
                camps_robustness_line(data, &snap, camps.robustness()),
                table.render(ctx.out.color())
            );
            for f in camps.frustrated() {
                let why = if f.sign == tiegraph::Sign::Negative {
                    "hostile inside a camp"
                } else {
                    "friendly across camps"
                };
                text.push_str(&format!(
                    "frustrated: {} – {} ({why})\n",
                    data.actor_id(f.a),
                    data.actor_id(f.b)
                ));
            }
            // Who the data places firmly, and who could sit in another camp
            // at no cost.
            let mut moves = Table::new(vec!["actor", "camp", "move cost"]);
            for m in camps.moves() {
                let camp = camps.camp_of(m.actor).map_or(0, |c| c + 1);
                let cost = if m.cost == 0 {
                    "0 (free)".to_owned()
                } else {
                    m.cost.to_string()
                };
                moves.row(vec![
                    data.actor_id(m.actor).to_owned(),
                    camp.to_string(),
                    cost,
                ]);
            }
            text.push_str(&format!(
                "\nmove cost: how much the frustration rises if the actor alone moves\n\
                 to its best other camp\n\n{}",
                moves.render(ctx.out.color())
            ));
            ctx.out.text(text)
        }
    }
}
