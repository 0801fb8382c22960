//! Checking the audit log's hash chain (`xiaoneng audit-verify`): a change
//! made behind the application's back — an entry edited, removed or
//! inserted directly in the database — breaks the chain at that entry.

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
        }
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const PAGE: i64 = 1000;

/// Walks the whole chain; `Ok(n)` when all `n` entries hold.
pub async fn verify(store: &Store) -> anyhow::Result<Result<i64, Break>> {
    let (head_seq, head_hash) = store.audit_head().await?;
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
            if record.expected_hash(store.audit_key()) != record.hash {
                return Ok(Err(Break::Altered { id: record.id }));
            }
            prev_id = record.id;
            prev_hash = record.hash;
        }
    }
    if head_seq != prev_id || head_hash != prev_hash {
        return Ok(Err(Break::Head {
            head_seq,
            last_id: prev_id,
        }));
    }
    Ok(Ok(prev_id))
}
