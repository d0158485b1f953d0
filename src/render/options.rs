//! What a diagram shows and how it is laid out.

use std::fmt;
use std::str::FromStr;

use crate::model::ActorKey;
use crate::pairs::KindSet;

/// The direction of a diagram: which way its long axis runs.
///
/// Networks of alliances and rivalries have no natural ranks, so diagrams
/// use a force-directed layout and then turn it so that its principal axis
/// runs top to bottom or left to right: the picture fits a portrait page or a
/// slide, and keeps its shape otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RankDir {
    /// Top to bottom (`TB`): taller than wide, fits a portrait page.
    #[default]
    TopToBottom,
    /// Left to right (`LR`): wider than tall, fits a slide or a wide screen.
    LeftToRight,
}

impl RankDir {
    /// The short name, as Graphviz's `rankdir` spells it: `TB` or `LR`.
    pub fn as_str(self) -> &'static str {
        match self {
            RankDir::TopToBottom => "TB",
            RankDir::LeftToRight => "LR",
        }
    }
}

impl fmt::Display for RankDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that [`RankDir`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a layout direction (expected TB or LR)", crate::escape::terminal::shown(.0))]
pub struct UnknownRankDir(String);

impl FromStr for RankDir {
    type Err = UnknownRankDir;

    /// Parses `TB` or `LR`, in any case.
    fn from_str(s: &str) -> Result<RankDir, UnknownRankDir> {
        match s.trim().to_ascii_uppercase().as_str() {
            "TB" => Ok(RankDir::TopToBottom),
            "LR" => Ok(RankDir::LeftToRight),
            _ => Err(UnknownRankDir(s.to_owned())),
        }
    }
}

/// What a diagram shows and how.
///
/// Start from [`DiagramOptions::default`] (the whole network, top to bottom,
/// with notes in tooltips) and change what you need, with the builder
/// methods or by assigning the public fields. The struct is
/// `#[non_exhaustive]` so that options can be added; build it from
/// `default()` rather than with a struct literal.
///
/// # Example
///
/// ```
/// use tiegraph::render::{DiagramOptions, RankDir};
/// use tiegraph::{KindSet, TieKind};
///
/// let data = tiegraph::default_dataset();
/// let pak = data.resolve("Pakistan")?;
/// let options = DiagramOptions::default()
///     .focus(pak, 1)
///     .kinds([TieKind::Hostility, TieKind::Tension].into_iter().collect::<KindSet>())
///     .rankdir(RankDir::LeftToRight)
///     .tooltips(false)
///     .title("Pakistan's adversaries");
/// assert_eq!(options.focus, Some((pak, 1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiagramOptions {
    /// Draw only this actor and the actors at most this many ties away from
    /// it (`0`: the actor alone), and the ties among them. `None`: everyone.
    pub focus: Option<(ActorKey, usize)>,
    /// Draw only ties of these kinds. `None`: every kind.
    pub kinds: Option<KindSet>,
    /// The direction of the layout.
    pub rankdir: RankDir,
    /// Put actors' and ties' notes and sources in tooltips (SVG `<title>`
    /// links), so that hovering a tie shows its evidence.
    pub tooltips: bool,
    /// A title to use instead of the generated one ("Ties in force during
    /// 2021", "What changed from 2021 to 2026").
    pub title: Option<String>,
}

impl Default for DiagramOptions {
    fn default() -> DiagramOptions {
        DiagramOptions {
            focus: None,
            kinds: None,
            rankdir: RankDir::default(),
            tooltips: true,
            title: None,
        }
    }
}

impl DiagramOptions {
    /// Draws only `actor` and its neighbours up to `depth` ties away.
    pub fn focus(mut self, actor: ActorKey, depth: usize) -> DiagramOptions {
        self.focus = Some((actor, depth));
        self
    }

    /// Draws only ties of these kinds.
    pub fn kinds(mut self, kinds: KindSet) -> DiagramOptions {
        self.kinds = Some(kinds);
        self
    }

    /// Sets the direction of the layout.
    pub fn rankdir(mut self, rankdir: RankDir) -> DiagramOptions {
        self.rankdir = rankdir;
        self
    }

    /// Shows or hides notes and sources in tooltips.
    pub fn tooltips(mut self, on: bool) -> DiagramOptions {
        self.tooltips = on;
        self
    }

    /// Replaces the generated title.
    pub fn title(mut self, title: impl Into<String>) -> DiagramOptions {
        self.title = Some(title.into());
        self
    }

    /// Whether ties of `kind` are drawn.
    pub(crate) fn shows(&self, kind: crate::TieKind) -> bool {
        self.kinds.is_none_or(|k| k.contains(kind))
    }
}

/// One diagram of a timeline: a file stem and its DOT source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    /// The file stem: the step's label (`2021`, `2021-03`,
    /// `2021-01_2021-06` for a step of several periods) or
    /// `diff-<first>-<last>` for the diff of the first and last steps.
    pub name: String,
    /// The DOT source, with every actor's position pinned.
    pub dot: String,
}
