"""onnxruntime sessions set up for a Raspberry Pi: one thread each, small memory footprint."""

from __future__ import annotations

from pathlib import Path


def onnx_session(path: Path, *, threads: int = 1, mem_pattern: bool = True):
    """An InferenceSession on the CPU with `threads` intra-op threads and no inter-op pool.

    The CPU memory arena is off: the bear's models are small and run one frame at a time, and
    without the arena memory given back on unload really returns to the system.
    """
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.enable_cpu_mem_arena = False
    # A memory pattern keeps the largest activation buffers allocated between runs: for a voice
    # whose activations grow with the sentence, that is ~90 MB kept for nothing.
    so.enable_mem_pattern = mem_pattern
    so.log_severity_level = 3
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
