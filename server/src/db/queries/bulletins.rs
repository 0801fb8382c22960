//! Bulletins and the public's view of them.

use sqlx::{Pool, QueryBuilder};
use xiaoneng_domain::bulletin::BulletinMeasure;
use xiaoneng_domain::bulletin::{BulletinInput, BulletinSettings, BulletinState};
use xiaoneng_domain::record::PersonInvolved;
use xiaoneng_domain::stored::JsonText;

use super::filters::Filters;
use super::{DB, WriteTx, begin_write};
use crate::db::{
    AuditEntry, BulletinFilter, BulletinRow, BulletinStep, Numbering, PublicBulletinRow,
    PublicFilter, Written,
};

macro_rules! bulletin_select {
    () => {
        "SELECT id, doc_number, title, kind, body, audience, state, show_names, public_title, public_body,
                published_at, retracted_at, retraction_reason, return_reason, created_by, submitted_by,
                (SELECT display_name FROM users WHERE users.id = bulletins.submitted_by) AS submitted_by_name,
                (SELECT display_name FROM users WHERE users.id = bulletins.signed_by) AS signed_by_name,
                created_at, updated_at, version
         FROM bulletins"
    };
}

async fn put_links(tx: &mut WriteTx, id: i64, input: &BulletinInput) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM bulletin_findings WHERE bulletin_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    sqlx::query("DELETE FROM bulletin_decisions WHERE bulletin_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    for finding in &input.finding_ids {
        sqlx::query("INSERT INTO bulletin_findings (bulletin_id, finding_id) VALUES ($1, $2)")
            .bind(id)
            .bind(finding)
            .execute(tx.conn())
            .await?;
    }
    for decision in &input.decision_ids {
        sqlx::query("INSERT INTO bulletin_decisions (bulletin_id, decision_id) VALUES ($1, $2)")
            .bind(id)
            .bind(decision)
            .execute(tx.conn())
            .await?;
    }
    Ok(())
}

pub async fn create_bulletin(
    pool: &Pool<DB>,
    input: &BulletinInput,
    by: i64,
    audit: AuditEntry,
) -> sqlx::Result<i64> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bulletins (doc_number, title, kind, body, audience, state, show_names, created_by,
                                created_at, updated_at)
         VALUES ('', $1, $2, $3, $4, 'draft', $5, $6, $7, $7) RETURNING id",
    )
    .bind(input.title.trim())
    .bind(input.kind.as_str())
    .bind(&input.body)
    .bind(input.audience.as_str())
    .bind(input.show_names)
    .bind(by)
    .bind(audit.at)
    .fetch_one(tx.conn())
    .await?;
    put_links(&mut tx, id, input).await?;
    tx.finish(id, None, serde_json::to_value(input).ok(), audit)
        .await?;
    Ok(id)
}

/// Edits a draft at `version`; `Written::Stale` (nothing written) otherwise.
pub async fn update_bulletin(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    input: &BulletinInput,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let before: Option<BulletinRow> = sqlx::query_as(concat!(bulletin_select!(), " WHERE id = $1"))
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
    let updated = sqlx::query(
        "UPDATE bulletins SET title = $3, kind = $4, body = $5, audience = $6,
                              show_names = $7, updated_at = $8, version = version + 1
         WHERE id = $1 AND version = $2 AND state = 'draft'",
    )
    .bind(id)
    .bind(version)
    .bind(input.title.trim())
    .bind(input.kind.as_str())
    .bind(&input.body)
    .bind(input.audience.as_str())
    .bind(input.show_names)
    .bind(audit.at)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Written::Stale);
    }
    put_links(&mut tx, id, input).await?;
    tx.finish(
        id,
        before.map(|b| {
            serde_json::json!({ "title": b.title, "body": b.body,
                                "audience": b.audience, "show_names": b.show_names })
        }),
        serde_json::to_value(input).ok(),
        audit,
    )
    .await?;
    Ok(Written::Done)
}

