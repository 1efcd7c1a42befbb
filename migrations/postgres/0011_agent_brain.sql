-- Which brain works an MSP's agent sessions: the built-in rule agent (no row, or kind 'rules')
-- or an OpenAI-compatible chat-completions endpoint. One row per MSP; saving replaces it.
CREATE TABLE agent_brain_settings (
    msp_id BIGINT PRIMARY KEY REFERENCES msps (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('rules', 'openai')),
    -- Up to and including the API version, e.g. https://api.openai.com/v1.
    base_url TEXT NOT NULL,
    model TEXT NOT NULL,
    -- Sealed by the server's Cipher with AAD `msp:{id}:brain-key`; NULL when the endpoint
    -- takes no key (Ollama, LM Studio). Never stored in clear, never sent back to the browser.
    api_key_enc TEXT,
    token_param TEXT NOT NULL CHECK (token_param IN ('max_tokens', 'max_completion_tokens')),
    tool_choice BOOLEAN NOT NULL,
    parallel_tool_calls BOOLEAN NOT NULL,
    -- Who saved last and when, shown on the settings page.
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL
);
