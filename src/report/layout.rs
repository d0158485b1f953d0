//! The report laid out once: its sections and what each says, as a
//! structure that the HTML page ([`super::html`]) and the Markdown text
//! ([`super::markdown`]) render, each in its own way.
//!
//! [`sections`](super::sections) decides the content: which sections, in
//! which order, which paragraphs, tables (columns and cells), figures and
//! lists. The renderers decide only how each piece looks in their
//! language, and escape every text they are given ([`crate::escape`]).
//!
//! Both renderings say the same words in the same order. The one thing
//! only the page has is interaction (hovering over a tie for its
//! evidence): sentences about it are [`Inline::Hint`]s, which the Markdown
//! text leaves out.

use crate::analysis::Partition;
use crate::diff::{Change, DyadChange};
use crate::model::{ActorKey, Sign, Tie};
use crate::pairs::KindSet;

use super::{Figure as Rendered, StepModel};

/// The whole report.
#[derive(Debug, Clone)]
pub(crate) struct Document<'m> {
    /// The title (page title and top heading).
    pub title: String,
    /// The line under the title: period, steps, actors drawn.
    pub lede: Vec<Inline<'m>>,
    /// What the options narrow the diagrams to, when they do: under the
    /// lede in Markdown, opening the first section in HTML.
    pub scope: Option<Vec<Inline<'m>>>,
    /// The sections, in order.
    pub sections: Vec<Section<'m>>,
    /// The closing line.
    pub footer: String,
}

/// A section: an anchor, a heading and blocks.
#[derive(Debug, Clone)]
pub(crate) struct Section<'m> {
    /// The HTML anchor (`summary`), also the section's class when
    /// `class` says so.
    pub id: &'static str,
    /// The HTML `class` of the section, if any.
    pub class: Option<&'static str>,
    /// The short name in the HTML table of contents.
    pub toc: &'static str,
    /// The heading.
    pub title: String,
    /// The content.
    pub blocks: Vec<Block<'m>>,
}

