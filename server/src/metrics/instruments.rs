//! The lock-free instruments behind each series: a counter, a gauge and a fixed-bucket histogram.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Upper bounds in seconds of the latency buckets: 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000,
/// 2500 and 5000 ms (Prometheus convention is base units, so the bounds are seconds).
pub const LATENCY_BUCKETS_SECONDS: &[f64] = &[
    0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// A monotonically increasing count; clones share the value.
#[derive(Clone, Debug, Default)]
pub struct Counter(pub(super) Arc<AtomicU64>);

impl Counter {
    pub fn inc(&self) {
        self.add(1);
    }

    pub fn add(&self, n: u64) {
        // Relaxed: the count is independent of any other memory, and a scrape may lag a little.
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A value that goes up and down (or a timestamp); clones share it. Stored as f64 bits.
#[derive(Clone, Debug)]
pub struct Gauge(pub(super) Arc<AtomicU64>);

impl Default for Gauge {
    fn default() -> Self {
        Gauge(Arc::new(AtomicU64::new(0f64.to_bits())))
    }
}

impl Gauge {
    pub fn set(&self, value: f64) {
        self.0.store(value.to_bits(), Ordering::Relaxed);
    }

    pub fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }
}

/// A histogram with fixed bucket bounds; clones share the buckets.
#[derive(Clone, Debug)]
pub struct Histogram(pub(super) Arc<HistogramCore>);

#[derive(Debug)]
pub(super) struct HistogramCore {
    pub bounds: &'static [f64],
    /// Per-bucket (not cumulative) counts, one more than `bounds` for `+Inf`; cumulated when
    /// rendered so an observation costs one increment rather than one per bucket.
    pub counts: Box<[AtomicU64]>,
    /// The f64 sum, stored as bits so it can live in an atomic.
    pub sum_bits: AtomicU64,
}

impl HistogramCore {
    pub fn new(bounds: &'static [f64]) -> Self {
        debug_assert!(
            bounds.windows(2).all(|w| w[0] < w[1]),
            "buckets must ascend"
        );
        HistogramCore {
            bounds,
            counts: (0..=bounds.len()).map(|_| AtomicU64::new(0)).collect(),
            sum_bits: AtomicU64::new(0f64.to_bits()),
        }
    }

    pub fn sum(&self) -> f64 {
        f64::from_bits(self.sum_bits.load(Ordering::Relaxed))
    }
}

impl Histogram {
    pub fn observe(&self, value: f64) {
        if value.is_nan() {
            return; // would poison the sum forever
        }
        let core = &self.0;
        let index = core
            .bounds
            .iter()
            .position(|bound| value <= *bound)
            .unwrap_or(core.bounds.len());
        core.counts[index].fetch_add(1, Ordering::Relaxed);
        // fetch_update retries on contention; the closure always returns Some.
        let _ = core
            .sum_bits
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
                Some((f64::from_bits(bits) + value).to_bits())
            });
    }

    pub fn observe_duration(&self, elapsed: Duration) {
        self.observe(elapsed.as_secs_f64());
    }

    /// Total observations.
    pub fn count(&self) -> u64 {
        self.0
            .counts
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .sum()
    }

    pub fn sum(&self) -> f64 {
        self.0.sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_counts_across_clones() {
        let counter = Counter::default();
        counter.inc();
        counter.clone().add(4);
        assert_eq!(counter.get(), 5);
    }

    #[test]
    fn gauge_holds_the_last_value_across_clones() {
        let gauge = Gauge::default();
        assert_eq!(gauge.get(), 0.0);
        gauge.set(1_700_000_000.25);
        gauge.clone().set(-2.5);
        assert_eq!(gauge.get(), -2.5);
    }

    #[test]
    fn histogram_places_values_on_bucket_bounds_inclusively() {
        let histogram = Histogram(Arc::new(HistogramCore::new(LATENCY_BUCKETS_SECONDS)));
        histogram.observe(0.001); // exactly the first bound: le="0.001"
        histogram.observe_duration(Duration::from_millis(3)); // le="0.005"
        histogram.observe(60.0); // +Inf
        histogram.observe(f64::NAN); // ignored
        let counts: Vec<u64> = histogram
            .0
            .counts
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect();
        assert_eq!(counts[0], 1);
        assert_eq!(counts[2], 1);
        assert_eq!(counts[LATENCY_BUCKETS_SECONDS.len()], 1);
        assert_eq!(histogram.count(), 3);
        assert!((histogram.sum() - 60.004).abs() < 1e-9);
    }
}
