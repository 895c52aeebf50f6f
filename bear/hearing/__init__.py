"""Hearing: voice activity detection, wake (phrase, openWakeWord, paw button), speech-to-text."""
