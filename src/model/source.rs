use super::Extra;

/// An article or document that ties cite (a row of `sources.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub(crate) id: Box<str>,
    pub(crate) title: Option<Box<str>>,
    pub(crate) publisher: Option<Box<str>>,
    pub(crate) published: Option<Box<str>>,
    pub(crate) reference: Option<Box<str>>,
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

    /// When it was published, as written in `sources.csv`.
    pub fn published(&self) -> Option<&str> {
        self.published.as_deref()
    }

    /// A URL or file name.
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    /// Custom `x_` attributes.
    pub fn extra(&self) -> &Extra {
        &self.extra
    }
}
