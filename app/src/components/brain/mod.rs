//! Settings → Agent brain: the settings form, the provider hints and the connection test.

mod form;
mod presets;
mod test_card;

pub use form::BrainForm;
pub use presets::Presets;
pub use test_card::TestCard;
