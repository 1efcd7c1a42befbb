//! Which admin may see their webhook secrets on their next page view: set when the secrets are
//! created, rotated or revealed (all POSTs), taken by that one view, so a form posted without
//! JavaScript lands on a page that shows them once and every later load or poll shows them
//! masked. Held in memory only; a script gets the secrets in the POST's own answer instead.

use app::ids::{IntegrationId, UserId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A reveal not looked at within this time lapses.
const TTL: Duration = Duration::from_secs(120);

#[derive(Clone, Default)]
pub struct RevealBoard {
    pending: Arc<Mutex<HashMap<UserId, (IntegrationId, Instant)>>>,
}

impl RevealBoard {
    /// The user's next view of this integration shows its secrets.
    pub fn grant(&self, user_id: UserId, integration_id: IntegrationId) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.retain(|_, (_, at)| at.elapsed() < TTL);
        pending.insert(user_id, (integration_id, Instant::now()));
    }

    /// Whether this view of the integration may show the secrets; true at most once per grant.
    pub fn take(&self, user_id: UserId, integration_id: IntegrationId) -> bool {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        match pending.remove(&user_id) {
            Some((id, at)) => id == integration_id && at.elapsed() < TTL,
            None => false,
        }
    }
}
