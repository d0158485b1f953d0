//! GDELT 1.0 and 2.0 event rows: tab-separated, no header. Both share the
//! first 35 columns (ids, dates, actors, event codes, counts); after the
//! geography columns come `DATEADDED` and (except in GDELT 1.0's
//! back-file of 57 columns) `SOURCEURL`.

use compact_str::CompactString;

use super::{trimmed, At, Context, Fields, Layout};
use crate::ingest::cameo;
use crate::ingest::row::{count, place, tenths, ymd, Code, Event, Name, Parsed, Side, Title};
use crate::ingest::{ActorMode, DateField, SkipReason};
use crate::ActorKind;

const GLOBALEVENTID: usize = 0;
const SQLDATE: usize = 1;
const ACTOR1: usize = 5;
const ACTOR2: usize = 15;
const IS_ROOT_EVENT: usize = 25;
const EVENT_CODE: usize = 26;
const EVENT_ROOT_CODE: usize = 28;
const QUAD_CLASS: usize = 29;
const GOLDSTEIN: usize = 30;
const NUM_MENTIONS: usize = 31;

/// `DATEADDED` and `SOURCEURL` (if any) of a row of `fields` columns.
fn tail(fields: usize) -> (usize, Option<usize>) {
    match fields {
        61 => (59, Some(60)),
        58 => (56, Some(57)),
        _ => (56, None),
    }
}

/// A side of a GDELT event: its known group (with `--actors group`) or
/// its country, through the actor map.
fn side(f: &Fields<'_>, base: usize, ctx: &Context) -> Result<Side, SkipReason> {
    let text = |i: usize| std::str::from_utf8(f.get(i).trim_ascii()).unwrap_or("");
    let (name, country, group, type1) = (base + 1, base + 2, base + 3, base + 7);
    let map = &ctx.options.actor_map;
    if ctx.options.actors == ActorMode::Group && !text(group).is_empty() {
        let code = text(group);
        let kind = match text(type1) {
            "IGO" | "NGO" => ActorKind::Organization,
            _ => ActorKind::Group,
        };
        let name = trimmed(f.text, f.span(name));
        let side = Side {
            id: CompactString::new(code),
            name: if name.0 == name.1 {
                Name::Id
            } else {
                Name::Span(name)
            },
            kind,
        };
        return checked(map.apply(code, side));
    }
    let code = text(country);
    if code.is_empty() {
        return Err(SkipReason::MissingActor);
    }
    if map.get(code).is_some() {
        return checked(map.apply(code, plain(code)));
    }
    let side = match cameo::country(code) {
        Some(c) if c.region && !ctx.options.keep_regions => return Err(SkipReason::Region),
        Some(c) => Side {
            id: CompactString::new(c.id),
            name: Name::Static(c.name),
            kind: if c.region {
                ActorKind::Group
            } else {
                ActorKind::State
            },
        },
        None => plain(code),
    };
    checked(map.apply(code, side))
}

fn plain(code: &str) -> Side {
    Side {
        id: CompactString::new(code),
        name: Name::Id,
        kind: ActorKind::State,
    }
}

fn checked(side: Side) -> Result<Side, SkipReason> {
    if crate::ingest::row::is_id(&side.id) {
        Ok(side)
    } else {
        Err(SkipReason::BadValue)
    }
}

/// Parses one row of `layout.fields` fields.
pub(super) fn row(f: &Fields<'_>, at: &At<'_>, layout: &Layout, ctx: &Context, out: &mut Parsed) {
    let opts = &ctx.options;
    let (added, url) = tail(layout.fields);
    let (date_field, date_name) = match opts.date {
        DateField::Event => (SQLDATE, "SQLDATE"),
        DateField::Added => (added, "DATEADDED"),
    };
    let Some(date) = ymd(f.get(date_field)) else {
        return super::bad_date(out, at, date_name, f.get(date_field));
    };
    let id = trimmed(f.text, f.span(GLOBALEVENTID));
    let code_text = std::str::from_utf8(f.get(EVENT_CODE).trim_ascii()).unwrap_or("");
    let root = cameo::root_of(std::str::from_utf8(f.get(EVENT_ROOT_CODE)).unwrap_or(""));
    let quad = count(f.get(QUAD_CLASS)).filter(|q| (1..=4).contains(q));
    let code = cameo::code_number(code_text);
    let goldstein = tenths(f.get(GOLDSTEIN));
    let mentions = count(f.get(NUM_MENTIONS));
    let id_ok = id.0 < id.1 && !f.text[id.0 as usize..id.1 as usize].contains(&b';');
    let checks = [
        ("GLOBALEVENTID", GLOBALEVENTID, id_ok),
        ("EventCode", EVENT_CODE, code.is_some()),
        ("EventRootCode", EVENT_ROOT_CODE, root.is_some()),
        ("QuadClass", QUAD_CLASS, quad.is_some()),
        ("GoldsteinScale", GOLDSTEIN, goldstein.is_some()),
        ("NumMentions", NUM_MENTIONS, mentions.is_some()),
    ];
    if let Some(&(column, field, _)) = checks.iter().find(|c| !c.2) {
        return super::bad_value(out, at, column, f.get(field));
    }
    let (a, b) = match (side(f, ACTOR1, ctx), side(f, ACTOR2, ctx)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return out.skip(r, at.file, at.line, "", String::new),
    };
    if a.id == b.id {
        return out.skip(SkipReason::SameActor, at.file, at.line, "", String::new);
    }
    let (quad, root) = (quad.unwrap_or(0) as u8, root.unwrap_or(0));
    let Some(kind) = cameo::event_kind(quad, root, code_text) else {
        return out.skip(SkipReason::NoKind, at.file, at.line, "", String::new);
    };
    let (code, mentions) = (code.unwrap_or(0), mentions.unwrap_or(0));
    let (day, period, offset) = place(opts.period, date);
    let kept = ctx.keeps(day)
        && (!opts.root_only || f.get(IS_ROOT_EVENT).trim_ascii() == b"1")
        && opts.min_mentions.is_none_or(|m| mentions >= m);
    if !kept {
        return out.skip(SkipReason::Filtered, at.file, at.line, "", String::new);
    }
    let url = url
        .map(|u| trimmed(f.text, f.span(u)))
        .filter(|s| s.0 < s.1);
    out.events.push(Event {
        day,
        period,
        offset,
        a,
        b,
        code: Code::Number(code),
        kind,
        mentions: Some(mentions),
        goldstein_tenths: goldstein,
        weight: f64::from(mentions),
        id,
        title: Title::Cameo(code),
        publisher: None,
        url,
    });
}
