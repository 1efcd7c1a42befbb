//! Small building blocks shared by pages.

pub mod approvals;
pub mod autotask;
pub mod brain;
mod form;
mod layout;
mod loaded;
pub mod mail;
mod mode;
mod pager;
pub mod style;
mod triage;
pub mod verification;

pub use form::*;
pub use layout::*;
pub use loaded::loaded;
pub use mode::ModeChoices;
pub use pager::*;
pub use triage::TriageCard;
