//! One module per page.

mod activity;
mod agent_brain;
mod autotask;
mod client;
mod clients;
mod integrations;
mod login;
mod not_found;
mod settings;
mod setup;

pub use activity::ActivityPage;
pub use agent_brain::AgentBrainPage;
pub use autotask::AutotaskPage;
pub use client::ClientPage;
pub use clients::ClientsPage;
pub use integrations::IntegrationsPage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use settings::SettingsPage;
pub use setup::SetupPage;
