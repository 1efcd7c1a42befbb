//! The Prometheus text exposition format (0.0.4): names, escaping and sample lines.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::Ordering;

use super::{Family, Series};

pub(super) fn valid_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// `__`-prefixed names are reserved by Prometheus and `le` is the histogram bucket label.
pub(super) fn valid_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with("__")
        && name != "le"
}

pub(super) fn render(families: &BTreeMap<String, Family>) -> String {
    let mut out = String::new();
    for (name, family) in families {
        let Some(first) = family.series.values().next() else {
            continue; // described but never used: nothing to say yet
        };
        let kind = match first {
            Series::Counter(_) => "counter",
            Series::Gauge(_) => "gauge",
            Series::Histogram(_) => "histogram",
        };
        let help = family.help.as_deref().unwrap_or("(no description)");
        // Writing into a String cannot fail.
        let _ = writeln!(out, "# HELP {name} {}", escape_help(help));
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for (labels, series) in &family.series {
            match series {
                Series::Counter(counter) => {
                    let _ = writeln!(out, "{name}{} {}", label_set(labels, None), counter.get());
                }
                Series::Gauge(gauge) => {
                    let value = format_float(gauge.get());
                    let _ = writeln!(out, "{name}{} {value}", label_set(labels, None));
                }
                Series::Histogram(histogram) => {
                    let core = &histogram.0;
                    let mut cumulative = 0u64;
                    for (index, count) in core.counts.iter().enumerate() {
                        cumulative += count.load(Ordering::Relaxed);
                        let le = core
                            .bounds
                            .get(index)
                            .map_or_else(|| "+Inf".to_owned(), |b| format_float(*b));
                        let labels = label_set(labels, Some(&le));
                        let _ = writeln!(out, "{name}_bucket{labels} {cumulative}");
                    }
                    let labels = label_set(labels, None);
                    // _count is the +Inf bucket by definition; reuse it so they always agree.
                    let _ = writeln!(out, "{name}_sum{labels} {}", format_float(core.sum()));
                    let _ = writeln!(out, "{name}_count{labels} {cumulative}");
                }
            }
        }
    }
    out
}

fn label_set(labels: &[(String, String)], le: Option<&str>) -> String {
    let mut pairs: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", escape_label_value(v)))
        .collect();
    if let Some(le) = le {
        pairs.push(format!("le=\"{le}\""));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", pairs.join(","))
    }
}

fn escape_label_value(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn escape_help(help: &str) -> String {
    help.replace('\\', "\\\\").replace('\n', "\\n")
}

/// Rust's `Display` for f64 never uses exponents, which Prometheus parses fine; only the
/// infinities need Prometheus' own spelling.
fn format_float(value: f64) -> String {
    if value == f64::INFINITY {
        "+Inf".into()
    } else if value == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Metrics;
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(valid_metric_name("relay_http_requests_total"));
        assert!(valid_metric_name("ns:metric_1"));
        assert!(!valid_metric_name("1abc") && !valid_metric_name("a-b") && !valid_metric_name(""));
        assert!(valid_label_name("route") && valid_label_name("_x1"));
        assert!(!valid_label_name("__name") && !valid_label_name("le") && !valid_label_name("a:b"));
    }

    #[test]
    fn counters_render_with_help_type_and_escaped_labels() {
        let metrics = Metrics::new();
        metrics.describe(
            "relay_webhook_events_received_total",
            "Webhook events by result.\nSecond line",
        );
        let accepted = metrics.counter(
            "relay_webhook_events_received_total",
            &[("result", "accepted")],
        );
        accepted.inc();
        accepted.inc();
        metrics
            .counter(
                "relay_webhook_events_received_total",
                &[("result", "odd \"quote\" \\ \n")],
            )
            .inc();
        metrics.counter("relay_plain_total", &[]).add(7);
        assert_eq!(
            metrics.render(),
            "# HELP relay_plain_total (no description)\n\
             # TYPE relay_plain_total counter\n\
             relay_plain_total 7\n\
             # HELP relay_webhook_events_received_total Webhook events by result.\\nSecond line\n\
             # TYPE relay_webhook_events_received_total counter\n\
             relay_webhook_events_received_total{result=\"accepted\"} 2\n\
             relay_webhook_events_received_total{result=\"odd \\\"quote\\\" \\\\ \\n\"} 1\n"
        );
    }

    #[test]
    fn same_labels_in_any_order_are_one_series() {
        let metrics = Metrics::new();
        metrics
            .counter("relay_x_total", &[("a", "1"), ("b", "2")])
            .inc();
        metrics
            .counter("relay_x_total", &[("b", "2"), ("a", "1")])
            .inc();
        assert!(metrics
            .render()
            .contains("relay_x_total{a=\"1\",b=\"2\"} 2\n"));
    }

    #[test]
    fn histograms_render_cumulative_buckets_sum_and_count() {
        let metrics = Metrics::new();
        static BUCKETS: &[f64] = &[0.5, 1.0];
        let histogram = metrics.histogram_with_buckets("relay_size", &[("kind", "a")], BUCKETS);
        histogram.observe(0.25);
        histogram.observe(0.75);
        histogram.observe(2.0);
        assert_eq!(
            metrics.render(),
            "# HELP relay_size (no description)\n\
             # TYPE relay_size histogram\n\
             relay_size_bucket{kind=\"a\",le=\"0.5\"} 1\n\
             relay_size_bucket{kind=\"a\",le=\"1\"} 2\n\
             relay_size_bucket{kind=\"a\",le=\"+Inf\"} 3\n\
             relay_size_sum{kind=\"a\"} 3\n\
             relay_size_count{kind=\"a\"} 3\n"
        );
    }

    #[test]
    fn gauges_render_their_last_value() {
        let metrics = Metrics::new();
        metrics.describe("relay_last_seconds", "When it last happened.");
        metrics
            .gauge("relay_last_seconds", &[])
            .set(1_700_000_000.5);
        assert_eq!(
            metrics.render(),
            "# HELP relay_last_seconds When it last happened.\n\
             # TYPE relay_last_seconds gauge\n\
             relay_last_seconds 1700000000.5\n"
        );
    }

    #[test]
    fn described_but_unused_metrics_are_omitted() {
        assert_eq!(Metrics::new().render(), "");
    }

    #[test]
    #[should_panic(expected = "registered as two kinds")]
    fn one_name_cannot_be_two_kinds() {
        let metrics = Metrics::new();
        metrics.counter("relay_clash", &[]).inc();
        metrics.histogram("relay_clash", &[]);
    }
}
