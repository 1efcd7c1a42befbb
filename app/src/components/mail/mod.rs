//! Settings → Outgoing mail: the server form, the remove button and the test mail.

mod fields;
mod form;
mod test_card;

pub use form::{MailForm, RemoveMail};
pub use test_card::MailTestCard;
