//! The history of one pair: every tie that involves both actors.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::{ActorKey, Dataset, Tie, TieKey, TieKind};
use crate::snapshot::TieJson;

/// Every tie involving two actors, over all time.
///
/// Made by [`Dataset::history`]. Serializes to the history JSON of the format:
/// `{"a", "b", "ties": [{…tie…}]}`, ties sorted by (start, id) and shown as
/// in the snapshot JSON.
#[derive(Debug, Clone)]
pub struct History<'d> {
    dataset: &'d Dataset,
    a: ActorKey,
    b: ActorKey,
    ties: Vec<TieKey>,
}

impl<'d> History<'d> {
    /// The dataset the keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The first actor, as asked.
    pub fn a(&self) -> ActorKey {
        self.a
    }

    /// The second actor, as asked.
    pub fn b(&self) -> ActorKey {
        self.b
    }

    /// The keys of the ties, sorted by (start, id).
    pub fn tie_keys(&self) -> &[TieKey] {
        &self.ties
    }

    /// The ties, sorted by (start, id).
    pub fn ties(&self) -> impl ExactSizeIterator<Item = &'d Tie> + '_ {
        let dataset = self.dataset;
        self.ties.iter().map(move |&k| dataset.tie(k))
    }

    /// The pair's day value over time, as stretches of days on which it is
    /// constant.
    ///
    /// The day value of a day is the sum, over the pair's non-mediation ties
    /// in force that day, of sign × weight (the format's net value for a day
    /// selector); a mediation counts 0. It only changes where a tie starts or
    /// ends, so it is computed from those days, never day by day.
    ///
    /// # Returns
    ///
    /// Stretches in order of days, from the first start of any tie of the
    /// history (mediations included), each one starting where the one before
    /// ends, and no two neighbours with the same value. The last runs on
    /// (`until` is `None`); once every tie has ended its value is 0. Empty
    /// when the history has no tie.
    ///
    /// Weights are added in fixed point (billionths), so ties that cancel
    /// give exactly 0.
    ///
    /// # Complexity
    ///
    /// *O*(*n* log *n*) for the *n* ties of the history.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::Date;
    ///
    /// let data = tiegraph::default_dataset();
    /// let h = data.history(data.resolve("PAK")?, data.resolve("TAL")?);
    /// let values = h.day_values();
    /// let day = |text: &str| -> Result<i32, tiegraph::DateError> {
    ///     Ok(text.parse::<Date>()?.first_day())
    /// };
    /// // Patronage from 1994, then support and tension cancel out from the
    /// // month of the takeover.
    /// assert_eq!(values[0].from, day("1994")?);
    /// assert_eq!(values[0].until, Some(day("2021-08")?));
    /// assert_eq!(values[0].value, 1.0);
    /// assert_eq!(values[1].value, 0.0);
    /// // Open war at the end, and still going.
    /// let last = values.last().expect("a value");
    /// assert!(last.value < 0.0);
    /// assert_eq!(last.until, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn day_values(&self) -> Vec<DayValue> {
        let Some(first) = self.ties().map(|t| t.start().first_day()).min() else {
            return Vec::new();
        };
        // Exact, as pair values are everywhere (rule R1): weights in
        // 10⁻¹⁸ units, so ties that cancel give exactly 0.
        let mut changes: Vec<(i32, i128)> = Vec::new();
        for tie in self.ties().filter(|t| t.kind() != TieKind::Mediation) {
            let term = i128::from(tie.kind().sign().value())
                * i128::from(crate::pairs::weight_units(tie.weight()));
            changes.push((tie.start().first_day(), term));
            if let Some(end) = tie.end() {
                changes.push((end.first_day(), -term));
            }
        }
        changes.sort_unstable();
        let mut values: Vec<DayValue> = Vec::new();
        let (mut from, mut sum, mut shown) = (first, 0i128, None);
        let mut i = 0;
        loop {
            while let Some(&(_, term)) = changes.get(i).filter(|c| c.0 == from) {
                sum += term;
                i += 1;
            }
            let next = changes.get(i).map(|c| c.0);
            match values.last_mut() {
                Some(last) if shown == Some(sum) => last.until = next,
                _ => {
                    shown = Some(sum);
                    values.push(DayValue {
                        from,
                        until: next,
                        value: sum as f64 / crate::pairs::WEIGHT_UNIT as f64,
                    });
                }
            }
            match next {
                Some(day) => from = day,
                None => return values,
            }
        }
    }
}

