//! Records of the Autotask budget: the admin's ceiling and the usage samples behind the chart.

use crate::store::Millis;

/// An integration's budget settings; the default is no ceiling of Relay's own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AutotaskBudget {
    pub relay_hourly_ceiling: Option<u64>,
}

/// One ThresholdInformation reading with Relay's own count at the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct UsageSample {
    pub at: Millis,
    pub tenant_used: i64,
    pub tenant_threshold: i64,
    pub relay_used: i64,
}
