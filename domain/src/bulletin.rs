//! Bulletins (通报): how the office announces results and accountability,
//! inside the government system or to the public.
//!
//! The redaction rule lives here, so the editor's preview and the public
//! portal show exactly the same text.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::accountability::MeasureKind;
use crate::validation::{self, Invalid, Reason};
use crate::{Lang, Role};

pub const DOC_NUMBER_MAX_CHARS: usize = 50;
/// The office's document numbers unless it sets its own format.
pub const DEFAULT_DOC_FORMAT: &str = "合效办〔{year}〕{n}号";
pub const TITLE_MAX_CHARS: usize = 200;
pub const BODY_MAX_CHARS: usize = 50_000;
pub const REASON_MAX_CHARS: usize = 1000;
pub const LINKS_MAX: usize = 200;

wire_enum! {
    pub enum BulletinKind {
        /// 督查情况通报: what the inspections found.
        InspectionResults = "inspection_results",
        /// 问责情况通报: who was held accountable and how.
        Accountability = "accountability",
        /// 典型问题通报: typical cases, as a warning to all units.
        TypicalCases = "typical_cases",
    }
}

impl BulletinKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (BulletinKind::InspectionResults, Lang::ZhCn) => "督查情况通报",
            (BulletinKind::InspectionResults, Lang::En) => "Inspection results",
            (BulletinKind::Accountability, Lang::ZhCn) => "问责情况通报",
            (BulletinKind::Accountability, Lang::En) => "Accountability",
            (BulletinKind::TypicalCases, Lang::ZhCn) => "典型问题通报",
            (BulletinKind::TypicalCases, Lang::En) => "Typical cases",
        }
    }
}

wire_enum! {
    pub enum Audience {
        /// 本系统: government units only.
        Internal = "internal",
        /// Citizens, on the public portal.
        Public = "public",
    }
}

wire_enum! {
    pub enum BulletinState {
        Draft = "draft",
        InReview = "in_review",
        Published = "published",
        Retracted = "retracted",
    }
}

impl BulletinState {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (BulletinState::Draft, Lang::ZhCn) => "草稿",
            (BulletinState::Draft, Lang::En) => "Draft",
            (BulletinState::InReview, Lang::ZhCn) => "待审核",
            (BulletinState::InReview, Lang::En) => "In review",
            (BulletinState::Published, Lang::ZhCn) => "已发布",
            (BulletinState::Published, Lang::En) => "Published",
            (BulletinState::Retracted, Lang::ZhCn) => "已撤回",
            (BulletinState::Retracted, Lang::En) => "Retracted",
        }
    }
}

wire_enum! {
    pub enum BulletinAction {
        /// Draft → in review.
        Submit = "submit",
        /// In review → draft, with a reason.
        Return = "return",
        /// In review → published.
        Publish = "publish",
        /// Published → retracted, with a reason the public will read.
        Retract = "retract",
    }
}

impl BulletinAction {
    /// Where the action leads from `state`, if it may be taken there.
    pub fn next(self, state: BulletinState) -> Option<BulletinState> {
        use BulletinState::*;
        match (self, state) {
            (BulletinAction::Submit, Draft) => Some(InReview),
            (BulletinAction::Return, InReview) => Some(Draft),
            (BulletinAction::Publish, InReview) => Some(Published),
            (BulletinAction::Retract, Published) => Some(Retracted),
            _ => None,
        }
    }

    pub fn needs_reason(self) -> bool {
        matches!(self, BulletinAction::Return | BulletinAction::Retract)
    }

    /// The actions open from `state`.
    pub fn open_from(state: BulletinState) -> Vec<BulletinAction> {
        BulletinAction::ALL
            .iter()
            .copied()
            .filter(|a| a.next(state).is_some())
            .collect()
    }
}

/// Who takes an action on a bulletin, for the sign-off rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulletinActor {
    pub role: Role,
    /// An office user the administrator named approver (签发人).
    pub signs: bool,
    /// Whether they submitted the bulletin now in review.
    pub submitted_it: bool,
}

