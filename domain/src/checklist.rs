//! Checklist templates (检查表) and the inspections that answer them.
//!
//! A template is versioned: once an inspection has used a version, that
//! version never changes; saving it makes the next version, and the
//! inspection keeps the one it used.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::record::Dimension;
use crate::validation::{self, Invalid, Reason};

pub const NAME_MAX_CHARS: usize = 100;
pub const ITEMS_MAX: usize = 200;
pub const ITEM_TEXT_MAX_CHARS: usize = 300;
pub const GUIDANCE_MAX_CHARS: usize = 1000;
pub const NOTE_MAX_CHARS: usize = 2000;
pub const KEY_MAX_CHARS: usize = 20;

wire_enum! {
    /// How an item is answered.
    pub enum AnswerKind {
        /// Pass, fail or not applicable.
        PassFail = "pass_fail",
        /// A number (say, minutes a window stood empty), which may also be marked failed.
        Number = "number",
        /// Free text, which may also be marked failed.
        Text = "text",
    }
}

wire_enum! {
    /// What a failed item must carry before the inspection can be submitted.
    pub enum FailureNeeds {
        Nothing = "nothing",
        Note = "note",
        Evidence = "evidence",
        NoteAndEvidence = "note_and_evidence",
    }
}

impl FailureNeeds {
    pub fn note(self) -> bool {
        matches!(self, FailureNeeds::Note | FailureNeeds::NoteAndEvidence)
    }

    pub fn evidence(self) -> bool {
        matches!(self, FailureNeeds::Evidence | FailureNeeds::NoteAndEvidence)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FailureNeeds::Nothing, Lang::ZhCn) => "无特别要求",
            (FailureNeeds::Nothing, Lang::En) => "Nothing more",
            (FailureNeeds::Note, Lang::ZhCn) => "须填写说明",
            (FailureNeeds::Note, Lang::En) => "A note",
            (FailureNeeds::Evidence, Lang::ZhCn) => "须上传取证照片",
            (FailureNeeds::Evidence, Lang::En) => "A photo",
            (FailureNeeds::NoteAndEvidence, Lang::ZhCn) => "须填写说明并上传照片",
            (FailureNeeds::NoteAndEvidence, Lang::En) => "A note and a photo",
        }
    }
}

/// One item of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    /// Stable within the template's versions, e.g. `notice-board`; answers name it.
    pub key: String,
    pub dimension: Dimension,
    pub text: String,
    #[serde(default)]
    pub guidance: String,
    pub answer_kind: AnswerKind,
    /// 1–100; how much the item counts in a unit's score.
    pub weight: i64,
    pub on_failure: FailureNeeds,
}

impl ChecklistItem {
    /// The title of the finding a failure of this item becomes: what failed
    /// read as a problem (不符合：在岗状态良好), not the pass criterion alone.
    pub fn failure_title(&self) -> String {
        format!("不符合：{}", self.text.trim())
            .chars()
            .take(crate::record::TITLE_MAX_CHARS)
            .collect()
    }
}

/// `POST /api/checklists` and `PUT /api/checklists/{id}` (which carries `version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistInput {
    pub name: String,
    pub items: Vec<ChecklistItem>,
    /// The version the editor started from; required to save an existing template.
    #[serde(default)]
    pub version: Option<i64>,
}

fn key_is_valid(key: &str) -> bool {
    !key.is_empty()
        && key.chars().count() <= KEY_MAX_CHARS
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl ChecklistInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "name", &self.name, 1, NAME_MAX_CHARS);
        if self.items.is_empty() {
            inv.add("items", Reason::Required);
        } else if self.items.len() > ITEMS_MAX {
            inv.add("items", Reason::TooMany { max: ITEMS_MAX });
        }
        let mut keys = HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            if item.key.is_empty() {
                inv.add(format!("items[{i}].key"), Reason::Required);
            } else if !key_is_valid(&item.key) {
                inv.add(format!("items[{i}].key"), Reason::BadCharacters);
            } else if !keys.insert(item.key.as_str()) {
                inv.add(format!("items[{i}].key"), Reason::Duplicate);
            }
            validation::text(
                &mut inv,
                format!("items[{i}].text"),
                &item.text,
                1,
                ITEM_TEXT_MAX_CHARS,
            );
            validation::text(
                &mut inv,
                format!("items[{i}].guidance"),
                &item.guidance,
                0,
                GUIDANCE_MAX_CHARS,
            );
            if !(1..=100).contains(&item.weight) {
                inv.add(
                    format!("items[{i}].weight"),
                    Reason::OutOfRange { min: 1, max: 100 },
                );
            }
        }
        inv.into_result()
    }
}

