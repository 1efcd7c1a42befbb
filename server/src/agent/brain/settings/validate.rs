//! Checking what the settings form posted: a clear error naming the field, nothing stored.

use app::error::AppError;
use app::states::BrainKind;
use app::wire::BrainSettingsInput;

/// The input with its base URL normalised (no trailing slash, no `/chat/completions`).
pub(super) fn validate(mut input: BrainSettingsInput) -> Result<BrainSettingsInput, AppError> {
    input.base_url = input.base_url.trim().to_string();
    input.model = input.model.trim().to_string();
    input.api_key = input.api_key.trim().to_string();
    let endpoint_needed = input.kind == BrainKind::OpenAi;
    if endpoint_needed || !input.base_url.is_empty() {
        input.base_url = base_url(&input.base_url)?;
    }
    if endpoint_needed && input.model.is_empty() {
        return Err(AppError::validation(
            "model",
            "Enter the model name the endpoint serves (e.g. gpt-4.1-mini, llama3.1).",
        ));
    }
    if input.model.chars().count() > 200 || input.model.chars().any(char::is_control) {
        return Err(AppError::validation(
            "model",
            "The model name must be at most 200 characters, without control characters.",
        ));
    }
    if input.api_key.chars().count() > 1000
        || input
            .api_key
            .chars()
            .any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(AppError::validation(
            "api_key",
            "The API key must be one word of at most 1,000 characters (no spaces).",
        ));
    }
    if !input.api_key.is_empty() && input.clear_key {
        return Err(AppError::validation(
            "api_key",
            "Either enter a new key or tick \"Remove the stored key\", not both.",
        ));
    }
    Ok(input)
}

fn base_url(raw: &str) -> Result<String, AppError> {
    let bad = |why: &str| AppError::validation("base_url", why);
    if raw.is_empty() {
        return Err(bad(
            "Enter the endpoint's base URL, e.g. https://api.openai.com/v1.",
        ));
    }
    let url = url::Url::parse(raw)
        .map_err(|_| bad("The base URL is not a valid URL (e.g. https://api.openai.com/v1)."))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad(
            "The base URL must start with https:// (or http:// for a local server).",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("Put the key in the API key field, not in the URL."));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "The base URL must not have a query (?…) or a fragment (#…).",
        ));
    }
    let mut text = url.as_str().trim_end_matches('/').to_string();
    // A pasted full endpoint URL is accepted as its base: Relay adds the path itself.
    if let Some(base) = text.strip_suffix("/chat/completions") {
        text = base.to_string();
    }
    if text.len() > 500 {
        return Err(bad("The base URL must be at most 500 characters."));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::states::TokenParam;

    fn input(base_url: &str, model: &str, key: &str) -> BrainSettingsInput {
        BrainSettingsInput {
            kind: BrainKind::OpenAi,
            base_url: base_url.into(),
            model: model.into(),
            api_key: key.into(),
            clear_key: false,
            token_param: TokenParam::MaxTokens,
            tool_choice: true,
            parallel_tool_calls: false,
        }
    }

    fn field(r: Result<BrainSettingsInput, AppError>) -> String {
        r.unwrap_err().field.unwrap_or_default()
    }

    #[test]
    fn urls_are_normalised_or_refused() {
        let ok = validate(input(
            " https://api.openai.com/v1/chat/completions/ ",
            "m",
            "",
        ))
        .unwrap();
        assert_eq!(ok.base_url, "https://api.openai.com/v1");
        assert_eq!(
            validate(input("http://localhost:11434/v1", "m", ""))
                .unwrap()
                .base_url,
            "http://localhost:11434/v1"
        );
        for bad in [
            "",
            "api.openai.com",
            "ftp://x/v1",
            "https://u:p@x/v1",
            "https://x/v1?k=1",
            "https://",
        ] {
            assert_eq!(field(validate(input(bad, "m", ""))), "base_url", "{bad}");
        }
    }

    #[test]
    fn model_and_key_rules() {
        assert_eq!(field(validate(input("https://x/v1", " ", ""))), "model");
        assert_eq!(
            field(validate(input("https://x/v1", "m", "sk-fake with space"))),
            "api_key"
        );
        let mut both = input("https://x/v1", "m", "sk-fake-1");
        both.clear_key = true;
        assert_eq!(field(validate(both)), "api_key");
        // The rule agent needs no endpoint.
        let mut rules = input("", "", "");
        rules.kind = BrainKind::Rules;
        assert!(validate(rules).is_ok());
    }
}
