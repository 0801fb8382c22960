//! Reminders and the escalation ladder: which notices a running deadline
//! calls for on a day, counted on the office's working-day calendar. The
//! store takes each stage once per finding and deadline, so a daily pass
//! run twice sends nothing new.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::HolidayCalendar;
use crate::validation::{Invalid, Reason};

wire_enum! {
    /// One rung of the escalation ladder.
    pub enum LadderStep {
        /// 催办: the unit's liaisons and head are urged.
        Urge = "urge",
        /// The unit's head and the office's leaders are told.
        Escalate = "escalate",
        /// 督办: marked on the office's dashboard, circulating criticism suggested.
        Supervise = "supervise",
    }
}

impl LadderStep {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang;
        match (self, lang) {
            (LadderStep::Urge, Lang::ZhCn) => "催办单位",
            (LadderStep::Urge, Lang::En) => "Urge the unit",
            (LadderStep::Escalate, Lang::ZhCn) => "告知单位负责人和分管领导",
            (LadderStep::Escalate, Lang::En) => "Tell the unit head and the leaders",
            (LadderStep::Supervise, Lang::ZhCn) => "列入督办，建议通报批评",
            (LadderStep::Supervise, Lang::En) => "Supervise; suggest circulating criticism",
        }
    }
}

/// After `days` working days overdue, `step` (`GET`/`PUT /api/settings/escalation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rung {
    pub days: u32,
    pub step: LadderStep,
}

/// The escalation ladder (`GET`/`PUT /api/settings/escalation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ladder {
    /// After `days` working days overdue, `step`; lowest first.
    pub rungs: Vec<Rung>,
}

/// The ladder a new office starts with (the and the 12345 rules'
/// rhythm): 1 working day overdue → 催办; 3 → the head and the leaders;
/// 5 → 督办.
pub const DEFAULT_LADDER: [Rung; 3] = [
    Rung {
        days: 1,
        step: LadderStep::Urge,
    },
    Rung {
        days: 3,
        step: LadderStep::Escalate,
    },
    Rung {
        days: 5,
        step: LadderStep::Supervise,
    },
];

/// Reminders before a deadline, in working days (and on the day itself).
pub const DEFAULT_BEFORE: [u32; 2] = [3, 1];

/// The most rungs a ladder has.
pub const LADDER_MAX_RUNGS: usize = 10;

/// The most working days a rung may wait.
pub const LADDER_MAX_DAYS: u32 = 60;

/// Checks a ladder the office submits: 1 to 10 rungs, each after 1 to
/// [`LADDER_MAX_DAYS`] working days, no two on the same day.
pub fn check_ladder(rungs: &[Rung]) -> Result<(), Invalid> {
    let mut invalid = Invalid::default();
    if rungs.is_empty() {
        invalid.add("rungs", Reason::Required);
    }
    if rungs.len() > LADDER_MAX_RUNGS {
        invalid.add(
            "rungs",
            Reason::TooMany {
                max: LADDER_MAX_RUNGS,
            },
        );
    }
    for (i, rung) in rungs.iter().enumerate() {
        if !(1..=LADDER_MAX_DAYS).contains(&rung.days) {
            invalid.add(
                format!("rungs[{i}].days"),
                Reason::OutOfRange {
                    min: 1,
                    max: LADDER_MAX_DAYS as i64,
                },
            );
        } else if rungs[..i].iter().any(|r| r.days == rung.days) {
            invalid.add(format!("rungs[{i}].days"), Reason::Duplicate);
        }
    }
    invalid.into_result()
}

/// A notice a running deadline calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `n` working days or fewer before the deadline.
    Before(u32),
    /// The deadline is today.
    Today,
    /// Past the deadline, before the ladder's first rung.
    Overdue,
    /// A rung of the ladder reached.
    Ladder(Rung),
}

impl Stage {
    /// Its stored key: one of each per finding and deadline.
    pub fn key(self) -> String {
        match self {
            Stage::Before(n) => format!("before_{n}"),
            Stage::Today => "today".to_owned(),
            Stage::Overdue => "overdue".to_owned(),
            Stage::Ladder(rung) => format!("{}_{}", rung.step.as_str(), rung.days),
        }
    }
}

