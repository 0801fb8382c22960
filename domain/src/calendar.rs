//! Working days over the office's holiday calendar, and the deadline warnings
//! derived from them (never stored: they depend on today).
//!
//! A day is a working day when the calendar says it is an adjusted working
//! day (调休上班), else when it is not a public holiday and not a weekend.

use std::collections::BTreeSet;
use std::ops::Bound;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::Lang;

/// A "due soon" warning (yellow card) starts this many working days before the deadline.
pub const DUE_SOON_WORKING_DAYS: u32 = 3;

/// Public holidays and adjusted working days, as the office enters them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayCalendar {
    holidays: BTreeSet<NaiveDate>,
    working_weekends: BTreeSet<NaiveDate>,
}

impl HolidayCalendar {
    pub fn new(
        holidays: impl IntoIterator<Item = NaiveDate>,
        working_weekends: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        HolidayCalendar {
            holidays: holidays.into_iter().collect(),
            working_weekends: working_weekends.into_iter().collect(),
        }
    }

    /// The calendar the API's named days describe.
    pub fn from_days<'a>(days: impl IntoIterator<Item = &'a CalendarDay>) -> Self {
        let (working, holidays): (Vec<_>, Vec<_>) = days.into_iter().partition(|d| d.working);
        HolidayCalendar::new(
            holidays.into_iter().map(|d| d.day),
            working.into_iter().map(|d| d.day),
        )
    }

    /// `day` itself if it is a working day, else the first working day after it.
    pub fn next_working_day(&self, day: NaiveDate) -> NaiveDate {
        let mut day = day;
        while !self.is_working_day(day) {
            day = next_day(day);
        }
        day
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.working_weekends.contains(&day) {
            return true;
        }
        !self.holidays.contains(&day) && !is_weekend(day)
    }

    /// The day that is `n` working days after `start` (`start` itself not
    /// counted): the deadline "within n working days" of a decision on `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = next_day(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `from` up to and including `to`; negative when `to`
    /// is before `from`.
    ///
    /// Counted by arithmetic over whole weeks and then corrected by the
    /// calendar's entries inside the span, so a deadline years past costs
    /// no more than one next week (every overdue finding on a page asks).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let span = (Bound::Excluded(lo), Bound::Included(hi));
        let days = (hi - lo).num_days();
        let tail_start = lo + Days::new((days - days % 7) as u64);
        let tail = tail_start
            .iter_days()
            .skip(1)
            .take((days % 7) as usize)
            .filter(|day| !is_weekend(*day))
            .count() as i64;
        let holidays_off = self
            .holidays
            .range(span)
            .filter(|day| !is_weekend(**day) && !self.working_weekends.contains(day))
            .count() as i64;
        let weekends_worked = self
            .working_weekends
            .range(span)
            .filter(|day| is_weekend(**day))
            .count() as i64;
        sign * (days / 7 * 5 + tail - holidays_off + weekends_worked)
    }

    /// Where a deadline stands today.
    pub fn due(&self, deadline: NaiveDate, today: NaiveDate) -> Due {
        if today > deadline {
            Due::Overdue {
                working_days_over: self.working_days_between(deadline, today).max(1) as u32,
            }
        } else {
            let left = self.working_days_between(today, deadline) as u32;
            if left <= DUE_SOON_WORKING_DAYS {
                Due::DueSoon {
                    working_days_left: left,
                }
            } else {
                Due::OnTrack {
                    working_days_left: left,
                }
            }
        }
    }
}

/// A day with its weekday: 2026-12-11（星期五）, 2026-12-11 (Friday).
pub fn day_and_weekday(day: NaiveDate, lang: Lang) -> String {
    format!("{day}{}", lang.in_brackets(weekday_name(day, lang)))
}

/// A day's weekday as a deadline field names it: 星期六, Saturday.
pub fn weekday_name(day: NaiveDate, lang: Lang) -> &'static str {
    let i = day.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::ZhCn => [
            "星期一",
            "星期二",
            "星期三",
            "星期四",
            "星期五",
            "星期六",
            "星期日",
        ][i],
        Lang::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1))
        .expect("dates stay far from chrono's limits")
}

/// A deadline against today: on track, due soon (yellow card) or overdue (red card).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Due {
    OnTrack { working_days_left: u32 },
    DueSoon { working_days_left: u32 },
    Overdue { working_days_over: u32 },
}

