//! Checking the audit log's hash chain (`xiaoneng audit-verify`): a change
//! made behind the application's back — an entry edited, removed or
//! inserted directly in the database — breaks the chain at that entry.
//! Each hash is keyed with the server's secret (HMAC), so whoever can write
//! the database but not read the secret cannot make a chain that holds.
//!
//! Anchors (`xiaoneng audit-anchor`) go further: the head's sequence and
//! hash, written now and then to a file kept elsewhere. `audit-verify
//! --anchor FILE` checks that every anchored entry is still in the chain
//! with the same hash — so a chain rewritten even with the key, or cut
//! short at the end, does not pass.

use crate::db::Store;

/// The first place the chain no longer holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The entry's content no longer gives its hash: it was edited.
    Altered { id: i64 },
    /// The entry does not follow the one before it: entries were removed or inserted.
    Unlinked { id: i64 },
    /// The head does not name the last entry: entries at the end were removed.
    Head { head_seq: i64, last_id: i64 },
    /// An anchored entry has another hash now: the chain was rewritten.
    Rewritten { seq: i64 },
    /// The chain ends before an anchored entry: its tail was cut off.
    Cut { anchored: i64, last_id: i64 },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Altered { id } => write!(f, "audit entry {id} was changed after it was written"),
            Break::Unlinked { id } => write!(
                f,
                "audit entry {id} does not follow the entry before it (entries removed or inserted)"
            ),
            Break::Head { head_seq, last_id } => {
                write!(
                    f,
                    "the chain's head says {head_seq} entries but the last is {last_id} (entries removed at the end)"
                )
            }
            Break::Rewritten { seq } => write!(
                f,
                "audit entry {seq} is not the one anchored (the chain was rewritten)"
            ),
            Break::Cut { anchored, last_id } => write!(
                f,
                "entry {anchored} was anchored but the chain ends at {last_id} (its tail was cut off)"
            ),
        }
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const PAGE: i64 = 1000;

/// A point of the chain written down outside the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl std::fmt::Display for Anchor {
    /// One line: `seq hash time` (RFC 3339).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.seq,
            self.hash,
            self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    }
}

/// The chain's head now, as an anchor.
pub async fn anchor(store: &Store) -> anyhow::Result<Anchor> {
    let (seq, hash) = store.audit_head().await?;
    Ok(Anchor {
        seq,
        hash,
        at: chrono::Utc::now(),
    })
}

/// Reads an anchor file: one anchor a line; blank lines and `#` comments skipped.
pub fn parse_anchors(text: &str) -> anyhow::Result<Vec<Anchor>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(n, line)| {
            let mut parts = line.split_whitespace();
            let (Some(seq), Some(hash), Some(at), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                anyhow::bail!("line {}: expected `seq hash time`", n + 1);
            };
            Ok(Anchor {
                seq: seq
                    .parse()
                    .map_err(|_| anyhow::anyhow!("line {}: {seq:?} is not a number", n + 1))?,
                hash: hash.to_owned(),
                at: chrono::DateTime::parse_from_rfc3339(at)
                    .map_err(|_| anyhow::anyhow!("line {}: {at:?} is not a time", n + 1))?
                    .to_utc(),
            })
        })
        .collect()
}

/// Walks the whole chain; `Ok(n)` when all `n` entries hold (and every
/// anchor in `anchors` is still in it as anchored).
pub async fn verify(store: &Store) -> anyhow::Result<Result<i64, Break>> {
    verify_anchored(store, &[]).await
}

pub async fn verify_anchored(
    store: &Store,
    anchors: &[Anchor],
) -> anyhow::Result<Result<i64, Break>> {
    let key = store.audit_key();
    let (head_seq, head_hash) = store.audit_head().await?;
    let mut anchors: Vec<&Anchor> = anchors.iter().filter(|a| a.seq > 0).collect();
    anchors.sort_by_key(|a| a.seq);
    let mut next_anchor = anchors.iter().peekable();
    let mut prev_id = 0;
    let mut prev_hash = GENESIS.to_owned();
    loop {
        let page = store.audit_page(prev_id, PAGE).await?;
        if page.is_empty() {
            break;
        }
        for record in page {
            if record.id != prev_id + 1 || record.prev_hash != prev_hash {
                return Ok(Err(Break::Unlinked { id: record.id }));
            }
            if record.expected_hash(key) != record.hash {
                return Ok(Err(Break::Altered { id: record.id }));
            }
            while let Some(anchor) = next_anchor.next_if(|a| a.seq == record.id) {
                if anchor.hash != record.hash {
                    return Ok(Err(Break::Rewritten { seq: anchor.seq }));
                }
            }
            prev_id = record.id;
            prev_hash = record.hash;
        }
    }
    if let Some(anchor) = next_anchor.next() {
        return Ok(Err(Break::Cut {
            anchored: anchor.seq,
            last_id: prev_id,
        }));
    }
    if head_seq != prev_id || head_hash != prev_hash {
        return Ok(Err(Break::Head {
            head_seq,
            last_id: prev_id,
        }));
    }
    Ok(Ok(prev_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_read_back_as_written() {
        let a = Anchor {
            seq: 42,
            hash: "ab".repeat(32),
            at: chrono::DateTime::parse_from_rfc3339("2026-12-02T08:30:00Z")
                .unwrap()
                .to_utc(),
        };
        let text = format!("# anchors\n{a}\n\n{a}\n");
        assert_eq!(parse_anchors(&text).unwrap(), vec![a.clone(), a]);
        assert!(parse_anchors("42 abc").is_err());
        assert!(parse_anchors("x abc 2026-12-02T08:30:00Z").is_err());
    }
}
