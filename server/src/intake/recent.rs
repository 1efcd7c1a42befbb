//! A one-second cache of integration records and their opened secrets for intake, so a burst
//! of deliveries costs one database write per event instead of a read, decryptions and a write,
//! and a flood of wrong secrets or unknown ids costs no more than a cache lookup.
//!
//! Staleness is bounded and safe: a secret that does not match the cached record may be checked
//! again against a fresh read (so a rotation's new secret works at once; the service limits how
//! often), and grace expiry is judged against the clock on every request. Only a disconnect, or
//! a rotation that ends the previous secret's grace immediately, can take up to `TTL` to apply.

use super::secret::WebhookKeys;
use crate::crypto::Cipher;
use crate::store::{IntegrationRecord, Store, StoreError};
use app::ids::IntegrationId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TTL: Duration = Duration::from_secs(1);
/// Beyond this many entries expired ones are dropped, so probing random ids cannot grow it.
const PRUNE_ABOVE: usize = 4_096;

/// An integration as intake sees it: the record and its secrets, opened once.
#[derive(Debug)]
pub struct Known {
    pub record: IntegrationRecord,
    pub keys: WebhookKeys,
}

/// When it was read, and what (None: no such integration).
type Entry = (Instant, Option<Arc<Known>>);

#[derive(Default)]
pub struct RecentIntegrations {
    entries: Mutex<HashMap<IntegrationId, Entry>>,
}

impl RecentIntegrations {
    /// The integration (None if unknown), from the cache unless `fresh` or expired, and
    /// whether it was just read from the store.
    pub async fn get(
        &self,
        store: &Store,
        cipher: &Cipher,
        id: IntegrationId,
        fresh: bool,
    ) -> Result<(Option<Arc<Known>>, bool), StoreError> {
        if !fresh {
            let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, known)) = entries.get(&id) {
                if at.elapsed() < TTL {
                    return Ok((known.clone(), false));
                }
            }
        }
        let known = store.integration(id).await?.map(|record| {
            let keys = WebhookKeys::open(cipher, &record);
            Arc::new(Known { record, keys })
        });
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() > PRUNE_ABOVE {
            entries.retain(|_, (at, _)| at.elapsed() < TTL);
        }
        entries.insert(id, (Instant::now(), known.clone()));
        Ok((known, true))
    }

    /// Drops the cached copy after intake itself changed the row.
    pub fn forget(&self, id: IntegrationId) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.remove(&id);
    }
}