impl Due {
    /// The tag's word (shown with its colour, never colour alone).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Due::OnTrack { .. }, Lang::ZhCn) => "正常",
            (Due::OnTrack { .. }, Lang::En) => "On track",
            (Due::DueSoon { .. }, Lang::ZhCn) => "临期",
            (Due::DueSoon { .. }, Lang::En) => "Due soon",
            (Due::Overdue { .. }, Lang::ZhCn) => "超期",
            (Due::Overdue { .. }, Lang::En) => "Overdue",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The State Council's 2020 arrangement (DOMAIN.md).
    fn calendar_2020() -> HolidayCalendar {
        let mut holidays = vec![d(2020, 1, 1)];
        let ranges = [
            (d(2020, 1, 24), d(2020, 2, 2)),
            (d(2020, 4, 4), d(2020, 4, 6)),
            (d(2020, 5, 1), d(2020, 5, 5)),
            (d(2020, 6, 25), d(2020, 6, 27)),
            (d(2020, 10, 1), d(2020, 10, 8)),
        ];
        for (from, to) in ranges {
            holidays.extend(from.iter_days().take_while(|day| *day <= to));
        }
        let worked = [
            d(2020, 1, 19),
            d(2020, 4, 26),
            d(2020, 5, 9),
            d(2020, 6, 28),
            d(2020, 9, 27),
            d(2020, 10, 10),
        ];
        HolidayCalendar::new(holidays, worked)
    }

    #[test]
    fn a_deadline_crosses_the_dragon_boat_holiday() {
        let start = d(2020, 6, 24); // a Wednesday
        assert_eq!(calendar_2020().add_working_days(start, 5), d(2020, 7, 2));
        assert_eq!(
            HolidayCalendar::default().add_working_days(start, 5),
            d(2020, 7, 1)
        );
    }

    #[test]
    fn adjusted_weekends_count_and_holidays_do_not() {
        let cal = calendar_2020();
        assert!(cal.is_working_day(d(2020, 6, 28)), "Sunday worked instead");
        assert!(!cal.is_working_day(d(2020, 6, 25)), "Dragon Boat Festival");
        assert!(!cal.is_working_day(d(2020, 7, 4)), "an ordinary Saturday");
        assert!(cal.is_working_day(d(2020, 7, 3)));
        assert_eq!(cal.add_working_days(d(2020, 9, 30), 1), d(2020, 10, 9));
    }

    #[test]
    fn counting_is_the_inverse_of_adding() {
        let cal = calendar_2020();
        let start = d(2020, 1, 2);
        for n in 0..300 {
            let end = cal.add_working_days(start, n);
            assert_eq!(cal.working_days_between(start, end), i64::from(n));
            assert_eq!(cal.working_days_between(end, start), -i64::from(n));
        }
    }

    /// The definition, one day at a time.
    fn counted_day_by_day(cal: &HolidayCalendar, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let working = lo
            .iter_days()
            .skip(1)
            .take_while(|day| *day <= hi)
            .filter(|day| cal.is_working_day(*day))
            .count() as i64;
        sign * working
    }

    proptest::proptest! {
        /// Any calendar — holidays on weekends, a date both a holiday and a
        /// worked day, worked weekdays — and any two dates up to ten years
        /// apart: the counting by weeks agrees with the definition.
        #[test]
        fn counting_by_weeks_agrees_with_counting_days(
            holidays in proptest::collection::vec(0u64..4000, 0..80),
            worked in proptest::collection::vec(0u64..4000, 0..30),
            from in 0u64..4000,
            to in 0u64..4000,
        ) {
            let day = |n: u64| d(2018, 1, 1) + Days::new(n);
            let cal = HolidayCalendar::new(
                holidays.into_iter().map(day),
                worked.into_iter().map(day),
            );
            proptest::prop_assert_eq!(
                cal.working_days_between(day(from), day(to)),
                counted_day_by_day(&cal, day(from), day(to))
            );
        }
    }

