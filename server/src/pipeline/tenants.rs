//! One `TenantClient` per integration, rebuilt when its credentials change.

use super::error::PipelineError;
use crate::autotask::{AutotaskClient, Credentials, TenantClient};
use crate::crypto::Cipher;
use crate::integrations::secrets::open_api_secret;
use crate::store::{IntegrationRecord, Millis};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

const RETRY_BUDGET: Duration = Duration::from_secs(15);

pub struct Tenants {
    client: AutotaskClient,
    cipher: Cipher,
    /// Keyed by id; `updated_at` tells whether the credentials changed since.
    cached: Mutex<HashMap<i64, (Millis, TenantClient)>>,
}

impl Tenants {
    pub fn new(client: AutotaskClient, cipher: Cipher) -> Self {
        Self {
            client,
            cipher,
            cached: Mutex::default(),
        }
    }

    pub fn tenant(&self, record: &IntegrationRecord) -> Result<TenantClient, PipelineError> {
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, tenant)) = cached.get(&record.id) {
            if *at == record.updated_at {
                return Ok(tenant.clone());
            }
        }
        let secret = open_api_secret(&self.cipher, record)
            .map_err(|e| PipelineError::Secret(e.to_string()))?;
        // Short budget: the worker retries a failed event later with its own backoff
        // instead of holding its lease while Autotask throttles.
        let tenant = self
            .client
            .tenant(Credentials::new(
                &record.username,
                secret.as_str(),
                &record.tracking_id,
            ))
            .with_retry_budget(RETRY_BUDGET);
        cached.insert(record.id, (record.updated_at, tenant.clone()));
        Ok(tenant)
    }
}
