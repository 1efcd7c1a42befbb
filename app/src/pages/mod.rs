//! One module per page.

mod activity;
mod autotask;
mod calls;
mod clients;
mod integrations;
mod login;
mod not_found;
mod settings;
mod setup;
mod voice;

pub use activity::ActivityPage;
pub use autotask::AutotaskPage;
pub use calls::CallsPage;
pub use clients::ClientsPage;
pub use integrations::IntegrationsPage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use settings::SettingsPage;
pub use setup::SetupPage;
pub use voice::VoicePage;
