//! Answering a form's server function both ways: a script caller gets the result (or the error
//! with its HTTP status), a plain HTML form post (no wasm yet) gets a redirect, back to the
//! form with the error and the non-secret fields it typed when the service refused.

use super::ctx;
use crate::error::AppError;
use crate::service::Services;
use std::future::Future;

/// Where a form's outcome sends the browser. Build it before the inputs move into the call.
pub struct Form {
    back: String,
    keep: Vec<(&'static str, String)>,
    done: Option<(String, Caller)>,
}

/// Who follows the success redirect.
enum Caller {
    /// Only a plain form post; a script caller stays and updates the page itself.
    Plain,
    /// Every caller: the page changes (signed in, disconnected).
    Any,
}

impl Form {
    /// `back` is the page the form is on; a refused plain post returns there.
    pub fn back_to(back: &str) -> Self {
        Self {
            back: back.to_string(),
            keep: Vec::new(),
            done: None,
        }
    }

    /// Echo a typed value back after a refusal, so it is not lost. Never a secret: it goes
    /// into a URL.
    pub fn keep(mut self, field: &'static str, value: &str) -> Self {
        self.keep.push((field, value.to_string()));
        self
    }

    /// On success, a plain form post goes to `to`.
    pub fn then_plain(mut self, to: impl Into<String>) -> Self {
        self.done = Some((to.into(), Caller::Plain));
        self
    }

    /// On success, every caller goes to `to`.
    pub fn then_go(mut self, to: impl Into<String>) -> Self {
        self.done = Some((to.into(), Caller::Any));
        self
    }

    /// Run the service call and answer it as above.
    pub async fn run<T, F, Fut>(self, call: F) -> Result<T, AppError>
    where
        F: FnOnce(Services) -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let result = match ctx::services() {
            Ok(services) => call(services).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(value) => {
                match &self.done {
                    Some((to, Caller::Any)) => super::redirect(to),
                    Some((to, Caller::Plain)) if is_plain_form() => super::redirect(to),
                    _ => {}
                }
                Ok(value)
            }
            Err(e) => self.fail(e),
        }
    }

    /// Give an error its HTTP status; for a plain form post, send the browser back with the
    /// error and the kept fields, so the page can show both.
    fn fail<T>(self, err: AppError) -> Result<T, AppError> {
        if is_plain_form() {
            let mut pairs: Vec<(&str, &str)> =
                self.keep.iter().map(|(k, v)| (*k, v.as_str())).collect();
            pairs.push(("error", &err.message));
            if let Some(f) = err.field.as_deref() {
                pairs.push(("field", f));
            }
            super::redirect(&format!("{}?{}", self.back, super::form_encode(&pairs)));
        } else {
            ctx::set_status(&err);
        }
        Err(err)
    }
}

/// True when the browser posted a plain HTML form (no wasm yet): answers must be redirects.
pub(crate) fn is_plain_form() -> bool {
    ctx::header(http::header::ACCEPT).is_some_and(|v| v.contains("text/html"))
}
