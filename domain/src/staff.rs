//! People and posts in units: staff, posts with an A and a B person (AB岗),
//! and away-from-post notices (离岗告示) — what an inspector checks on site
//! against what is declared.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::{self, Invalid, Reason};

pub const NAME_MAX_CHARS: usize = 50;
pub const TITLE_MAX_CHARS: usize = 100;
pub const REASON_MAX_CHARS: usize = 200;

/// `POST /api/units/{id}/staff`, `PUT /api/staff/{id}` (with `version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffInput {
    pub name: String,
    /// Their job title, e.g. 窗口工作人员.
    #[serde(default)]
    pub title: String,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub version: Option<i64>,
}

fn yes() -> bool {
    true
}

impl StaffInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "name", &self.name, 1, NAME_MAX_CHARS);
        validation::text(&mut inv, "title", &self.title, 0, TITLE_MAX_CHARS);
        inv.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Staff {
    pub id: i64,
    pub unit_id: i64,
    pub name: String,
    pub title: String,
    pub active: bool,
    pub version: i64,
}

/// `POST /api/units/{id}/posts`, `PUT /api/posts/{id}` (with `version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostInput {
    /// The post, e.g. 不动产登记受理窗口.
    pub name: String,
    pub a_staff_id: Option<i64>,
    pub b_staff_id: Option<i64>,
    #[serde(default)]
    pub version: Option<i64>,
}

impl PostInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "name", &self.name, 1, TITLE_MAX_CHARS);
        if self.a_staff_id.is_some() && self.a_staff_id == self.b_staff_id {
            inv.add("b_staff_id", Reason::Duplicate);
        }
        inv.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Post {
    pub id: i64,
    pub unit_id: i64,
    pub name: String,
    pub a: Option<StaffRef>,
    pub b: Option<StaffRef>,
    /// No B person: service stops when A is away (shown as a warning).
    pub missing_b: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRef {
    pub id: i64,
    pub name: String,
}

/// `POST /api/away-notices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAwayNotice {
    pub staff_id: i64,
    /// Where they went and why, e.g. 到市政务中心开会.
    pub reason: String,
    pub away_from: DateTime<Utc>,
    pub expected_return: DateTime<Utc>,
    /// Who covers the post meanwhile.
    #[serde(default)]
    pub covered_by: Option<i64>,
}

impl NewAwayNotice {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "away_from", Some(self.away_from.date_naive()));
        crate::validation::check_date(
            &mut inv,
            "expected_return",
            Some(self.expected_return.date_naive()),
        );
        validation::text(&mut inv, "reason", &self.reason, 1, REASON_MAX_CHARS);
        if self.expected_return <= self.away_from {
            inv.add("expected_return", Reason::NotAfterStart);
        }
        if self.covered_by == Some(self.staff_id) {
            inv.add("covered_by", Reason::Duplicate);
        }
        inv.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwayNotice {
    pub id: i64,
    pub staff: StaffRef,
    pub unit_id: i64,
    pub reason: String,
    pub away_from: DateTime<Utc>,
    pub expected_return: DateTime<Utc>,
    pub covered_by: Option<StaffRef>,
    pub posted_at: DateTime<Utc>,
    /// Posted after the absence began ([`is_late`]): a notice written after
    /// the fact is weak evidence, and is shown as such everywhere.
    #[serde(default)]
    pub late: bool,
}

wire_enum! {
    /// What an inspector saw of one person on site, against what was declared.
    pub enum Seen {
        /// At their post.
        Present = "present",
        /// Away, and a notice in force says so accurately.
        AwayWithNotice = "away_with_notice",
        /// Away with no notice (or one that does not match).
        AwayWithoutNotice = "away_without_notice",
    }
}

impl Seen {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang;
        match (self, lang) {
            (Seen::Present, Lang::ZhCn) => "在岗",
            (Seen::Present, Lang::En) => "Present",
            (Seen::AwayWithNotice, Lang::ZhCn) => "离岗，告示属实",
            (Seen::AwayWithNotice, Lang::En) => "Away, notice accurate",
            (Seen::AwayWithoutNotice, Lang::ZhCn) => "离岗，无告示或告示不实",
            (Seen::AwayWithoutNotice, Lang::En) => "Away, no accurate notice",
        }
    }
}

/// An inspection records at most this many people.
pub const OBSERVATIONS_MAX: usize = 500;

/// An inspector's record of one person (part of the inspection's draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Observation {
    pub staff_id: i64,
    pub seen: Seen,
    /// The notice the person was away under (`away_with_notice`).
    #[serde(default)]
    pub notice_id: Option<i64>,
}

/// What a visit found declared when its inspection started: the away
/// notices in force and the A/B posts, kept as they were then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitSnapshot {
    pub taken_at: DateTime<Utc>,
    pub notices: Vec<AwayNotice>,
    pub posts: Vec<Post>,
}

impl VisitSnapshot {
    /// The people an inspector checks: everyone on a post, and everyone a notice names.
    pub fn people(&self) -> Vec<StaffRef> {
        let mut people: Vec<StaffRef> = Vec::new();
        let on_posts = self
            .posts
            .iter()
            .flat_map(|p| [p.a.clone(), p.b.clone()])
            .flatten();
        let away = self.notices.iter().map(|n| n.staff.clone());
        for person in on_posts.chain(away) {
            if !people.iter().any(|p| p.id == person.id) {
                people.push(person);
            }
        }
        people
    }
}

