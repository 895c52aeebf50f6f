"""bear: the offline brain of an AI teddy bear.

Importing this package costs only the standard library; every heavy library (numpy,
onnxruntime, vosk, piper, sounddevice, gpiozero, aiosqlite, psutil) is imported inside the
function or class that uses it.
"""

__version__ = "0.1.0"
