"""Sync to the parent's endpoint.

- `payload`: what is sent (unsent turns, safety flags, a daily summary) as batches with ids.
- `client`: one HTTPS POST (TLS verified; gzip JSON; bounded answer), off the event loop.
- `settings`: parent settings in the endpoint's answer, validated and applied.
- `syncer`: the `sync` task (button / schedule / resume after restart, retry with backoff).
"""
