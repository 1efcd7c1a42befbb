//! Verifying an MSP's activity chain: every link from genesis to the end, every checkpoint's
//! signature, and every checkpoint against the entry it names. Reports the first break.

use crate::clock::fmt_utc;
use crate::crypto::AuditKey;
use crate::store::audit_chain::{from_hex32, to_hex, GENESIS};
use crate::store::{CheckpointRecord, Store, StoreError};
use app::ids::MspId;

use super::checkpoint::checkpoint_message;

const PAGE: i64 = 1_000;

/// Why a chain does not verify, at the first seq where it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// Summary or detail differ from what was hashed.
    PayloadAltered,
    /// Another chained field (time, client, kind, outcome, seq) differs from what was hashed.
    RowAltered,
    /// The entry does not point at the hash of the entry before it.
    LinkBroken,
    /// The entry with this seq is missing.
    Missing,
    /// A signed checkpoint names another hash for this seq: the chain was rewritten.
    CheckpointMismatch,
    /// A checkpoint's signature does not check under this server's key.
    CheckpointForged,
    /// The chain ends before a signed checkpoint or its head: entries at the end were removed.
    Truncated,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub seq: i64,
    pub kind: Break,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub msp_id: MspId,
    /// The last seq whose link verified (0 for an empty chain).
    pub through: i64,
    /// The last checkpoint that verified: (seq, when signed).
    pub checkpoint: Option<(i64, i64)>,
    /// Entries not chained yet; the next append chains them.
    pub unchained: i64,
    pub problem: Option<Problem>,
}

impl Verification {
    pub fn is_ok(&self) -> bool {
        self.problem.is_none()
    }

    /// One line for people: "OK through seq N (checkpoint at …)" or the first break and why.
    pub fn summary(&self) -> String {
        let mut line = match &self.problem {
            None => format!("OK through seq {}", self.through),
            Some(p) => format!("BROKEN at seq {}: {}", p.seq, p.message),
        };
        match self.checkpoint {
            Some((seq, at)) => line.push_str(&format!(
                " (checkpoint at seq {seq}, signed {})",
                fmt_utc(at)
            )),
            None => line.push_str(" (no checkpoint yet)"),
        }
        if self.unchained > 0 {
            line.push_str(&format!(
                "; {} older entries are not chained yet",
                self.unchained
            ));
        }
        line
    }
}

/// Walks the whole chain of `msp_id`.
pub async fn verify(
    store: &Store,
    key: &AuditKey,
    msp_id: MspId,
) -> Result<Verification, StoreError> {
    walk(store, key, msp_id, false).await
}

/// Walks only from the last checkpoint (whose signature still checks) to the end: what must
/// hold before the next checkpoint is signed, without rereading the whole history each time.
pub async fn verify_since_checkpoint(
    store: &Store,
    key: &AuditKey,
    msp_id: MspId,
) -> Result<Verification, StoreError> {
    walk(store, key, msp_id, true).await
}

