//! ICEWS event rows: tab-separated with a header (the Dataverse layout:
//! `Event ID`, `Event Date`, `Source Name`, `Source Sectors`, `Source
//! Country`, `Event Text`, `CAMEO Code`, `Intensity`, `Target Name`, …);
//! missing values are empty or `NA`.

use compact_str::CompactString;

use super::{is_missing, trimmed, At, Context, Fields, Layout};
use crate::ingest::row::{place, slug, tenths, ymd, Code, Event, Name, Parsed, Side, Title};
use crate::ingest::{cameo, iso_of_country_name, ActorMode, SkipReason};
use crate::ActorKind;

/// The columns read, and whether each is required.
pub(super) const COLUMNS: &[(&str, bool)] = &[
    ("Event ID", true),
    ("Event Date", true),
    ("Source Name", true),
    ("Source Sectors", false),
    ("Source Country", true),
    ("CAMEO Code", true),
    ("Intensity", true),
    ("Target Name", true),
    ("Target Sectors", false),
    ("Target Country", true),
    ("Publisher", false),
];
const ID: usize = 0;
const DATE: usize = 1;
const SOURCE: usize = 2;
const CODE: usize = 5;
const INTENSITY: usize = 6;
const TARGET: usize = 7;
const PUBLISHER: usize = 10;

/// Sector words that make an actor a group of its own with `--actors group`.
const GROUP_SECTORS: [&str; 7] = [
    "insurgent",
    "rebel",
    "separatist",
    "terror",
    "militia",
    "organized violent",
    "dissident",
];

/// Sector words of international and non-governmental organisations.
const ORGANIZATION_SECTORS: [&str; 2] = ["international government", "non-governmental"];

fn has_any(sectors: &str, words: &[&str]) -> bool {
    let lower = sectors.to_ascii_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// A side: `name` is the column of the side's name, followed by its
/// sectors and its country.
fn side(f: &Fields<'_>, layout: &Layout, name: usize, ctx: &Context) -> Result<Side, SkipReason> {
    let field = |c: usize| layout.at(c).map_or(&[][..], |i| f.get(i));
    let text = |c: usize| std::str::from_utf8(field(c).trim_ascii()).unwrap_or("");
    let (sectors, country) = (text(name + 1), text(name + 2));
    let map = &ctx.options.actor_map;
    let name_span = layout
        .at(name)
        .map_or((0, 0), |i| trimmed(f.text, f.span(i)));
    let named = !is_missing(field(name));
    if named {
        if let Some(e) = map.get(text(name)) {
            return Ok(map.apply(text(name), own(text(name), name_span, e.kind)));
        }
    }
    if ctx.options.actors == ActorMode::Group && named {
        let organization = has_any(sectors, &ORGANIZATION_SECTORS);
        if organization || has_any(sectors, &GROUP_SECTORS) {
            let kind = if organization {
                ActorKind::Organization
            } else {
                ActorKind::Group
            };
            return Ok(own(text(name), name_span, kind));
        }
    }
    if is_missing(field(name + 2)) {
        return Err(SkipReason::MissingActor);
    }
    let country_span = layout
        .at(name + 2)
        .map_or((0, 0), |i| trimmed(f.text, f.span(i)));
    let side = match iso_of_country_name(country) {
        Some(iso) => Side {
            id: CompactString::new(iso),
            name: cameo::country_name(iso).map_or(Name::Span(country_span), Name::Static),
            kind: ActorKind::State,
        },
        None => own(country, country_span, ActorKind::State),
    };
    Ok(map.apply(country, side))
}

/// An actor named by its own text, with a slug of it as id.
fn own(text: &str, span: (u32, u32), kind: ActorKind) -> Side {
    Side {
        id: CompactString::new(slug(text)),
        name: Name::Span(span),
        kind,
    }
}

/// A CAMEO code as ICEWS writes it: some files drop the leading zero
/// (`42` for `042`).
fn code_number(code: &str) -> Option<u32> {
    let root = cameo::root_of(code)?;
    if root > 20 && code.len() <= 3 {
        return cameo::code_number(&format!("0{code}"));
    }
    cameo::code_number(code)
}

/// Parses one row.
pub(super) fn row(f: &Fields<'_>, at: &At<'_>, layout: &Layout, ctx: &Context, out: &mut Parsed) {
    let field = |c: usize| layout.at(c).map_or(&[][..], |i| f.get(i));
    let Some(date) = ymd(field(DATE)) else {
        return super::bad_date(out, at, "Event Date", field(DATE));
    };
    let code = code_number(std::str::from_utf8(field(CODE).trim_ascii()).unwrap_or(""));
    let Some(code) = code else {
        return super::bad_value(out, at, "CAMEO Code", field(CODE));
    };
    let Some(intensity) = tenths(field(INTENSITY)) else {
        return super::bad_value(out, at, "Intensity", field(INTENSITY));
    };
    let id = layout.at(ID).map_or((0, 0), |i| trimmed(f.text, f.span(i)));
    if id.0 == id.1 || field(ID).contains(&b';') {
        return super::bad_value(out, at, "Event ID", field(ID));
    }
    let (a, b) = match (side(f, layout, SOURCE, ctx), side(f, layout, TARGET, ctx)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return out.skip(r, at.file, at.line, "", String::new),
    };
    if a.id == b.id {
        return out.skip(SkipReason::SameActor, at.file, at.line, "", String::new);
    }
    let text = cameo::code_text(code);
    let root = cameo::root_of(&text).unwrap_or(0);
    let quad = cameo::quad_class(root).unwrap_or(0);
    let Some(kind) = cameo::event_kind(quad, root, &text) else {
        return out.skip(SkipReason::NoKind, at.file, at.line, "", String::new);
    };
    let (day, period, offset) = place(ctx.options.period, date);
    if !ctx.keeps(day) {
        return out.skip(SkipReason::Filtered, at.file, at.line, "", String::new);
    }
    let publisher = f.optional(layout, PUBLISHER);
    out.events.push(Event {
        day,
        period,
        offset,
        a,
        b,
        code: Code::Number(code),
        kind,
        mentions: None,
        goldstein_tenths: Some(intensity),
        weight: f64::from(intensity.unsigned_abs()) / 10.0,
        id,
        title: Title::Cameo(code),
        publisher,
        url: None,
    });
}
