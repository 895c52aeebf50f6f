"""A linear text classifier as an ONNX graph, shared by the bear's trainers.

Input: the hashed n-gram features of one text (`bear.text_features.featurize`: bucket indices and
sublinear term frequencies). The graph weights them by IDF, L2-normalises the vector, multiplies by
the weight rows of those buckets (Gather: a sparse dot product), adds the bias and applies softmax.
Quantized to int8 (the Gather weights) with onnxruntime.quantization by the trainers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def build_onnx(idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray, labels: list[str], *, name: str,
               features: str, extra: dict | None = None):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    n = len(labels)
    inits = [
        numpy_helper.from_array(idf.astype(np.float32), "idf"),
        numpy_helper.from_array(coef.T.astype(np.float32).copy(), "weights"),  # [DIM, n]
        numpy_helper.from_array(intercept.astype(np.float32), "bias"),
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
        numpy_helper.from_array(np.array(1e-12, np.float32), "eps"),
        numpy_helper.from_array(np.array([0], np.int64), "axis0"),
    ]
    nodes = [
        helper.make_node("Gather", ["idf", "indices"], ["idf_w"]),
        helper.make_node("Mul", ["tf", "idf_w"], ["v"]),
        helper.make_node("Mul", ["v", "v"], ["v2"]),
        helper.make_node("ReduceSum", ["v2"], ["ss"], keepdims=1),
        helper.make_node("Sqrt", ["ss"], ["norm"]),
        helper.make_node("Add", ["norm", "eps"], ["norm_e"]),
        helper.make_node("Div", ["v", "norm_e"], ["vn"]),
        helper.make_node("Unsqueeze", ["vn", "axis1"], ["vcol"]),
        helper.make_node("Gather", ["weights", "indices"], ["rows"], axis=0),
        helper.make_node("Mul", ["rows", "vcol"], ["contrib"]),
        helper.make_node("ReduceSum", ["contrib", "axis0"], ["dot"], keepdims=0),
        helper.make_node("Add", ["dot", "bias"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["scores"], axis=0),
    ]
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("indices", TensorProto.INT64, ["n"]),
         helper.make_tensor_value_info("tf", TensorProto.FLOAT, ["n"])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [n])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="bear")
    model.ir_version = 8
    model.metadata_props.add(key="labels", value=",".join(labels))
    model.metadata_props.add(key="features", value=features)
    for key, value in (extra or {}).items():
        model.metadata_props.add(key=key, value=str(value))
    onnx.checker.check_model(model)
    return model


def quantize(float_path: Path, out_path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(float_path), str(out_path), weight_type=QuantType.QInt8,
                     op_types_to_quantize=["Gather"], extra_options={"ForceQuantizeNoInputCheck": False})


def onnx_predict(path: Path, feats: list[tuple[list[int], list[float]]]) -> np.ndarray:
    """Scores of every text (its features) with the ONNX model at `path`."""
    import onnxruntime as ort

    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    out = []
    for idx, tf in feats:
        if not idx:
            idx, tf = [0], [0.0]
        out.append(sess.run(None, {"indices": np.array(idx, np.int64), "tf": np.array(tf, np.float32)})[0])
    return np.array(out)
