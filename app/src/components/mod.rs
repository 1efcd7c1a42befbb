//! Small building blocks shared by pages.

pub mod autotask;
mod form;
mod layout;
mod loaded;
mod pager;
pub mod style;
mod triage;

pub use form::*;
pub use layout::*;
pub use loaded::loaded;
pub use pager::*;
pub use triage::TriageCard;
