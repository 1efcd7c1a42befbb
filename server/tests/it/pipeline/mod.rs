//! The ticket pipeline end to end: the simulator posts signed webhooks to the real router over
//! HTTP, the worker routes them, wakes agents and delivers messages.

mod activity_words;
mod backfill;
mod crash;
mod faults;
pub(crate) mod harness;
mod incomplete;
mod ordering;
mod parking;
mod replay;
mod resilience;
mod routing;
