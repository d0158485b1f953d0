//! Tooltip text with a length limit.

/// The longest tooltip text, in bytes (before escaping): longer ones end
/// in `…`. An edge's tooltip lists each tie with its note and sources: a
/// pair with thousands of ties, or notes of a megabyte, would otherwise
/// make every diagram megabytes long.
pub const MAX_TOOLTIP_BYTES: usize = 4096;

/// A tooltip's text, built piece by piece and cut at [`MAX_TOOLTIP_BYTES`]
/// (on a character boundary) with `…`. Builders check [`Tip::is_full`] to
/// stop early.
#[derive(Default)]
pub(crate) struct Tip {
    text: String,
    full: bool,
}

impl Tip {
    /// Appends `s`, or as much of it as fits followed by `…`.
    pub fn push_str(&mut self, s: &str) {
        if self.full {
            return;
        }
        let room = MAX_TOOLTIP_BYTES - self.text.len();
        if s.len() <= room {
            self.text.push_str(s);
            return;
        }
        let mut cut = room;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        self.text.push_str(&s[..cut]);
        self.text.push('…');
        self.full = true;
    }

    /// Whether the text reached the limit (nothing more is taken).
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// The text, unescaped.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl std::fmt::Write for Tip {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tips_are_cut_at_the_limit_on_a_character() {
        let mut tip = Tip::default();
        tip.push_str(&"a".repeat(MAX_TOOLTIP_BYTES - 1));
        assert!(!tip.is_full());
        tip.push_str("é");
        assert!(tip.is_full());
        tip.push_str("more");
        let text = tip.into_string();
        assert_eq!(text.len(), MAX_TOOLTIP_BYTES - 1 + "…".len());
        assert!(text.ends_with("a…"));
        let mut tip = Tip::default();
        tip.push_str(&"a".repeat(MAX_TOOLTIP_BYTES));
        assert!(!tip.is_full());
        assert_eq!(tip.into_string().len(), MAX_TOOLTIP_BYTES);
    }
}
