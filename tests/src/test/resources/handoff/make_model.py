#!/usr/bin/python3
"""Writes mlp.onnx, the model of OnnxRuntimeHandoffTest: y = Relu(x @ w1) @ w2.

The weights are graph inputs, not initializers, so ONNX Runtime reads them from the
buffers kaiming4j filled. Needs Debian's python3-onnx (1.12; apt-get install python3-onnx).

The bytes are reproducible: every field that could vary is fixed here (producer name and
version, IR version 8 and opset 13 rather than the library's defaults, no timestamps) and
protobuf serializes deterministically. ModelFileReproducibleTest regenerates the file and
compares it byte for byte with the committed one.

Usage: /usr/bin/python3 make_model.py [OUT]   (default: mlp.onnx beside this script)
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

# Keep in step with OnnxRuntimeHandoffTest.
IN, HIDDEN, OUT = 64, 128, 10


def build():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", IN])
    w1 = helper.make_tensor_value_info("w1", TensorProto.FLOAT, [IN, HIDDEN])
    w2 = helper.make_tensor_value_info("w2", TensorProto.FLOAT, [HIDDEN, OUT])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", OUT])
    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["h"], name="matmul1"),
        helper.make_node("Relu", ["h"], ["a"], name="relu"),
        helper.make_node("MatMul", ["a", "w2"], ["y"], name="matmul2"),
    ]
    graph = helper.make_graph(nodes, "kaiming4j_handoff_mlp", [x, w1, w2], [y])
    model = helper.make_model(
        graph,
        producer_name="kaiming4j make_model.py",
        producer_version="1",
        ir_version=8,
        opset_imports=[helper.make_opsetid("", 13)],
    )
    onnx.checker.check_model(model)
    return model


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "mlp.onnx")
    with open(out, "wb") as f:
        f.write(build().SerializeToString(deterministic=True))


if __name__ == "__main__":
    main()
