//! Small building blocks shared by pages.

mod form;
mod layout;
mod pager;

pub use form::*;
pub use layout::*;
pub use pager::*;
