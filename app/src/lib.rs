//! Relay UI.