/// Moves a bulletin from `step.from` to `step.to` if it is still at
/// `version`, recording who submitted or signed it off; publishing takes
/// the document number `step.number` says.
pub async fn advance_bulletin(
    pool: &Pool<DB>,
    id: i64,
    version: i64,
    step: &BulletinStep,
    audit: AuditEntry,
) -> sqlx::Result<Written> {
    let mut tx = begin_write(pool).await?;
    let number = match step.number {
        Some(numbering) => Some(take_number(&mut tx, numbering, audit.at).await?),
        None => None,
    };
    let (doc_year, doc_seq, doc_number) = match &number {
        Some((year, n, text)) => (Some(i64::from(*year)), Some(*n), Some(text.as_str())),
        None => (None, None, None),
    };
    let updated = sqlx::query(
        "UPDATE bulletins SET state = $4, updated_at = $5, version = version + 1,
             public_title = CASE WHEN $4 = 'published' THEN $6 ELSE public_title END,
             public_body = CASE WHEN $4 = 'published' THEN $7 ELSE public_body END,
             published_at = CASE WHEN $4 = 'published' THEN $5 ELSE published_at END,
             retracted_at = CASE WHEN $4 = 'retracted' THEN $5 ELSE retracted_at END,
             retraction_reason = CASE WHEN $4 = 'retracted' THEN $8 ELSE retraction_reason END,
             return_reason = CASE WHEN $4 = 'draft' THEN $8 ELSE NULL END,
             submitted_by = CASE WHEN $4 = 'in_review' THEN $9 ELSE submitted_by END,
             signed_by = CASE WHEN $4 = 'published' THEN $9 ELSE signed_by END,
             doc_number = COALESCE($10, doc_number),
             doc_year = COALESCE($11, doc_year),
             doc_seq = COALESCE($12, doc_seq)
         WHERE id = $1 AND version = $2 AND state = $3",
    )
    .bind(id)
    .bind(version)
    .bind(step.from.as_str())
    .bind(step.to.as_str())
    .bind(audit.at)
    .bind(&step.public_title)
    .bind(&step.public_body)
    .bind(&step.reason)
    .bind(audit.actor_id)
    .bind(doc_number)
    .bind(doc_year)
    .bind(doc_seq)
    .execute(tx.conn())
    .await?;
    if updated.rows_affected() == 0 {
        // Dropped: the transaction rolls back, and the number taken with it.
        return Ok(Written::Stale);
    }
    // Submitted for sign-off: those who may sign it off are told.
    if step.to == BulletinState::InReview {
        super::notifications::notify_others(
            &mut tx,
            super::notifications::About::Bulletin(id),
            xiaoneng_domain::notification::NotificationKind::BulletinInReview,
            xiaoneng_domain::notification::Recipients::OfficeAndLeaders,
            audit.actor_id,
            audit.at,
        )
        .await?;
    }
    tx.finish(
        id,
        Some(serde_json::json!({ "state": step.from.as_str() })),
        Some(serde_json::json!({
            "state": step.to.as_str(), "reason": step.reason,
            "public_title": step.public_title, "public_body": step.public_body,
            "doc_number": doc_number,
        })),
        audit,
    )
    .await?;
    Ok(Written::Done)
}

/// Takes a document number inside the publishing transaction: (year, n, text).
/// The year's counter only grows, so a number is never given twice, even
/// once its bulletin is retracted; one already borne by an older bulletin
/// (typed by hand before the sequence) is passed over.
async fn take_number(
    tx: &mut WriteTx,
    numbering: Numbering,
    at: chrono::DateTime<chrono::Utc>,
) -> sqlx::Result<(i32, i64, String)> {
    let format: Option<String> =
        sqlx::query_scalar("SELECT doc_format FROM bulletin_settings WHERE id = 1")
            .fetch_optional(tx.conn())
            .await?;
    let settings = format.map_or_else(BulletinSettings::default, |doc_format| BulletinSettings {
        doc_format,
    });
    match numbering {
        Numbering::Given { year, n } => {
            // The counter moves past a given number, never back.
            sqlx::query(
                "INSERT INTO doc_sequences (year, last) VALUES ($1, $2)
                 ON CONFLICT (year) DO UPDATE
                 SET last = CASE WHEN doc_sequences.last < excluded.last
                                 THEN excluded.last ELSE doc_sequences.last END",
            )
            .bind(i64::from(year))
            .bind(n)
            .execute(tx.conn())
            .await?;
            Ok((year, n, settings.doc_number(year, n)))
        }
        Numbering::Next => {
            use chrono::Datelike;
            let year = xiaoneng_domain::beijing::day(at).year();
            loop {
                let n: i64 = sqlx::query_scalar(
                    "INSERT INTO doc_sequences (year, last) VALUES ($1, 1)
                     ON CONFLICT (year) DO UPDATE SET last = doc_sequences.last + 1
                     RETURNING last",
                )
                .bind(i64::from(year))
                .fetch_one(tx.conn())
                .await?;
                let text = settings.doc_number(year, n);
                let borne: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM bulletins WHERE doc_number = $1 LIMIT 1")
                        .bind(&text)
                        .fetch_optional(tx.conn())
                        .await?;
                if borne.is_none() {
                    return Ok((year, n, text));
                }
            }
        }
    }
}

