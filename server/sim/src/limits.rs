//! Autotask's throttles: a per-(integration code, entity) in-flight counter and the tenant-wide
//! rolling-hour request counter, plus the request statistics tests read back.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const HOUR: Duration = Duration::from_secs(3600);

pub struct Limits {
    pub thread_limit: usize,
    pub hourly_limit: u64,
    in_flight: Mutex<InFlight>,
    window: Mutex<VecDeque<Instant>>,
    /// Requests other integrations of the tenant made this hour: reported by
    /// ThresholdInformation on top of this simulator's own count (the governor's tests).
    pub other_usage: std::sync::atomic::AtomicU64,
}

#[derive(Default)]
struct InFlight {
    current: HashMap<(String, String), usize>,
    /// Highest concurrency a client attempted per entity, rejected attempts included.
    peak: BTreeMap<String, usize>,
}

/// Holds one thread slot until the request finishes.
pub struct Slot {
    limits: Arc<Limits>,
    key: (String, String),
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut g = self
            .limits
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(n) = g.current.get_mut(&self.key) {
            *n = n.saturating_sub(1);
        }
    }
}

impl Limits {
    pub fn new(thread_limit: usize, hourly_limit: u64) -> Self {
        Limits {
            thread_limit,
            hourly_limit,
            in_flight: Mutex::default(),
            window: Mutex::default(),
            other_usage: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Takes a slot for (integration code, entity), or `None` when the thread threshold is hit.
    pub fn acquire(self: &Arc<Self>, code: &str, entity: &str) -> Option<Slot> {
        let key = (code.to_owned(), entity.to_ascii_lowercase());
        let mut g = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        let current = *g.current.get(&key).unwrap_or(&0);
        let peak = g.peak.entry(key.1.clone()).or_insert(0);
        *peak = (*peak).max(current + 1);
        if current >= self.thread_limit {
            return None;
        }
        g.current.insert(key.clone(), current + 1);
        Some(Slot {
            limits: Arc::clone(self),
            key,
        })
    }

    pub fn peaks(&self) -> BTreeMap<String, usize> {
        self.in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .peak
            .clone()
    }

    /// Counts a request against the rolling hour, or returns the seconds until one slot frees.
    pub fn admit_hourly(&self) -> Result<(), u64> {
        let mut w = self.window.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        while w.front().is_some_and(|t| now.duration_since(*t) >= HOUR) {
            w.pop_front();
        }
        if w.len() as u64 >= self.hourly_limit {
            let oldest = w.front().copied().unwrap_or(now);
            let wait = HOUR.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        w.push_back(now);
        Ok(())
    }

    pub fn hourly_count(&self) -> u64 {
        let w = self.window.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        w.iter().filter(|t| now.duration_since(**t) < HOUR).count() as u64
    }

    pub fn reset(&self) {
        self.window
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        self.in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .peak
            .clear();
    }
}

#[derive(Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub unauthorized: AtomicU64,
    pub thread_rejections: AtomicU64,
    pub hourly_rejections: AtomicU64,
    pub injected_errors: AtomicU64,
    pub zone_lookups: AtomicU64,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn reset(&self) {
        for c in [
            &self.requests,
            &self.unauthorized,
            &self.thread_rejections,
            &self.hourly_rejections,
            &self.injected_errors,
            &self.zone_lookups,
        ] {
            c.store(0, Ordering::Relaxed);
        }
    }
}

/// Snapshot served by `/_sim/stats` and `SimHandle::stats`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Authenticated API requests (zoneInformation excluded), throttled ones included.
    pub request_count: u64,
    pub unauthorized: u64,
    pub thread_rejections: u64,
    pub hourly_rejections: u64,
    pub injected_errors: u64,
    pub zone_lookups: u64,
    /// Requests counted in the current rolling hour (what ThresholdInformation reports).
    pub hourly_window_count: u64,
    /// Highest number of simultaneous requests attempted per entity.
    pub peak_in_flight: BTreeMap<String, usize>,
}

impl Stats {
    pub fn collect(c: &Counters, limits: &Limits) -> Stats {
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        Stats {
            request_count: get(&c.requests),
            unauthorized: get(&c.unauthorized),
            thread_rejections: get(&c.thread_rejections),
            hourly_rejections: get(&c.hourly_rejections),
            injected_errors: get(&c.injected_errors),
            zone_lookups: get(&c.zone_lookups),
            hourly_window_count: limits.hourly_count(),
            peak_in_flight: limits.peaks(),
        }
    }
}
