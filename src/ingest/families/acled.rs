//! ACLED rows: CSV with a header (the export's columns; only those below
//! are read). `event_date` is `YYYY-MM-DD` (the API) or `D Month YYYY`
//! (the export tool).

use compact_str::CompactString;

use super::{is_missing, trimmed, At, Context, Fields, Layout};
use crate::ingest::row::{count, place, slug, ymd, Code, Event, Name, Parsed, Side, Title};
use crate::ingest::{EventKind, SkipReason};
use crate::ActorKind;

/// The columns read, and whether each is required.
pub(super) const COLUMNS: &[(&str, bool)] = &[
    ("event_id_cnty", true),
    ("event_date", true),
    ("event_type", true),
    ("sub_event_type", true),
    ("actor1", true),
    ("actor2", true),
    ("inter1", false),
    ("inter2", false),
    ("fatalities", true),
    ("source", false),
];
const ID: usize = 0;
const DATE: usize = 1;
const EVENT_TYPE: usize = 2;
const SUB_EVENT_TYPE: usize = 3;
const ACTOR1: usize = 4;
const INTER1: usize = 6;
const FATALITIES: usize = 8;
const SOURCE: usize = 9;

/// The tie kind of an ACLED event type (and sub-event type), with the
/// type's name for titles.
fn kind(event_type: &str, sub_event_type: &str) -> Option<(EventKind, &'static str)> {
    let strategic = "Strategic developments";
    match event_type {
        "Battles" => Some((EventKind::Hostility, "Battles")),
        "Explosions/Remote violence" => Some((EventKind::Hostility, "Explosions/Remote violence")),
        "Riots" => Some((EventKind::Tension, "Riots")),
        "Protests" => Some((EventKind::Tension, "Protests")),
        _ if event_type == strategic && sub_event_type == "Agreement" => {
            Some((EventKind::Cooperation, strategic))
        }
        _ => None,
    }
}

/// A side: the actor's name slugged to an id; state forces are states.
fn side(f: &Fields<'_>, layout: &Layout, which: usize, ctx: &Context) -> Result<Side, SkipReason> {
    let field = |c: usize| layout.at(c).map_or(&[][..], |i| f.get(i));
    if is_missing(field(which)) {
        return Err(SkipReason::MissingActor);
    }
    let name = std::str::from_utf8(field(which).trim_ascii()).unwrap_or("");
    let inter = field(INTER1 + which - ACTOR1).trim_ascii();
    let state = inter == b"1" || inter.to_ascii_lowercase().starts_with(b"state forces");
    let side = Side {
        id: CompactString::new(slug(name)),
        name: Name::Span(
            layout
                .at(which)
                .map_or((0, 0), |i| trimmed(f.text, f.span(i))),
        ),
        kind: if state {
            ActorKind::State
        } else {
            ActorKind::Group
        },
    };
    Ok(ctx.options.actor_map.apply(name, side))
}

/// Parses one row.
pub(super) fn row(f: &Fields<'_>, at: &At<'_>, layout: &Layout, ctx: &Context, out: &mut Parsed) {
    let field = |c: usize| layout.at(c).map_or(&[][..], |i| f.get(i));
    let text = |c: usize| std::str::from_utf8(field(c).trim_ascii()).unwrap_or("");
    let Some(date) = ymd(field(DATE)) else {
        return super::bad_date(out, at, "event_date", field(DATE));
    };
    let fatalities = if is_missing(field(FATALITIES)) {
        Some(0)
    } else {
        count(field(FATALITIES))
    };
    let Some(fatalities) = fatalities else {
        return super::bad_value(out, at, "fatalities", field(FATALITIES));
    };
    let id = layout.at(ID).map_or((0, 0), |i| trimmed(f.text, f.span(i)));
    if id.0 == id.1 || field(ID).contains(&b';') {
        return super::bad_value(out, at, "event_id_cnty", field(ID));
    }
    let (a, b) = match (
        side(f, layout, ACTOR1, ctx),
        side(f, layout, ACTOR1 + 1, ctx),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return out.skip(r, at.file, at.line, "", String::new),
    };
    if a.id == b.id {
        return out.skip(SkipReason::SameActor, at.file, at.line, "", String::new);
    }
    let Some((kind, type_name)) = kind(text(EVENT_TYPE), text(SUB_EVENT_TYPE)) else {
        return out.skip(SkipReason::NoKind, at.file, at.line, "", String::new);
    };
    let (day, period, offset) = place(ctx.options.period, date);
    if !ctx.keeps(day) {
        return out.skip(SkipReason::Filtered, at.file, at.line, "", String::new);
    }
    let sub = layout
        .at(SUB_EVENT_TYPE)
        .map_or((0, 0), |i| trimmed(f.text, f.span(i)));
    let publisher = f.optional(layout, SOURCE);
    out.events.push(Event {
        day,
        period,
        offset,
        a,
        b,
        code: Code::Text(sub),
        kind,
        mentions: None,
        goldstein_tenths: None,
        weight: f64::from(fatalities),
        id,
        title: Title::Typed(type_name, sub),
        publisher,
        url: None,
    });
}