/// One version of a template, as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Checklist {
    /// This version's id; inspections keep it.
    pub id: i64,
    /// The template all its versions share.
    pub template_id: i64,
    /// 1, 2, 3… within the template.
    pub number: i64,
    pub name: String,
    #[cfg_attr(
        feature = "sqlx",
        sqlx(try_from = "crate::stored::JsonText<Vec<ChecklistItem>>")
    )]
    pub items: Vec<ChecklistItem>,
    /// Whether an inspection has used this version (it can no longer change in place).
    pub in_use: bool,
    /// Whether this is the template's newest version (the only one that can be edited).
    pub latest: bool,
    /// Whether this is the version new visits take (the office activates one).
    pub active: bool,
    /// The template's own version, which activating a version changes.
    pub template_version: i64,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

/// Activates a version for new visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChecklistActivation {
    /// The template's version as read; another activation since then is a conflict.
    pub template_version: i64,
}

wire_enum! {
    /// The outcome of one item.
    pub enum Outcome {
        Pass = "pass",
        Fail = "fail",
        NotApplicable = "not_applicable",
    }
}

/// One item's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub item: String,
    /// Required for pass/fail items; a number or text item may be marked failed.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The number or the text, for those kinds of item.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Answer {
    pub fn failed(&self) -> bool {
        self.outcome == Some(Outcome::Fail)
    }

    fn note_given(&self) -> bool {
        self.note.as_deref().is_some_and(|n| !n.trim().is_empty())
    }
}

/// `PUT /api/visits/{id}/inspection`: the draft so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionDraft {
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub notes: String,
    /// Per person of the visit's snapshot: present, away with an accurate
    /// notice, or away without one (`staff::check_observations`).
    #[serde(default)]
    pub observations: Vec<crate::staff::Observation>,
    /// 0 for the first save; then the version last read.
    pub version: i64,
}

impl InspectionDraft {
    /// What a draft may hold at all: answers to the template's items, once
    /// each, of the right shape. Incomplete is fine until submission.
    pub fn validate(&self, items: &[ChecklistItem]) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "notes", &self.notes, 0, NOTE_MAX_CHARS);
        let by_key: BTreeMap<&str, &ChecklistItem> =
            items.iter().map(|i| (i.key.as_str(), i)).collect();
        let mut seen = HashSet::new();
        for (i, answer) in self.answers.iter().enumerate() {
            let Some(item) = by_key.get(answer.item.as_str()) else {
                inv.add(format!("answers[{i}].item"), Reason::NotFound);
                continue;
            };
            if !seen.insert(answer.item.as_str()) {
                inv.add(format!("answers[{i}].item"), Reason::Duplicate);
            }
            if let Some(note) = &answer.note {
                validation::text(
                    &mut inv,
                    format!("answers[{i}].note"),
                    note,
                    0,
                    NOTE_MAX_CHARS,
                );
            }
            match (item.answer_kind, &answer.value) {
                (AnswerKind::PassFail, Some(_)) => {
                    inv.add(format!("answers[{i}].value"), Reason::NotExpected)
                }
                (AnswerKind::Number, Some(v))
                    if !v.trim().is_empty() && v.trim().parse::<f64>().is_err() =>
                {
                    inv.add(format!("answers[{i}].value"), Reason::WrongType)
                }
                (AnswerKind::Text, Some(v)) => validation::text(
                    &mut inv,
                    format!("answers[{i}].value"),
                    v,
                    0,
                    NOTE_MAX_CHARS,
                ),
                _ => {}
            }
        }
        inv.into_result()
    }

    /// What submission needs on top: every item answered, and every failed
    /// item carrying what its template asks for. `photos(key)` counts the
    /// photos attached to an item. Fields are named by item key, so the
    /// form can point at the item.
    pub fn check_submission(
        &self,
        items: &[ChecklistItem],
        photos: impl Fn(&str) -> usize,
    ) -> Result<(), Invalid> {
        self.validate(items)?;
        let mut inv = Invalid::default();
        for item in items {
            let field = || format!("answers.{}", item.key);
            let Some(answer) = self.answers.iter().find(|a| a.item == item.key) else {
                inv.add(field(), Reason::Unanswered);
                continue;
            };
            let value_given = answer
                .value
                .as_deref()
                .is_some_and(|v| !v.trim().is_empty());
            let answered = match item.answer_kind {
                AnswerKind::PassFail => answer.outcome.is_some(),
                AnswerKind::Number | AnswerKind::Text => {
                    value_given || answer.outcome == Some(Outcome::NotApplicable)
                }
            };
            if !answered {
                inv.add(field(), Reason::Unanswered);
            } else if answer.failed() {
                if item.on_failure.note() && !answer.note_given() {
                    inv.add(field(), Reason::Required);
                } else if item.on_failure.evidence() && photos(&item.key) == 0 {
                    inv.add(field(), Reason::EvidenceRequired);
                }
            }
        }
        inv.into_result()
    }
}

