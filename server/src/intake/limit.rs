//! Token buckets per integration: a generous ceiling on intake (far above what Autotask really
//! sends) and a small budget for the fresh store reads a wrong secret may trigger.

use app::ids::IntegrationId;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept beyond this many are pruned of full ones (an idle integration's bucket is full,
/// so forgetting it changes nothing).
const PRUNE_ABOVE: usize = 4_096;

pub struct Buckets {
    per_second: f64,
    burst: f64,
    state: Mutex<HashMap<IntegrationId, (f64, Instant)>>,
}

impl Buckets {
    /// `per_second` tokens refill continuously up to `burst`; 0 per second disables the limit.
    pub fn new(per_second: u32, burst: u32) -> Self {
        Self {
            per_second: f64::from(per_second),
            burst: f64::from(burst.max(1)),
            state: Mutex::default(),
        }
    }

    /// Takes one token for `key`; false when its bucket is empty.
    pub fn take(&self, key: IntegrationId) -> bool {
        if self.per_second <= 0.0 {
            return true;
        }
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.len() > PRUNE_ABOVE {
            let (rate, burst) = (self.per_second, self.burst);
            state.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < burst
            });
        }
        let (tokens, at) = state.entry(key).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refuses_and_keys_are_separate() {
        let buckets = Buckets::new(1, 3);
        assert!((0..3).all(|_| buckets.take(IntegrationId::from(7))));
        assert!(!buckets.take(IntegrationId::from(7)));
        assert!(buckets.take(IntegrationId::from(8)));
        assert!(
            (0..100).all(|_| Buckets::new(0, 1).take(IntegrationId::from(7))),
            "0 disables"
        );
    }
}
