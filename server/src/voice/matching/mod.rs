//! Caller matching on the local contact index: phone number → contact or company; company
//! name → its contacts; spoken name within the company (nicknames, phonetic and edit-distance
//! tolerance). Pure and synchronous, so a `find_contact` answer never waits on Autotask.

mod index;
pub mod names;
pub mod phone;
mod search;

pub use index::{company_words, ContactIndex};
pub use search::{Candidate, Lookup, Via};
