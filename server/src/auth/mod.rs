//! Admin sign-in: first-run setup, passwords, sessions and the sign-in rate limit.

mod password;
mod service;
mod validate;

pub use password::{hash_password, verify_password};
pub use service::Auth;
