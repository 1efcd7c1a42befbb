//! The Autotask budget: Relay's own hourly ceiling per integration and the usage samples the
//! integration page charts.

pub(super) mod records;

use super::{AutotaskBudget, Millis, Store, StoreError, UsageSample};
use crate::{db_run, db_write};
use app::ids::IntegrationId;

const CEILING: &str = "SELECT relay_hourly_ceiling FROM autotask_budgets WHERE integration_id = $1";
const SET_CEILING: &str = "INSERT INTO autotask_budgets (integration_id, relay_hourly_ceiling, \
     updated_at) VALUES ($1, $2, $3) ON CONFLICT (integration_id) DO UPDATE SET \
     relay_hourly_ceiling = excluded.relay_hourly_ceiling, updated_at = excluded.updated_at";
/// A second sample in the same millisecond is the same reading.
const INSERT_SAMPLE: &str = "INSERT INTO autotask_usage_samples (integration_id, at, \
     tenant_used, tenant_threshold, relay_used) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (integration_id, at) DO NOTHING";
const PRUNE_SAMPLES: &str =
    "DELETE FROM autotask_usage_samples WHERE integration_id = $1 AND at < $2";
const SAMPLES_SINCE: &str = "SELECT at, tenant_used, tenant_threshold, relay_used \
     FROM autotask_usage_samples WHERE integration_id = $1 AND at >= $2 ORDER BY at";

impl Store {
    pub async fn autotask_budget(&self, id: IntegrationId) -> Result<AutotaskBudget, StoreError> {
        let ceiling: Option<Option<i64>> = db_run!(self, pool => {
            sqlx::query_scalar(CEILING).bind(id.get()).fetch_optional(pool).await?
        });
        Ok(AutotaskBudget {
            relay_hourly_ceiling: ceiling.flatten().and_then(|c| u64::try_from(c).ok()),
        })
    }

    /// `None` removes the ceiling.
    pub async fn set_relay_hourly_ceiling(
        &self,
        id: IntegrationId,
        ceiling: Option<u64>,
        now: Millis,
    ) -> Result<(), StoreError> {
        let ceiling = ceiling.map(|c| i64::try_from(c).unwrap_or(i64::MAX));
        db_write!(self, pool => {
            sqlx::query(SET_CEILING)
                .bind(id.get())
                .bind(ceiling)
                .bind(now)
                .execute(pool)
                .await
                .map(drop)?
        });
        Ok(())
    }

    /// Stores a sample and drops those older than `keep_from`.
    pub async fn record_usage_sample(
        &self,
        id: IntegrationId,
        sample: UsageSample,
        keep_from: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(INSERT_SAMPLE)
                .bind(id.get())
                .bind(sample.at)
                .bind(sample.tenant_used)
                .bind(sample.tenant_threshold)
                .bind(sample.relay_used)
                .execute(pool)
                .await?;
            sqlx::query(PRUNE_SAMPLES)
                .bind(id.get())
                .bind(keep_from)
                .execute(pool)
                .await
                .map(drop)?
        });
        Ok(())
    }

    /// Oldest first.
    pub async fn usage_samples_since(
        &self,
        id: IntegrationId,
        since: Millis,
    ) -> Result<Vec<UsageSample>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(SAMPLES_SINCE).bind(id.get()).bind(since).fetch_all(pool).await?
        }))
    }
}