/// The inspector's observations against the visit's snapshot: each person
/// of it once; "away with a notice" names a notice in force for them then.
pub fn check_observations(
    inv: &mut Invalid,
    observations: &[Observation],
    snapshot: Option<&VisitSnapshot>,
) {
    if observations.len() > OBSERVATIONS_MAX {
        inv.add(
            "observations",
            Reason::TooMany {
                max: OBSERVATIONS_MAX,
            },
        );
        return;
    }
    let people = snapshot.map(VisitSnapshot::people).unwrap_or_default();
    for (i, o) in observations.iter().enumerate() {
        let field = |name: &str| format!("observations[{i}].{name}");
        if !people.iter().any(|p| p.id == o.staff_id) {
            inv.add(field("staff_id"), Reason::NotFound);
        } else if observations[..i].iter().any(|e| e.staff_id == o.staff_id) {
            inv.add(field("staff_id"), Reason::Duplicate);
        }
        match (o.seen, o.notice_id) {
            (Seen::AwayWithNotice, None) => inv.add(field("notice_id"), Reason::Required),
            (Seen::AwayWithNotice, Some(notice)) => {
                let declared = snapshot.is_some_and(|s| {
                    s.notices
                        .iter()
                        .any(|n| n.id == notice && n.staff.id == o.staff_id)
                });
                if !declared {
                    inv.add(field("notice_id"), Reason::NotFound);
                }
            }
            (_, Some(_)) => inv.add(field("notice_id"), Reason::NotExpected),
            (_, None) => {}
        }
    }
}

/// Minutes a notice may be posted after the absence it announces began
/// (the form's clock and the phone's) before it counts as late.
pub const LATE_GRACE_MINUTES: i64 = 5;

/// Whether a notice posted at `posted_at` for an absence from `away_from` is late.
pub fn is_late(posted_at: DateTime<Utc>, away_from: DateTime<Utc>) -> bool {
    posted_at > away_from + chrono::Duration::minutes(LATE_GRACE_MINUTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observations_name_people_and_notices_of_the_snapshot() {
        let at = DateTime::from_timestamp(1_600_000_000, 0).unwrap();
        let person = |id: i64, name: &str| StaffRef {
            id,
            name: name.into(),
        };
        let snapshot = VisitSnapshot {
            taken_at: at,
            notices: vec![AwayNotice {
                id: 70,
                staff: person(2, "孙立"),
                unit_id: 11,
                reason: "到市政务服务中心开会".into(),
                away_from: at,
                expected_return: at,
                covered_by: None,
                posted_at: at,
                late: false,
            }],
            posts: vec![Post {
                id: 5,
                unit_id: 11,
                name: "受理窗口".into(),
                a: Some(person(1, "钱晓梅")),
                b: Some(person(2, "孙立")),
                missing_b: false,
                version: 1,
            }],
        };
        assert_eq!(snapshot.people().len(), 2);
        let seen = |staff_id, seen, notice_id| Observation {
            staff_id,
            seen,
            notice_id,
        };
        let mut inv = Invalid::default();
        check_observations(
            &mut inv,
            &[
                seen(1, Seen::Present, None),
                seen(2, Seen::AwayWithNotice, Some(70)),
            ],
            Some(&snapshot),
        );
        assert!(inv.is_empty(), "{inv:?}");
        let mut inv = Invalid::default();
        check_observations(
            &mut inv,
            &[
                seen(1, Seen::AwayWithNotice, Some(70)),
                seen(1, Seen::Present, None),
                seen(9, Seen::AwayWithoutNotice, None),
                seen(2, Seen::AwayWithNotice, None),
            ],
            Some(&snapshot),
        );
        assert_eq!(
            inv.reason("observations[0].notice_id"),
            Some(&Reason::NotFound)
        );
        assert_eq!(
            inv.reason("observations[1].staff_id"),
            Some(&Reason::Duplicate)
        );
        assert_eq!(
            inv.reason("observations[2].staff_id"),
            Some(&Reason::NotFound)
        );
        assert_eq!(
            inv.reason("observations[3].notice_id"),
            Some(&Reason::Required)
        );
    }

    #[test]
    fn a_post_needs_two_different_people() {
        let post = PostInput {
            name: "受理窗口".into(),
            a_staff_id: Some(3),
            b_staff_id: Some(3),
            version: None,
        };
        assert_eq!(
            post.validate().unwrap_err().reason("b_staff_id"),
            Some(&Reason::Duplicate)
        );
    }

    #[test]
    fn a_notice_returns_after_it_leaves_and_someone_else_covers() {
        let at = |h: u32| {
            chrono::NaiveDate::from_ymd_opt(2020, 6, 24)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
                .and_utc()
        };
        let notice = NewAwayNotice {
            staff_id: 1,
            reason: "开会".into(),
            away_from: at(10),
            expected_return: at(9),
            covered_by: Some(1),
        };
        let inv = notice.validate().unwrap_err();
        assert_eq!(inv.reason("expected_return"), Some(&Reason::NotAfterStart));
        assert_eq!(inv.reason("covered_by"), Some(&Reason::Duplicate));
    }
}