impl BulletinActor {
    /// A leader, or an office user named approver.
    pub fn may_sign(self) -> bool {
        self.role == Role::Leader || (self.role == Role::Office && self.signs)
    }
}

impl BulletinAction {
    /// Whether `actor` may take this action (the state aside): the office
    /// submits and retracts; a leader or a named approver signs off, never
    /// on what they submitted themselves (签发); either returns it to draft,
    /// and the submitter may take it back.
    pub fn allowed(self, actor: BulletinActor) -> bool {
        match self {
            BulletinAction::Submit => actor.role == Role::Office,
            BulletinAction::Return => actor.role == Role::Office || actor.may_sign(),
            BulletinAction::Publish => actor.may_sign() && !actor.submitted_it,
            BulletinAction::Retract => matches!(actor.role, Role::Office | Role::Leader),
        }
    }

    /// The actions `actor` may take from `state`.
    pub fn open_to(state: BulletinState, actor: BulletinActor) -> Vec<BulletinAction> {
        BulletinAction::open_from(state)
            .into_iter()
            .filter(|a| a.allowed(actor))
            .collect()
    }
}

/// The office's bulletin settings: `GET`/`PUT /api/settings/bulletins`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulletinSettings {
    /// How a document number reads: `{year}` and `{n}` stand for the year
    /// of sign-off and the next number of that year, e.g. 合效办〔{year}〕{n}号.
    pub doc_format: String,
}

impl Default for BulletinSettings {
    fn default() -> Self {
        BulletinSettings {
            doc_format: DEFAULT_DOC_FORMAT.into(),
        }
    }
}

impl BulletinSettings {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        // Room for a four-digit year and a five-digit number.
        validation::text(
            &mut inv,
            "doc_format",
            &self.doc_format,
            1,
            DOC_NUMBER_MAX_CHARS - 9,
        );
        if inv.is_empty()
            && (self.doc_format.matches("{year}").count() != 1
                || self.doc_format.matches("{n}").count() != 1)
        {
            inv.add("doc_format", Reason::DocFormat);
        }
        inv.into_result()
    }

    /// The document number `n` of `year`.
    pub fn doc_number(&self, year: i32, n: i64) -> String {
        self.doc_format
            .trim()
            .replace("{year}", &year.to_string())
            .replace("{n}", &n.to_string())
    }
}

/// `POST /api/bulletins/{id}/actions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulletinActionRequest {
    pub action: BulletinAction,
    #[serde(default)]
    pub reason: Option<String>,
    pub version: i64,
}

impl BulletinActionRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        match (&self.reason, self.action.needs_reason()) {
            (reason, true) => validation::text(
                &mut inv,
                "reason",
                reason.as_deref().unwrap_or(""),
                1,
                REASON_MAX_CHARS,
            ),
            (Some(r), false) if !r.trim().is_empty() => inv.add("reason", Reason::NotExpected),
            _ => {}
        }
        inv.into_result()
    }
}

/// `POST /api/bulletins`, `PUT /api/bulletins/{id}` (with `version`, drafts only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulletinInput {
    pub title: String,
    pub kind: BulletinKind,
    /// Markdown; rendered without raw HTML.
    pub body: String,
    pub audience: Audience,
    #[serde(default)]
    pub finding_ids: Vec<i64>,
    #[serde(default)]
    pub decision_ids: Vec<i64>,
    /// Whether people's names are shown; public bulletins redact them unless this is set.
    #[serde(default)]
    pub show_names: bool,
    #[serde(default)]
    pub version: Option<i64>,
}

impl BulletinInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "title", &self.title, 1, TITLE_MAX_CHARS);
        validation::text(&mut inv, "body", &self.body, 1, BODY_MAX_CHARS);
        for (field, ids) in [
            ("finding_ids", &self.finding_ids),
            ("decision_ids", &self.decision_ids),
        ] {
            if ids.len() > LINKS_MAX {
                inv.add(field, Reason::TooMany { max: LINKS_MAX });
            } else if ids.iter().collect::<std::collections::HashSet<_>>().len() != ids.len() {
                inv.add(field, Reason::Duplicate);
            }
        }
        inv.into_result()
    }
}

