"""Audio in and out: a fixed-size ring buffer, capture sources and playback sinks.

Real sound devices (sounddevice/PortAudio) on the bear; WAV files here and in tests.
"""

SAMPLE_RATE = 16000  # capture rate for everything that listens