/// A block of a section.
#[derive(Debug, Clone)]
pub(crate) enum Block<'m> {
    /// A paragraph; the class is HTML's.
    Paragraph {
        /// The HTML `class`, if any.
        class: Option<&'static str>,
        /// The text.
        text: Vec<Inline<'m>>,
    },
    /// A heading one level under the section's.
    Heading {
        /// The HTML anchor, if any.
        id: Option<&'static str>,
        /// The heading's text.
        text: String,
    },
    /// The key figures at the first and last step (cards in HTML, a small
    /// table in Markdown).
    KeyFigures(KeyFigures),
    /// A table.
    Table(Table<'m>),
    /// A diagram or chart.
    Figure(Box<Figure<'m>>),
    /// Figures side by side in HTML, one after the other in Markdown.
    Grid(Vec<Block<'m>>),
    /// The sources, numbered (HTML anchors `source-1`, …).
    Sources(Vec<SourceItem<'m>>),
    /// Terms and what they mean (a definition list in HTML, a bullet list
    /// in Markdown).
    Definitions(Vec<(&'static str, Vec<Inline<'m>>)>),
}

/// A run of text inside a block.
#[derive(Debug, Clone)]
pub(crate) enum Inline<'m> {
    /// The report's own words, written as they are (they hold nothing
    /// either language would read as markup).
    Words(&'static str),
    /// Text from the data or computed from it, escaped by each renderer.
    Text(String),
    /// Strong emphasis.
    Strong(Vec<Inline<'m>>),
    /// Emphasis.
    Emphasis(Vec<Inline<'m>>),
    /// Secondary text (greyed in HTML, plain in Markdown).
    Muted(Vec<Inline<'m>>),
    /// A source's title.
    Cite(String),
    /// An id in small print (HTML) or as text (Markdown).
    Id(String),
    /// An actor's name with its id.
    Actor(ActorKey),
    /// Two actors of a pair: one under the other in HTML, joined by a dash
    /// in Markdown.
    Pair(ActorKey, ActorKey),
    /// A sign, `+`, `−` or `0` (coloured in HTML).
    Sign(Sign),
    /// The name of a kind of change (a coloured badge in HTML, in strong
    /// emphasis in Markdown).
    Badge(Change),
    /// How a pair changed: the change and the signs before and after.
    Change(&'m DyadChange),
    /// The kinds of ties of a pair before and after.
    Kinds(KindSet, KindSet),
    /// A pair's ties, each with its dates, note and sources.
    Ties(&'m [&'m Tie]),
    /// The camps of a step (in their aligned slots, lettered), and the
    /// camps without the alleged ties when they differ.
    Camps {
        /// The camps in their slots; empty slots are skipped.
        aligned: &'m [Vec<ActorKey>],
        /// The partition without the alleged ties, when it differs.
        without_alleged: Option<&'m Partition>,
    },
    /// A step's label, linked to its diagram in HTML (`#step-N`).
    StepLink(usize, String),
    /// A source's URL or reference: a link when the link policy makes one
    /// (`url`), else text.
    Link {
        /// The link, from [`crate::link::web_link`].
        url: Option<String>,
        /// The text as the dataset gives it.
        text: String,
    },
    /// A sentence about the page's interaction (hovering over a tie for
    /// its evidence): the HTML page says it, the Markdown text, which has
    /// no interaction, leaves it out.
    Hint(&'static str),
}

/// The summary's key figures.
#[derive(Debug, Clone)]
pub(crate) struct KeyFigures {
    /// The first step's label, when the report has more than one step.
    pub first: Option<String>,
    /// The last step's label.
    pub last: String,
    /// The figures.
    pub rows: Vec<KeyFigure>,
}

/// One key figure, at the first and last step.
#[derive(Debug, Clone)]
pub(crate) struct KeyFigure {
    /// What it counts.
    pub label: &'static str,
    /// Its value at the first step (shown when there are several).
    pub first: String,
    /// Its value at the last step.
    pub last: String,
    /// A note under it (HTML only).
    pub note: String,
}

/// How a column shows its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// Text that wraps.
    Text,
    /// Text on one line (HTML).
    NoWrap,
    /// A number, right-aligned.
    Number,
    /// The pair of a change (HTML styles it).
    Pair,
}

/// A table: HTML class, columns (header and kind) and rows of cells.
#[derive(Debug, Clone)]
pub(crate) struct Table<'m> {
    /// The HTML `class`.
    pub class: &'static str,
    /// Each column's header and kind.
    pub columns: Vec<(&'static str, Column)>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Vec<Inline<'m>>>>,
}

/// A diagram or chart.
#[derive(Debug, Clone)]
pub(crate) struct Figure<'m> {
    /// What is drawn.
    pub image: Image<'m>,
    /// The HTML `figure`'s class.
    pub class: &'static str,
    /// The HTML `figure`'s anchor, if any.
    pub id: Option<String>,
    /// What the picture shows: HTML's `aria-label`, Markdown's alt text.
    pub label: String,
    /// The figure's title: a heading above the picture in Markdown, the
    /// caption's opening words (in bold) in HTML.
    pub heading: Option<String>,
    /// The caption: under the picture in both (none when empty).
    pub caption: Vec<Inline<'m>>,
}

/// The picture of a [`Figure`].
#[derive(Debug, Clone)]
pub(crate) enum Image<'m> {
    /// A diagram the renderer drew: inline SVG in HTML (its ids prefixed
    /// `d<number>-`, its root given `class`), an SVG file beside the
    /// Markdown named after it.
    Diagram {
        /// The rendered SVG and its file stem.
        figure: &'m Rendered,
        /// Unique in the page: prefixes the SVG's ids in HTML.
        number: usize,
        /// The HTML `svg` element's class.
        class: &'static str,
    },
    /// The chart of positive and negative pairs and balance per step.
    Chart(&'m [StepModel<'m>]),
}

/// One source of the list.
#[derive(Debug, Clone)]
pub(crate) struct SourceItem<'m> {
    /// Its number in the list (from 1), the anchor ties cite.
    pub number: usize,
    /// Its id.
    pub id: String,
    /// Title, publisher, date and links, in that order, as present.
    pub parts: Vec<Inline<'m>>,
    /// Its note.
    pub note: Option<String>,
}