async fn walk(
    store: &Store,
    key: &AuditKey,
    msp_id: MspId,
    from_last_checkpoint: bool,
) -> Result<Verification, StoreError> {
    let checkpoints = store.activity_checkpoints(msp_id).await?;
    let unchained = store.count_unchained_activity(msp_id).await?;
    let head = store.activity_head(msp_id).await?;
    let mut out = Verification {
        msp_id,
        through: 0,
        checkpoint: None,
        unchained,
        problem: None,
    };
    if let Some(cp) = checkpoints.iter().find(|cp| !signed_by(key, cp)) {
        out.problem = Some(Problem {
            seq: cp.seq,
            kind: Break::CheckpointForged,
            message: format!(
                "the checkpoint at seq {} (dated {}) is not signed by this server's key",
                cp.seq,
                fmt_utc(cp.at)
            ),
        });
        return Ok(out);
    }
    let mut prev = GENESIS;
    let mut next_cp = checkpoints.iter().peekable();
    if let Some(last) = checkpoints.last().filter(|_| from_last_checkpoint) {
        // Signed, so its hash is one this server once verified; the entry after it must link.
        if let Some(hash) = from_hex32(&last.hash) {
            prev = hash;
            out.through = last.seq;
            out.checkpoint = Some((last.seq, last.at));
            while next_cp.next_if(|cp| cp.seq <= last.seq).is_some() {}
        }
    }
    'pages: loop {
        let rows = store.activity_chain_page(msp_id, out.through, PAGE).await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let seq = out.through + 1;
            let stored = row.seq.unwrap_or_default();
            let fields = row.fields(stored);
            let (payload_hash, hash) = fields.hashes(&prev);
            let problem = if stored != seq {
                Some((
                    Break::Missing,
                    format!("entry seq {seq} is missing (the next entry is seq {stored})"),
                ))
            } else if row.prev_hash.as_deref() != Some(to_hex(&prev).as_str()) {
                Some((
                    Break::LinkBroken,
                    format!("entry seq {seq} does not point at entry seq {}", seq - 1),
                ))
            } else if row.payload_hash.as_deref() != Some(payload_hash.as_str()) {
                Some((Break::PayloadAltered, format!("entry seq {seq} (id {}) was altered: its summary or detail no longer match its hash", row.id)))
            } else if row.hash.as_deref() != Some(hash.as_str()) {
                Some((Break::RowAltered, format!("entry seq {seq} (id {}) was altered: its time, client, kind or outcome no longer match its hash", row.id)))
            } else {
                None
            };
            if let Some((kind, message)) = problem {
                out.problem = Some(Problem { seq, kind, message });
                break 'pages;
            }
            while let Some(cp) = next_cp.next_if(|cp| cp.seq <= seq) {
                if cp.seq == seq && cp.hash != hash {
                    out.problem = Some(Problem {
                        seq,
                        kind: Break::CheckpointMismatch,
                        message: format!(
                            "entry seq {seq} differs from the checkpoint signed {}: the chain was rewritten from there or earlier",
                            fmt_utc(cp.at)
                        ),
                    });
                    break 'pages;
                }
                out.checkpoint = Some((cp.seq, cp.at));
            }
            prev = from_hex32(&hash).expect("a hash verify made");
            out.through = seq;
        }
    }
    if out.problem.is_none() {
        out.problem = truncation(
            &out,
            next_cp.peek().copied(),
            head.as_ref().map(|h| (h.seq, h.hash.as_str())),
            &prev,
        );
    }
    Ok(out)
}

/// After the last entry: a checkpoint or the head beyond it means entries were removed.
fn truncation(
    out: &Verification,
    later_cp: Option<&CheckpointRecord>,
    head: Option<(i64, &str)>,
    last_hash: &[u8; 32],
) -> Option<Problem> {
    let seq = out.through + 1;
    if let Some(cp) = later_cp {
        return Some(Problem {
            seq,
            kind: Break::Truncated,
            message: format!(
                "the chain ends at seq {} but a checkpoint signed {} covers seq {}: entries were removed",
                out.through,
                fmt_utc(cp.at),
                cp.seq
            ),
        });
    }
    match head {
        Some((head_seq, _)) if head_seq > out.through => Some(Problem {
            seq,
            kind: Break::Truncated,
            message: format!(
                "the chain ends at seq {} but its head is at seq {head_seq}: entries were removed",
                out.through
            ),
        }),
        Some((head_seq, head_hash))
            if head_seq == out.through && head_hash != to_hex(last_hash) =>
        {
            Some(Problem {
                seq: head_seq,
                kind: Break::RowAltered,
                message: format!("the chain head does not match entry seq {head_seq}"),
            })
        }
        _ => None,
    }
}

fn signed_by(key: &AuditKey, cp: &CheckpointRecord) -> bool {
    let message = checkpoint_message(cp.msp_id, cp.seq, &cp.hash, cp.at);
    decode_hex(&cp.signature).is_some_and(|sig| key.verify(message.as_bytes(), &sig))
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}
