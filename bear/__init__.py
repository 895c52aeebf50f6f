"""bear: the offline brain of an AI teddy bear.

Importing this package costs only the standard library; every heavy library (numpy,
onnxruntime, vosk, piper, sounddevice, gpiozero, aiosqlite, psutil) is imported inside the
function or class that uses it.
"""

import os

__version__ = "0.1.0"

# onnxruntime >= 1.2x on Linux keeps a device id and queues usage telemetry for upload (1DS) as soon
# as it is loaded, unless this is set before it loads. A child's bear sends nothing to anyone.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
