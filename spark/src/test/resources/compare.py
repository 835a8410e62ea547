"""Compares a kaiming-spark output with the single-machine one, bit for bit, with real readers.

compare.py safetensors OUT_DIR REFERENCE.safetensors: every tensor of the reference equals the tensor
  of that name in the shard the index's weight_map names (the Hugging Face convention), and the index
  lists exactly the reference's tensors with metadata.total_size their bytes.
compare.py zarr GROUP NAME REFERENCE.npy: zarr.open_group(GROUP)[NAME] equals numpy.load(REFERENCE).
Prints one line per check; exits 1 on the first difference.
"""
import json
import os
import struct
import sys

import numpy as np


def safetensors_tensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    return {k: (v["dtype"], v["shape"], data[v["data_offsets"][0]:v["data_offsets"][1]]) for k, v in header.items()}


def fail(message):
    print("DIFFERENT: " + message)
    sys.exit(1)


def main():
    mode = sys.argv[1]
    if mode == "safetensors":
        out, reference = sys.argv[2], sys.argv[3]
        ref = safetensors_tensors(reference)
        with open(os.path.join(out, "model.safetensors.index.json")) as f:
            index = json.load(f)
        if set(index["weight_map"]) != set(ref):
            fail("index names differ from the reference's")
        if index["metadata"]["total_size"] != sum(len(b) for _, _, b in ref.values()):
            fail("metadata.total_size")
        shards = {}
        for name, (dtype, shape, data) in ref.items():
            shard = index["weight_map"][name]
            if shard not in shards:
                shards[shard] = safetensors_tensors(os.path.join(out, shard))
            if shards[shard][name] != (dtype, shape, data):
                fail(name)
        print("equal: %d tensors in %d shards" % (len(ref), len(shards)))
    elif mode == "zarr":
        import zarr
        group, name, reference = sys.argv[2], sys.argv[3], sys.argv[4]
        a = zarr.open_group(group, mode="r")[name][...]
        r = np.load(reference)
        if a.dtype != r.dtype or a.shape != r.shape or a.tobytes() != r.tobytes():
            fail("%s: %s %s vs %s %s" % (name, a.dtype, a.shape, r.dtype, r.shape))
        print("equal: %s %s %s" % (name, a.dtype, a.shape))
    else:
        fail("unknown mode " + mode)


main()
