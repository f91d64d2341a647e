"""Drafting backends: the `Drafter` interface (`base`), the offline `extractive` one, `chat_drafter`
(any OpenAI-compatible endpoint, or recorded replies), the `scripted` test double, and the
`registry.BACKENDS` table that `draft`, `eval` and the CLI read."""
