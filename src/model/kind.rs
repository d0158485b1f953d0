use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A state, including a de facto government.
    State,
    /// An armed, political or militant group.
    Group,
    /// An international or non-governmental organisation.
    Organization,
}

/// What a tie is. The sign and direction of each kind are fixed by the format.
///
/// | kind | sign | direction |
/// |---|---|---|
/// | alliance | + | symmetric |
/// | cooperation | + | symmetric |
/// | support | + | source → target (patron → client) |
/// | tension | − | symmetric |
/// | hostility | − | symmetric |
/// | mediation | 0 | mediator → both parties |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TieKind {
    /// Partners acting together.
    Alliance,
    /// Diplomatic or economic cooperation.
    Cooperation,
    /// A patron backing a client.
    Support,
    /// Friction short of violence.
    Tension,
    /// Violence or open enmity.
    Hostility,
    /// The source mediates between the target and `with`.
    Mediation,
}

/// The sign of a tie or of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sign {
    /// Hostile.
    Negative,
    /// Neither (no signed tie, a mediation, or ties that cancel out).
    Zero,
    /// Friendly.
    Positive,
}

impl Sign {
    /// `+1`, `0` or `-1`.
    pub fn value(self) -> i8 {
        match self {
            Sign::Negative => -1,
            Sign::Zero => 0,
            Sign::Positive => 1,
        }
    }

    /// `+`, `0` or `-` as in the JSON outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Sign::Negative => "-",
            Sign::Zero => "0",
            Sign::Positive => "+",
        }
    }

    /// The sign of a float sum with an absolute 1e-9 tolerance (the rule
    /// of round 1). tiegraph no longer uses it for pairs: a pair's sign over
    /// a period is exact and its tolerance relative (rule R1), see
    /// [`NetValue::sign`](crate::NetValue::sign).
    pub fn of_sum(sum: f64) -> Sign {
        if sum > 1e-9 {
            Sign::Positive
        } else if sum < -1e-9 {
            Sign::Negative
        } else {
            Sign::Zero
        }
    }
}

impl fmt::Display for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Sign {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Deserializes through [`FromStr`], so every reader accepts the same names.
impl<'de> Deserialize<'de> for ActorKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Deserializes through [`FromStr`], so every reader accepts the same names.
impl<'de> Deserialize<'de> for TieKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A kind name that is not one of the known kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a known kind (expected {expected})", crate::escape::terminal::shown(.text))]
pub struct UnknownKind {
    text: String,
    expected: &'static str,
}

impl ActorKind {
    /// All kinds, in order.
    pub const ALL: [ActorKind; 3] = [ActorKind::State, ActorKind::Group, ActorKind::Organization];

    /// The name used in files: `state`, `group`, `organization`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Group => "group",
            ActorKind::Organization => "organization",
        }
    }
}

impl TieKind {
    /// All kinds, in order.
    pub const ALL: [TieKind; 6] = [
        TieKind::Alliance,
        TieKind::Cooperation,
        TieKind::Support,
        TieKind::Tension,
        TieKind::Hostility,
        TieKind::Mediation,
    ];

    /// The name used in files: `alliance`, `cooperation`, …
    pub fn as_str(self) -> &'static str {
        match self {
            TieKind::Alliance => "alliance",
            TieKind::Cooperation => "cooperation",
            TieKind::Support => "support",
            TieKind::Tension => "tension",
            TieKind::Hostility => "hostility",
            TieKind::Mediation => "mediation",
        }
    }

    /// The sign the format gives this kind.
    pub fn sign(self) -> Sign {
        match self {
            TieKind::Alliance | TieKind::Cooperation | TieKind::Support => Sign::Positive,
            TieKind::Tension | TieKind::Hostility => Sign::Negative,
            TieKind::Mediation => Sign::Zero,
        }
    }

    /// Whether the tie points from source to target (support, mediation).
    pub fn is_directed(self) -> bool {
        matches!(self, TieKind::Support | TieKind::Mediation)
    }

    /// A bit for this kind, for compact sets of kinds.
    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Kind names are read without regard to ASCII case (`Hostility` is
/// hostility), and `organisation` is a spelling of `organization`; they are
/// always written in lower case, spelled `organization`.
impl FromStr for ActorKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, UnknownKind> {
        if s.eq_ignore_ascii_case("organisation") {
            return Ok(ActorKind::Organization);
        }
        ActorKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownKind {
                text: s.to_owned(),
                expected: "state, group or organization",
            })
    }
}

/// Read without regard to ASCII case, like [`ActorKind`]'s names.
impl FromStr for TieKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, UnknownKind> {
        TieKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownKind {
                text: s.to_owned(),
                expected: "alliance, cooperation, support, tension, hostility or mediation",
            })
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for TieKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_ignore_case_and_accept_organisation() {
        assert_eq!("Hostility".parse::<TieKind>(), Ok(TieKind::Hostility));
        assert_eq!("MEDIATION".parse::<TieKind>(), Ok(TieKind::Mediation));
        assert_eq!("State".parse::<ActorKind>(), Ok(ActorKind::State));
        for spelling in [
            "organization",
            "organisation",
            "Organisation",
            "ORGANIZATION",
        ] {
            assert_eq!(spelling.parse::<ActorKind>(), Ok(ActorKind::Organization));
        }
        assert_eq!(ActorKind::Organization.to_string(), "organization");
        assert!("rivalry".parse::<TieKind>().is_err());
        assert!("organisations".parse::<ActorKind>().is_err());
        let kind: TieKind = serde_json::from_str("\"Support\"").expect("a kind");
        assert_eq!(kind, TieKind::Support);
        let kind: ActorKind = serde_json::from_str("\"organisation\"").expect("a kind");
        assert_eq!(kind, ActorKind::Organization);
    }
}
