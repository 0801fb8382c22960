//! The benchmark's data set: 100,000 findings, 10,000 public bulletins and
//! 1,000,000 audit entries by default, spread over the demo units and the
//! last three years, inserted in bulk. The audit entries continue the hash
//! chain, so `audit-verify` still passes over them.

use chrono::{Duration, NaiveDate, Utc};
use xiaoneng_domain::finding::FindingState;
use xiaoneng_domain::record::Dimension;

use crate::db::{AuditEntry, BenchBulletin, BenchFinding, Store};
use crate::http::paging;

/// A small deterministic generator (xorshift), so every run seeds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Seeds the data set; answers the cursor that opens page 1,000 of the
/// unfiltered findings list at 20 a page.
pub async fn seed(
    store: &Store,
    findings: usize,
    bulletins: usize,
    audit: usize,
) -> anyhow::Result<String> {
    let units: Vec<i64> = store.units().await?.iter().map(|u| u.id).collect();
    let office = store
        .user_by_username("office")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo logins are missing"))?
        .id;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let now = Utc::now();
    let start = now - Duration::days(3 * 365);
    let span = (now - start).num_seconds().max(1) as u64;

    let states = FindingState::ALL;
    let mut rows = Vec::with_capacity(findings);
    for i in 0..findings {
        let created = start + Duration::seconds((rng.next() % span) as i64);
        let day: NaiveDate = created.date_naive();
        let state = states[rng.below(states.len())];
        let deadline = day + Duration::days(rng.below(30) as i64);
        rows.push(BenchFinding {
            code: format!("XN-B-{i:07}"),
            unit_id: units[rng.below(units.len())],
            dimension: Dimension::ALL[rng.below(4)].as_str(),
            title: format!("工作时间离岗 {i}"),
            description: "暗访发现窗口无人值守，离岗告示牌信息与实际不符。".into(),
            observed_on: day,
            state: state.as_str(),
            verify_by: (state == FindingState::FedBack).then_some(deadline),
            rectify_by: matches!(
                state,
                FindingState::Rectifying | FindingState::ReportSubmitted | FindingState::Closed
            )
            .then_some(deadline),
            recorded_by: office,
            created_at: created,
        });
    }
    store.bench_findings(&rows).await?;
    drop(rows);

    let mut rows = Vec::with_capacity(bulletins);
    for i in 0..bulletins {
        rows.push(BenchBulletin {
            doc_number: format!("合效办〔{}〕{}号", 2024 + i % 3, i + 1),
            title: format!("关于第{}批机关效能建设督查情况的通报", i + 1),
            body: "经查，部分单位存在离岗告示牌信息不实、工作时间不在岗等问题。请各单位举一反三，限期整改。".repeat(4),
            published_at: start + Duration::seconds((rng.next() % span) as i64),
            created_by: office,
        });
    }
    store.bench_bulletins(&rows).await?;
    drop(rows);

    let (mut seq, mut head) = store.audit_head().await?;
    let chunk = 50_000;
    let mut written = 0;
    while written < audit {
        let n = chunk.min(audit - written);
        let mut records = Vec::with_capacity(n);
        for i in 0..n {
            let entry = AuditEntry {
                entity_id: Some((written + i).to_string()),
                after: Some(serde_json::json!({ "state": "fed_back", "bench": true })),
                ..AuditEntry::new(now, Some(office), "feed_back", "finding")
            };
            let record = entry.chained(seq + 1, &head, store.audit_key());
            seq = record.id;
            head = record.hash.clone();
            records.push(record);
        }
        store.bench_audit(&records).await?;
        written += n;
    }

    store.bench_analyze().await?;
    let cursor = store
        .bench_cursor(20 * 999)
        .await?
        .ok_or_else(|| anyhow::anyhow!("fewer than 19,980 findings: no page 1,000"))?;
    Ok(paging::encode(cursor))
}
