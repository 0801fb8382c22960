//! Accountability decisions and bulletins, as the office keeps them.

use xiaoneng_domain::accountability::Decision;
use xiaoneng_domain::bulletin::Bulletin;

use super::Write;
use super::{ApiError, get, get_all, query};
use xiaoneng_domain::accountability::{DecisionChange, NewDecision, PersonRecord, SanctionLadder};
use xiaoneng_domain::bulletin::{
    BulletinActionRequest, BulletinInput, BulletinSettings, Preview, PreviewRequest,
};

/// The decisions resting on a finding.
pub async fn decisions_of_finding(id: i64) -> Result<Vec<Decision>, ApiError> {
    get_all(&format!("/api/decisions?finding={id}&limit=100")).await
}

/// Every decision the caller reads.
pub async fn decisions() -> Result<Vec<Decision>, ApiError> {
    get_all("/api/decisions?limit=100").await
}

pub async fn bulletin(id: i64) -> Result<Bulletin, ApiError> {
    get(&format!("/api/bulletins/{id}")).await
}

pub fn decide() -> Write<NewDecision, Decision> {
    Write::post("/api/decisions")
}

pub fn create_bulletin() -> Write<BulletinInput, Bulletin> {
    Write::post("/api/bulletins")
}

pub fn update_bulletin(id: i64) -> Write<BulletinInput, Bulletin> {
    Write::put(format!("/api/bulletins/{id}"))
}

/// A text as the public will read it, rendered by the server with the
/// renderer publication uses (the app ships no Markdown renderer).
pub async fn preview(body: String) -> Result<Preview, ApiError> {
    Write::<PreviewRequest, Preview>::ask("/api/bulletins/preview")
        .call(PreviewRequest { body })
        .await
}

/// A step of the bulletin's sign-off and publication.
pub fn bulletin_action(id: i64) -> Write<BulletinActionRequest, Bulletin> {
    Write::post(format!("/api/bulletins/{id}/actions"))
}

/// One page of bulletins in every state, after `cursor`.
pub fn bulletins_page(cursor: Option<String>) -> String {
    format!("/api/bulletins{}", query(&[("cursor", cursor)]))
}

/// One page of decisions with the filters `pairs` give.
pub fn decisions_page(pairs: &[(&str, Option<String>)]) -> String {
    format!("/api/decisions{}", query(pairs))
}

/// The office's document-number format.
pub async fn bulletin_settings() -> Result<BulletinSettings, ApiError> {
    get("/api/settings/bulletins").await
}

pub fn save_bulletin_settings() -> Write<BulletinSettings, BulletinSettings> {
    Write::put("/api/settings/bulletins".to_owned())
}

/// A person's record within the year before `on`, by staff record or by name in `unit`.
pub async fn person_record(
    staff_id: Option<i64>,
    name: &str,
    unit: i64,
    on: Option<chrono::NaiveDate>,
) -> Result<PersonRecord, ApiError> {
    let on = on.map(|d| d.to_string());
    let pairs = match staff_id {
        Some(id) => vec![("staff_id", Some(id.to_string())), ("on", on)],
        None => vec![
            ("person", Some(name.to_owned())),
            ("unit", Some(unit.to_string())),
            ("on", on),
        ],
    };
    get(&format!("/api/decisions/record{}", query(&pairs))).await
}

/// The office's sanctions ladder.
pub async fn sanction_ladder() -> Result<SanctionLadder, ApiError> {
    get("/api/settings/sanctions").await
}

pub fn save_sanction_ladder() -> Write<SanctionLadder, SanctionLadder> {
    Write::put("/api/settings/sanctions".to_owned())
}

/// Amends or revokes a decision.
pub fn change_decision(id: i64) -> Write<DecisionChange, Decision> {
    Write::post(format!("/api/decisions/{id}/changes"))
}

/// One page of reassignments with the filters `pairs` give.
pub fn reassignments_page(pairs: &[(&str, Option<String>)]) -> String {
    format!("/api/reassignments{}", query(pairs))
}

/// Records a reassignment's return to post.
pub fn record_return(
    id: i64,
) -> Write<
    xiaoneng_domain::reassignment::ReassignmentReturn,
    xiaoneng_domain::reassignment::Reassignment,
> {
    Write::post(format!("/api/reassignments/{id}/return"))
}

/// The first page of reassignments in `status`.
pub async fn reassignments(
    status: &str,
) -> Result<xiaoneng_domain::record::Page<xiaoneng_domain::reassignment::Reassignment>, ApiError> {
    get(&reassignments_page(&[("status", Some(status.to_owned()))])).await
}
