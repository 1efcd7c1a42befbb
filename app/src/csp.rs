//! The Content-Security-Policy: pages get one naming their per-request nonce, every other
//! response the same policy without it.
//!
//! Leptos writes inline `<script>`s (the hydration loader, resolved resources) and tags
//! each with the request's nonce (`leptos::nonce`, which `leptos_axum` provides per
//! request), so scripts need no `'unsafe-inline'`. `'wasm-unsafe-eval'` lets the page
//! compile the app's WebAssembly. Styles keep `'unsafe-inline'`: components set `style`
//! attributes (the import progress bar), and a style injection cannot run code.

/// The policy text; `nonce` for a rendered page, `dev` adds the auto-reload websocket.
pub fn policy(nonce: Option<&str>, dev: bool) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    let connect = if dev { "'self' ws: wss:" } else { "'self'" };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src {connect}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts the page's policy (with this request's nonce) on the response being rendered.
#[cfg(feature = "ssr")]
pub fn set_page_policy(dev: bool) {
    use leptos::prelude::use_context;
    let nonce = leptos::nonce::use_nonce();
    let value = http::HeaderValue::from_str(&policy(nonce.as_deref(), dev));
    if let (Some(res), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), value) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_need_the_nonce_and_nothing_is_framed() {
        let p = policy(Some("abc123"), false);
        assert!(
            p.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"),
            "{p}"
        );
        assert!(!p.contains("script-src 'self' 'unsafe-inline'"), "{p}");
        assert!(p.contains("frame-ancestors 'none'") && p.contains("object-src 'none'"));
        assert!(policy(None, true).contains("connect-src 'self' ws: wss:"));
    }
}
