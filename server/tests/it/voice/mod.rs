//! The voice agent: refusals and both authentication schemes at the router, then calls
//! replayed by the simulated voice platform against a served Relay and a simulated Autotask.

mod admin;
mod calls;
mod harness;
mod matching_set;
mod refusals;
