"""Speaking: Piper text-to-speech streamed per sentence."""
