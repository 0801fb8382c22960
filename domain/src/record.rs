//! What a finding is about and how it is recorded: dimension, severity,
//! source; the input to record one; and what the API answers about it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::calendar::Due;
use crate::finding::{ActionKind, FindingState, Progress};
use crate::validation::{self, Invalid, Reason};

pub const TITLE_MAX_CHARS: usize = 100;
/// At most this many people involved in one finding.
pub const PEOPLE_MAX: usize = 20;
pub const PERSON_NAME_MAX_CHARS: usize = 50;
pub const PERSON_POST_MAX_CHARS: usize = 100;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;

/// The four dimensions every checklist item and finding belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Dimension {
    WorkStyle,
    ServiceAttitude,
    ServiceQuality,
    WorkDiscipline,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::WorkStyle,
        Dimension::ServiceAttitude,
        Dimension::ServiceQuality,
        Dimension::WorkDiscipline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::WorkStyle => "work_style",
            Dimension::ServiceAttitude => "service_attitude",
            Dimension::ServiceQuality => "service_quality",
            Dimension::WorkDiscipline => "work_discipline",
        }
    }

    pub fn parse(s: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Dimension::WorkStyle, Lang::ZhCn) => "工作作风",
            (Dimension::WorkStyle, Lang::En) => "Work style",
            (Dimension::ServiceAttitude, Lang::ZhCn) => "服务态度",
            (Dimension::ServiceAttitude, Lang::En) => "Service attitude",
            (Dimension::ServiceQuality, Lang::ZhCn) => "服务质量",
            (Dimension::ServiceQuality, Lang::En) => "Service quality",
            (Dimension::WorkDiscipline, Lang::ZhCn) => "工作纪律",
            (Dimension::WorkDiscipline, Lang::En) => "Work discipline",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Severity {
    Minor,
    Serious,
    Grave,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Minor, Severity::Serious, Severity::Grave];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Serious => "serious",
            Severity::Grave => "grave",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Minor, Lang::ZhCn) => "一般",
            (Severity::Minor, Lang::En) => "Minor",
            (Severity::Serious, Lang::ZhCn) => "较重",
            (Severity::Serious, Lang::En) => "Serious",
            (Severity::Grave, Lang::ZhCn) => "严重",
            (Severity::Grave, Lang::En) => "Grave",
        }
    }
}

/// Where a finding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Source {
    Inspection,
    CitizenReport,
    Other,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Inspection, Source::CitizenReport, Source::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Inspection => "inspection",
            Source::CitizenReport => "citizen_report",
            Source::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Source::Inspection, Lang::ZhCn) => "督查检查",
            (Source::Inspection, Lang::En) => "Inspection",
            (Source::CitizenReport, Lang::ZhCn) => "群众举报",
            (Source::CitizenReport, Lang::En) => "Citizen report",
            (Source::Other, Lang::ZhCn) => "其他",
            (Source::Other, Lang::En) => "Other",
        }
    }
}

/// Someone a finding concerns: the staff member seen away from their post, say.
/// Public bulletins redact these names by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInvolved {
    pub name: String,
    /// Their post, e.g. 政务服务窗口工作人员.
    #[serde(default)]
    pub post: String,
}

/// `POST /api/findings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewFinding {
    pub unit_id: i64,
    pub source: Source,
    pub dimension: Dimension,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    /// The day the problem was seen.
    pub observed_on: NaiveDate,
    #[serde(default)]
    pub people: Vec<PersonInvolved>,
}

impl NewFinding {
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        crate::validation::check_date(&mut inv, "observed_on", Some(self.observed_on));
        validation::text(&mut inv, "title", &self.title, 1, TITLE_MAX_CHARS);
        validation::text(
            &mut inv,
            "description",
            &self.description,
            1,
            DESCRIPTION_MAX_CHARS,
        );
        if self.observed_on > today {
            inv.add("observed_on", Reason::InTheFuture);
        }
        if self.people.len() > PEOPLE_MAX {
            inv.add("people", Reason::TooMany { max: PEOPLE_MAX });
        }
        for (i, person) in self.people.iter().enumerate() {
            validation::text(
                &mut inv,
                format!("people[{i}].name"),
                &person.name,
                1,
                PERSON_NAME_MAX_CHARS,
            );
            validation::text(
                &mut inv,
                format!("people[{i}].post"),
                &person.post,
                0,
                PERSON_POST_MAX_CHARS,
            );
        }
        inv.into_result()
    }
}

/// A finding as the API answers it; `due` is derived from the running
/// deadline and today, never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Finding {
    pub id: i64,
    pub code: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub source: Source,
    pub dimension: Dimension,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub observed_on: NaiveDate,
    #[cfg_attr(
        feature = "sqlx",
        sqlx(try_from = "crate::stored::JsonText<Vec<PersonInvolved>>")
    )]
    pub people: Vec<PersonInvolved>,
    #[serde(flatten)]
    #[cfg_attr(feature = "sqlx", sqlx(flatten))]
    pub progress: Progress,
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub due: Option<Due>,
    /// The day the escalation ladder placed it under supervision (督办).
    #[serde(default)]
    pub supervised_on: Option<NaiveDate>,
    pub recorded_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// `POST /api/findings/{id}/corrections` (the office): a finding's facts
/// set right, with the reason. Every field is given (the form sends what it
/// shows); what differs is the correction, kept before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingCorrection {
    pub dimension: Dimension,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub observed_on: NaiveDate,
    #[serde(default)]
    pub people: Vec<PersonInvolved>,
    /// Why: on the timeline for everyone who sees the finding.
    pub reason: String,
    pub version: i64,
}