/// A stretch of days on which a pair's day value is the same: an item of
/// [`History::day_values`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayValue {
    /// The first day (days since 1970-01-01, as [`Date::first_day`](crate::Date::first_day)).
    pub from: i32,
    /// The first day after the stretch; `None` for the last one, which runs
    /// on.
    pub until: Option<i32>,
    /// Sum of sign × weight over the pair's non-mediation ties in force on
    /// each day of the stretch.
    pub value: f64,
}

impl Dataset {
    /// Every tie whose actors include both `a` and `b` (as source, target or
    /// `with`), sorted by (start, id), as a value that serializes to the
    /// format's history JSON and gives the pair's values over time.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::TieKind;
    ///
    /// let data = tiegraph::default_dataset();
    /// let h = data.history(data.resolve("PAK")?, data.resolve("TAL")?);
    /// let first = h.ties().next().expect("a tie");
    /// assert_eq!(first.kind(), TieKind::Support);
    /// let json = serde_json::to_value(&h)?;
    /// assert_eq!(json["a"], "PAK");
    /// assert_eq!(json["ties"][0]["start"], "1994~");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn history(&self, a: ActorKey, b: ActorKey) -> History<'_> {
        let ties = self.ties().iter().enumerate();
        History {
            dataset: self,
            a,
            b,
            ties: ties
                .filter(|(_, t)| t.involves(a) && t.involves(b))
                .map(|(i, _)| TieKey(i as u32))
                .collect(),
        }
    }
}

impl Serialize for History<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.dataset;
        let ties: Vec<TieJson<'_>> = self.ties().map(|tie| TieJson { dataset: d, tie }).collect();
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("a", d.actor_id(self.a))?;
        m.serialize_entry("b", d.actor_id(self.b))?;
        m.serialize_entry("ties", &ties)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The day value of `day` by brute force over every tie.
    fn brute(h: &History<'_>, day: i32) -> f64 {
        h.ties()
            .filter(|t| t.kind() != TieKind::Mediation && t.is_in_force_on(day))
            .map(|t| f64::from(t.kind().sign().value()) * t.weight())
            .sum()
    }

    #[test]
    fn day_values_match_a_day_by_day_sum_for_every_pair() {
        let data = crate::default_dataset();
        let keys: Vec<ActorKey> = (0..data.actors().len())
            .map(|i| ActorKey(i as u32))
            .collect();
        for (i, &a) in keys.iter().enumerate() {
            for &b in &keys[i + 1..] {
                let h = data.history(a, b);
                let values = h.day_values();
                if h.tie_keys().is_empty() {
                    assert!(values.is_empty());
                    continue;
                }
                assert_eq!(values.last().and_then(|v| v.until), None);
                for w in values.windows(2) {
                    assert_eq!(w[0].until, Some(w[1].from));
                    assert_ne!(w[0].value, w[1].value, "neighbours differ");
                }
                for v in &values {
                    let until = v.until.unwrap_or(v.from + 400);
                    for day in v.from..until {
                        let want = brute(&h, day);
                        assert!(
                            (want - v.value).abs() < 1e-9,
                            "{}–{} on day {day}: {} vs {want}",
                            data.actor_id(a),
                            data.actor_id(b),
                            v.value
                        );
                    }
                }
                // Before the first stretch, nothing is in force.
                assert_eq!(brute(&h, values[0].from - 1), 0.0);
            }
        }
    }
}
