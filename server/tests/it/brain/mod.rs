//! The OpenAI-compatible brain against the fake model endpoint over real HTTP: the exchange,
//! the quirks, the error classes, the connection test and the per-MSP source.

mod errors;
mod exchange;
mod forms;
pub mod harness;
mod probe;
mod quirks;
mod settings;