/// One fact corrected: the field, and its value before and after (as
/// stored: codes for dimension and severity, people as 姓名（岗位） joined by 、).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

fn people_text(people: &[PersonInvolved]) -> String {
    people
        .iter()
        .map(|p| {
            if p.post.trim().is_empty() {
                p.name.trim().to_owned()
            } else {
                format!("{}（{}）", p.name.trim(), p.post.trim())
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

impl FindingCorrection {
    /// The facts' rules are a new finding's (`NewFinding::validate`); the
    /// reason is required; a correction that changes nothing is refused.
    pub fn validate(&self, current: &Finding, today: NaiveDate) -> Result<(), Invalid> {
        let as_new = NewFinding {
            unit_id: current.unit_id,
            source: current.source,
            dimension: self.dimension,
            severity: self.severity,
            title: self.title.clone(),
            description: self.description.clone(),
            observed_on: self.observed_on,
            people: self.people.clone(),
        };
        let mut inv = as_new.validate(today).err().unwrap_or_default();
        validation::text(
            &mut inv,
            "reason",
            &self.reason,
            1,
            crate::finding::COMMENT_MAX_CHARS,
        );
        if inv.is_empty() && self.changes(current).is_empty() {
            inv.add("reason", Reason::Unchanged);
        }
        inv.into_result()
    }

    /// What it changes of `current`, field by field.
    pub fn changes(&self, current: &Finding) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let mut diff = |field: &str, before: String, after: String| {
            if before != after {
                out.push(FieldChange {
                    field: field.to_owned(),
                    before,
                    after,
                });
            }
        };
        diff("title", current.title.clone(), self.title.trim().to_owned());
        diff(
            "dimension",
            current.dimension.as_str().to_owned(),
            self.dimension.as_str().to_owned(),
        );
        diff(
            "severity",
            current.severity.as_str().to_owned(),
            self.severity.as_str().to_owned(),
        );
        diff(
            "observed_on",
            current.observed_on.to_string(),
            self.observed_on.to_string(),
        );
        diff(
            "people",
            people_text(&current.people),
            people_text(&self.people),
        );
        diff(
            "description",
            current.description.clone(),
            self.description.trim().to_owned(),
        );
        out
    }
}

/// One step on a finding's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct FindingEvent {
    pub at: DateTime<Utc>,
    pub actor_id: i64,
    pub actor_name: String,
    /// `None` for the recording itself.
    pub action: Option<ActionKind>,
    pub from_state: Option<FindingState>,
    pub to_state: FindingState,
    pub comment: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// A correction's facts, before and after.
    #[serde(default)]
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub changes: Vec<FieldChange>,
}

/// `GET /api/findings/{id}`: the finding, its timeline, and what the caller may do now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingDetail {
    #[serde(flatten)]
    pub finding: Finding,
    pub timeline: Vec<FindingEvent>,
    pub evidence: Vec<Evidence>,
    pub actions: Vec<ActionKind>,
    /// Whether each person involved signed that year's commitment letter.
    pub commitments: Vec<crate::oversight::CommitmentCheck>,
}

/// A page of a long list; `next` is the cursor for the following page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 6, d).unwrap()
    }

    fn new() -> NewFinding {
        NewFinding {
            unit_id: 7,
            source: Source::Inspection,
            dimension: Dimension::WorkDiscipline,
            severity: Severity::Serious,
            title: "窗口工作人员离岗未放置离岗告示牌".into(),
            description: "6月24日上午10时，政务服务窗口2号位无人，未放置离岗告示牌。".into(),
            observed_on: day(24),
            people: vec![PersonInvolved {
                name: "王某".into(),
                post: "窗口工作人员".into(),
            }],
        }
    }

    #[test]
    fn a_good_finding_passes() {
        assert!(new().validate(day(24)).is_ok());
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        let bad = NewFinding {
            title: " ".into(),
            description: "字".repeat(DESCRIPTION_MAX_CHARS + 1),
            observed_on: day(25),
            ..new()
        };
        let inv = bad.validate(day(24)).unwrap_err();
        assert_eq!(inv.reason("title"), Some(&Reason::Required));
        assert_eq!(
            inv.reason("description"),
            Some(&Reason::TooLong {
                max: DESCRIPTION_MAX_CHARS
            })
        );
        assert_eq!(inv.reason("observed_on"), Some(&Reason::InTheFuture));

        let unnamed = NewFinding {
            people: vec![PersonInvolved {
                name: " ".into(),
                post: String::new(),
            }],
            ..new()
        };
        assert_eq!(
            unnamed
                .validate(day(24))
                .unwrap_err()
                .reason("people[0].name"),
            Some(&Reason::Required)
        );
    }

    #[test]
    fn names_round_trip() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::parse(d.as_str()), Some(d));
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
            assert_ne!(d.label(Lang::ZhCn), d.label(Lang::En));
        }
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
        }
        for s in Source::ALL {
            assert_eq!(Source::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut json = serde_json::to_value(new()).unwrap();
        json["state"] = "closed".into();
        assert!(serde_json::from_value::<NewFinding>(json).is_err());
    }
}

/// A file attached to a finding as evidence (取证).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Evidence {
    pub id: i64,
    pub finding_id: i64,
    pub file_name: String,
    /// Sniffed from the content.
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: i64,
    pub uploaded_by_name: String,
    pub uploaded_at: DateTime<Utc>,
}

/// The largest evidence file, by default.
pub const EVIDENCE_MAX_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of file accepted as evidence: photos and PDF documents.
pub const EVIDENCE_TYPES: [&str; 5] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heif",
    "application/pdf",
];
