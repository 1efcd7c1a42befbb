//! One module per page.

mod activity;
mod agent_brain;
mod approvals;
mod autotask;
mod calls;
mod client;
mod clients;
mod demo;
mod integrations;
mod login;
mod not_found;
mod session;
mod sessions;
mod settings;
mod setup;
mod voice;

pub use activity::ActivityPage;
pub use agent_brain::AgentBrainPage;
pub use approvals::ApprovalsPage;
pub use autotask::AutotaskPage;
pub use calls::CallsPage;
pub use client::ClientPage;
pub use clients::ClientsPage;
pub use demo::DemoPage;
pub use integrations::IntegrationsPage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use session::SessionPage;
pub use sessions::SessionsPage;
pub use settings::SettingsPage;
pub use setup::SetupPage;
pub use voice::VoicePage;
