//! Stage 1's rules (`docs/ingest.md`) as one [`Query`] model: the source
//! rows, the mapping tables, the steps that parse, map, filter, dedup,
//! count, resolve mediation and rank evidence.

use std::collections::BTreeMap;

use super::model::{
    and, call, case, cast, cat, col, eq, extract, iff, in_list, int, is_null, matches, not, op, or,
    txt, Query, Select, Ty, Values, E, F,
};
use crate::ingest::{cameo, country, ActorMode, DateField, Dedup, Family, IngestOptions, Period};

/// GDELT 2.0's 61 columns, as GDELT names them (and BigQuery's tables).
pub(super) const GDELT2_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The columns of a GDELT family's files, in order (GDELT 1.0: 58, without
/// the `ADM2Code` columns).
pub(crate) fn gdelt_columns(family: Family) -> Vec<&'static str> {
    GDELT2_COLUMNS
        .iter()
        .copied()
        .filter(|c| family == Family::Gdelt2 || !c.ends_with("ADM2Code"))
        .collect()
}

/// The source columns stage 1 reads.
pub(super) fn needed_columns(o: &IngestOptions) -> Vec<&'static str> {
    match o.family {
        Family::Gdelt1 | Family::Gdelt2 => vec![
            "GLOBALEVENTID",
            "SQLDATE",
            "Actor1Name",
            "Actor1CountryCode",
            "Actor1KnownGroupCode",
            "Actor1Type1Code",
            "Actor2Name",
            "Actor2CountryCode",
            "Actor2KnownGroupCode",
            "Actor2Type1Code",
            "IsRootEvent",
            "EventCode",
            "EventRootCode",
            "QuadClass",
            "GoldsteinScale",
            "NumMentions",
            "DATEADDED",
            "SOURCEURL",
        ],
        Family::Icews => vec![
            "Event ID",
            "Event Date",
            "Source Name",
            "Source Sectors",
            "Source Country",
            "CAMEO Code",
            "Intensity",
            "Target Name",
            "Target Sectors",
            "Target Country",
            "Publisher",
        ],
        Family::Ucdp => vec![
            "id",
            "type_of_violence",
            "side_a",
            "side_b",
            "gwnoa",
            "gwnob",
            "date_start",
            "best",
            "source_office",
            "dyad_name",
        ],
        Family::Acled => vec![
            "event_id_cnty",
            "event_date",
            "event_type",
            "sub_event_type",
            "actor1",
            "actor2",
            "inter1",
            "inter2",
            "fatalities",
            "source",
        ],
    }
}

/// Accented Latin letters and what slugs and folds make of them.
fn accents(lower: bool) -> (String, String) {
    let groups: [(&str, char); 7] = [
        ("àáâãäåÀÁÂÃÄÅ", 'A'),
        ("çÇ", 'C'),
        ("èéêëÈÉÊË", 'E'),
        ("ìíîïÌÍÎÏ", 'I'),
        ("ñÑ", 'N'),
        ("òóôõöÒÓÔÕÖ", 'O'),
        ("ùúûüÙÚÛÜ", 'U'),
    ];
    let (mut from, mut to) = (String::new(), String::new());
    for (letters, base) in groups {
        for c in letters.chars() {
            from.push(c);
            to.push(if lower {
                base.to_ascii_lowercase()
            } else {
                base
            });
        }
    }
    (from, to)
}

fn s(c: &str) -> E {
    col(&format!("s.{c}"))
}
fn trim(e: E) -> E {
    call(F::Trim, vec![e])
}
fn lower(e: E) -> E {
    call(F::Lower, vec![e])
}
fn len(e: E) -> E {
    call(F::Length, vec![e])
}
fn substr(e: E, start: i64, n: i64) -> E {
    call(F::Substr, vec![e, int(start), int(n)])
}
fn lpad(e: E, n: i64) -> E {
    call(F::Lpad, vec![cast(e, Ty::Text), int(n), txt("0")])
}
fn not_null(e: E) -> E {
    not(is_null(e))
}
fn ne(a: E, b: E) -> E {
    op("<>", a, b)
}
fn ge(a: E, b: E) -> E {
    op(">=", a, b)
}
fn le(a: E, b: E) -> E {
    op("<=", a, b)
}
fn lt(a: E, b: E) -> E {
    op("<", a, b)
}
fn between(e: E, lo: i64, hi: i64) -> E {
    and(vec![ge(e.clone(), int(lo)), le(e, int(hi))])
}
fn null_text() -> E {
    E::Null(Ty::Text)
}

/// A number as Rust's `f64` parser reads it (no `inf`, no `nan`), else NULL.
fn number(e: E) -> E {
    let t = trim(e);
    iff(
        matches(
            t.clone(),
            "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$",
        ),
        call(F::TryFloat, vec![t]),
        E::Null(Ty::Float),
    )
}

/// Whether a number is a count (a whole number from 0 to 2³²−1).
fn is_count(n: E) -> E {
    and(vec![
        not_null(n.clone()),
        ge(n.clone(), int(0)),
        le(n.clone(), int(4_294_967_295)),
        eq(call(F::Floor, vec![n.clone()]), n),
    ])
}

/// A field that is missing: empty or `NA` (after trimming).
fn missing(e: E) -> E {
    in_list(trim(e), &["", "NA"])
}

/// The trimmed text of an optional field, NULL when missing.
fn optional(e: E) -> E {
    iff(missing(e.clone()), null_text(), trim(e))
}

