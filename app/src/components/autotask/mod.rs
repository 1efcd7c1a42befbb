//! The parts of the Autotask page: credentials step, company types, import progress, webhook card.

mod budget;
mod copy;
mod credentials;
mod import;
mod policies;
mod types;
mod webhook;
mod webhook_parts;
mod webhook_registration;

pub use budget::{BudgetPanel, CeilingForm};
pub use copy::CopyField;
pub use credentials::CredentialsStep;
pub use import::ImportProgressBar;
pub use policies::{policy_label, DefaultModeCard, ToolPoliciesCard};
pub use types::CompanyTypesStep;
pub use webhook::WebhookCard;
