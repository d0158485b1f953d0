//! UCDP Georeferenced Event Dataset rows: CSV with a header (the 49
//! standard columns; only those below are read).

use compact_str::CompactString;

use super::{is_missing, trimmed, At, Context, Fields, Layout};
use crate::ingest::row::{count, place, slug, ymd, Code, Event, Name, Parsed, Side, Title};
use crate::ingest::{cameo, iso_of_gleditsch_ward, EventKind, SkipReason};
use crate::ActorKind;

/// The columns read, and whether each is required.
pub(super) const COLUMNS: &[(&str, bool)] = &[
    ("id", true),
    ("type_of_violence", true),
    ("side_a", true),
    ("side_b", true),
    ("gwnoa", false),
    ("gwnob", false),
    ("date_start", true),
    ("best", true),
    ("source_office", false),
    ("dyad_name", false),
];
const ID: usize = 0;
const TYPE: usize = 1;
const SIDE_A: usize = 2;
const SIDE_B: usize = 3;
const GWNOA: usize = 4;
const DATE: usize = 6;
const BEST: usize = 7;
const SOURCE_OFFICE: usize = 8;
const DYAD: usize = 9;

/// The names of UCDP's three types of violence.
const TYPES: [&str; 3] = [
    "State-based conflict",
    "Non-state conflict",
    "One-sided violence",
];

/// A side: a state (its Gleditsch–Ward number maps to an ISO code) or a
/// group named by its text.
fn side(f: &Fields<'_>, layout: &Layout, which: usize, ctx: &Context) -> Result<Side, SkipReason> {
    let field = |c: usize| layout.at(c).map_or(&[][..], |i| f.get(i));
    if is_missing(field(which)) {
        return Err(SkipReason::MissingActor);
    }
    let name = std::str::from_utf8(field(which).trim_ascii()).unwrap_or("");
    let span = layout
        .at(which)
        .map_or((0, 0), |i| trimmed(f.text, f.span(i)));
    let gw = std::str::from_utf8(field(GWNOA + which - SIDE_A).trim_ascii()).unwrap_or("");
    // A side of several states ("2, 200") is named by its text.
    let iso = gw.parse::<u16>().ok().and_then(iso_of_gleditsch_ward);
    let side = match iso {
        Some(iso) => Side {
            id: CompactString::new(iso),
            name: cameo::country_name(iso).map_or(Name::Span(span), Name::Static),
            kind: ActorKind::State,
        },
        None => Side {
            id: CompactString::new(slug(name)),
            name: Name::Span(span),
            kind: ActorKind::Group,
        },
    };
    Ok(ctx.options.actor_map.apply(name, side))
}

/// Parses one row.
pub(super) fn row(f: &Fields<'_>, at: &At<'_>, layout: &Layout, ctx: &Context, out: &mut Parsed) {
    let field = |c: usize| layout.at(c).map_or(&[][..], |i| f.get(i));
    let Some(date) = ymd(field(DATE)) else {
        return super::bad_date(out, at, "date_start", field(DATE));
    };
    let violence = count(field(TYPE)).filter(|t| (1..=3).contains(t));
    let Some(violence) = violence else {
        return super::bad_value(out, at, "type_of_violence", field(TYPE));
    };
    let Some(best) = count(field(BEST)) else {
        return super::bad_value(out, at, "best", field(BEST));
    };
    let id = layout.at(ID).map_or((0, 0), |i| trimmed(f.text, f.span(i)));
    if id.0 == id.1 || field(ID).contains(&b';') {
        return super::bad_value(out, at, "id", field(ID));
    }
    let (a, b) = match (side(f, layout, SIDE_A, ctx), side(f, layout, SIDE_B, ctx)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return out.skip(r, at.file, at.line, "", String::new),
    };
    if a.id == b.id {
        return out.skip(SkipReason::SameActor, at.file, at.line, "", String::new);
    }
    if violence == 3 && !ctx.options.include_one_sided {
        return out.skip(SkipReason::NoKind, at.file, at.line, "", String::new);
    }
    let (day, period, offset) = place(ctx.options.period, date);
    if !ctx.keeps(day) {
        return out.skip(SkipReason::Filtered, at.file, at.line, "", String::new);
    }
    let text_of = |c: usize| f.optional(layout, c);
    let title_span = text_of(DYAD).unwrap_or_else(|| trimmed(f.text, f.span(ID)));
    out.events.push(Event {
        day,
        period,
        offset,
        a,
        b,
        code: Code::Number(violence),
        kind: EventKind::Hostility,
        mentions: None,
        goldstein_tenths: None,
        weight: f64::from(best),
        id,
        title: Title::Typed(TYPES[violence as usize - 1], title_span),
        publisher: text_of(SOURCE_OFFICE),
        url: None,
    });
}
