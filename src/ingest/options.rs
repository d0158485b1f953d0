//! What an ingest reads and how: [`IngestOptions`].

use super::{ActorMap, IngestError, Stage2Options};
use crate::{Precision, Selector};

/// The provider and layout of the event files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// GDELT 1.0 events: 57 (back-file) or 58 tab-separated columns, no header.
    Gdelt1,
    /// GDELT 2.0 events: 61 tab-separated columns, no header.
    Gdelt2,
    /// ICEWS events: tab-separated with a header.
    Icews,
    /// UCDP Georeferenced Event Dataset: CSV with a header.
    Ucdp,
    /// ACLED: CSV with a header.
    Acled,
}

impl Family {
    /// The name used on the command line (`gdelt1`, `gdelt2`, `icews`, `ucdp`, `acled`).
    pub fn name(self) -> &'static str {
        match self {
            Family::Gdelt1 => "gdelt1",
            Family::Gdelt2 => "gdelt2",
            Family::Icews => "icews",
            Family::Ucdp => "ucdp",
            Family::Acled => "acled",
        }
    }

    /// Whether events are CAMEO-coded (GDELT and ICEWS).
    pub fn is_cameo(self) -> bool {
        matches!(self, Family::Gdelt1 | Family::Gdelt2 | Family::Icews)
    }

    /// Whether the family is GDELT's.
    pub fn is_gdelt(self) -> bool {
        matches!(self, Family::Gdelt1 | Family::Gdelt2)
    }

    /// The prefix of the source ids made from this family's event ids.
    pub(crate) fn source_prefix(self) -> &'static str {
        match self {
            Family::Gdelt1 | Family::Gdelt2 => "gdelt",
            Family::Icews => "icews",
            Family::Ucdp => "ucdp",
            Family::Acled => "acled",
        }
    }
}

/// How the sides of a CAMEO event become actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActorMode {
    /// The side's country (GDELT's country code, ICEWS's country name).
    #[default]
    Country,
    /// The side's known group (GDELT's known-group code, an ICEWS
    /// non-state sector) when it has one, else its country.
    Group,
}

/// Which events count once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dedup {
    /// Events equal in day, actors (in their direction) and event code count once.
    #[default]
    Day,
    /// Every row counts.
    None,
}

/// Which of GDELT's dates is an event's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateField {
    /// The date of the event (`SQLDATE`).
    #[default]
    Event,
    /// The date GDELT added it (`DATEADDED`).
    Added,
}

/// The length of the periods events are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// Days.
    Day,
    /// Calendar months.
    #[default]
    Month,
    /// Calendar years.
    Year,
}

impl Period {
    /// The precision of the dates of this period.
    pub fn precision(self) -> Precision {
        match self {
            Period::Day => Precision::Day,
            Period::Month => Precision::Month,
            Period::Year => Precision::Year,
        }
    }

    /// The period of a date's precision (`None` for none of the three).
    pub fn of_precision(p: Precision) -> Period {
        match p {
            Precision::Day => Period::Day,
            Precision::Month => Period::Month,
            Precision::Year => Period::Year,
        }
    }
}

/// Everything an ingest can be told (see `docs/ingest.md`).
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The provider and layout of the files.
    pub family: Family,
    /// Countries or known groups (CAMEO families).
    pub actors: ActorMode,
    /// Keep events with a CAMEO region or territory on a side.
    pub keep_regions: bool,
    /// Codes mapped to actors of one's own choosing.
    pub actor_map: ActorMap,
    /// Which events count once.
    pub dedup: Dedup,
    /// GDELT: the event's date or the date it was added.
    pub date: DateField,
    /// Only events on or after the first day of this selector.
    pub from: Option<Selector>,
    /// Only events before the end of this selector.
    pub to: Option<Selector>,
    /// GDELT: only root events (`IsRootEvent` = 1).
    pub root_only: bool,
    /// GDELT: only events with at least this many mentions.
    pub min_mentions: Option<u32>,
    /// The periods events are counted in.
    pub period: Period,
    /// The events a kind needs in a period to count (at least 1).
    pub min_events: u32,
    /// UCDP: also one-sided violence (type 3) as hostility.
    pub include_one_sided: bool,
    /// Fail on the first bad row instead of skipping it.
    pub strict: bool,
    /// Parsing threads (0: as many as the machine has cores).
    pub threads: usize,
}

impl IngestOptions {
    /// The defaults for a family: countries, dedup by day, event dates,
    /// months, at least 3 events, bad rows skipped.
    pub fn new(family: Family) -> IngestOptions {
        IngestOptions {
            family,
            actors: ActorMode::Country,
            keep_regions: false,
            actor_map: ActorMap::default(),
            dedup: Dedup::Day,
            date: DateField::Event,
            from: None,
            to: None,
            root_only: false,
            min_mentions: None,
            period: Period::Month,
            min_events: 3,
            include_one_sided: false,
            strict: false,
            threads: 0,
        }
    }

    /// Stage 2's part of the options.
    pub fn stage2(&self) -> Stage2Options {
        Stage2Options {
            min_events: self.min_events,
        }
    }

    /// Refuses options that do not apply to the family.
    ///
    /// # Errors
    ///
    /// [`IngestError::Usage`] naming the option.
    pub fn check(&self) -> Result<(), IngestError> {
        let gdelt_only = [
            ("--root-only", self.root_only),
            ("--min-mentions", self.min_mentions.is_some()),
            ("--date added", self.date == DateField::Added),
        ];
        for (name, given) in gdelt_only {
            if given && !self.family.is_gdelt() {
                return Err(IngestError::Usage(format!(
                    "{name} applies to GDELT only, not to {}",
                    self.family.name()
                )));
            }
        }
        let cameo_only = [
            ("--actors group", self.actors == ActorMode::Group),
            ("--keep-regions", self.keep_regions),
        ];
        for (name, given) in cameo_only {
            if given && !self.family.is_cameo() {
                return Err(IngestError::Usage(format!(
                    "{name} applies to GDELT and ICEWS only, not to {}",
                    self.family.name()
                )));
            }
        }
        if self.include_one_sided && self.family != Family::Ucdp {
            return Err(IngestError::Usage(
                "--include-one-sided applies to UCDP only".into(),
            ));
        }
        if self.min_events == 0 {
            return Err(IngestError::Usage("--min-events must be at least 1".into()));
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if to.end() <= from.start() {
                return Err(IngestError::Usage("--to ends before --from begins".into()));
            }
        }
        Ok(())
    }

    /// The first day kept and the first day after (day numbers).
    pub(crate) fn day_range(&self) -> (i32, i32) {
        (
            self.from.map_or(i32::MIN, |s| s.start()),
            self.to.map_or(i32::MAX, |s| s.end()),
        )
    }
}