/// How a name appears where names are redacted: the surname and 某
/// (张三 → 张某, 欧阳明 → 欧阳某 is not attempted: one character is kept).
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    match name.chars().next() {
        Some(first) if name.chars().count() > 1 => format!("{first}某"),
        _ => "某".into(),
    }
}

/// `text` with every one of `names` masked, longest names first (so 张三丰
/// is masked whole, not as 张某丰).
pub fn redact(text: &str, names: &[String]) -> String {
    let mut names: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    let mut out = text.to_owned();
    for name in names {
        out = out.replace(name, &mask_name(name));
    }
    out
}

/// A bulletin's text to be shown as the public will read it: the editor's
/// preview, which the server renders with the renderer publication uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRequest {
    /// Markdown, as [`BulletinInput::body`]; it may be empty.
    pub body: String,
}

impl PreviewRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        validation::text(&mut inv, "body", &self.body, 0, BODY_MAX_CHARS);
        inv.into_result()
    }
}

/// The text as safe HTML ([`crate::markdown::to_html`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    pub html: String,
}

/// A measure as a bulletin lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct BulletinMeasure {
    pub decision_id: i64,
    /// The name, or its mask where names are redacted.
    #[cfg_attr(feature = "sqlx", sqlx(rename = "person_name"))]
    pub person: String,
    pub unit_name: String,
    #[cfg_attr(feature = "sqlx", sqlx(rename = "person_post"))]
    pub post: String,
    pub kind: MeasureKind,
    pub place: Option<String>,
    #[cfg_attr(feature = "sqlx", sqlx(rename = "start_on"))]
    pub start: Option<NaiveDate>,
    #[cfg_attr(feature = "sqlx", sqlx(rename = "end_on"))]
    pub end: Option<NaiveDate>,
}

/// A bulletin as the office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bulletin {
    pub id: i64,
    /// 文号: given at sign-off from the year's sequence; `None` before.
    pub doc_number: Option<String>,
    pub title: String,
    pub kind: BulletinKind,
    pub body: String,
    pub audience: Audience,
    pub state: BulletinState,
    pub finding_ids: Vec<i64>,
    pub decision_ids: Vec<i64>,
    pub show_names: bool,
    /// Exactly what the public portal shows (title and body with the names masked unless shown).
    pub public_title: String,
    pub public_body: String,
    pub measures: Vec<BulletinMeasure>,
    pub published_at: Option<DateTime<Utc>>,
    pub retracted_at: Option<DateTime<Utc>>,
    pub retraction_reason: Option<String>,
    pub return_reason: Option<String>,
    /// Who submitted it for sign-off (last), and who signed it off.
    #[serde(default)]
    pub submitted_by: Option<String>,
    #[serde(default)]
    pub signed_by: Option<String>,
    /// Corrections since publication, oldest first.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// What the caller may do now (the workflow and the sign-off rule).
    pub actions: Vec<BulletinAction>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A correction notice a bulletin carries after a decision it announced
/// was amended or revoked (the bulletin stays as published, above it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Correction {
    pub at: DateTime<Utc>,
    /// What changed and why, naming people as the bulletin does.
    pub notice: String,
}