/// An actor id made from a name, as `slug` makes it (empty for a name
/// without letters or digits: `slug` hashes those, SQL cannot).
fn slug(e: E) -> E {
    let (from, to) = accents(false);
    let t = call(F::Translate, vec![e, txt(&from), txt(&to)]);
    let t = call(F::ReplaceAll, vec![t, txt("[^A-Za-z0-9]+"), txt("_")]);
    let t = call(F::ReplaceAll, vec![t, txt("^_+|_+$"), txt("")]);
    // Only ASCII is left: upper case is the same in every engine.
    let upper = call(
        F::Translate,
        vec![
            t,
            txt("abcdefghijklmnopqrstuvwxyz"),
            txt("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ],
    );
    substr(upper, 1, 64)
}

/// Letters and digits in lower case, accents dropped (`country::fold`).
fn fold(e: E) -> E {
    let (from, to) = accents(true);
    let t = call(F::Translate, vec![e, txt(&from), txt(&to)]);
    lower(call(F::ReplaceAll, vec![t, txt("[^A-Za-z0-9]+"), txt("")]))
}

/// The host of a web address without `www.` (`stage1::host`), NULL if none.
fn host(url: E) -> E {
    let at = call(F::Strpos, vec![url.clone(), txt("://")]);
    let rest = iff(
        op(">", at.clone(), int(0)),
        call(F::SubstrFrom, vec![url.clone(), op("+", at, int(3))]),
        url.clone(),
    );
    let h = extract(rest, "^([^/?#]*)");
    let h = extract(h, "([^@]*)$");
    let h = extract(h, "^([^:]*)");
    let h = call(F::ReplaceAll, vec![h, txt("^www[.]"), txt("")]);
    iff(or(is_null(url), eq(h.clone(), txt(""))), null_text(), h)
}

fn is_id(e: E) -> E {
    matches(e, "^[A-Za-z0-9_.-]{1,64}$")
}

/// One side of an event before the actor map: the codes the map is
/// looked up by (`code1` first, then — unless `direct` — `code2` and the
/// id the rules made), the rules' actor and why the side is not used.
struct Side {
    code1: E,
    direct: E,
    code2: E,
    id: E,
    name: E,
    kind: E,
    /// `'ok'` or the reason the side is not used.
    status: E,
    /// A CAMEO region, skipped unless the map names its code.
    region: E,
}

fn no() -> E {
    eq(int(1), int(0))
}

/// A condition that is false rather than NULL.
fn truth(e: E) -> E {
    iff(e, eq(int(1), int(1)), no())
}

/// A GDELT side (`Actor1…` or `Actor2…`); `c` is the alias of its
/// country-table join.
fn gdelt_side(o: &IngestOptions, p: &str, c: &str) -> Side {
    let group = trim(s(&format!("{p}KnownGroupCode")));
    let cc = trim(s(&format!("{p}CountryCode")));
    let name = trim(s(&format!("{p}Name")));
    let type1 = trim(s(&format!("{p}Type1Code")));
    let cid = col(&format!("{c}.id"));
    let use_group = if o.actors == ActorMode::Group {
        ne(group.clone(), txt(""))
    } else {
        no()
    };
    let region = and(vec![
        not(use_group.clone()),
        eq(col(&format!("{c}.region")), txt("1")),
    ]);
    Side {
        code1: null_text(),
        direct: no(),
        code2: iff(use_group.clone(), group.clone(), cc.clone()),
        id: case(
            vec![
                (use_group.clone(), group.clone()),
                (not_null(cid.clone()), cid.clone()),
            ],
            cc.clone(),
        ),
        name: case(
            vec![
                (use_group.clone(), name),
                (not_null(cid.clone()), col(&format!("{c}.name"))),
            ],
            cc.clone(),
        ),
        kind: case(
            vec![
                (
                    use_group.clone(),
                    iff(
                        in_list(type1, &["IGO", "NGO"]),
                        txt("organization"),
                        txt("group"),
                    ),
                ),
                (region.clone(), txt("group")),
            ],
            txt("state"),
        ),
        status: iff(
            and(vec![not(use_group), eq(cc, txt(""))]),
            txt("missing_actor"),
            txt("ok"),
        ),
        region: if o.keep_regions { no() } else { truth(region) },
    }
}

/// An ICEWS side (`Source` or `Target`); `k`, `k2` and `n` are the
/// aliases of its country-name and country-table joins.
fn icews_side(o: &IngestOptions, p: &str, k: &str, k2: &str, n: &str) -> Side {
    let name = trim(s(&format!("{p} Name")));
    let sectors = lower(s(&format!("{p} Sectors")));
    let country = trim(s(&format!("{p} Country")));
    let named = not(missing(s(&format!("{p} Name"))));
    let has = |words: &[&str]| {
        words
            .iter()
            .map(|w| ne(call(F::Strpos, vec![sectors.clone(), txt(w)]), int(0)))
            .reduce(or)
            .unwrap_or_else(no)
    };
    let organization = has(&["international government", "non-governmental"]);
    let group = has(&[
        "insurgent",
        "rebel",
        "separatist",
        "terror",
        "militia",
        "organized violent",
        "dissident",
    ]);
    let own = if o.actors == ActorMode::Group {
        and(vec![named.clone(), or(organization.clone(), group)])
    } else {
        no()
    };
    let iso = call(
        F::Coalesce,
        vec![col(&format!("{k}.iso")), col(&format!("{k2}.iso"))],
    );
    Side {
        code1: iff(named, name.clone(), null_text()),
        direct: truth(own.clone()),
        code2: country.clone(),
        id: case(
            vec![
                (own.clone(), slug(name.clone())),
                (not_null(iso.clone()), iso.clone()),
            ],
            slug(country.clone()),
        ),
        name: case(
            vec![
                (own.clone(), name),
                (
                    not_null(iso),
                    call(
                        F::Coalesce,
                        vec![col(&format!("{n}.name")), country.clone()],
                    ),
                ),
            ],
            country,
        ),
        kind: case(
            vec![(
                own.clone(),
                iff(organization, txt("organization"), txt("group")),
            )],
            txt("state"),
        ),
        status: iff(
            and(vec![not(own), missing(s(&format!("{p} Country")))]),
            txt("missing_actor"),
            txt("ok"),
        ),
        region: no(),
    }
}

/// The text of a Gleditsch–Ward number as the table keys it, NULL if not one.
fn gw_key(e: E) -> E {
    let t = trim(e);
    let ok = matches(t.clone(), "^[+]?[0-9]{1,18}$");
    let n = cast(call(F::TryFloat, vec![t]), Ty::Int);
    iff(
        and(vec![ok, le(n.clone(), int(65_535))]),
        cast(n, Ty::Text),
        null_text(),
    )
}

/// A UCDP side (`side_a`/`gwnoa`); `g` and `n` are the aliases of its
/// state-number and country-table joins.
fn ucdp_side(which: &str, gw: &str, g: &str, n: &str) -> Side {
    let name = trim(s(which));
    let iso = col(&format!("{g}.iso"));
    let _ = gw;
    Side {
        code1: null_text(),
        direct: no(),
        code2: name.clone(),
        id: iff(not_null(iso.clone()), iso.clone(), slug(name.clone())),
        name: iff(
            not_null(iso.clone()),
            call(F::Coalesce, vec![col(&format!("{n}.name")), name.clone()]),
            name,
        ),
        kind: iff(not_null(iso), txt("state"), txt("group")),
        status: iff(missing(s(which)), txt("missing_actor"), txt("ok")),
        region: no(),
    }
}

fn acled_side(which: &str, inter: &str) -> Side {
    let name = trim(s(which));
    let inter = trim(s(inter));
    let state = or(
        eq(inter.clone(), txt("1")),
        eq(substr(lower(inter), 1, 12), txt("state forces")),
    );
    Side {
        code1: null_text(),
        direct: no(),
        code2: name.clone(),
        id: slug(name.clone()),
        name,
        kind: iff(state, txt("state"), txt("group")),
        status: iff(missing(s(which)), txt("missing_actor"), txt("ok")),
        region: no(),
    }
}

/// What every family gives of an event, as expressions over the dated rows.
struct Fields {
    id: E,
    date: E,
    /// Whether every value that must be read can be.
    ok: E,
    code: E,
    kind: E,
    mentions: E,
    gold: E,
    weight: E,
    title: E,
    publisher: E,
    url: E,
    /// `--root-only`, `--min-mentions`.
    kept: E,
}

fn id_ok(id_col: &str) -> E {
    and(vec![
        ne(trim(s(id_col)), txt("")),
        eq(call(F::Strpos, vec![s(id_col), txt(";")]), int(0)),
    ])
}

/// A CAMEO event's kind from its (normalised) code, QuadClass and root.
fn cameo_kind(code: E, quad: E, root: E) -> E {
    let q12 = or(eq(quad.clone(), int(1)), eq(quad.clone(), int(2)));
    case(
        vec![
            (eq(code, txt("045")), txt("mediate")),
            (and(vec![q12.clone(), eq(root, int(7))]), txt("support")),
            (q12, txt("cooperation")),
            (eq(quad.clone(), int(3)), txt("tension")),
            (eq(quad, int(4)), txt("hostility")),
        ],
        null_text(),
    )
}

/// The title of a CAMEO code, `d` the alias of the description join.
fn cameo_title(code: E, d: &str) -> E {
    let desc = col(&format!("{d}.description"));
    iff(
        not_null(desc.clone()),
        cat(vec![desc, txt(" (CAMEO "), code.clone(), txt(")")]),
        cat(vec![txt("CAMEO "), code]),
    )
}

fn gdelt_fields(o: &IngestOptions) -> Fields {
    let code = trim(s("EventCode"));
    let root_text = s("EventRootCode");
    let root = iff(
        matches(root_text.clone(), "^[0-9]{2}"),
        cast(substr(root_text.clone(), 1, 2), Ty::Int),
        E::Null(Ty::Int),
    );
    let quad = number(s("QuadClass"));
    let gold = number(s("GoldsteinScale"));
    let mentions = number(s("NumMentions"));
    let ok = and(vec![
        id_ok("GLOBALEVENTID"),
        matches(code.clone(), "^[0-9]{2,4}$"),
        matches(root_text, "^[0-9]{2}"),
        not_null(quad.clone()),
        E::In(Box::new(quad.clone()), vec![int(1), int(2), int(3), int(4)]),
        not_null(gold.clone()),
        le(call(F::Abs, vec![gold.clone()]), int(1000)),
        is_count(mentions.clone()),
    ]);
    let mentions_int = cast(mentions, Ty::Int);
    let url = iff(
        eq(trim(s("SOURCEURL")), txt("")),
        null_text(),
        trim(s("SOURCEURL")),
    );
    let mut kept = Vec::new();
    if o.root_only {
        kept.push(eq(trim(s("IsRootEvent")), txt("1")));
    }
    if let Some(m) = o.min_mentions {
        kept.push(ge(mentions_int.clone(), int(i64::from(m))));
    }
    Fields {
        id: trim(s("GLOBALEVENTID")),
        date: s(match o.date {
            DateField::Event => "SQLDATE",
            DateField::Added => "DATEADDED",
        }),
        ok,
        code: code.clone(),
        kind: cameo_kind(code.clone(), quad, root),
        mentions: mentions_int.clone(),
        gold: cast(call(F::Round, vec![op("*", gold, int(10))]), Ty::Int),
        weight: cast(mentions_int, Ty::Float),
        title: cameo_title(code, "cd"),
        publisher: host(url.clone()),
        url,
        kept: and(kept),
    }
}

fn icews_fields() -> Fields {
    let raw = trim(s("CAMEO Code"));
    let root_ok = matches(raw.clone(), "^[0-9]{2}");
    let raw_root = cast(substr(raw.clone(), 1, 2), Ty::Int);
    let _ = raw_root;
    let code = col("s.cameo_code");
    let root = cast(substr(col("s.cameo_code"), 1, 2), Ty::Int);
    let quad = case(
        vec![
            (between(root.clone(), 1, 5), int(1)),
            (between(root.clone(), 6, 9), int(2)),
            (between(root.clone(), 10, 14), int(3)),
            (between(root.clone(), 15, 20), int(4)),
        ],
        int(0),
    );
    let intensity = number(s("Intensity"));
    let gold = cast(
        call(F::Round, vec![op("*", intensity.clone(), int(10))]),
        Ty::Int,
    );
    Fields {
        id: trim(s("Event ID")),
        date: s("Event Date"),
        ok: and(vec![
            root_ok,
            matches(code.clone(), "^[0-9]{2,4}$"),
            not_null(intensity.clone()),
            le(call(F::Abs, vec![intensity]), int(1000)),
            id_ok("Event ID"),
        ]),
        code: col("s.cameo_code"),
        kind: cameo_kind(col("s.cameo_code"), quad, root),
        mentions: E::Null(Ty::Int),
        gold: gold.clone(),
        weight: op(
            "/",
            cast(call(F::Abs, vec![gold]), Ty::Float),
            E::Cast(Box::new(int(10)), Ty::Float),
        ),
        title: cameo_title(col("s.cameo_code"), "cd"),
        publisher: optional(s("Publisher")),
        url: null_text(),
        kept: and(vec![]),
    }
}

fn ucdp_fields(o: &IngestOptions) -> Fields {
    let v = number(s("type_of_violence"));
    let best = number(s("best"));
    let vi = cast(v.clone(), Ty::Int);
    let text = iff(missing(s("dyad_name")), trim(s("id")), trim(s("dyad_name")));
    let type_name = case(
        vec![
            (eq(vi.clone(), int(1)), txt("State-based conflict")),
            (eq(vi.clone(), int(2)), txt("Non-state conflict")),
        ],
        txt("One-sided violence"),
    );
    Fields {
        id: trim(s("id")),
        date: s("date_start"),
        ok: and(vec![
            is_count(v.clone()),
            E::In(Box::new(v), vec![int(1), int(2), int(3)]),
            is_count(best.clone()),
            id_ok("id"),
        ]),
        code: cast(vi.clone(), Ty::Text),
        kind: if o.include_one_sided {
            txt("hostility")
        } else {
            iff(eq(vi, int(3)), null_text(), txt("hostility"))
        },
        mentions: E::Null(Ty::Int),
        gold: E::Null(Ty::Int),
        weight: best,
        title: iff(
            eq(text.clone(), txt("")),
            type_name.clone(),
            cat(vec![type_name, txt(": "), text]),
        ),
        publisher: optional(s("source_office")),
        url: null_text(),
        kept: and(vec![]),
    }
}

fn acled_fields() -> Fields {
    let f = iff(missing(s("fatalities")), int(0), number(s("fatalities")));
    let f = cast(f, Ty::Float);
    let et = trim(s("event_type"));
    let sub = trim(s("sub_event_type"));
    let kind = case(
        vec![
            (
                in_list(et.clone(), &["Battles", "Explosions/Remote violence"]),
                txt("hostility"),
            ),
            (in_list(et.clone(), &["Riots", "Protests"]), txt("tension")),
            (
                and(vec![
                    eq(et.clone(), txt("Strategic developments")),
                    eq(sub.clone(), txt("Agreement")),
                ]),
                txt("cooperation"),
            ),
        ],
        null_text(),
    );
    Fields {
        id: trim(s("event_id_cnty")),
        date: s("event_date"),
        ok: and(vec![is_count(f.clone()), id_ok("event_id_cnty")]),
        code: sub.clone(),
        kind,
        mentions: E::Null(Ty::Int),
        gold: E::Null(Ty::Int),
        weight: f,
        title: iff(
            eq(sub.clone(), txt("")),
            et.clone(),
            cat(vec![et, txt(": "), sub]),
        ),
        publisher: optional(s("source")),
        url: null_text(),
        kept: and(vec![]),
    }
}

/// Mapping tables the rules use.
fn tables(o: &IngestOptions) -> Vec<Values> {
    let mut out = Vec::new();
    let codes_tsv = include_str!("../../../data/cameo/cameo_codes.tsv");
    let countries_tsv = include_str!("../../../data/cameo/cameo_countries.tsv");
    let rows = |text: &'static str| {
        text.lines()
            .skip(1)
            .filter_map(|line| line.split_once('\t'))
            .map(|(code, name)| (code.trim(), name.trim()))
    };
    let iso_row =
        |iso: &str| cameo::country_name(iso).map(|name| vec![iso.to_owned(), name.to_owned()]);
    if o.family.is_cameo() {
        let descriptions: BTreeMap<&str, &str> = rows(codes_tsv).collect();
        out.push(Values {
            name: "cameo_codes".into(),
            about: "CAMEO event codes and their descriptions (data/cameo/cameo_codes.tsv)".into(),
            cols: vec!["code", "description"],
            rows: descriptions
                .into_iter()
                .map(|(c, d)| vec![c.to_owned(), d.to_owned()])
                .collect(),
        });
    }
    if o.family.is_gdelt() {
        let mut countries = BTreeMap::new();
        for (code, _) in rows(countries_tsv) {
            if let Some(c) = cameo::country(code) {
                let region = if c.region { "1" } else { "0" };
                countries.insert(
                    code,
                    vec![code.into(), c.id.into(), c.name.into(), region.into()],
                );
            }
        }
        out.push(Values {
            name: "cameo_countries".into(),
            about: "CAMEO country codes: actor id (ISO 3166-1 alpha-3; ROM, TMP, IMY, MTN \
                    mapped), name, and 1 for the 28 regions and territories"
                .into(),
            cols: vec!["code", "id", "name", "region"],
            rows: countries.into_values().collect(),
        });
    }
    if o.family == Family::Icews {
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut offer = |key: String| {
            if let Some(iso) = country::lookup(&key) {
                names.insert(key, iso.to_owned());
            }
        };
        for (key, _) in country::ICEWS_NAMES {
            offer(key.to_owned());
        }
        for c in celes::Country::get_countries() {
            use celes::LookupTable;
            let mut keys = vec![country::fold(c.long_name)];
            keys.extend(c.aliases.iter().map(|a| country::fold(a)));
            for k in keys {
                if let Some(rest) = k.strip_prefix("the") {
                    offer(rest.to_owned());
                }
                offer(k);
            }
        }
        let isos: std::collections::BTreeSet<String> = names.values().cloned().collect();
        out.push(Values {
            name: "country_names".into(),
            about: "Country names (folded: lower-case letters and digits) and their ISO \
                    3166-1 alpha-3 codes, from the celes crate and src/ingest/country.rs"
                .into(),
            cols: vec!["folded", "iso"],
            rows: names.into_iter().map(|(k, v)| vec![k, v]).collect(),
        });
        out.push(Values {
            name: "iso_names".into(),
            about: "Names of ISO codes (GDELT's spelling, else ISO 3166-1's)".into(),
            cols: vec!["iso", "name"],
            rows: isos.iter().filter_map(|i| iso_row(i)).collect(),
        });
    }
    if o.family == Family::Ucdp {
        let pairs: Vec<(u16, &str)> = (0..=999u16)
            .filter_map(|n| crate::ingest::iso_of_gleditsch_ward(n).map(|i| (n, i)))
            .collect();
        let isos: std::collections::BTreeSet<&str> = pairs.iter().map(|p| p.1).collect();
        out.push(Values {
            name: "gleditsch_ward".into(),
            about: "Gleditsch-Ward numbers of today's states and their ISO codes \
                    (src/ingest/country.rs)"
                .into(),
            cols: vec!["number", "iso"],
            rows: pairs
                .iter()
                .map(|(n, i)| vec![n.to_string(), (*i).to_owned()])
                .collect(),
        });
        out.push(Values {
            name: "iso_names".into(),
            about: "Names of ISO codes (GDELT's spelling, else ISO 3166-1's)".into(),
            cols: vec!["iso", "name"],
            rows: isos.iter().filter_map(|i| iso_row(i)).collect(),
        });
    }
    let entries = o.actor_map.entries();
    if !entries.is_empty() {
        out.push(Values {
            name: "actor_map".into(),
            about: "--actor-map: codes mapped to actors".into(),
            cols: vec!["code", "id", "name", "kind"],
            rows: entries
                .iter()
                .map(|(c, e)| {
                    vec![
                        (*c).to_owned(),
                        e.id.clone(),
                        e.name.to_string(),
                        e.kind.to_string(),
                    ]
                })
                .collect(),
        });
    }
    out
}

/// The day of a date text (`YYYYMMDD…`, `YYYY-MM-DD[ …]`, `D Month
/// YYYY`) as three numbers, NULL when none of the layouts.
fn date_parts(t: E) -> (E, E, E) {
    let l1 = matches(t.clone(), "^[0-9]{8}[0-9]*$");
    let l2 = matches(t.clone(), "^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$");
    let l3 = matches(t.clone(), "^[0-9]{1,2}[ \t]+[A-Za-z]+[ \t]+[0-9]{4}$");
    let n = |e: E| cast(e, Ty::Int);
    let month = lower(extract(t.clone(), "^[0-9]+[ \t]+([A-Za-z]+)"));
    let month_number = case(
        super::super::row::MONTHS
            .iter()
            .enumerate()
            .map(|(i, m)| (eq(month.clone(), txt(m)), int(i as i64 + 1)))
            .collect(),
        E::Null(Ty::Int),
    );
    let null = || E::Null(Ty::Int);
    let y = case(
        vec![
            (l1.clone(), n(substr(t.clone(), 1, 4))),
            (l2.clone(), n(substr(t.clone(), 1, 4))),
            (l3.clone(), n(extract(t.clone(), "([0-9]{4})$"))),
        ],
        null(),
    );
    let m = case(
        vec![
            (l1.clone(), n(substr(t.clone(), 5, 2))),
            (l2.clone(), n(substr(t.clone(), 6, 2))),
            (l3.clone(), month_number),
        ],
        null(),
    );
    let d = case(
        vec![
            (l1, n(substr(t.clone(), 7, 2))),
            (l2, n(substr(t.clone(), 9, 2))),
            (l3, n(extract(t, "^([0-9]{1,2})"))),
        ],
        null(),
    );
    (y, m, d)
}

/// `YYYY-MM-DD` of a day number.
fn day_text(day: i32) -> Option<String> {
    crate::Date::from_day_number(day).map(|d| {
        let (y, m, dd) = d.ymd();
        format!("{y:04}-{m:02}-{dd:02}")
    })
}

/// The whole of stage 1 as a query over `source_rows` (whose columns are
/// [`needed_columns`], as text).
pub(super) fn query(o: &IngestOptions) -> Query {
    let family = o.family;
    let mut steps: Vec<(String, String, Select)> = Vec::new();
    let mut step = |name: &str, about: &str, s: Select| {
        steps.push((name.to_owned(), about.to_owned(), s));
    };

    // 1. Dates and (ICEWS) the normalised code.
    let fields = match family {
        Family::Gdelt1 | Family::Gdelt2 => gdelt_fields(o),
        Family::Icews => icews_fields(),
        Family::Ucdp => ucdp_fields(o),
        Family::Acled => acled_fields(),
    };
    let mut dated = Select::from("source_rows", "s");
    for c in needed_columns(o) {
        dated = dated.col(c, call(F::Coalesce, vec![cast(s(c), Ty::Text), txt("")]));
    }
    let date_text = match &fields.date {
        E::Col(c) => col(&format!("s.{}", c.trim_start_matches("s."))),
        other => other.clone(),
    };
    let (y, m, d) = date_parts(trim(date_text));
    dated = dated.col("y", y).col("m", m).col("d", d);
    if family == Family::Icews {
        let raw = trim(s("CAMEO Code"));
        let code = iff(
            and(vec![
                matches(raw.clone(), "^[0-9]{2}"),
                le(len(raw.clone()), int(3)),
            ]),
            iff(
                op(">", cast(substr(raw.clone(), 1, 2), Ty::Int), int(20)),
                cat(vec![txt("0"), raw.clone()]),
                raw.clone(),
            ),
            raw,
        );
        dated = dated.col("cameo_code", code);
    }
    // A source read without text types: the columns are cast to text first.
    step(
        "dated",
        "the columns as text (empty when missing), the day's year, month and day",
        dated,
    );

    // 2. Each row's values and sides.
    let (ys, ms, ds) = (col("s.y"), col("s.m"), col("s.d"));
    let leap = or(
        and(vec![
            eq(call(F::Mod, vec![ys.clone(), int(4)]), int(0)),
            ne(call(F::Mod, vec![ys.clone(), int(100)]), int(0)),
        ]),
        eq(call(F::Mod, vec![ys.clone(), int(400)]), int(0)),
    );
    let days_in_month = case(
        vec![
            (eq(ms.clone(), int(2)), iff(leap, int(29), int(28))),
            (
                E::In(Box::new(ms.clone()), vec![int(4), int(6), int(9), int(11)]),
                int(30),
            ),
        ],
        int(31),
    );
    let date_ok = and(vec![
        not_null(ys.clone()),
        not_null(ms.clone()),
        not_null(ds.clone()),
        between(ys.clone(), 1, 9999),
        between(ms.clone(), 1, 12),
        ge(ds.clone(), int(1)),
        le(ds.clone(), days_in_month),
    ]);
    let day = iff(
        date_ok,
        cat(vec![
            lpad(ys.clone(), 4),
            txt("-"),
            lpad(ms.clone(), 2),
            txt("-"),
            lpad(ds.clone(), 2),
        ]),
        null_text(),
    );
    let mut sides = Select::from("dated", "s");
    let (a, b) = match family {
        Family::Gdelt1 | Family::Gdelt2 => {
            sides = sides
                .join(
                    true,
                    "cameo_countries",
                    "ca",
                    eq(col("ca.code"), trim(s("Actor1CountryCode"))),
                )
                .join(
                    true,
                    "cameo_countries",
                    "cb",
                    eq(col("cb.code"), trim(s("Actor2CountryCode"))),
                );
            (gdelt_side(o, "Actor1", "ca"), gdelt_side(o, "Actor2", "cb"))
        }
        Family::Icews => {
            for (p, k, k2, n) in [("Source", "ka", "ka2", "na"), ("Target", "kb", "kb2", "nb")] {
                let c = trim(s(&format!("{p} Country")));
                let comma = call(F::Strpos, vec![c.clone(), txt(",")]);
                let swapped = cat(vec![
                    fold(call(
                        F::SubstrFrom,
                        vec![c.clone(), op("+", comma.clone(), int(1))],
                    )),
                    // No comma: the empty text (DataFusion refuses a
                    // negative length where DuckDB gives '').
                    iff(
                        ge(comma.clone(), int(1)),
                        fold(call(
                            F::Substr,
                            vec![c.clone(), int(1), op("-", comma.clone(), int(1))],
                        )),
                        txt(""),
                    ),
                ]);
                sides = sides
                    .join(
                        true,
                        "country_names",
                        k,
                        and(vec![
                            ne(fold(c.clone()), txt("")),
                            eq(col(&format!("{k}.folded")), fold(c.clone())),
                        ]),
                    )
                    .join(
                        true,
                        "country_names",
                        k2,
                        and(vec![
                            op(">", comma, int(0)),
                            eq(col(&format!("{k2}.folded")), swapped),
                        ]),
                    )
                    .join(
                        true,
                        "iso_names",
                        n,
                        eq(
                            col(&format!("{n}.iso")),
                            call(
                                F::Coalesce,
                                vec![col(&format!("{k}.iso")), col(&format!("{k2}.iso"))],
                            ),
                        ),
                    );
            }
            (
                icews_side(o, "Source", "ka", "ka2", "na"),
                icews_side(o, "Target", "kb", "kb2", "nb"),
            )
        }
        Family::Ucdp => {
            for (gw, g, n) in [("gwnoa", "ga", "na"), ("gwnob", "gb", "nb")] {
                sides = sides
                    .join(
                        true,
                        "gleditsch_ward",
                        g,
                        eq(col(&format!("{g}.number")), gw_key(s(gw))),
                    )
                    .join(
                        true,
                        "iso_names",
                        n,
                        eq(col(&format!("{n}.iso")), col(&format!("{g}.iso"))),
                    );
            }
            (
                ucdp_side("side_a", "gwnoa", "ga", "na"),
                ucdp_side("side_b", "gwnob", "gb", "nb"),
            )
        }
        Family::Acled => (
            acled_side("actor1", "inter1"),
            acled_side("actor2", "inter2"),
        ),
    };
    if family.is_cameo() {
        sides = sides.join(
            true,
            "cameo_codes",
            "cd",
            eq(col("cd.code"), fields.code.clone()),
        );
    }
    let (from, to) = o.day_range();
    let mut kept = vec![col("s.kept_by_options")];
    if let Some(t) = o.from.and(day_text(from)) {
        kept.push(ge(col("s.day"), txt(&t)));
    }
    if let Some(t) = o.to.and(day_text(to)) {
        kept.push(lt(col("s.day"), txt(&t)));
    }
    sides = sides
        .col("event_id", fields.id.clone())
        .col("day", day)
        .col("values_ok", fields.ok.clone())
        .col("code", fields.code.clone())
        .col("event_kind", fields.kind.clone())
        .col("mentions", fields.mentions.clone())
        .col("goldstein_tenths", fields.gold.clone())
        .col("weight", cast(fields.weight.clone(), Ty::Float))
        .col("title", fields.title.clone())
        .col("publisher", fields.publisher.clone())
        .col("url", fields.url.clone())
        .col("kept_by_options", fields.kept.clone());
    for (p, side) in [("a", &a), ("b", &b)] {
        sides = sides
            .col(&format!("{p}_code1"), side.code1.clone())
            .col(&format!("{p}_direct"), side.direct.clone())
            .col(&format!("{p}_code2"), side.code2.clone())
            .col(&format!("{p}_rule_id"), side.id.clone())
            .col(&format!("{p}_rule_name"), side.name.clone())
            .col(&format!("{p}_rule_kind"), side.kind.clone())
            .col(&format!("{p}_status"), side.status.clone())
            .col(&format!("{p}_region"), side.region.clone());
    }
    step(
        "sided",
        "each row's values, kind and the two sides by the family's rules",
        sides,
    );

    // 3. The actor map, and the rows that are used.
    let mapped_map = !o.actor_map.is_empty();
    let mut mapped = Select::from("sided", "s");
    for p in ["a", "b"] {
        let c = |n: &str| col(&format!("s.{p}_{n}"));
        if mapped_map {
            let (m1, m2, m3) = (format!("{p}m1"), format!("{p}m2"), format!("{p}m3"));
            mapped = mapped
                .join(
                    true,
                    "actor_map",
                    &m1,
                    eq(col(&format!("{m1}.code")), c("code1")),
                )
                .join(
                    true,
                    "actor_map",
                    &m2,
                    eq(col(&format!("{m2}.code")), c("code2")),
                )
                .join(
                    true,
                    "actor_map",
                    &m3,
                    eq(col(&format!("{m3}.code")), c("rule_id")),
                );
            let hit = |m: &str| not_null(col(&format!("{m}.id")));
            let pick = |field: &str| {
                case(
                    vec![
                        (hit(&m1), col(&format!("{m1}.{field}"))),
                        (c("direct"), c(&format!("rule_{field}"))),
                        (hit(&m2), col(&format!("{m2}.{field}"))),
                        (hit(&m3), col(&format!("{m3}.{field}"))),
                    ],
                    c(&format!("rule_{field}")),
                )
            };
            mapped = mapped
                .col(&format!("{p}_id"), pick("id"))
                .col(&format!("{p}_name"), pick("name"))
                .col(&format!("{p}_kind"), pick("kind"))
                .col(
                    &format!("{p}_ok"),
                    and(vec![or(
                        hit(&m1),
                        and(vec![
                            eq(c("status"), txt("ok")),
                            or(not(c("region")), hit(&m2)),
                        ]),
                    )]),
                );
        } else {
            mapped = mapped
                .col(&format!("{p}_id"), c("rule_id"))
                .col(&format!("{p}_name"), c("rule_name"))
                .col(&format!("{p}_kind"), c("rule_kind"))
                .col(
                    &format!("{p}_ok"),
                    and(vec![eq(c("status"), txt("ok")), not(c("region"))]),
                );
        }
    }
    for c in [
        "event_id",
        "day",
        "values_ok",
        "code",
        "event_kind",
        "mentions",
        "goldstein_tenths",
        "weight",
        "title",
        "publisher",
        "url",
        "kept_by_options",
    ] {
        mapped = mapped.col(c, col(&format!("s.{c}")));
    }
    step("mapped", "the sides through --actor-map", mapped);

    let period = match o.period {
        Period::Day => col("s.day"),
        Period::Month => substr(col("s.day"), 1, 7),
        Period::Year => substr(col("s.day"), 1, 4),
    };
    let name_or_id = |p: &str| {
        let name = col(&format!("s.{p}_name"));
        iff(
            eq(trim(name.clone()), txt("")),
            col(&format!("s.{p}_id")),
            name,
        )
    };
    let mut events = Select::from("mapped", "s")
        .col("event_id", col("s.event_id"))
        .col("day", col("s.day"))
        .col("period", period)
        .col("a", col("s.a_id"))
        .col("b", col("s.b_id"))
        .col("a_name", name_or_id("a"))
        .col("a_kind", col("s.a_kind"))
        .col("b_name", name_or_id("b"))
        .col("b_kind", col("s.b_kind"));
    for c in [
        "code",
        "event_kind",
        "mentions",
        "goldstein_tenths",
        "weight",
        "title",
        "publisher",
        "url",
    ] {
        events = events.col(c, col(&format!("s.{c}")));
    }
    let mut used = vec![
        not_null(col("s.day")),
        col("s.values_ok"),
        col("s.a_ok"),
        col("s.b_ok"),
        is_id(col("s.a_id")),
        is_id(col("s.b_id")),
        ne(col("s.a_id"), col("s.b_id")),
        not_null(col("s.event_kind")),
    ];
    used.extend(kept);
    for u in used {
        events = events.filter(u);
    }
    step(
        "events",
        "the rows used: a date, readable values, two different actors, a kind, kept by \
         --from/--to/--root-only/--min-mentions",
        events,
    );

    // 4. Dedup.
    let event_order = |alias: &str| {
        vec![
            (len(col(&format!("{alias}.event_id"))), false),
            (col(&format!("{alias}.event_id")), false),
        ]
    };
    let all_event_cols = [
        "event_id",
        "day",
        "period",
        "a",
        "b",
        "code",
        "event_kind",
        "mentions",
        "goldstein_tenths",
        "weight",
        "title",
        "publisher",
        "url",
    ];
    let counted_from = if o.dedup == Dedup::Day {
        let mut ranked = Select::from("events", "e");
        for c in all_event_cols {
            ranked = ranked.col(c, col(&format!("e.{c}")));
        }
        ranked = ranked.col(
            "copy",
            E::RowNumber(
                vec![col("e.a"), col("e.b"), col("e.day"), col("e.code")],
                event_order("e"),
            ),
        );
        step(
            "copies",
            "--dedup day: events equal in day, actors (in their direction) and code, \
             numbered by event id",
            ranked,
        );
        let mut counted = Select::from("copies", "e").filter(eq(col("e.copy"), int(1)));
        for c in all_event_cols {
            counted = counted.col(c, col(&format!("e.{c}")));
        }
        step(
            "counted",
            "the first of each (the smallest event id)",
            counted,
        );
        "counted"
    } else {
        "events"
    };

    // 5. Pairs and mediation.
    let lo = |x: E, y: E| iff(lt(x.clone(), y.clone()), x, y);
    let hi = |x: E, y: E| iff(lt(x.clone(), y.clone()), y, x);
    let mut pairs = Select::from(counted_from, "e")
        .col("lo", lo(col("e.a"), col("e.b")))
        .col("hi", hi(col("e.a"), col("e.b")))
        .col("period", col("e.period"))
        .col("n", E::CountAll);
    pairs.group = vec![
        lo(col("e.a"), col("e.b")),
        hi(col("e.a"), col("e.b")),
        col("e.period"),
    ];
    step(
        "pairs",
        "all events between each pair in each period",
        pairs,
    );
    let mut mediators = Select::from(counted_from, "e")
        .col("m", col("e.a"))
        .col("t", col("e.b"))
        .col("period", col("e.period"))
        .filter(eq(col("e.event_kind"), txt("mediate")));
    mediators.group = vec![col("e.a"), col("e.b"), col("e.period")];
    mediators.having = vec![ge(E::CountAll, int(i64::from(o.min_events)))];
    step(
        "mediators",
        "045 (mediate) events of a mediator toward a party, at least --min-events in a period",
        mediators,
    );
    let triples = Select::from("mediators", "x")
        .join(
            false,
            "mediators",
            "y",
            and(vec![
                eq(col("y.m"), col("x.m")),
                eq(col("y.period"), col("x.period")),
                lt(col("x.t"), col("y.t")),
            ]),
        )
        .join(
            false,
            "pairs",
            "p",
            and(vec![
                eq(col("p.lo"), col("x.t")),
                eq(col("p.hi"), col("y.t")),
                eq(col("p.period"), col("x.period")),
            ]),
        )
        .col("m", col("x.m"))
        .col("x", col("x.t"))
        .col("y", col("y.t"))
        .col("period", col("x.period"));
    step(
        "triples",
        "mediation: a mediator toward two parties who have events with each other",
        triples,
    );
    let mut served_all = Select::from("triples", "t")
        .col("m", col("t.m"))
        .col("t", col("t.x"))
        .col("period", col("t.period"));
    served_all.union_all.push(
        Select::from("triples", "t")
            .col("m", col("t.m"))
            .col("t", col("t.y"))
            .col("period", col("t.period")),
    );
    step(
        "served_all",
        "the 045 counts that serve a triple",
        served_all,
    );
    let mut served = Select::from("served_all", "t")
        .col("m", col("t.m"))
        .col("t", col("t.t"))
        .col("period", col("t.period"));
    served.distinct = true;
    step("served", "each once", served);

    // An event `e` (mediator, party) in a period that `served` (`v`) holds.
    let event_is_served = || {
        and(vec![
            eq(col("v.m"), col("e.a")),
            eq(col("v.t"), col("e.b")),
            eq(col("v.period"), col("e.period")),
        ])
    };

    // 6. Every event under its row's key.
    let kind2 = iff(
        and(vec![
            eq(col("e.event_kind"), txt("mediate")),
            is_null(col("v.m")),
        ]),
        txt("cooperation"),
        col("e.event_kind"),
    );
    let support = eq(col("e.event_kind"), txt("support"));
    let event_payload = [
        "event_id",
        "day",
        "mentions",
        "goldstein_tenths",
        "weight",
        "title",
        "publisher",
        "url",
    ];
    // Mediation's evidence is ranked within each (mediator, party, period) before it meets the
    // triples: a triple takes at most three events from each of its two sides, and its counts
    // and sums come from each side's totals. Joining every 045 event to every triple it serves
    // instead multiplies a busy mediator's events by the number of its triples (quadratic in
    // the parties it talks to), which no engine sorts in bounded memory.
    let mut med_order = vec![(col("e.weight"), true)];
    med_order.extend(event_order("e"));
    let mut med_ranked = Select::from(counted_from, "e")
        .join(false, "served", "v", event_is_served())
        .filter(eq(col("e.event_kind"), txt("mediate")))
        .col("m", col("e.a"))
        .col("t", col("e.b"))
        .col("period", col("e.period"));
    for c in event_payload {
        med_ranked = med_ranked.col(c, col(&format!("e.{c}")));
    }
    med_ranked = med_ranked.col(
        "side_rank",
        E::RowNumber(vec![col("e.a"), col("e.b"), col("e.period")], med_order),
    );
    step(
        "med_ranked",
        "the 045 events that serve a triple, ranked within (mediator, party, period) as \
         evidence is ranked",
        med_ranked,
    );
    let mut med_sums = Select::from("med_ranked", "r")
        .col("m", col("r.m"))
        .col("t", col("r.t"))
        .col("period", col("r.period"))
        .col("n", E::CountAll)
        .col("mentions", call(F::Sum, vec![col("r.mentions")]))
        .col(
            "goldstein_tenths",
            call(F::Sum, vec![col("r.goldstein_tenths")]),
        );
    med_sums.group = vec![col("r.m"), col("r.t"), col("r.period")];
    step("med_sums", "each side's events and sums", med_sums);
    let first = |e: E, otherwise: E| iff(eq(col("r.side_rank"), int(1)), e, otherwise);
    let mut med_top = Select::from("med_ranked", "r")
        .join(
            false,
            "med_sums",
            "s",
            and(vec![
                eq(col("s.m"), col("r.m")),
                eq(col("s.t"), col("r.t")),
                eq(col("s.period"), col("r.period")),
            ]),
        )
        .filter(le(col("r.side_rank"), int(3)))
        .col("m", col("r.m"))
        .col("t", col("r.t"))
        .col("period", col("r.period"));
    for c in event_payload {
        med_top = med_top.col(c, col(&format!("r.{c}")));
    }
    med_top = med_top
        .col("part_n", first(col("s.n"), int(0)))
        .col("part_mentions", first(col("s.mentions"), E::Null(Ty::Int)))
        .col(
            "part_goldstein",
            first(col("s.goldstein_tenths"), E::Null(Ty::Int)),
        );
    step(
        "med_top",
        "each side's three best events; the first carries the side's totals",
        med_top,
    );

    let mut keyed = Select::from(counted_from, "e")
        .join(true, "served", "v", event_is_served())
        .col(
            "a",
            iff(support.clone(), col("e.a"), lo(col("e.a"), col("e.b"))),
        )
        .col("b", iff(support, col("e.b"), hi(col("e.a"), col("e.b"))))
        .col("w", null_text())
        .col("period", col("e.period"))
        .col("kind", kind2.clone())
        .filter(ne(kind2, txt("mediate")));
    for c in event_payload {
        keyed = keyed.col(c, col(&format!("e.{c}")));
    }
    keyed = keyed
        .col("part_n", int(1))
        .col("part_mentions", col("e.mentions"))
        .col("part_goldstein", col("e.goldstein_tenths"));
    for side in ["x", "y"] {
        let mut mediation = Select::from("triples", "t")
            .join(
                false,
                "med_top",
                "e",
                and(vec![
                    eq(col("e.m"), col("t.m")),
                    eq(col("e.t"), col(&format!("t.{side}"))),
                    eq(col("e.period"), col("t.period")),
                ]),
            )
            .col("a", col("t.m"))
            .col("b", col("t.x"))
            .col("w", col("t.y"))
            .col("period", col("t.period"))
            .col("kind", txt("mediation"));
        for c in event_payload
            .iter()
            .chain(["part_n", "part_mentions", "part_goldstein"].iter())
        {
            mediation = mediation.col(c, col(&format!("e.{c}")));
        }
        keyed.union_all.push(mediation);
    }
    step(
        "keyed",
        "each event under its row: symmetric kinds by the smaller id first, support in its \
         direction, other 045 events as cooperation, mediation's under (mediator, party, \
         party)",
        keyed,
    );
    let key = |alias: &str| {
        ["a", "b", "w", "period", "kind"]
            .iter()
            .map(|c| col(&format!("{alias}.{c}")))
            .collect::<Vec<E>>()
    };
    let mut ranked = Select::from("keyed", "k");
    for c in ["a", "b", "w", "period", "kind"]
        .iter()
        .chain(event_payload.iter())
        .chain(["part_n", "part_mentions", "part_goldstein"].iter())
    {
        ranked = ranked.col(c, col(&format!("k.{c}")));
    }
    let mut order = vec![(col("k.weight"), true)];
    order.extend(event_order("k"));
    ranked = ranked.col("rank", E::RowNumber(key("k"), order));
    step(
        "ranked",
        "evidence: the most weight first, equal weights by the smaller event id (shorter \
         first)",
        ranked,
    );

    // 7. The rows.
    let prefix = family.source_prefix();
    let mut rows = Select::from("ranked", "r");
    for c in ["a", "b", "w", "period", "kind"] {
        rows = rows.col(c, col(&format!("r.{c}")));
    }
    rows = rows
        .col("events", call(F::Sum, vec![col("r.part_n")]))
        .col(
            "mentions",
            cast(call(F::Sum, vec![col("r.part_mentions")]), Ty::Int),
        )
        .col(
            "goldstein_tenths",
            cast(call(F::Sum, vec![col("r.part_goldstein")]), Ty::Int),
        );
    for i in 1..=3 {
        let pick = |e: E| {
            call(
                F::Max,
                vec![iff(eq(col("r.rank"), int(i)), e, E::Null(Ty::Text))],
            )
        };
        let pick_f = |e: E| {
            call(
                F::Max,
                vec![iff(eq(col("r.rank"), int(i)), e, E::Null(Ty::Float))],
            )
        };
        rows = rows
            .col(
                &format!("e{i}_id"),
                pick(cat(vec![txt(prefix), txt("-"), col("r.event_id")])),
            )
            .col(&format!("e{i}_url"), pick(col("r.url")))
            .col(&format!("e{i}_weight"), pick_f(col("r.weight")))
            .col(&format!("e{i}_date"), pick(col("r.day")))
            .col(&format!("e{i}_title"), pick(col("r.title")))
            .col(&format!("e{i}_publisher"), pick(col("r.publisher")));
    }
    rows.group = key("r");
    step(
        "grouped",
        "events, sums and the three pieces of evidence of each row",
        rows,
    );

    // Actors: the name and kind of each id's first event.
    let side_rows = |p: &str, n: i64| {
        Select::from("events", "e")
            .col("id", col(&format!("e.{p}")))
            .col("name", col(&format!("e.{p}_name")))
            .col("kind", col(&format!("e.{p}_kind")))
            .col("event_id", col("e.event_id"))
            .col("side", int(n))
    };
    let mut actor_rows = side_rows("a", 0);
    actor_rows.union_all.push(side_rows("b", 1));
    step("actor_rows", "every side of every event used", actor_rows);
    let mut order = event_order("x");
    order.push((col("x.side"), false));
    let actor_first = Select::from("actor_rows", "x")
        .col("id", col("x.id"))
        .col("name", col("x.name"))
        .col("kind", col("x.kind"))
        .col("first", E::RowNumber(vec![col("x.id")], order));
    step(
        "actor_first",
        "each actor's name and kind as its first event (by event id) gives them",
        actor_first,
    );
    let actors = Select::from("actor_first", "x")
        .col("id", col("x.id"))
        .col("name", col("x.name"))
        .col("kind", col("x.kind"))
        .filter(eq(col("x.first"), int(1)));
    step("actors", "one row per actor", actors);

    // The table.
    let pair_join = |alias: &str, x: E, y: E| {
        and(vec![
            eq(col(&format!("{alias}.lo")), lo(x.clone(), y.clone())),
            eq(col(&format!("{alias}.hi")), hi(x, y)),
            eq(col(&format!("{alias}.period")), col("g.period")),
        ])
    };
    let mut last = Select::from("grouped", "g")
        .join(
            false,
            "pairs",
            "p1",
            pair_join("p1", col("g.a"), col("g.b")),
        )
        .join(true, "pairs", "p2", pair_join("p2", col("g.a"), col("g.w")))
        .join(false, "actors", "xa", eq(col("xa.id"), col("g.a")))
        .join(false, "actors", "xb", eq(col("xb.id"), col("g.b")))
        .join(true, "actors", "xw", eq(col("xw.id"), col("g.w")))
        .col("a", col("g.a"))
        .col("b", col("g.b"))
        .col(
            "directed",
            in_list(col("g.kind"), &["support", "mediation"]),
        )
        .col("period", col("g.period"))
        .col("kind", col("g.kind"))
        .col("events", cast(col("g.events"), Ty::Int))
        .col(
            "pair_events",
            cast(
                op(
                    "+",
                    col("p1.n"),
                    call(F::Coalesce, vec![col("p2.n"), int(0)]),
                ),
                Ty::Int,
            ),
        )
        .col(
            "mentions",
            if family.is_gdelt() {
                col("g.mentions")
            } else {
                E::Null(Ty::Int)
            },
        )
        .col(
            "goldstein_tenths",
            if family.is_cameo() {
                col("g.goldstein_tenths")
            } else {
                E::Null(Ty::Int)
            },
        );
    for i in 1..=3 {
        last = last
            .col(&format!("evidence{i}_id"), col(&format!("g.e{i}_id")))
            .col(&format!("evidence{i}_url"), col(&format!("g.e{i}_url")));
    }
    last = last
        .col("with", col("g.w"))
        .col("a_name", col("xa.name"))
        .col("a_kind", col("xa.kind"))
        .col("b_name", col("xb.name"))
        .col("b_kind", col("xb.kind"))
        .col("with_name", col("xw.name"))
        .col("with_kind", col("xw.kind"));
    for i in 1..=3 {
        for c in ["weight", "date", "title", "publisher"] {
            last = last.col(&format!("evidence{i}_{c}"), col(&format!("g.e{i}_{c}")));
        }
    }
    let kind_order = case(
        ["cooperation", "support", "tension", "hostility"]
            .iter()
            .enumerate()
            .map(|(i, k)| (eq(col("g.kind"), txt(k)), int(i as i64)))
            .collect(),
        int(4),
    );
    last.order = vec![
        (col("g.a"), false),
        (col("g.b"), false),
        (col("g.w"), false),
        (kind_order, false),
        (col("g.period"), false),
    ];
    Query {
        comment: Vec::new(),
        before: Vec::new(),
        source: (String::new(), String::new()),
        tables: tables(o),
        steps,
        last,
    }
}
