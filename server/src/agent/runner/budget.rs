//! The per-wake budgets of a run and what has been spent of them.

use crate::agent::chat::Usage;

/// The most one wake (or message) may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budgets {
    pub tool_calls: u32,
    pub brain_calls: u32,
    pub tokens: u32,
}

/// The most tokens one reply may use, whatever is left of the budget.
const MAX_REPLY_TOKENS: u32 = 4096;

#[derive(Debug, Default)]
pub(super) struct Spent {
    pub tool_calls: u32,
    pub brain_calls: u32,
    pub tokens: u32,
}

impl Spent {
    pub fn brain_call(&mut self, usage: Usage) {
        self.brain_calls += 1;
        self.tokens = self
            .tokens
            .saturating_add(usage.prompt_tokens)
            .saturating_add(usage.completion_tokens);
    }

    /// Why no further brain call may be made, if so.
    pub fn brain_exhausted(&self, budgets: &Budgets) -> Option<String> {
        if self.brain_calls >= budgets.brain_calls {
            return Some(format!(
                "the brain-call budget of {} per wake is used up",
                budgets.brain_calls
            ));
        }
        if self.tokens >= budgets.tokens {
            return Some(format!(
                "the token budget of {} per wake is used up ({} spent)",
                budgets.tokens, self.tokens
            ));
        }
        None
    }

    pub fn tool_exhausted(&self, budgets: &Budgets) -> Option<String> {
        (self.tool_calls >= budgets.tool_calls).then(|| {
            format!(
                "the tool-call budget of {} per wake is used up",
                budgets.tool_calls
            )
        })
    }

    pub fn reply_tokens(&self, budgets: &Budgets) -> u32 {
        budgets
            .tokens
            .saturating_sub(self.tokens)
            .min(MAX_REPLY_TOKENS)
    }
}
