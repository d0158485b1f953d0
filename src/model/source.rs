use super::Extra;
use crate::time::Date;

/// An article or document that ties cite (a row of `sources.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub(crate) id: Box<str>,
    pub(crate) title: Option<Box<str>>,
    pub(crate) publisher: Option<Box<str>>,
    pub(crate) published: Option<Box<str>>,
    pub(crate) reference: Option<Box<str>>,
    pub(crate) url: Option<Box<str>>,
    pub(crate) note: Option<Box<str>>,
    pub(crate) extra: Extra,
}

impl Source {
    /// The id ties cite.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The title, as the source states it.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Who published it.
    pub fn publisher(&self) -> Option<&str> {
        self.publisher.as_deref()
    }

    /// When it was published, as written in `sources.csv` (a DATE, maybe
    /// with a qualifier: `2020~`).
    pub fn published(&self) -> Option<&str> {
        self.published.as_deref()
    }

    /// [`Source::published`] as a date.
    pub fn published_date(&self) -> Option<Date> {
        self.published.as_deref().and_then(|p| Date::parse(p).ok())
    }

    /// A URL or file name.
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    /// Where the source can be read on the web: an `http` or `https` URL
    /// with a host (checked when loaded). Outputs link it through
    /// [`crate::link::web_link`].
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// How the title, publisher or date were established, or anything
    /// else a reader should know about the source.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Custom `x_` attributes.
    pub fn extra(&self) -> &Extra {
        &self.extra
    }
}
