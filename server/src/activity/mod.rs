//! The activity log as the admin reads it, and the admin's retry of a parked event.

mod service;

pub use service::{Activity, ACTIVITY_PER_PAGE};