wire_enum! {
    pub enum InspectionState {
        Draft = "draft",
        Submitted = "submitted",
    }
}

/// A photo taken during an inspection, for one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct InspectionPhoto {
    pub id: i64,
    #[cfg_attr(feature = "sqlx", sqlx(rename = "item_key"))]
    pub item: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
    /// When the phone took it, as the phone says (none for older photos).
    #[serde(default)]
    pub taken_at: Option<DateTime<Utc>>,
}

/// A photo's id given by the phone that took it (at most this many
/// characters: letters, digits, `-` and `_`), so an upload sent again is
/// stored once.
pub const PHOTO_CLIENT_ID_MAX_CHARS: usize = 64;

/// Whether `id` may name a photo ([`PHOTO_CLIENT_ID_MAX_CHARS`]).
pub fn photo_client_id_is_valid(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= PHOTO_CLIENT_ID_MAX_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A finding an inspection created on submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedFinding {
    pub id: i64,
    pub code: String,
    pub item: String,
}

/// `GET /api/visits/{id}/inspection`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inspection {
    pub visit_id: i64,
    pub checklist: Checklist,
    pub state: InspectionState,
    pub answers: Vec<Answer>,
    pub notes: String,
    pub photos: Vec<InspectionPhoto>,
    pub findings: Vec<CreatedFinding>,
    /// The notices and posts in force when the inspection started (its first save).
    #[serde(default)]
    pub snapshot: Option<crate::staff::VisitSnapshot>,
    #[serde(default)]
    pub observations: Vec<crate::staff::Observation>,
    pub inspector_id: Option<i64>,
    pub started_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// 0 while nothing is saved.
    pub version: i64,
}

