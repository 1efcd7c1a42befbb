//! The agent: a runner that works sessions with unread input, and the brains that decide what
//! to do next (the built-in rule agent, or an OpenAI-compatible model).

pub mod brain;
pub mod chat;
pub mod prompt;
pub mod runner;
pub mod wake;
