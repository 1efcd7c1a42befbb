//! How every link page is answered: HTML that must not be cached, indexed, or leak the token
//! in a `Referer`.

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};

/// The same status for every neutral page (unknown, used, expired), so none can be told apart.
pub const NEUTRAL_STATUS: StatusCode = StatusCode::NOT_FOUND;

pub fn page(status: StatusCode, html: String) -> Response {
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    res
}

pub fn neutral() -> Response {
    page(NEUTRAL_STATUS, super::html::neutral())
}

/// A failure inside Relay: logged with a reference, the page says only that it failed.
pub fn failed(what: &str, err: impl std::fmt::Display) -> Response {
    let reference = crate::crypto::random_token(6);
    tracing::error!(reference = %reference, error = %err, "approval link: {what}");
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        super::html::frame(
            "Something went wrong",
            &super::html::notice(
                "approval-error",
                &format!("Relay could not complete this (reference {reference}). Nothing was decided; try again, or reply on the ticket."),
            ),
        ),
    )
}
