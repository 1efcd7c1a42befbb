//! The session page: one agent session as the admin reads it, built from the store's rows.

mod service;
mod view;

pub use service::Sessions;
pub use view::session_view;