pub async fn bulletin_settings(pool: &Pool<DB>) -> sqlx::Result<BulletinSettings> {
    let format: Option<String> =
        sqlx::query_scalar("SELECT doc_format FROM bulletin_settings WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(
        format.map_or_else(BulletinSettings::default, |doc_format| BulletinSettings {
            doc_format,
        }),
    )
}

pub async fn set_bulletin_settings(
    pool: &Pool<DB>,
    settings: &BulletinSettings,
    audit: AuditEntry,
) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT doc_format FROM bulletin_settings WHERE id = 1")
            .fetch_optional(tx.conn())
            .await?;
    sqlx::query("UPDATE bulletin_settings SET doc_format = $1 WHERE id = 1")
        .bind(settings.doc_format.trim())
        .execute(tx.conn())
        .await?;
    tx.finish(
        "bulletins",
        before.map(|f| serde_json::json!({ "doc_format": f })),
        Some(serde_json::json!({ "doc_format": settings.doc_format.trim() })),
        audit,
    )
    .await
}

pub async fn bulletin(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<BulletinRow>> {
    sqlx::query_as(concat!(bulletin_select!(), " WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn list_bulletins(
    pool: &Pool<DB>,
    filter: &BulletinFilter,
) -> sqlx::Result<Vec<BulletinRow>> {
    let mut q = QueryBuilder::<DB>::new(concat!(bulletin_select!(), " WHERE TRUE"));
    q.and_eq("state = ", filter.state.as_deref())
        .and_eq("audience = ", filter.audience.as_deref())
        .newest_page("created_at", "id", filter.after, filter.limit);
    q.build_query_as().fetch_all(pool).await
}

pub async fn bulletin_finding_ids(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT finding_id FROM bulletin_findings WHERE bulletin_id = $1 ORDER BY finding_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

pub async fn bulletin_decision_ids(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT decision_id FROM bulletin_decisions WHERE bulletin_id = $1 ORDER BY decision_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// The measures of the bulletin's decisions, with the (unmasked) names.
pub async fn bulletin_measures(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<BulletinMeasure>> {
    sqlx::query_as(
        "SELECT d.id AS decision_id, d.person_name, n.name AS unit_name, d.person_post, m.kind, m.place,
                m.start_on, m.end_on
         FROM bulletin_decisions bd
         JOIN decisions d ON d.id = bd.decision_id
         JOIN units n ON n.id = d.person_unit_id
         JOIN decision_measures m ON m.decision_id = d.id
         WHERE bd.bulletin_id = $1 ORDER BY d.id, m.position",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// The people the bulletin's findings name, as stored (JSON lists).
pub async fn bulletin_finding_people(
    pool: &Pool<DB>,
    id: i64,
) -> sqlx::Result<Vec<JsonText<Vec<PersonInvolved>>>> {
    sqlx::query_scalar(
        "SELECT f.people FROM bulletin_findings bf JOIN findings f ON f.id = bf.finding_id
         WHERE bf.bulletin_id = $1",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// The units a bulletin concerns (of its findings and decisions).
pub async fn bulletin_units(pool: &Pool<DB>, id: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT n.name FROM units n WHERE n.id IN (
             SELECT f.unit_id FROM bulletin_findings bf JOIN findings f ON f.id = bf.finding_id WHERE bf.bulletin_id = $1
             UNION SELECT d.person_unit_id FROM bulletin_decisions bd JOIN decisions d ON d.id = bd.decision_id WHERE bd.bulletin_id = $1
         ) ORDER BY n.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

macro_rules! public_select {
    () => {
        "SELECT b.id, b.doc_number, b.public_title, b.kind, b.state, b.published_at, b.public_body,
                b.retracted_at, b.retraction_reason, b.show_names
         FROM bulletins b"
    };
}

/// Public bulletins (published or retracted), newest first. Reads only the
/// redacted columns; a retracted bulletin's text is not searched.
pub async fn public_bulletins(
    pool: &Pool<DB>,
    filter: &PublicFilter,
) -> sqlx::Result<Vec<PublicBulletinRow>> {
    let mut q = QueryBuilder::<DB>::new(concat!(
        public_select!(),
        " WHERE b.audience = 'public' AND b.state IN ('published', 'retracted')"
    ));
    if let Some(pattern) = &filter.pattern {
        q.push(" AND (LOWER(b.public_title) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\' OR LOWER(b.doc_number) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\' OR (b.state = 'published' AND LOWER(b.public_body) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\'))");
    }
    if let Some((from, to)) = filter.year {
        q.and_eq("b.published_at >= ", Some(from))
            .and_eq("b.published_at < ", Some(to));
    }
    q.and_eq("b.kind = ", filter.kind.as_deref());
    if let Some(unit) = filter.unit {
        q.push(
            " AND (EXISTS (SELECT 1 FROM bulletin_findings bf JOIN findings f ON f.id = bf.finding_id
                           WHERE bf.bulletin_id = b.id AND f.unit_id = ",
        )
        .push_bind(unit)
        .push(
            ") OR EXISTS (SELECT 1 FROM bulletin_decisions bd JOIN decisions d ON d.id = bd.decision_id
                          WHERE bd.bulletin_id = b.id AND d.person_unit_id = ",
        )
        .push_bind(unit)
        .push("))");
    }
    if let Some(measure) = &filter.measure {
        q.push(
            " AND EXISTS (SELECT 1 FROM bulletin_decisions bd JOIN decision_measures m ON m.decision_id = bd.decision_id
                          WHERE bd.bulletin_id = b.id AND m.kind = ",
        )
        .push_bind(measure)
        .push(")");
    }
    q.newest_page("b.published_at", "b.id", filter.after, filter.limit);
    q.build_query_as().fetch_all(pool).await
}

pub async fn public_bulletin(pool: &Pool<DB>, id: i64) -> sqlx::Result<Option<PublicBulletinRow>> {
    sqlx::query_as(concat!(
        public_select!(),
        " WHERE b.id = $1 AND b.audience = 'public' AND b.state IN ('published', 'retracted')"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The measures of several bulletins' decisions at once: (bulletin id, measure).
pub async fn measures_of_bulletins(
    pool: &Pool<DB>,
    ids: &[i64],
) -> sqlx::Result<Vec<(i64, BulletinMeasure)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q: sqlx::QueryBuilder<DB> = sqlx::QueryBuilder::new(
        "SELECT bd.bulletin_id, d.id AS decision_id, d.person_name, n.name AS unit_name, d.person_post, m.kind,
                m.place, m.start_on, m.end_on
         FROM bulletin_decisions bd
         JOIN decisions d ON d.id = bd.decision_id
         JOIN units n ON n.id = d.person_unit_id
         JOIN decision_measures m ON m.decision_id = d.id
         WHERE d.revoked_at IS NULL AND bd.bulletin_id IN (",
    );
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    q.push(") ORDER BY bd.bulletin_id, d.id, m.position");
    let rows: Vec<MeasureOfBulletin> = q.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.bulletin_id, r.measure))
        .collect())
}

#[derive(sqlx::FromRow)]
struct MeasureOfBulletin {
    bulletin_id: i64,
    #[sqlx(flatten)]
    measure: BulletinMeasure,
}

/// The units several bulletins concern, at once: (bulletin id, unit name).
pub async fn units_of_bulletins(pool: &Pool<DB>, ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q: sqlx::QueryBuilder<DB> = sqlx::QueryBuilder::new(
        "SELECT l.bulletin_id, n.name FROM (
             SELECT bf.bulletin_id, f.unit_id FROM bulletin_findings bf JOIN findings f ON f.id = bf.finding_id
             UNION SELECT bd.bulletin_id, d.person_unit_id FROM bulletin_decisions bd JOIN decisions d ON d.id = bd.decision_id
         ) l JOIN units n ON n.id = l.unit_id WHERE l.bulletin_id IN (",
    );
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    q.push(") ORDER BY l.bulletin_id, n.id");
    q.build_query_as().fetch_all(pool).await
}

/// The correction notices a bulletin carries, oldest first.
pub async fn bulletin_corrections(
    pool: &Pool<DB>,
    id: i64,
) -> sqlx::Result<Vec<xiaoneng_domain::bulletin::Correction>> {
    sqlx::query_as("SELECT at, notice FROM bulletin_corrections WHERE bulletin_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(pool)
        .await
}
