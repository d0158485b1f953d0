//! Writing a dataset as one JSON document.

use super::{ActorRow, Columns, Doc, ExtraRow, SourceRow, TieRow};
use crate::model::Dataset;

fn text(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

fn extra_row(e: &crate::model::Extra) -> ExtraRow {
    e.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub(crate) fn to_string(data: &Dataset, pretty: bool) -> String {
    let [ac, tc, sc] = data.extra_columns();
    let names = |c: &[Box<str>]| c.iter().map(|c| c.to_string()).collect();
    let doc = Doc {
        actors: data
            .actors()
            .iter()
            .flat_map(|a| {
                a.phases().iter().map(move |p| ActorRow {
                    id: a.id().to_owned(),
                    name: p.name().to_owned(),
                    kind: p.kind().as_str().to_owned(),
                    from: p.from().map(|d| d.to_string()),
                    until: p.until().map(|d| d.to_string()),
                    aliases: p.aliases().map(str::to_owned).collect(),
                    note: text(p.note()),
                    extra: extra_row(p.extra()),
                })
            })
            .collect(),
        ties: data
            .ties()
            .iter()
            .map(|t| TieRow {
                id: t.id().to_owned(),
                source: data.actor_id(t.source()).to_owned(),
                target: data.actor_id(t.target()).to_owned(),
                kind: t.kind().as_str().to_owned(),
                start: t.start().to_string(),
                end: t.end().map(|d| d.to_string()),
                with: t.with().map(|w| data.actor_id(w).to_owned()),
                weight: t.weight_given(),
                confidence: Some(t.confidence().as_str().to_owned()),
                directed: Some(t.is_directed()),
                sources: data.tie_sources(t).map(|s| s.id().to_owned()).collect(),
                note: text(t.note()),
                extra: extra_row(t.extra()),
            })
            .collect(),
        sources: data
            .sources()
            .iter()
            .map(|s| SourceRow {
                id: s.id().to_owned(),
                title: text(s.title()),
                publisher: text(s.publisher()),
                published: text(s.published()),
                reference: text(s.reference()),
                url: text(s.url()),
                note: text(s.note()),
                extra: extra_row(s.extra()),
            })
            .collect(),
        extra_columns: Columns {
            actors: names(ac),
            ties: names(tc),
            sources: names(sc),
        },
    };
    let out = if pretty {
        serde_json::to_string_pretty(&doc)
    } else {
        serde_json::to_string(&doc)
    };
    // Every field is a string, a finite number or a list of those: this cannot fail.
    out.unwrap_or_default()
}
