//! Implementations of the services `app` defines for its server functions.

mod admin;

pub use admin::AdminServiceImpl;