/// A retraction, as the public sees it in place of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Retraction {
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// A published public bulletin, redacted; a retracted one keeps its number,
/// title and date, and shows the retraction instead of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicBulletin {
    pub id: i64,
    pub doc_number: String,
    pub title: String,
    pub kind: BulletinKind,
    pub published_at: DateTime<Utc>,
    /// The text as written (Markdown); `None` once retracted, and in a list
    /// (open the bulletin for its text).
    pub body: Option<String>,
    /// The text as safe HTML ([`crate::markdown::to_html`]); `None` once
    /// retracted, and in a list.
    pub body_html: Option<String>,
    /// The first words without markup, or the retraction's reason: what a
    /// link preview or a feed reader shows.
    pub excerpt: String,
    pub units: Vec<String>,
    pub measures: Vec<BulletinMeasure>,
    pub retraction: Option<Retraction>,
    /// Corrections since publication, oldest first (a bulletin's page; none in a list).
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_to_the_surname() {
        assert_eq!(mask_name("张三"), "张某");
        assert_eq!(mask_name(" 李晓明 "), "李某");
        assert_eq!(mask_name("王"), "某");
    }

    #[test]
    fn redaction_masks_every_occurrence_longest_first() {
        let names = vec!["张三".to_string(), "张三丰".to_string(), " ".to_string()];
        assert_eq!(
            redact("张三丰与张三均被约谈；张三丰调离。", &names),
            "张某与张某均被约谈；张某调离。"
        );
        assert_eq!(redact("无姓名", &[]), "无姓名");
    }

    #[test]
    fn the_workflow_goes_forward_and_retracts_only_what_is_published() {
        use BulletinAction::*;
        use BulletinState::*;
        assert_eq!(Submit.next(Draft), Some(InReview));
        assert_eq!(Return.next(InReview), Some(Draft));
        assert_eq!(Publish.next(InReview), Some(Published));
        assert_eq!(Retract.next(Published), Some(Retracted));
        assert_eq!(Publish.next(Draft), None);
        assert_eq!(Retract.next(InReview), None);
        for action in BulletinAction::ALL {
            assert_eq!(action.next(Retracted), None, "{action:?}");
        }
        assert_eq!(BulletinAction::open_from(InReview), vec![Return, Publish]);
    }

    #[test]
    fn whoever_submitted_a_bulletin_cannot_sign_it_off() {
        use BulletinAction::*;
        let actor = |role, signs, submitted_it| BulletinActor {
            role,
            signs,
            submitted_it,
        };
        let office = actor(Role::Office, false, false);
        let approver = actor(Role::Office, true, false);
        let approver_who_submitted = actor(Role::Office, true, true);
        let leader = actor(Role::Leader, false, false);
        assert_eq!(
            BulletinAction::open_to(BulletinState::InReview, office),
            vec![Return]
        );
        assert_eq!(
            BulletinAction::open_to(BulletinState::InReview, approver),
            vec![Return, Publish]
        );
        assert_eq!(
            BulletinAction::open_to(BulletinState::InReview, approver_who_submitted),
            vec![Return]
        );
        assert_eq!(
            BulletinAction::open_to(BulletinState::InReview, leader),
            vec![Return, Publish]
        );
        assert!(!Publish.allowed(actor(Role::Leader, false, true)));
        assert!(!Submit.allowed(leader));
        for role in [Role::Inspector, Role::Liaison, Role::Admin] {
            for a in BulletinAction::ALL {
                assert!(!a.allowed(actor(role, true, false)), "{role:?} {a:?}");
            }
        }
    }

    #[test]
    fn document_numbers_follow_the_office_format() {
        let settings = BulletinSettings::default();
        assert!(settings.validate().is_ok());
        assert_eq!(settings.doc_number(2026, 7), "合效办〔2026〕7号");
        for bad in ["合效办〔2026〕{n}号", "{year}{year}{n}", "{n}", "  "] {
            let s = BulletinSettings {
                doc_format: bad.into(),
            };
            assert!(s.validate().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_retraction_needs_its_reason() {
        let req = BulletinActionRequest {
            action: BulletinAction::Retract,
            reason: Some("  ".into()),
            version: 3,
        };
        assert_eq!(
            req.validate().unwrap_err().reason("reason"),
            Some(&Reason::Required)
        );
        let req = BulletinActionRequest {
            action: BulletinAction::Publish,
            reason: Some("why".into()),
            version: 3,
        };
        assert_eq!(
            req.validate().unwrap_err().reason("reason"),
            Some(&Reason::NotExpected)
        );
    }
}
