//! Checklists, rounds, batches, visits and inspections.

use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::planning::{NewBatch, RoundInput, VisitInput};
use xiaoneng_domain::record::NewFinding;

use super::filters::Filters;
use super::{DB, WriteTx, begin_write, insert_finding};
use crate::db::{
    AuditEntry, BatchRow, ChecklistRow, DraftRow, FindingOrigin, InspectionRow, NewPhoto, PhotoRow,
    RoundFilter, RoundRow, SaveOutcome, VisitFilter, VisitRow,
};

macro_rules! checklist_select {
    () => {
        "SELECT c.id, c.template_id, c.number, c.name, c.items, c.created_by, c.created_at, c.version,
                EXISTS (SELECT 1 FROM inspections i WHERE i.checklist_id = c.id) AS in_use,
                c.number = (SELECT MAX(x.number) FROM checklists x WHERE x.template_id = c.template_id) AS latest,
                c.number = t.active_number AS active, t.version AS template_version
         FROM checklists c JOIN checklist_templates t ON t.id = c.template_id"
    };
}

pub async fn checklist(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<ChecklistRow>> {
    sqlx::query_as(concat!(checklist_select!(), " WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A version as the write transaction `tx` sees it.
async fn checklist_in(tx: &mut WriteTx, id: i64) -> sqlx::Result<Option<ChecklistRow>> {
    sqlx::query_as(concat!(checklist_select!(), " WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(tx.conn())
        .await
}

/// The newest version of every template.
pub async fn latest_checklists(pool: &Pool<DB>) -> sqlx::Result<Vec<ChecklistRow>> {
    sqlx::query_as(concat!(
        checklist_select!(),
        " WHERE c.number = (SELECT MAX(x.number) FROM checklists x WHERE x.template_id = c.template_id)
          ORDER BY c.template_id"
    ))
    .fetch_all(pool)
    .await
}

/// The version of every template that new visits take.
pub async fn active_checklists(pool: &Pool<DB>) -> sqlx::Result<Vec<ChecklistRow>> {
    sqlx::query_as(concat!(
        checklist_select!(),
        " WHERE c.number = t.active_number ORDER BY c.template_id"
    ))
    .fetch_all(pool)
    .await
}

/// Makes version `id` the one new visits take; refused when its template is
/// no longer at `template_version`.
pub async fn activate_checklist(
    pool: &Pool<DB>,
    id: i64,
    template_version: i64,
    audit: AuditEntry,
) -> sqlx::Result<SaveOutcome> {
    let mut tx = begin_write(pool).await?;
    let Some(current) = checklist_in(&mut tx, id).await? else {
        return Ok(SaveOutcome::Missing);
    };
    let before: i64 =
        sqlx::query_scalar("SELECT active_number FROM checklist_templates WHERE id = $1")
            .bind(current.template_id)
            .fetch_one(tx.conn())
            .await?;
    let done = sqlx::query(
        "UPDATE checklist_templates SET active_number = $2, version = version + 1
         WHERE id = $1 AND version = $3",
    )
    .bind(current.template_id)
    .bind(current.number)
    .bind(template_version)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if done == 0 {
        return Ok(SaveOutcome::Stale);
    }
    tx.finish(
        id,
        Some(serde_json::json!({ "template_id": current.template_id, "active_number": before })),
        Some(serde_json::json!({ "template_id": current.template_id, "active_number": current.number })),
        audit,
    )
    .await?;
    Ok(SaveOutcome::Saved(id))
}

/// Every version of one template, oldest first.
pub async fn checklist_versions(
    pool: &Pool<DB>,
    template_id: i64,
) -> sqlx::Result<Vec<ChecklistRow>> {
    sqlx::query_as(concat!(
        checklist_select!(),
        " WHERE c.template_id = $1 ORDER BY c.number"
    ))
    .bind(template_id)
    .fetch_all(pool)
    .await
}

pub async fn create_checklist(
    pool: &Pool<DB>,
    name: &str,
    items: &str,
    created_by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let template: i64 =
        sqlx::query_scalar("INSERT INTO checklist_templates (created_at) VALUES ($1) RETURNING id")
            .bind(audit.at)
            .fetch_one(tx.conn())
            .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO checklists (template_id, number, name, items, created_by, created_at)
         VALUES ($1, 1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(template)
    .bind(name)
    .bind(items)
    .bind(created_by)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    tx.finish(id, None, Some(serde_json::json!({ "template_id": template, "number": 1, "name": name, "items": items })), audit).await?;
    Ok(id)
}

/// Saves a template version: in place while no inspection has used it,
/// otherwise as the template's next version. Refused when `id` is not the
/// newest version or not at `version` any more.
pub async fn save_checklist(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    name: &str,
    items: &str,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<SaveOutcome> {
    let mut tx = begin_write(pool).await?;
    let Some(current) = checklist_in(&mut tx, id).await? else {
        return Ok(SaveOutcome::Missing);
    };
    if !current.latest || current.version != version {
        return Ok(SaveOutcome::Stale);
    }
    let before = serde_json::json!({ "number": current.number, "name": current.name, "items": current.items });
    let outcome = if current.in_use {
        let new_id: i64 = sqlx::query_scalar(
            "INSERT INTO checklists (template_id, number, name, items, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(current.template_id)
        .bind(current.number + 1)
        .bind(name)
        .bind(items)
        .bind(by)
        .bind(audit.at)
        .fetch_one(tx.conn())
        .await?;
        SaveOutcome::NewVersion(new_id)
    } else {
        sqlx::query(
            "UPDATE checklists SET name = $2, items = $3, version = version + 1 WHERE id = $1",
        )
        .bind(id)
        .bind(name)
        .bind(items)
        .execute(tx.conn())
        .await?;
        SaveOutcome::Saved(id)
    };
    let saved = match outcome {
        SaveOutcome::NewVersion(id) | SaveOutcome::Saved(id) => id,
        _ => id,
    };
    tx.finish(saved, Some(before), Some(serde_json::json!({
            "number": if matches!(outcome, SaveOutcome::NewVersion(_)) { current.number + 1 } else { current.number },
            "name": name,
            "items": items,
        })), audit).await?;
    Ok(outcome)
}

macro_rules! round_select {
    () => {
        "SELECT r.id, r.name, r.kind, r.owner_unit_id, o.name AS owner_unit_name,
                r.starts_on, r.ends_on, r.created_at, r.version
         FROM rounds r LEFT JOIN units o ON o.id = r.owner_unit_id"
    };
}

pub async fn round(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<RoundRow>> {
    sqlx::query_as(concat!(round_select!(), " WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Rounds, newest first.
pub async fn list_rounds(pool: &Pool<DB>, filter: &RoundFilter) -> sqlx::Result<Vec<RoundRow>> {
    let mut q = QueryBuilder::<DB>::new("");
    let trees = q.unit_trees(&[("scope", filter.owner_within)]);
    q.push(concat!(round_select!(), " WHERE TRUE"))
        .and_eq("r.kind = ", filter.kind.as_deref())
        .and_within("r.owner_unit_id", &trees)
        .newest_page("r.created_at", "r.id", filter.after, filter.limit);
    q.build_query_as().fetch_all(pool).await
}

pub async fn round_targets(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT unit_id FROM round_units WHERE round_id = $1 ORDER BY unit_id")
        .bind(id)
        .fetch_all(pool)
        .await
}

/// Target units with a submitted inspection in one of the round's visits.
pub async fn round_visited(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT DISTINCT v.unit_id FROM visits v
         JOIN batches b ON b.id = v.batch_id
         JOIN inspections i ON i.visit_id = v.id AND i.state = 'submitted'
         JOIN round_units ru ON ru.round_id = b.round_id AND ru.unit_id = v.unit_id
         WHERE b.round_id = $1 ORDER BY v.unit_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

async fn put_targets(tx: &mut super::WriteTx, round: i64, units: &[i64]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM round_units WHERE round_id = $1")
        .bind(round)
        .execute(tx.conn())
        .await?;
    for unit in units {
        sqlx::query("INSERT INTO round_units (round_id, unit_id) VALUES ($1, $2)")
            .bind(round)
            .bind(unit)
            .execute(tx.conn())
            .await?;
    }
    Ok(())
}

pub async fn create_round(
    pool: &Pool<DB>,
    input: &RoundInput,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rounds (name, starts_on, ends_on, created_by, created_at, kind, owner_unit_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(input.name.trim())
    .bind(input.starts_on)
    .bind(input.ends_on)
    .bind(by)
    .bind(audit.at)
    .bind(input.kind.as_str())
    .bind(input.owner_unit_id)
    .fetch_one(tx.conn())
    .await?;
    put_targets(&mut tx, id, &input.unit_ids).await?;
    tx.finish(id, None, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(id)
}

/// `false` (nothing written) when the round is no longer at `version`.
pub async fn update_round(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &RoundInput,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let before: Option<RoundRow> = sqlx::query_as(concat!(round_select!(), " WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
    let updated = sqlx::query(
        "UPDATE rounds SET name = $3, starts_on = $4, ends_on = $5, version = version + 1
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(input.name.trim())
    .bind(input.starts_on)
    .bind(input.ends_on)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    put_targets(&mut tx, id, &input.unit_ids).await?;
    tx.finish(id, before.map(|b| {
            serde_json::json!({ "name": b.name, "starts_on": b.starts_on, "ends_on": b.ends_on })
        }), serde_json::to_value(input).ok(), audit).await?;
    Ok(true)
}

macro_rules! batch_select {
    () => {
        "SELECT b.id, b.round_id, b.name, b.starts_on, b.ends_on, b.created_at,
                (SELECT COUNT(*) FROM visits v WHERE v.batch_id = b.id) AS visits
         FROM batches b"
    };
}

pub async fn batch(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<BatchRow>> {
    sqlx::query_as(concat!(batch_select!(), " WHERE b.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn batches(pool: &Pool<DB>, round: i64) -> sqlx::Result<Vec<BatchRow>> {
    sqlx::query_as(concat!(
        batch_select!(),
        " WHERE b.round_id = $1 ORDER BY b.starts_on, b.id"
    ))
    .bind(round)
    .fetch_all(pool)
    .await
}

pub async fn create_batch(
    pool: &Pool<DB>,
    round: i64,
    new: &NewBatch,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO batches (round_id, name, starts_on, ends_on, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(round)
    .bind(new.name.trim())
    .bind(new.starts_on)
    .bind(new.ends_on)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    let mut after = serde_json::to_value(new).unwrap_or_default();
    after["round_id"] = round.into();
    tx.finish(id, None, Some(after), audit).await?;
    Ok(id)
}

macro_rules! visit_select {
    () => {
        "SELECT v.id, b.round_id, r.name AS round_name, r.owner_unit_id, v.batch_id, b.name AS batch_name, v.unit_id,
                n.name AS unit_name, v.planned_on, v.mode, v.checklist_id, v.created_at, v.version,
                (SELECT i.state FROM inspections i WHERE i.visit_id = v.id) AS inspection_state
         FROM visits v
         JOIN batches b ON b.id = v.batch_id
         JOIN rounds r ON r.id = b.round_id
         JOIN units n ON n.id = v.unit_id"
    };
}

pub async fn visit(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<VisitRow>> {
    sqlx::query_as(concat!(visit_select!(), " WHERE v.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Visits by planned day, latest first; `filter.assigned_to` keeps one inspector's.
pub async fn list_visits(pool: &Pool<DB>, filter: &VisitFilter) -> sqlx::Result<Vec<VisitRow>> {
    let (liaison_unit, liaison) = filter.liaison.unzip();
    let mut q = QueryBuilder::<DB>::new("");
    q.unit_trees(&[("scope", liaison_unit)]);
    q.push(concat!(visit_select!(), " WHERE TRUE"));
    if let Some(inspector) = filter.assigned_to {
        q.push(" AND EXISTS (SELECT 1 FROM visit_inspectors vi WHERE vi.visit_id = v.id AND vi.user_id = ")
            .push_bind(inspector)
            .push(")");
    }
    q.and_eq("b.round_id = ", filter.round)
        .and_eq("v.batch_id = ", filter.batch)
        .and_eq("v.unit_id = ", filter.unit);
    if let Some(liaison) = liaison {
        q.push(
            " AND r.owner_unit_id IS NOT NULL AND (r.owner_unit_id IN (SELECT id FROM scope)
              OR EXISTS (SELECT 1 FROM visit_inspectors vi WHERE vi.visit_id = v.id AND vi.user_id = ",
        )
        .push_bind(liaison)
        .push("))");
    }
    q.newest_page("v.created_at", "v.id", filter.after, filter.limit);
    q.build_query_as().fetch_all(pool).await
}

/// The inspectors of a visit: (id, display name).
pub async fn visit_inspectors(pool: &Pool<DB>, visit: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name FROM visit_inspectors vi JOIN users u ON u.id = vi.user_id
         WHERE vi.visit_id = $1 ORDER BY u.id",
    )
    .bind(visit)
    .fetch_all(pool)
    .await
}

/// Of `ids`, those naming active inspectors.
pub async fn inspectors_among(pool: &Pool<DB>, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    let mut found = Vec::new();
    for id in ids {
        let hit: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM users WHERE id = $1 AND role = 'inspector' AND active",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        found.extend(hit);
    }
    Ok(found)
}

async fn put_inspectors(
    tx: &mut super::WriteTx,
    visit: i64,
    inspectors: &[i64],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM visit_inspectors WHERE visit_id = $1")
        .bind(visit)
        .execute(tx.conn())
        .await?;
    for user in inspectors {
        sqlx::query("INSERT INTO visit_inspectors (visit_id, user_id) VALUES ($1, $2)")
            .bind(visit)
            .bind(user)
            .execute(tx.conn())
            .await?;
    }
    Ok(())
}

pub async fn create_visit(
    pool: &Pool<DB>,
    input: &VisitInput,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO visits (batch_id, unit_id, planned_on, mode, checklist_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(input.batch_id)
    .bind(input.unit_id)
    .bind(input.planned_on)
    .bind(input.mode.as_str())
    .bind(input.checklist_id)
    .bind(by)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    put_inspectors(&mut tx, id, &input.inspector_ids).await?;
    tx.finish(id, None, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(id)
}

/// Reschedules or reassigns a visit not yet started; `false` when it is no longer at `version`.
pub async fn update_visit(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &VisitInput,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(pool).await?;
    let updated = sqlx::query(
        "UPDATE visits SET batch_id = $3, unit_id = $4, planned_on = $5, mode = $6, checklist_id = $7,
                           version = version + 1
         WHERE id = $1 AND version = $2 AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.visit_id = $1)",
    )
    .bind(id)
    .bind(version)
    .bind(input.batch_id)
    .bind(input.unit_id)
    .bind(input.planned_on)
    .bind(input.mode.as_str())
    .bind(input.checklist_id)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    put_inspectors(&mut tx, id, &input.inspector_ids).await?;
    tx.finish(id, None, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(true)
}

pub async fn inspection(pool: &Pool<DB>, visit: i64) -> sqlx::Result<Option<InspectionRow>> {
    sqlx::query_as(
        "SELECT id, visit_id, checklist_id, state, answers, notes, inspector_id, started_at, submitted_at, version
         FROM inspections WHERE visit_id = $1",
    )
    .bind(visit)
    .fetch_optional(pool)
    .await
}

/// Saves a draft: creates it at version 0, or updates it if still a draft
/// at `version`. `false` when stale or submitted.
pub async fn save_inspection(
    pool: &Pool<DB>,
    draft: &DraftRow,
    audit: AuditEntry,
) -> sqlx::Result<bool> {
    let DraftRow {
        visit,
        checklist,
        version,
        answers,
        notes,
        inspector,
    } = draft;
    let mut tx = begin_write(pool).await?;
    let written = if *version == 0 {
        sqlx::query(
            "INSERT INTO inspections (visit_id, checklist_id, state, answers, notes, inspector_id, started_at)
             VALUES ($1, $2, 'draft', $3, $4, $5, $6) ON CONFLICT (visit_id) DO NOTHING",
        )
        .bind(visit)
        .bind(checklist)
        .bind(answers)
        .bind(notes)
        .bind(inspector)
        .bind(audit.at)
        .execute(tx.conn())
        .await?
    } else {
        sqlx::query(
            "UPDATE inspections SET answers = $3, notes = $4, version = version + 1
             WHERE visit_id = $1 AND version = $2 AND state = 'draft'",
        )
        .bind(visit)
        .bind(version)
        .bind(answers)
        .bind(notes)
        .execute(tx.conn())
        .await?
    };
    if written.rows_affected() == 0 {
        return Ok(false);
    }
    tx.finish(
        visit,
        None,
        Some(serde_json::json!({ "answers": answers, "notes": notes })),
        audit,
    )
    .await?;
    Ok(true)
}

pub async fn inspection_photos(pool: &Pool<DB>, inspection: i64) -> sqlx::Result<Vec<PhotoRow>> {
    sqlx::query_as(
        "SELECT id, item_key, file_name, content_type, size, sha256, uploaded_at
         FROM inspection_photos WHERE inspection_id = $1 ORDER BY id",
    )
    .bind(inspection)
    .fetch_all(pool)
    .await
}

/// A photo with its visit: (visit id, content type, file name, SHA-256, data).
pub async fn inspection_photo(
    pool: &Pool<DB>,
    id: i64,
) -> sqlx::Result<Option<(i64, String, String, String, Vec<u8>)>> {
    sqlx::query_as(
        "SELECT i.visit_id, p.content_type, p.file_name, p.sha256, p.data
         FROM inspection_photos p JOIN inspections i ON i.id = p.inspection_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Attaches a photo to a draft; `None` when the inspection is no longer a draft.
pub async fn add_inspection_photo(
    pool: &Pool<DB>,
    new: &NewPhoto,
    audit: AuditEntry,
) -> sqlx::Result<Option<i64>> {
    let mut tx = begin_write(pool).await?;
    let draft: Option<i64> =
        sqlx::query_scalar("SELECT id FROM inspections WHERE id = $1 AND state = 'draft'")
            .bind(new.inspection_id)
            .fetch_optional(tx.conn())
            .await?;
    if draft.is_none() {
        return Ok(None);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO inspection_photos (inspection_id, item_key, file_name, content_type, size, sha256,
                                        uploaded_by, uploaded_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.inspection_id)
    .bind(&new.item_key)
    .bind(&new.file_name)
    .bind(&new.content_type)
    .bind(new.data.len() as i64)
    .bind(&new.sha256)
    .bind(new.uploaded_by)
    .bind(audit.at)
    .bind(&new.data)
    .fetch_one(tx.conn())
    .await?;
    tx.finish(
        new.inspection_id,
        None,
        Some(serde_json::json!({
            "photo_id": id, "item": new.item_key, "file_name": new.file_name,
            "content_type": new.content_type, "size": new.data.len(), "sha256": new.sha256,
        })),
        audit,
    )
    .await?;
    Ok(Some(id))
}

/// Submits a draft at `version`, recording one finding per failed item
/// (`findings`: the item key and the finding) with that item's photos as
/// its evidence — all in one transaction. `None` when stale or submitted.
pub async fn submit_inspection(
    pool: &Pool<DB>,
    inspection: &InspectionRow,
    findings: &[(String, NewFinding)],
    audit: AuditEntry,
) -> sqlx::Result<Option<Vec<(String, i64, String)>>> {
    let mut tx = begin_write(pool).await?;
    let updated = sqlx::query(
        "UPDATE inspections SET state = 'submitted', submitted_at = $3, version = version + 1
         WHERE id = $1 AND version = $2 AND state = 'draft'",
    )
    .bind(inspection.id)
    .bind(inspection.version)
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    tx.audit(&AuditEntry {
        entity_id: Some(inspection.visit_id.to_string()),
        after: Some(serde_json::json!({ "state": "submitted", "findings": findings.len() })),
        ..audit.clone()
    })
    .await?;
    let mut created = Vec::with_capacity(findings.len());
    for (item, new) in findings {
        let origin = FindingOrigin {
            visit_id: Some(inspection.visit_id),
            item_key: Some(item.clone()),
        };
        let (id, code) = insert_finding(
            &mut tx,
            new,
            origin,
            inspection.inspector_id,
            AuditEntry {
                action: "create",
                entity: "finding",
                ..audit.clone()
            },
        )
        .await?;
        sqlx::query(
            "INSERT INTO evidence (finding_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data)
             SELECT $1, file_name, content_type, size, sha256, uploaded_by, uploaded_at, data
             FROM inspection_photos WHERE inspection_id = $2 AND item_key = $3 ORDER BY id",
        )
        .bind(id)
        .bind(inspection.id)
        .bind(item)
        .execute(tx.conn())
        .await?;
        created.push((item.clone(), id, code));
    }
    tx.commit().await?;
    Ok(Some(created))
}

/// The findings a visit's inspection created: (item key, id, code).
pub async fn visit_findings(
    pool: &Pool<DB>,
    visit: i64,
) -> sqlx::Result<Vec<(Option<String>, i64, String)>> {
    sqlx::query_as("SELECT item_key, id, code FROM findings WHERE visit_id = $1 ORDER BY id")
        .bind(visit)
        .fetch_all(pool)
        .await
}

/// Active users with the inspector role: (id, display name), by name.
/// Whether `user` inspects a visit to `unit` not yet submitted.
pub async fn inspects_unit(pool: &Pool<DB>, user: i64, unit: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT v.id FROM visits v JOIN visit_inspectors vi ON vi.visit_id = v.id
         WHERE vi.user_id = $1 AND v.unit_id = $2
           AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.visit_id = v.id AND i.state = 'submitted')
         LIMIT 1",
    )
    .bind(user)
    .bind(unit)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Who may inspect in a round run by `root`: the active liaisons of its
/// tree, by name: (id, display name, unit id, unit name).
pub async fn liaisons_within(
    pool: &Pool<DB>,
    root: i64,
) -> sqlx::Result<Vec<(i64, String, i64, String)>> {
    sqlx::query_as(
        "WITH RECURSIVE scope(id) AS (
             SELECT id FROM units WHERE id = $1
             UNION ALL SELECT u.id FROM units u JOIN scope s ON u.parent_id = s.id
         )
         SELECT u.id, u.display_name, n.id, n.name FROM users u JOIN units n ON n.id = u.unit_id
         WHERE u.role = 'liaison' AND u.active AND u.unit_id IN (SELECT id FROM scope)
         ORDER BY n.name, u.display_name, u.id",
    )
    .bind(root)
    .fetch_all(pool)
    .await
}

pub async fn inspectors(pool: &Pool<DB>) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role = 'inspector' AND active ORDER BY display_name, id",
    )
    .fetch_all(pool)
    .await
}
