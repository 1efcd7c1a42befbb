//! The budget governor: Autotask allows a tenant 10,000 requests per rolling hour across every
//! integration (reference §9.1). Background work (imports, backfills, periodic checks) asks for
//! its turn here before each page: it goes on below half of the threshold, slows down above
//! 50 % and pauses above 80 %, or above the admin's own ceiling for Relay. Interactive work
//! (an agent's tool calls, the webhook pipeline, the admin's pages) never asks, so it keeps
//! priority. The tenant's usage comes from `ThresholdInformation`, read at most once a minute.

use crate::autotask::{AutotaskError, TenantClient, ThresholdInformation};
use app::ids::IntegrationId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Above this share of the tenant's threshold, background work slows down.
pub const SLOW_AT: f64 = 0.5;
/// Above this share, background work pauses until usage drops.
pub const PAUSE_AT: f64 = 0.8;

/// What background work should do before its next request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    Go,
    /// Wait this long first (Autotask itself adds latency from 50 %).
    Slow(Duration),
    /// Do not send; ask again later.
    Pause,
}

/// The tenant's last known usage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub threshold: i64,
    pub used: i64,
    pub read_at: Instant,
}

impl Reading {
    pub fn share(&self) -> f64 {
        if self.threshold <= 0 {
            return 1.0;
        }
        self.used as f64 / self.threshold as f64
    }
}

/// How long the governor waits; tests shorten it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// How old a reading may be before background work reads ThresholdInformation again.
    pub max_age: Duration,
    /// The delay per page between 50 % and 80 %.
    pub slow_delay: Duration,
    /// How long a paused task waits before asking again.
    pub pause_poll: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            max_age: Duration::from_secs(60),
            slow_delay: Duration::from_secs(1),
            pause_poll: Duration::from_secs(30),
        }
    }
}

/// How often background work was slowed or paused, since start (for the page and /metrics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Turns {
    pub went: u64,
    pub slowed: u64,
    pub paused: u64,
}

/// Cheap to clone; clones share readings, timing and counts.
#[derive(Clone, Default)]
pub struct Governor {
    readings: Arc<Mutex<HashMap<IntegrationId, Reading>>>,
    timing: Arc<Mutex<Timing>>,
    turns: Arc<Mutex<HashMap<IntegrationId, Turns>>>,
}

impl Governor {
    pub fn timing(&self) -> Timing {
        *self.timing.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_timing(&self, timing: Timing) {
        *self.timing.lock().unwrap_or_else(|p| p.into_inner()) = timing;
    }

    pub fn turns(&self, id: IntegrationId) -> Turns {
        let turns = self.turns.lock().unwrap_or_else(|p| p.into_inner());
        turns.get(&id).copied().unwrap_or_default()
    }

    fn count(&self, id: IntegrationId, pace: Pace) {
        let mut turns = self.turns.lock().unwrap_or_else(|p| p.into_inner());
        let t = turns.entry(id).or_default();
        match pace {
            Pace::Go => t.went += 1,
            Pace::Slow(_) => t.slowed += 1,
            Pace::Pause => t.paused += 1,
        }
    }

    pub fn reading(&self, id: IntegrationId) -> Option<Reading> {
        let readings = self.readings.lock().unwrap_or_else(|p| p.into_inner());
        readings.get(&id).copied()
    }

    pub fn record(&self, id: IntegrationId, info: &ThresholdInformation) -> Reading {
        let reading = Reading {
            threshold: info.external_request_threshold,
            used: info.current_timeframe_request_count,
            read_at: Instant::now(),
        };
        let mut readings = self.readings.lock().unwrap_or_else(|p| p.into_inner());
        readings.insert(id, reading);
        reading
    }

    /// Reads ThresholdInformation now (one request) and remembers it.
    pub async fn refresh(
        &self,
        id: IntegrationId,
        tenant: &TenantClient,
    ) -> Result<Reading, AutotaskError> {
        let info = tenant.threshold_information().await?;
        Ok(self.record(id, &info))
    }

    /// The pace for background work given the tenant's usage and Relay's own count against the
    /// admin's ceiling (`None`: no ceiling).
    pub fn pace(&self, reading: Option<Reading>, relay_used: u64, ceiling: Option<u64>) -> Pace {
        let tenant = reading.map_or(0.0, |r| r.share());
        let own = ceiling.map_or(0.0, |c| relay_used as f64 / c.max(1) as f64);
        if tenant >= PAUSE_AT || own >= 1.0 {
            Pace::Pause
        } else if tenant >= SLOW_AT || own >= PAUSE_AT {
            Pace::Slow(self.timing().slow_delay)
        } else {
            Pace::Go
        }
    }

    /// Waits until background work of this integration may send its next page; returns the
    /// pace it was given (after any wait). A failed ThresholdInformation read keeps the last
    /// reading: the client's own 429 handling still stops a tenant at the hard limit.
    pub async fn wait_turn(
        &self,
        id: IntegrationId,
        tenant: &TenantClient,
        ceiling: Option<u64>,
    ) -> Pace {
        let mut paused = false;
        loop {
            let timing = self.timing();
            let fresh = self
                .reading(id)
                .filter(|r| r.read_at.elapsed() < timing.max_age);
            let reading = match fresh {
                Some(r) => Some(r),
                None => match self.refresh(id, tenant).await {
                    Ok(r) => Some(r),
                    Err(e) => {
                        tracing::warn!(integration = id.get(), error = %e, "ThresholdInformation unreadable");
                        self.reading(id)
                    }
                },
            };
            match self.pace(reading, tenant.requests_last_hour(), ceiling) {
                Pace::Pause => {
                    if !paused {
                        tracing::info!(
                            integration = id.get(),
                            "background Autotask work paused: budget"
                        );
                        self.count(id, Pace::Pause);
                        paused = true;
                    }
                    tokio::time::sleep(timing.pause_poll).await;
                    // Ask Autotask again rather than trusting a reading from before the wait.
                    let mut readings = self.readings.lock().unwrap_or_else(|p| p.into_inner());
                    readings.remove(&id);
                }
                Pace::Slow(delay) => {
                    self.count(id, Pace::Slow(delay));
                    tokio::time::sleep(delay).await;
                    return Pace::Slow(delay);
                }
                Pace::Go => {
                    self.count(id, Pace::Go);
                    return if paused { Pace::Pause } else { Pace::Go };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(used: i64) -> Option<Reading> {
        Some(Reading {
            threshold: 10_000,
            used,
            read_at: Instant::now(),
        })
    }

    #[test]
    fn slows_above_half_and_pauses_above_eighty_percent_or_the_ceiling() {
        let g = Governor::default();
        assert_eq!(g.pace(None, 0, None), Pace::Go);
        assert_eq!(g.pace(at(4_999), 0, None), Pace::Go);
        let slow = Pace::Slow(g.timing().slow_delay);
        assert_eq!(g.pace(at(6_000), 0, None), slow);
        assert_eq!(g.pace(at(8_500), 0, None), Pace::Pause);
        assert_eq!(g.pace(at(100), 900, Some(1_000)), slow);
        assert_eq!(g.pace(at(100), 1_000, Some(1_000)), Pace::Pause);
        assert_eq!(g.pace(at(100), 10, Some(1_000)), Pace::Go);
    }
}