/// The stages a deadline calls for on `today`: before it, the nearest
/// reminder reached (`before`, in working days); on the day, `Today`;
/// after it, every rung of `ladder` reached by the working days overdue,
/// or `Overdue` while none is.
pub fn due_stages(
    calendar: &HolidayCalendar,
    deadline: NaiveDate,
    today: NaiveDate,
    before: &[u32],
    ladder: &[Rung],
) -> Vec<Stage> {
    if today < deadline {
        let left = calendar.working_days_between(today, deadline).max(0) as u32;
        return before
            .iter()
            .copied()
            .filter(|&n| n > 0 && left <= n)
            .min()
            .map(Stage::Before)
            .into_iter()
            .collect();
    }
    if today == deadline {
        return vec![Stage::Today];
    }
    let over = calendar.working_days_between(deadline, today).max(0) as u32;
    let reached: Vec<Stage> = ladder
        .iter()
        .filter(|r| r.days <= over)
        .map(|&r| Stage::Ladder(r))
        .collect();
    if reached.is_empty() {
        vec![Stage::Overdue]
    } else {
        reached
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    /// 2026-12: Mon 7 … Fri 11, Mon 14 … Fri 18; 2027-01-01 (Fri) a holiday.
    fn calendar() -> HolidayCalendar {
        HolidayCalendar::new([NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()], [])
    }

    fn stages(deadline: NaiveDate, today: NaiveDate) -> Vec<String> {
        due_stages(
            &calendar(),
            deadline,
            today,
            &DEFAULT_BEFORE,
            &DEFAULT_LADDER,
        )
        .into_iter()
        .map(Stage::key)
        .collect()
    }

    #[test]
    fn reminders_before_count_working_days() {
        let deadline = day(12, 14); // a Monday
        assert_eq!(stages(deadline, day(12, 8)), Vec::<String>::new()); // 4 working days left
        assert_eq!(stages(deadline, day(12, 9)), ["before_3"]); // Wed: Thu, Fri, Mon
        assert_eq!(stages(deadline, day(12, 10)), ["before_3"]);
        assert_eq!(stages(deadline, day(12, 11)), ["before_1"]); // Fri: only Monday left
        assert_eq!(stages(deadline, day(12, 13)), ["before_1"]); // Sunday
        assert_eq!(stages(deadline, day(12, 14)), ["today"]);
    }

    #[test]
    fn the_ladder_climbs_on_working_days() {
        let deadline = day(12, 11); // a Friday
        assert_eq!(stages(deadline, day(12, 12)), ["overdue"]); // Saturday: 0 working days over
        assert_eq!(stages(deadline, day(12, 13)), ["overdue"]);
        assert_eq!(stages(deadline, day(12, 14)), ["urge_1"]); // Monday
        assert_eq!(stages(deadline, day(12, 15)), ["urge_1"]);
        assert_eq!(stages(deadline, day(12, 16)), ["urge_1", "escalate_3"]);
        assert_eq!(stages(deadline, day(12, 17)), ["urge_1", "escalate_3"]);
        assert_eq!(
            stages(deadline, day(12, 18)),
            ["urge_1", "escalate_3", "supervise_5"]
        );
        // A holiday does not count: due Wed 2026-12-30, 1 Jan is off.
        let deadline = day(12, 30);
        assert_eq!(stages(deadline, day(12, 31)), ["urge_1"]);
        assert_eq!(
            stages(deadline, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            ["urge_1"]
        );
        assert_eq!(
            stages(deadline, NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()),
            ["urge_1", "escalate_3"]
        );
    }

    #[test]
    fn a_ladder_is_checked() {
        assert!(check_ladder(&DEFAULT_LADDER).is_ok());
        assert!(check_ladder(&[]).is_err());
        let twice = [DEFAULT_LADDER[0], DEFAULT_LADDER[0]];
        assert!(check_ladder(&twice).is_err());
        let never = [Rung {
            days: 0,
            step: LadderStep::Urge,
        }];
        assert!(check_ladder(&never).is_err());
    }
}
