//! Admin sign-in: first-run setup, passwords, sessions and the sign-in rate limit.

mod hash_gate;
mod password;
mod service;
mod validate;

pub use hash_gate::{GateLimits, HashGate, RETRY_AFTER_SECS};
pub use password::{hash_password, verify_password};
pub use service::Auth;
