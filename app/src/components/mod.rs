//! Small building blocks shared by pages.

pub mod autotask;
mod form;
mod layout;
mod pager;

pub use form::*;
pub use layout::*;
pub use pager::*;
