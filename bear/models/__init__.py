"""Models: the manifest, the fetcher, the lazy registry and the memory watchdog."""
