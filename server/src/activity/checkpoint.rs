//! Signed checkpoints of each MSP's chain head, written by a background task after every
//! `EVERY_N` appends and at least every `STALE_AFTER` while the chain grows. A checkpoint is
//! only signed after the entries since the previous one verified, so tampering is never
//! laundered into a signature.

use crate::crypto::AuditKey;
use crate::store::audit_chain::{from_hex32, to_hex};
use crate::store::{CheckpointRecord, NewCheckpoint, Store, StoreError};
use app::ids::MspId;
use std::time::Duration;
use tokio::sync::watch;

/// New entries that make a checkpoint due at the next tick.
pub const EVERY_N: i64 = 100;
/// How old the last checkpoint of a grown chain may get.
pub const STALE_AFTER_MS: i64 = 5 * 60 * 1000;
const TICK: Duration = Duration::from_secs(10);

/// `relay-audit-checkpoint-v1\0` and the checkpoint's canonical JSON: what the key signs.
pub fn checkpoint_message(msp_id: i64, seq: i64, hash: &str, at: i64) -> String {
    format!(
        "relay-audit-checkpoint-v1\0{{\"at\":\"{at}\",\"hash\":{},\"msp_id\":\"{msp_id}\",\"seq\":\"{seq}\"}}",
        serde_json::to_string(hash).expect("a string serialises")
    )
}

/// Signs the MSP's chain through its last entry, if the entries since the last checkpoint
/// verify; returns the new checkpoint, `None` when there was nothing new, or an error naming
/// the break.
pub async fn checkpoint(
    store: &Store,
    key: &AuditKey,
    msp_id: MspId,
    now: i64,
) -> Result<Option<CheckpointRecord>, CheckpointError> {
    let verified = super::verify::verify_since_checkpoint(store, key, msp_id).await?;
    if let Some(problem) = verified.problem {
        return Err(CheckpointError::Broken(problem.message));
    }
    if verified.through == 0
        || verified
            .checkpoint
            .is_some_and(|(seq, _)| seq >= verified.through)
    {
        return Ok(None);
    }
    let last = store
        .activity_chain_page(msp_id, verified.through - 1, 1)
        .await?
        .pop()
        .and_then(|row| row.hash)
        .filter(|h| from_hex32(h).is_some())
        .ok_or_else(|| CheckpointError::Broken("the last entry vanished while signing".into()))?;
    let message = checkpoint_message(msp_id.get(), verified.through, &last, now);
    let cp = NewCheckpoint {
        msp_id,
        seq: verified.through,
        hash: last,
        at: now,
        public_key: to_hex(key.public_key()),
        signature: to_hex(&key.sign(message.as_bytes())),
    };
    let id = store.insert_activity_checkpoint(&cp).await?;
    Ok(Some(CheckpointRecord {
        id,
        msp_id: msp_id.get(),
        seq: cp.seq,
        hash: cp.hash,
        at: cp.at,
        public_key: cp.public_key,
        signature: cp.signature,
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("the activity chain does not verify: {0}")]
    Broken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checkpoints every chain that is due, every `TICK`, until `stop`.
pub async fn run(store: Store, key: AuditKey, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(TICK);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|stopped| *stopped) => return,
        }
        let now = crate::clock::now_ms();
        let due = match store
            .activity_heads_due(EVERY_N, now - STALE_AFTER_MS)
            .await
        {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(error = %e, "could not read activity chain heads");
                continue;
            }
        };
        for head in due {
            match checkpoint(&store, &key, MspId::from(head.msp_id), now).await {
                Ok(Some(cp)) => tracing::debug!(
                    msp_id = cp.msp_id,
                    seq = cp.seq,
                    "activity checkpoint signed"
                ),
                Ok(None) => {}
                // Logged on every due tick until someone looks: tampering must not go quiet.
                Err(e) => {
                    tracing::error!(msp_id = head.msp_id, error = %e, "activity checkpoint refused")
                }
            }
        }
    }
}
