//! How each kind of actor, tie and change looks.
//!
//! Colours follow the sign of a kind: greens for the positive kinds, orange
//! and red for the negative ones, blue for mediation (sign 0). Line styles
//! repeat the sign for readers who cannot tell the hues apart or print in
//! grey: negative kinds are dashed or heavy, mediation dotted.

use crate::model::{ActorKind, TieKind};
use crate::Change;

/// The look of a tie kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TieStyle {
    pub color: &'static str,
    /// A pale version of `color` for ties that did not change.
    pub light: &'static str,
    /// `solid`, `dashed`, `dotted`, `bold`.
    pub style: &'static str,
    pub penwidth: f64,
    /// Whether to draw an arrowhead at the head (support, mediation).
    pub arrow: bool,
}

pub(crate) fn tie(kind: TieKind) -> TieStyle {
    match kind {
        TieKind::Alliance => TieStyle {
            color: "#1a7a3a",
            light: "#a9d3b5",
            style: "solid",
            penwidth: 2.6,
            arrow: false,
        },
        TieKind::Cooperation => TieStyle {
            color: "#4caf50",
            light: "#c4e6c4",
            style: "solid",
            penwidth: 1.1,
            arrow: false,
        },
        TieKind::Support => TieStyle {
            color: "#00897b",
            light: "#a8d8d2",
            style: "solid",
            penwidth: 1.8,
            arrow: true,
        },
        TieKind::Tension => TieStyle {
            color: "#f08c00",
            light: "#f8d6a3",
            style: "dashed",
            penwidth: 1.6,
            arrow: false,
        },
        TieKind::Hostility => TieStyle {
            color: "#d32f2f",
            light: "#efb0b0",
            style: "solid",
            penwidth: 3.2,
            arrow: false,
        },
        TieKind::Mediation => TieStyle {
            color: "#3f6fd8",
            light: "#b5c7f0",
            style: "dotted",
            penwidth: 1.8,
            arrow: true,
        },
    }
}

/// What the legend says about a tie kind.
pub(crate) fn tie_caption(kind: TieKind) -> &'static str {
    match kind {
        TieKind::Alliance => "alliance",
        TieKind::Cooperation => "cooperation",
        TieKind::Support => "support",
        TieKind::Tension => "tension",
        TieKind::Hostility => "hostility",
        TieKind::Mediation => "mediation",
    }
}

/// The look of an actor kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActorStyle {
    pub shape: &'static str,
    /// Extra `style` words besides `filled`.
    pub style: &'static str,
    pub fill: &'static str,
    pub border: &'static str,
}

pub(crate) fn actor(kind: ActorKind) -> ActorStyle {
    match kind {
        ActorKind::State => ActorStyle {
            shape: "box",
            style: "rounded,filled",
            fill: "#e3ecf7",
            border: "#4a6d94",
        },
        ActorKind::Group => ActorStyle {
            shape: "ellipse",
            style: "filled",
            fill: "#fbecd9",
            border: "#a0692a",
        },
        ActorKind::Organization => ActorStyle {
            shape: "component",
            style: "filled",
            fill: "#ece6f5",
            border: "#6a559a",
        },
    }
}

/// What the legend says about an actor kind.
pub(crate) fn actor_caption(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::State => "state",
        ActorKind::Group => "group",
        ActorKind::Organization => "organization",
    }
}

/// What the legend says about a change.
pub(crate) fn change_caption(change: Change) -> &'static str {
    match change {
        Change::New => "new tie",
        Change::Ended => "ended tie",
        Change::Flipped => "flipped: friend ↔ foe",
        Change::Shifted => "changed kind",
        Change::Unchanged => "unchanged",
    }
}

/// The halo drawn on both sides of a flipped pair's ties.
pub(crate) const HIGHLIGHT: &str = "#ffd54f";
/// Ties that ended, and actors no longer in force.
pub(crate) const FADED: &str = "#9e9e9e";
/// Ordinary text.
pub(crate) const TEXT: &str = "#222222";
/// Secondary text: subtitles, ids, legend captions.
pub(crate) const MUTED: &str = "#666666";
/// The outline of the focus actor.
pub(crate) const FOCUS: &str = "#111111";
/// The outline of an actor that changed camp since the step before (in a
/// report's step diagrams), and its width.
pub(crate) const SWITCHED: &str = "#d500f9";
pub(crate) const SWITCHED_WIDTH: f64 = 3.0;
/// The legend's caption of an actor that changed camp.
pub(crate) const SWITCHED_CAPTION: &str = "changed camp since the step before";
/// The font of every label; the built-in renderer draws it with Arimo.
pub(crate) const FONT: &str = "Helvetica";

/// A length for DOT: fixed decimals so output never depends on float noise.
pub(crate) fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}
