//! Settings → Identity verification: the provider form, the connection test, the classifier
//! phrases and the "try it" box. Every form is a real form (works before the wasm loads).

mod fields;
mod phrases;
mod provider_form;
mod test_card;
mod try_it;

pub use fields::successes;
pub use phrases::PhrasesCard;
pub use provider_form::ProviderForm;
pub use test_card::VerificationTestCard;
pub use try_it::TryItCard;
