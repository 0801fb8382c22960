//! Supervisors (特邀监督员), their visits and assessments, and the yearly commitment letter.

use xiaoneng_domain::oversight::{
    Assessment, AssessmentInput, Assignment, Completion, Letter, LetterInput, NewAssignment,
    NewSignature, Supervisor, SupervisorInput,
};

use super::{ApiError, Write, get, query};

/// One page of the roster, after `cursor`.
pub fn supervisors_page(cursor: Option<String>) -> String {
    format!("/api/supervisors{}", query(&[("cursor", cursor)]))
}

pub fn add_supervisor() -> Write<SupervisorInput, Supervisor> {
    Write::post("/api/supervisors")
}

/// The visits a supervisor joins in `year`.
pub async fn assignments(id: i64, year: i32) -> Result<Vec<Assignment>, ApiError> {
    get(&format!("/api/supervisors/{id}/assignments?year={year}")).await
}

pub fn assign(id: i64) -> Write<NewAssignment, Assignment> {
    Write::post(format!("/api/supervisors/{id}/assignments"))
}

pub async fn assessment(id: i64, year: i32) -> Result<Assessment, ApiError> {
    get(&format!("/api/supervisors/{id}/assessments/{year}")).await
}

pub fn grade(id: i64, year: i32) -> Write<AssessmentInput, Assessment> {
    Write::put(format!("/api/supervisors/{id}/assessments/{year}"))
}

pub async fn letter(year: i32) -> Result<Letter, ApiError> {
    get(&format!("/api/commitments/{year}")).await
}

pub fn save_letter(year: i32) -> Write<LetterInput, Letter> {
    Write::put(format!("/api/commitments/{year}"))
}

/// Who has signed the year's letter, unit by unit.
pub async fn completion(year: i32) -> Result<Completion, ApiError> {
    get(&format!("/api/commitments/{year}/completion")).await
}

pub fn sign(year: i32) -> Write<NewSignature, serde_json::Value> {
    Write::post(format!("/api/commitments/{year}/signatures"))
}
