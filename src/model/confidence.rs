//! How well a tie is established (rule R5).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How well a tie is established, ordered from weakest to strongest:
/// `alleged < reported < confirmed`.
///
/// | level | meaning |
/// |---|---|
/// | `confirmed` | an official act, or several independent sources |
/// | `reported` | one credible report (the default) |
/// | `alleged` | one party's accusation that the other denies |
///
/// # Example
///
/// ```
/// use tiegraph::Confidence;
///
/// let c: Confidence = "Alleged".parse()?;
/// assert_eq!(c, Confidence::Alleged);
/// assert!(Confidence::Alleged < Confidence::Reported);
/// assert!(Confidence::Reported < Confidence::Confirmed);
/// assert_eq!(Confidence::default().as_str(), "reported");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// One party's accusation that the other denies.
    Alleged,
    /// One credible report: the default.
    #[default]
    Reported,
    /// An official act, or several independent sources.
    Confirmed,
}

impl Confidence {
    /// Every level, weakest first.
    pub const ALL: [Confidence; 3] = [
        Confidence::Alleged,
        Confidence::Reported,
        Confidence::Confirmed,
    ];

    /// The name used in files and outputs: `alleged`, `reported`, `confirmed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Alleged => "alleged",
            Confidence::Reported => "reported",
            Confidence::Confirmed => "confirmed",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A confidence level that is not one of the three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is not a confidence level (expected confirmed, reported or alleged)",
    crate::escape::terminal::shown(.0)
)]
pub struct UnknownConfidence(String);

impl FromStr for Confidence {
    type Err = UnknownConfidence;

    /// Reads a level without regard to case (`Alleged`, `CONFIRMED`), as
    /// kinds are read.
    fn from_str(text: &str) -> Result<Confidence, UnknownConfidence> {
        Confidence::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| UnknownConfidence(text.to_owned()))
    }
}

/// Deserializes through [`FromStr`], so every reader accepts the same names.
impl<'de> Deserialize<'de> for Confidence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_read_without_regard_to_case() {
        let mut all = Confidence::ALL;
        all.sort();
        assert_eq!(all, Confidence::ALL);
        for c in Confidence::ALL {
            assert_eq!(c.as_str().parse::<Confidence>(), Ok(c));
            assert_eq!(c.as_str().to_uppercase().parse::<Confidence>(), Ok(c));
        }
        assert_eq!(
            "sure".parse::<Confidence>().unwrap_err().to_string(),
            "sure is not a confidence level (expected confirmed, reported or alleged)"
        );
        assert!(" reported".parse::<Confidence>().is_err());
        assert!("".parse::<Confidence>().is_err());
    }
}