/// `POST /api/visits/{id}/inspection/submit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submission {
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, kind: AnswerKind, needs: FailureNeeds) -> ChecklistItem {
        ChecklistItem {
            key: key.into(),
            dimension: Dimension::WorkDiscipline,
            text: "离岗告示牌信息准确".into(),
            guidance: String::new(),
            answer_kind: kind,
            weight: 10,
            on_failure: needs,
        }
    }

    fn answer(key: &str, outcome: Option<Outcome>, note: Option<&str>) -> Answer {
        Answer {
            item: key.into(),
            outcome,
            value: None,
            note: note.map(Into::into),
        }
    }

    fn draft(answers: Vec<Answer>) -> InspectionDraft {
        InspectionDraft {
            answers,
            notes: String::new(),
            observations: vec![],
            version: 0,
        }
    }

    #[test]
    fn a_failed_item_reads_as_the_problem() {
        let mut item = ChecklistItem {
            key: "on-post".into(),
            dimension: Dimension::WorkDiscipline,
            text: " 在岗状态良好 ".into(),
            guidance: String::new(),
            answer_kind: AnswerKind::PassFail,
            weight: 10,
            on_failure: FailureNeeds::Note,
        };
        assert_eq!(item.failure_title(), "不符合：在岗状态良好");
        item.text = "长".repeat(200);
        assert_eq!(
            item.failure_title().chars().count(),
            crate::record::TITLE_MAX_CHARS
        );
    }

    #[test]
    fn template_keys_are_unique_and_plain() {
        let input = ChecklistInput {
            name: "窗口单位暗访检查表".into(),
            items: vec![
                item("a", AnswerKind::PassFail, FailureNeeds::Note),
                item("a", AnswerKind::PassFail, FailureNeeds::Note),
                item("b c", AnswerKind::PassFail, FailureNeeds::Note),
            ],
            version: None,
        };
        let inv = input.validate().unwrap_err();
        assert_eq!(inv.reason("items[1].key"), Some(&Reason::Duplicate));
        assert_eq!(inv.reason("items[2].key"), Some(&Reason::BadCharacters));
        assert!(inv.reason("items[0].key").is_none());
    }

    #[test]
    fn an_empty_template_is_refused() {
        let input = ChecklistInput {
            name: " ".into(),
            items: vec![],
            version: None,
        };
        let inv = input.validate().unwrap_err();
        assert_eq!(inv.reason("name"), Some(&Reason::Required));
        assert_eq!(inv.reason("items"), Some(&Reason::Required));
    }

    #[test]
    fn a_draft_may_be_incomplete_but_not_wrong() {
        let items = [
            item("board", AnswerKind::PassFail, FailureNeeds::Note),
            item("minutes", AnswerKind::Number, FailureNeeds::Nothing),
        ];
        assert!(draft(vec![]).validate(&items).is_ok());
        let bad = draft(vec![
            answer("nope", Some(Outcome::Pass), None),
            Answer {
                value: Some("twelve".into()),
                ..answer("minutes", None, None)
            },
            answer("board", Some(Outcome::Pass), None),
            answer("board", Some(Outcome::Pass), None),
        ]);
        let inv = bad.validate(&items).unwrap_err();
        assert_eq!(inv.reason("answers[0].item"), Some(&Reason::NotFound));
        assert_eq!(inv.reason("answers[1].value"), Some(&Reason::WrongType));
        assert_eq!(inv.reason("answers[3].item"), Some(&Reason::Duplicate));
    }

    #[test]
    fn submission_needs_every_answer_and_what_a_failure_requires() {
        let items = [
            item("board", AnswerKind::PassFail, FailureNeeds::Note),
            item("presence", AnswerKind::PassFail, FailureNeeds::Evidence),
            item("ab", AnswerKind::PassFail, FailureNeeds::Nothing),
        ];
        let d = draft(vec![
            answer("board", Some(Outcome::Fail), Some("  ")),
            answer("presence", Some(Outcome::Fail), None),
        ]);
        let inv = d.check_submission(&items, |_| 0).unwrap_err();
        assert_eq!(inv.reason("answers.board"), Some(&Reason::Required));
        assert_eq!(
            inv.reason("answers.presence"),
            Some(&Reason::EvidenceRequired)
        );
        assert_eq!(inv.reason("answers.ab"), Some(&Reason::Unanswered));

        let d = draft(vec![
            answer(
                "board",
                Some(Outcome::Fail),
                Some("告示牌写“开会”，实际在办公室"),
            ),
            answer("presence", Some(Outcome::Fail), None),
            answer("ab", Some(Outcome::NotApplicable), None),
        ]);
        assert!(
            d.check_submission(&items, |k| usize::from(k == "presence"))
                .is_ok()
        );
    }

    #[test]
    fn a_number_item_is_answered_by_its_value() {
        let items = [item("minutes", AnswerKind::Number, FailureNeeds::Nothing)];
        let blank = draft(vec![answer("minutes", None, None)]);
        assert_eq!(
            blank
                .check_submission(&items, |_| 0)
                .unwrap_err()
                .reason("answers.minutes"),
            Some(&Reason::Unanswered)
        );
        let given = draft(vec![Answer {
            value: Some("25".into()),
            ..answer("minutes", Some(Outcome::Fail), None)
        }]);
        assert!(given.check_submission(&items, |_| 0).is_ok());
    }

    #[test]
    fn wire_names_round_trip() {
        for k in AnswerKind::ALL {
            assert_eq!(AnswerKind::parse(k.as_str()), Some(*k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for n in FailureNeeds::ALL {
            assert_eq!(serde_json::to_value(n).unwrap(), n.as_str());
            assert_ne!(n.label(Lang::ZhCn), n.label(Lang::En));
        }
    }
}
