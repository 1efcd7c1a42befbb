//! A one-second cache of integration records for intake, so a burst of deliveries costs one
//! database write per event instead of a read and a write.
//!
//! Staleness is bounded and safe: a secret that does not match the cached record is checked
//! again against a fresh read (so a rotation's new secret works at once), and grace expiry is
//! judged against the clock on every request. Only a disconnect, or a rotation that ends the
//! previous secret's grace immediately, can take up to `TTL` to apply.

use crate::store::{IntegrationRecord, Store, StoreError};
use app::ids::IntegrationId;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const TTL: Duration = Duration::from_secs(1);

#[derive(Default)]
pub struct RecentIntegrations {
    entries: Mutex<HashMap<IntegrationId, (Instant, IntegrationRecord)>>,
}

impl RecentIntegrations {
    /// The integration, from the cache unless `fresh` or expired. Unknown ids are not cached.
    pub async fn get(
        &self,
        store: &Store,
        id: IntegrationId,
        fresh: bool,
    ) -> Result<Option<IntegrationRecord>, StoreError> {
        if !fresh {
            let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, record)) = entries.get(&id) {
                if at.elapsed() < TTL {
                    return Ok(Some(record.clone()));
                }
            }
        }
        let record = store.integration(id).await?;
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        match &record {
            Some(r) => {
                entries.insert(id, (Instant::now(), r.clone()));
            }
            None => {
                entries.remove(&id);
            }
        }
        Ok(record)
    }
}
