//! A small Prometheus registry: named counters, gauges and histograms with labels, rendered in the text
//! exposition format, plus the HTTP middleware that counts and times every request.

mod http;
mod instruments;
mod render;

pub use http::{endpoint, track, HTTP_DURATION, HTTP_REQUESTS};
pub use instruments::{Counter, Gauge, Histogram, LATENCY_BUCKETS_SECONDS};

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use instruments::HistogramCore;

/// Cheap to clone; every clone feeds the same registry. Look-ups take one short lock; callers on
/// hot paths may keep the returned `Counter`/`Histogram`, whose updates are lock-free atomics.
#[derive(Clone)]
pub struct Metrics {
    families: Arc<Mutex<BTreeMap<String, Family>>>,
}

#[derive(Default)]
struct Family {
    help: Option<String>,
    series: BTreeMap<Labels, Series>,
}

/// Label pairs sorted by name, so `[("a",..),("b",..)]` and `[("b",..),("a",..)]` are one series.
type Labels = Vec<(String, String)>;

#[derive(Clone)]
enum Series {
    Counter(Counter),
    Gauge(Gauge),
    Histogram(Histogram),
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with the HTTP request metrics already described.
    pub fn new() -> Self {
        let metrics = Metrics {
            families: Arc::default(),
        };
        metrics.describe(
            HTTP_REQUESTS,
            "HTTP requests by method, route template and status.",
        );
        metrics.describe(
            HTTP_DURATION,
            "HTTP request latency by method and route template.",
        );
        metrics
    }

    /// Sets the `# HELP` text of a metric; undescribed metrics get a placeholder.
    pub fn describe(&self, name: &str, help: &str) {
        let mut families = self.lock();
        families.entry(name.to_owned()).or_default().help = Some(help.to_owned());
    }

    /// The counter for `name` and these labels, registered on first use.
    pub fn counter(&self, name: &str, labels: &[(&str, &str)]) -> Counter {
        match self.series(name, labels, Kind::Counter, || {
            Series::Counter(Counter::default())
        }) {
            Some(Series::Counter(counter)) => counter,
            // A name clash is a programming error; keep counting, just not in the output.
            _ => Counter::default(),
        }
    }

    /// The gauge for `name` and these labels, registered on first use.
    pub fn gauge(&self, name: &str, labels: &[(&str, &str)]) -> Gauge {
        match self.series(
            name,
            labels,
            Kind::Gauge,
            || Series::Gauge(Gauge::default()),
        ) {
            Some(Series::Gauge(gauge)) => gauge,
            _ => Gauge::default(),
        }
    }

    /// A histogram over `LATENCY_BUCKETS_SECONDS`, registered on first use.
    pub fn histogram(&self, name: &str, labels: &[(&str, &str)]) -> Histogram {
        self.histogram_with_buckets(name, labels, LATENCY_BUCKETS_SECONDS)
    }

    /// `buckets` are ascending upper bounds; `+Inf` is added. The first registration of a
    /// series fixes its buckets.
    pub fn histogram_with_buckets(
        &self,
        name: &str,
        labels: &[(&str, &str)],
        buckets: &'static [f64],
    ) -> Histogram {
        let make = || Series::Histogram(Histogram(Arc::new(HistogramCore::new(buckets))));
        match self.series(name, labels, Kind::Histogram, make) {
            Some(Series::Histogram(histogram)) => histogram,
            _ => Histogram(Arc::new(HistogramCore::new(buckets))),
        }
    }

    /// Everything registered, in the Prometheus text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        render::render(&self.lock())
    }

    /// `None` when the name or a label is invalid or the name is taken by another kind; these
    /// are bugs in the caller, so debug builds (and tests) stop on them.
    fn series(
        &self,
        name: &str,
        labels: &[(&str, &str)],
        kind: Kind,
        make: impl FnOnce() -> Series,
    ) -> Option<Series> {
        let valid = render::valid_metric_name(name)
            && labels.iter().all(|(k, _)| render::valid_label_name(k));
        debug_assert!(valid, "invalid metric {name:?} or labels {labels:?}");
        if !valid {
            return None;
        }
        let mut key: Labels = labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        key.sort();
        let mut families = self.lock();
        if !families.contains_key(name) {
            families.insert(name.to_owned(), Family::default());
        }
        let family = families.get_mut(name)?;
        let kind_matches = family
            .series
            .values()
            .next()
            .is_none_or(|s| s.kind() == kind);
        debug_assert!(kind_matches, "metric {name:?} registered as two kinds");
        if !kind_matches {
            return None;
        }
        Some(family.series.entry(key).or_insert_with(make).clone())
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Family>> {
        // The map is always left consistent, so a panic elsewhere must not disable metrics.
        self.families.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Counter,
    Gauge,
    Histogram,
}

impl Series {
    fn kind(&self) -> Kind {
        match self {
            Series::Counter(_) => Kind::Counter,
            Series::Gauge(_) => Kind::Gauge,
            Series::Histogram(_) => Kind::Histogram,
        }
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("families", &self.lock().len())
            .finish()
    }
}