    #[test]
    fn due_states_follow_working_days() {
        let cal = calendar_2020();
        let deadline = d(2020, 7, 2);
        assert_eq!(
            cal.due(deadline, d(2020, 6, 24)),
            Due::OnTrack {
                working_days_left: 5
            }
        );
        // From the 26th (a holiday) the 28th (a worked Sunday) to the 2nd still make five.
        assert_eq!(
            cal.due(deadline, d(2020, 6, 26)),
            Due::OnTrack {
                working_days_left: 5
            }
        );
        assert_eq!(
            cal.due(deadline, d(2020, 6, 29)),
            Due::DueSoon {
                working_days_left: 3
            }
        );
        assert_eq!(
            cal.due(deadline, deadline),
            Due::DueSoon {
                working_days_left: 0
            }
        );
        assert_eq!(
            cal.due(deadline, d(2020, 7, 3)),
            Due::Overdue {
                working_days_over: 1
            }
        );
        assert_eq!(
            cal.due(deadline, d(2020, 7, 4)),
            Due::Overdue {
                working_days_over: 1
            }
        );
        assert_eq!(
            cal.due(deadline, d(2020, 7, 6)),
            Due::Overdue {
                working_days_over: 2
            }
        );
        assert_eq!(
            Due::Overdue {
                working_days_over: 2
            }
            .label(Lang::ZhCn),
            "超期"
        );
        assert_eq!(
            Due::DueSoon {
                working_days_left: 2
            }
            .label(Lang::ZhCn),
            "临期"
        );
    }
}

/// One day the office names in its calendar, as the API sends and takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct CalendarDay {
    pub day: NaiveDate,
    /// `true`: a weekend day worked instead (调休上班); `false`: a public holiday.
    pub working: bool,
    /// e.g. 端午节 / 端午节调休.
    pub name: String,
}

/// `PUT /api/calendar/days/{day}`: what a named day is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayInput {
    /// `true`: a weekend day worked instead; `false`: a public holiday.
    pub working: bool,
    pub name: String,
}

impl CalendarDay {
    pub const NAME_MAX_CHARS: usize = 50;

    pub fn validate(&self) -> Result<(), crate::Invalid> {
        let mut inv = crate::Invalid::default();
        crate::validation::check_date(&mut inv, "day", Some(self.day));
        crate::validation::text(&mut inv, "name", &self.name, 1, Self::NAME_MAX_CHARS);
        let weekend = matches!(self.day.weekday(), Weekday::Sat | Weekday::Sun);
        if self.working && !weekend {
            inv.add("working", crate::Reason::NotAWeekend);
        }
        inv.into_result()
    }
}

/// `GET /api/calendar/deadline`: the deadline `working_days` after `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadlineExample {
    pub from: NaiveDate,
    pub working_days: u32,
    pub deadline: NaiveDate,
}

#[cfg(test)]
mod day_tests {
    use super::*;

    #[test]
    fn the_api_days_make_the_calendar_and_name_the_next_working_day() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let named = |day, working, name: &str| CalendarDay {
            day,
            working,
            name: name.into(),
        };
        let days = [
            named(d(10, 1), false, "国庆节"),
            named(d(10, 2), false, "国庆节"),
            named(d(10, 10), true, "国庆节 补班"),
        ];
        let cal = HolidayCalendar::from_days(&days);
        assert!(!cal.is_working_day(d(10, 1)));
        assert!(cal.is_working_day(d(10, 10)), "a Saturday worked");
        assert_eq!(cal.next_working_day(d(10, 1)), d(10, 5), "over the weekend");
        assert_eq!(cal.next_working_day(d(10, 5)), d(10, 5));
        assert_eq!(weekday_name(d(10, 10), Lang::ZhCn), "星期六");
        assert_eq!(weekday_name(d(10, 4), Lang::En), "Sunday");
    }

    #[test]
    fn only_weekends_can_be_worked_instead() {
        let day = |d: u32, working: bool| CalendarDay {
            day: NaiveDate::from_ymd_opt(2020, 6, d).unwrap(),
            working,
            name: "端午节调休".into(),
        };
        assert!(day(28, true).validate().is_ok(), "Sunday 28 June 2020");
        assert_eq!(
            day(29, true).validate().unwrap_err().reason("working"),
            Some(&crate::Reason::NotAWeekend)
        );
        assert!(day(25, false).validate().is_ok());
        let unnamed = CalendarDay {
            name: " ".into(),
            ..day(25, false)
        };
        assert_eq!(
            unnamed.validate().unwrap_err().reason("name"),
            Some(&crate::Reason::Required)
        );
    }
}
