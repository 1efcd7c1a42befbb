//! One brain call with the runner's answers to its errors: transient failures are retried a
//! few times, an overflowing conversation is shrunk once, the rest end the run.

use std::time::Duration;

use super::Runner;
use crate::agent::brain::{Brain, BrainError};
use crate::agent::chat::{BrainReply, BrainRequest};
use crate::agent::prompt::drop_oldest_tool_results;

/// How a brain call that produced no reply ends the run.
pub(super) enum BrainStop {
    /// A person must fix something (credentials, quota, the endpoint).
    Failed(String),
    /// Try the whole run again after this long.
    RetryAfter(Duration, String),
}

impl Runner {
    pub(super) async fn ask(
        &self,
        brain: &dyn Brain,
        mut request: BrainRequest,
    ) -> Result<BrainReply, BrainStop> {
        let mut shrunk = false;
        let mut transient = 0;
        loop {
            match brain.complete(&request).await {
                Ok(reply) => return Ok(reply),
                Err(BrainError::RateLimited { retry_after }) => {
                    let after = retry_after.unwrap_or(self.config.retry_later);
                    return Err(BrainStop::RetryAfter(
                        after,
                        format!(
                            "the model endpoint is rate limiting; retrying in {} s",
                            after.as_secs()
                        ),
                    ));
                }
                Err(BrainError::ContextOverflow) if !shrunk => {
                    shrunk = true;
                    if !drop_oldest_tool_results(&mut request.messages) {
                        return Err(BrainStop::Failed(BrainError::ContextOverflow.to_string()));
                    }
                }
                Err(BrainError::Transient(why)) if transient < self.config.transient_retries => {
                    let delay = self.config.transient_backoff * 2u32.pow(transient);
                    transient += 1;
                    tracing::debug!(%why, ?delay, "transient brain failure; retrying");
                    tokio::time::sleep(delay).await;
                }
                Err(err) => return Err(BrainStop::Failed(err.to_string())),
            }
        }
    }
}
