//! The domain's size rules, written into the OpenAPI document.
//!
//! utoipa takes a length only as a literal in an attribute, which would copy
//! every limit of the shared crate by hand; this table names the shared
//! constants instead, and a test checks that no text or list a client may
//! send is left without its bounds.
//!
//! What the document cannot say — dates in order, a key that must exist,
//! a comment some actions need — stays the validators' (422 with the field).

use utoipa::openapi::{OpenApi, RefOr, Schema};
use xiaoneng_domain::account::{
    DISPLAY_NAME_MAX_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, USERNAME_MAX_CHARS,
};
use xiaoneng_domain::validation::{self, FIRST_YEAR, LAST_YEAR};
use xiaoneng_domain::{
    accountability, appeal, bulletin, calendar, checklist, finding, notification, oversight,
    planning, record, reminder, report, staff, unit,
};

/// How a text is checked besides its length: trimmed and then counted (a
/// text of spaces is empty), taken as it is (passwords), or made only of
/// the characters a pattern allows (keys, usernames).
#[derive(Clone, Copy)]
enum Text {
    Trimmed,
    AsIs,
    Matching(&'static str),
}

const KEY: Text = Text::Matching("^[A-Za-z0-9_-]+$");
const USERNAME: Text = Text::Matching("^[A-Za-z0-9._-]+$");

/// (schema, property, fewest characters, most characters, how checked).
/// A minimum of 1 on a trimmed text becomes `minLength: 1` and a pattern
/// asking for one character that is not a space.
#[rustfmt::skip]
const TEXTS: &[(&str, &str, usize, usize, Text)] = {
    use Text::{AsIs, Trimmed};
    &[
        ("AcceptReport", "title", 1, record::TITLE_MAX_CHARS, Trimmed),
        ("AccountEdit", "display_name", 1, DISPLAY_NAME_MAX_CHARS, Trimmed),
        ("AccountEdit", "email", 0, validation::EMAIL_MAX_CHARS, Trimmed),
        ("AccountEdit", "mobile", 0, validation::MOBILE_MAX_CHARS, Trimmed),
        ("ActionRequest", "comment", 0, finding::COMMENT_MAX_CHARS, Trimmed),
        ("Answer", "item", 1, checklist::KEY_MAX_CHARS, KEY),
        ("AppealActionRequest", "reason", 1, appeal::APPEAL_TEXT_MAX_CHARS, Trimmed),
        ("Answer", "note", 0, checklist::NOTE_MAX_CHARS, Trimmed),
        ("Answer", "value", 0, checklist::NOTE_MAX_CHARS, Trimmed),
        ("AssessmentInput", "comment", 0, oversight::COMMENT_MAX_CHARS, Trimmed),
        ("BulletinActionRequest", "reason", 0, bulletin::REASON_MAX_CHARS, Trimmed),
        ("BulletinInput", "body", 1, bulletin::BODY_MAX_CHARS, Trimmed),
        ("PreviewRequest", "body", 0, bulletin::BODY_MAX_CHARS, Trimmed),
        ("BulletinSettings", "doc_format", 1, bulletin::DOC_NUMBER_MAX_CHARS - 9, Trimmed),
        ("BulletinInput", "title", 1, bulletin::TITLE_MAX_CHARS, Trimmed),
        ("ChecklistInput", "name", 1, checklist::NAME_MAX_CHARS, Trimmed),
        ("ChecklistItem", "guidance", 0, checklist::GUIDANCE_MAX_CHARS, Trimmed),
        ("ChecklistItem", "key", 1, checklist::KEY_MAX_CHARS, KEY),
        ("ChecklistItem", "text", 1, checklist::ITEM_TEXT_MAX_CHARS, Trimmed),
        ("DayInput", "name", 1, calendar::CalendarDay::NAME_MAX_CHARS, Trimmed),
        ("DeclineReport", "reason", 1, report::REASON_MAX_CHARS, Trimmed),
        ("InspectionDraft", "notes", 0, checklist::NOTE_MAX_CHARS, Trimmed),
        ("LetterInput", "text", 1, oversight::LETTER_MAX_CHARS, Trimmed),
        ("LetterInput", "title", 1, oversight::LETTER_TITLE_MAX_CHARS, Trimmed),
        ("LoginRequest", "password", 1, PASSWORD_MAX_CHARS, AsIs),
        ("LoginRequest", "username", 1, USERNAME_MAX_CHARS, Trimmed),
        ("Measure", "note", 0, accountability::MEASURE_NOTE_MAX_CHARS, Trimmed),
        ("Measure", "place", 1, accountability::PLACE_MAX_CHARS, Trimmed),
        ("NewAccount", "display_name", 1, DISPLAY_NAME_MAX_CHARS, Trimmed),
        ("NewAccount", "email", 0, validation::EMAIL_MAX_CHARS, Trimmed),
        ("NewAccount", "mobile", 0, validation::MOBILE_MAX_CHARS, Trimmed),
        ("NewAccount", "password", PASSWORD_MIN_CHARS, PASSWORD_MAX_CHARS, AsIs),
        ("NewAccount", "username", 1, USERNAME_MAX_CHARS, USERNAME),
        ("NewAwayNotice", "reason", 1, staff::REASON_MAX_CHARS, Trimmed),
        ("NewBatch", "name", 1, planning::NAME_MAX_CHARS, Trimmed),
        ("NewDecision", "basis", 1, accountability::BASIS_MAX_CHARS, Trimmed),
        ("DecisionChange", "basis", 0, accountability::BASIS_MAX_CHARS, Trimmed),
        ("ReassignmentReturn", "host_assessment", 1, xiaoneng_domain::reassignment::ASSESSMENT_MAX_CHARS, Trimmed),
        ("DecisionChange", "reason", 1, accountability::CHANGE_REASON_MAX_CHARS, Trimmed),
        ("NewDecision", "notes", 0, accountability::NOTES_MAX_CHARS, Trimmed),
        ("NewDecision", "person_name", 1, accountability::PERSON_NAME_MAX_CHARS, Trimmed),
        ("NewDecision", "person_post", 1, accountability::PERSON_POST_MAX_CHARS, Trimmed),
        ("NewFinding", "description", 1, record::DESCRIPTION_MAX_CHARS, Trimmed),
        ("NewFinding", "title", 1, record::TITLE_MAX_CHARS, Trimmed),
        ("NewReport", "contact", 0, report::CONTACT_MAX_CHARS, Trimmed),
        ("FindingCorrection", "description", 1, record::DESCRIPTION_MAX_CHARS, Trimmed),
        ("FindingCorrection", "reason", 1, finding::COMMENT_MAX_CHARS, Trimmed),
        ("FindingCorrection", "title", 1, record::TITLE_MAX_CHARS, Trimmed),
        ("NewAppeal", "grounds", 1, appeal::APPEAL_TEXT_MAX_CHARS, Trimmed),
        ("NotificationSettings", "email", 0, validation::EMAIL_MAX_CHARS, Trimmed),
        ("NotificationSettings", "mobile", 0, validation::MOBILE_MAX_CHARS, Trimmed),
        ("NewReport", "place", 0, report::PLACE_MAX_CHARS, Trimmed),
        ("NewReport", "what", 10, report::WHAT_MAX_CHARS, Trimmed),
        ("PasswordChange", "confirm", PASSWORD_MIN_CHARS, PASSWORD_MAX_CHARS, AsIs),
        ("PasswordChange", "current", 1, PASSWORD_MAX_CHARS, AsIs),
        ("PasswordChange", "password", PASSWORD_MIN_CHARS, PASSWORD_MAX_CHARS, AsIs),
        ("PasswordReset", "password", PASSWORD_MIN_CHARS, PASSWORD_MAX_CHARS, AsIs),
        ("PersonInvolved", "name", 1, record::PERSON_NAME_MAX_CHARS, Trimmed),
        ("PersonInvolved", "post", 0, record::PERSON_POST_MAX_CHARS, Trimmed),
        ("PhotoUpload", "item", 1, checklist::KEY_MAX_CHARS, KEY),
        ("PhotoUpload", "client_id", 1, checklist::PHOTO_CLIENT_ID_MAX_CHARS, KEY),
        ("PostInput", "name", 1, staff::TITLE_MAX_CHARS, Trimmed),
        ("RoundInput", "name", 1, planning::NAME_MAX_CHARS, Trimmed),
        ("StaffInput", "name", 1, staff::NAME_MAX_CHARS, Trimmed),
        ("StaffInput", "title", 0, staff::TITLE_MAX_CHARS, Trimmed),
        ("SupervisorInput", "affiliation", 0, oversight::AFFILIATION_MAX_CHARS, Trimmed),
        ("SupervisorInput", "areas", 0, oversight::AREAS_MAX_CHARS, Trimmed),
        ("SupervisorInput", "name", 1, oversight::NAME_MAX_CHARS, Trimmed),
        ("SupervisorInput", "phone", 0, oversight::PHONE_MAX_CHARS, Trimmed),
        ("UnitInput", "name", 1, unit::UNIT_NAME_MAX_CHARS, Trimmed),
    ]
};

/// (schema, property, fewest items, most items, whether an item may repeat).
#[rustfmt::skip]
const LISTS: &[(&str, &str, usize, usize, bool)] = &[
    ("BulletinInput", "decision_ids", 0, bulletin::LINKS_MAX, false),
    ("BulletinInput", "finding_ids", 0, bulletin::LINKS_MAX, false),
    ("ChecklistInput", "items", 1, checklist::ITEMS_MAX, true),
    ("InspectionDraft", "answers", 0, checklist::ITEMS_MAX, true),
    ("InspectionDraft", "observations", 0, xiaoneng_domain::staff::OBSERVATIONS_MAX, true),
    ("Ladder", "rungs", 1, reminder::LADDER_MAX_RUNGS, false),
    ("NewDecision", "finding_ids", 1, accountability::MAX_FINDINGS, false),
    ("NewDecision", "measures", 1, accountability::MAX_MEASURES, true),
    ("DecisionChange", "measures", 0, accountability::MAX_MEASURES, true),
    ("SanctionLadder", "steps", 1, accountability::MAX_LADDER_STEPS, true),
    ("FindingCorrection", "people", 0, record::PEOPLE_MAX, true),
    ("NewFinding", "people", 0, record::PEOPLE_MAX, true),
    ("NotificationSettings", "preferences", 0, notification::NotificationKind::ALL.len(), false),
    ("RoundInput", "unit_ids", 1, planning::TARGETS_MAX, false),
    ("VisitInput", "inspector_ids", 1, planning::INSPECTORS_MAX, false),
];

/// Texts the table leaves unbounded, and why.
#[cfg(test)]
const UNBOUNDED: &[(&str, &str)] = &[
    // Bounded by the body limit and the row limit (`IMPORT_MAX_ROWS`), read as a file.
    ("ImportRequest", "csv"),
    // The report form's JSON part of a multipart body, checked as `NewReport`.
    ("ReportForm", "report"),
];

/// Writes [`TEXTS`] and [`LISTS`] into the document's schemas; and of the
/// parameters, that every `year` (in a path or a query) lies in the years
/// `check_year` takes, and that a page's `cursor`, when given, is not empty
/// (it is the last page's `next`).
pub fn document(doc: &mut OpenApi) {
    for op in crate::http::operations(doc) {
        for param in op.parameters.iter_mut().flatten() {
            let Some(RefOr::T(Schema::Object(schema))) = param.schema.as_mut() else {
                continue;
            };
            match param.name.as_str() {
                "year" => {
                    schema.minimum = Some(FIRST_YEAR.into());
                    schema.maximum = Some(LAST_YEAR.into());
                }
                "cursor" => schema.min_length = Some(1),
                _ => {}
            }
        }
    }
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for &(schema, name, min, max, rule) in TEXTS {
        let Schema::Object(text) = property(&mut components.schemas, schema, name) else {
            panic!("{schema}.{name} is not a text");
        };
        text.max_length = Some(max);
        text.min_length = (min > 0).then_some(min);
        text.pattern = match rule {
            Text::Trimmed if min > 0 => Some(r"\S".into()),
            Text::Matching(pattern) => Some(pattern.into()),
            _ => None,
        };
    }
    for &(schema, name, min, max, repeats) in LISTS {
        let Schema::Array(list) = property(&mut components.schemas, schema, name) else {
            panic!("{schema}.{name} is not a list");
        };
        list.max_items = Some(max);
        list.min_items = (min > 0).then_some(min);
        list.unique_items = !repeats;
    }
}

fn property<'a>(
    schemas: &'a mut std::collections::BTreeMap<String, RefOr<Schema>>,
    schema: &str,
    name: &str,
) -> &'a mut Schema {
    let Some(RefOr::T(Schema::Object(object))) = schemas.get_mut(schema) else {
        panic!("the limits name {schema}, which is not an object schema of the document");
    };
    match object.properties.get_mut(name) {
        Some(RefOr::T(property)) => property,
        _ => panic!("the limits name {schema}.{name}, which the document does not have"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{Value, json};

    use super::*;

    /// Every schema a request body reaches, by name.
    fn request_schemas(doc: &Value) -> BTreeSet<String> {
        fn refs(value: &Value, out: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    for (key, v) in map {
                        match (key.as_str(), v) {
                            ("$ref", Value::String(r)) => {
                                out.push(r.rsplit('/').next().unwrap_or(r).to_owned())
                            }
                            _ => refs(v, out),
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let mut todo = Vec::new();
        for item in doc["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                if let Some(body) = op.get("requestBody") {
                    refs(body, &mut todo);
                }
            }
        }
        let mut seen = BTreeSet::new();
        while let Some(name) = todo.pop() {
            if seen.insert(name.clone()) {
                refs(&doc["components"]["schemas"][&name], &mut todo);
            }
        }
        seen
    }

    fn has_type(property: &Value, wanted: &str) -> bool {
        match &property["type"] {
            Value::String(t) => t == wanted,
            Value::Array(ts) => ts.iter().any(|t| t == wanted),
            _ => false,
        }
    }

    #[test]
    fn every_text_and_list_a_client_sends_has_its_bounds() {
        let (_, doc) = crate::http::api();
        let doc = serde_json::to_value(doc).unwrap();
        let mut missing = Vec::new();
        let schemas = request_schemas(&doc);
        assert!(schemas.contains("NewFinding") && schemas.contains("Measure"));
        for name in &schemas {
            let Some(properties) = doc["components"]["schemas"][name]["properties"].as_object()
            else {
                continue;
            };
            for (field, p) in properties {
                let free_text =
                    has_type(p, "string") && p.get("enum").is_none() && p.get("format").is_none();
                let bounded = if free_text {
                    p.get("maxLength").is_some()
                        || UNBOUNDED.contains(&(name.as_str(), field.as_str()))
                } else if has_type(p, "array") {
                    p.get("maxItems").is_some()
                } else {
                    true
                };
                if !bounded {
                    missing.push(format!("{name}.{field}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "without bounds in the document: {missing:?}"
        );
    }

    #[test]
    fn a_required_text_asks_for_something_besides_spaces() {
        let (_, doc) = crate::http::api();
        let doc = serde_json::to_value(doc).unwrap();
        let title = &doc["components"]["schemas"]["NewFinding"]["properties"]["title"];
        assert_eq!(title["minLength"], 1);
        assert_eq!(title["maxLength"], record::TITLE_MAX_CHARS);
        assert_eq!(title["pattern"], r"\S");
        let ids = &doc["components"]["schemas"]["RoundInput"]["properties"]["unit_ids"];
        assert_eq!(ids["uniqueItems"], true);
        assert_eq!(ids["minItems"], 1);
        let cursor = doc["paths"]["/api/findings"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "cursor")
            .unwrap();
        assert_eq!(cursor["schema"]["minLength"], 1);
        let year = &doc["paths"]["/api/stats"]["get"]["parameters"][0]["schema"];
        assert_eq!(
            (&year["minimum"], &year["maximum"]),
            (&json!(FIRST_YEAR), &json!(LAST_YEAR))
        );
        let password = &doc["components"]["schemas"]["NewAccount"]["properties"]["password"];
        assert_eq!(password["minLength"], PASSWORD_MIN_CHARS);
        assert!(
            password.get("pattern").is_none(),
            "a password is taken as it is"
        );
    }
}
