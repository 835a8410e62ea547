"""torch 1.13's side of TorchInitsTest: prints one line per fact, read back by the test.

argv[1]: a file with one line per orthogonal case, "shape(comma-separated) gain g0 g1 ...",
the standard Gaussian kaiming4j drew (row-major rows x cols, float64). torch's own
orthogonal_ is run on that Gaussian by having Tensor.normal_ copy it in.
"""
import math
import sys

import torch
import torch.nn as nn
from torch.nn import init


def ints(t):
    return " ".join(str(int(v)) for v in t.flatten().tolist())


def shape_text(s):
    return ",".join(str(d) for d in s)


# torch's own fan function, torch layout.
for shape in [(5, 7), (64, 3, 7, 7), (8, 16, 3), (32, 8, 3, 3, 3), (1, 1), (16, 1, 5, 5)]:
    fi, fo = init._calculate_fan_in_and_fan_out(torch.empty(shape))
    print("fans", shape_text(shape), fi, fo)

# Connections as torch's conv operators make them: an all-ones weight; fan_in is the value of
# a central output for an all-ones input, fan_out the number of outputs one input pixel reaches.
CONV = {1: (nn.Conv1d, nn.ConvTranspose1d), 2: (nn.Conv2d, nn.ConvTranspose2d), 3: (nn.Conv3d, nn.ConvTranspose3d)}
for transposed in (False, True):
    for dims, cin, cout, k, groups in [(2, 32, 64, 3, 4), (2, 32, 64, 3, 32), (1, 12, 18, 5, 3), (3, 4, 8, 3, 2),
                                       (2, 16, 16, 1, 1), (2, 8, 24, 3, 1)]:
        cls = CONV[dims][1 if transposed else 0]
        padding = 0 if transposed else k - 1
        m = cls(cin, cout, k, groups=groups, bias=False, padding=padding).double()
        with torch.no_grad():
            m.weight.fill_(1.0)
            size = 2 * k + 1
            y = m(torch.ones((1, cin) + (size,) * dims, dtype=torch.float64))
            centre = tuple(s // 2 for s in y.shape[2:])
            fan_in = y[(0, 0) + centre].item()
            x = torch.zeros((1, cin) + (1,) * dims, dtype=torch.float64)
            x[(0, 0) + (0,) * dims] = 1.0
            fan_out = int((m(x) != 0).sum().item())
        print("conn", "conv_transpose" if transposed else "torch", shape_text(m.weight.shape), groups,
              int(round(fan_in)), fan_out)
lin = nn.Linear(20, 30, bias=False).double()
with torch.no_grad():
    lin.weight.fill_(1.0)
    fan_in = lin(torch.ones(1, 20, dtype=torch.float64))[0, 0].item()
    x = torch.zeros(1, 20, dtype=torch.float64)
    x[0, 0] = 1.0
    fan_out = int((lin(x) != 0).sum().item())
print("conn torch", shape_text(lin.weight.shape), 1, int(round(fan_in)), fan_out)

for shape in [(3, 5), (5, 3), (4, 4), (1, 6)]:
    print("eye", shape_text(shape), ints(init.eye_(torch.empty(shape))))

for shape, groups in [((6, 2, 3, 4), 2), ((4, 4, 3), 1), ((6, 4, 5), 3), ((8, 3, 3, 3, 3), 2), ((3, 5, 2, 2), 1)]:
    print("dirac", shape_text(shape), groups, ints(init.dirac_(torch.empty(shape), groups)))

for rows, cols, sparsity in [(50, 30, 0.13), (100, 7, 0.5), (9, 4, 0.0), (10, 10, 0.99)]:
    torch.manual_seed(0)
    w = init.sparse_(torch.empty(rows, cols), sparsity)
    zeros = (w == 0).sum(dim=0)
    print("sparse", rows, cols, repr(sparsity), int(zeros.min()), int(zeros.max()))

gain = init.calculate_gain("leaky_relu", math.sqrt(5))
for name, m in [("linear", nn.Linear(300, 20)), ("conv", nn.Conv2d(16, 32, 3, groups=4)),
                ("conv", nn.Conv1d(5, 7, 4)), ("conv", nn.ConvTranspose2d(12, 6, 5)),
                ("conv", nn.ConvTranspose2d(12, 6, 5, groups=3))]:
    # kaiming_uniform_(a=√5) and the bias rule, from torch's own helpers.
    fan_in, _ = init._calculate_fan_in_and_fan_out(m.weight)
    bound_w = math.sqrt(3.0) * (gain / math.sqrt(fan_in))
    bound_b = 1 / math.sqrt(fan_in)
    assert m.weight.abs().max().item() <= bound_w * (1 + 1e-6)
    assert m.bias.abs().max().item() <= bound_b * (1 + 1e-6)
    print("default", name, shape_text(m.weight.shape), shape_text(m.bias.shape), repr(bound_w), repr(bound_b))
emb = nn.Embedding(2000, 64)
ln = nn.LayerNorm(48)
print("embedding", repr(emb.weight.mean().item()), repr(emb.weight.std().item()))
print("layer_norm", int((ln.weight == 1).all()), int((ln.bias == 0).all()))

original = torch.Tensor.normal_
with open(sys.argv[1]) as f:
    for line in f:
        parts = line.split()
        shape = tuple(int(d) for d in parts[0].split(","))
        gain_q = float(parts[1])
        g = torch.tensor([float(v) for v in parts[2:]], dtype=torch.float64)
        torch.Tensor.normal_ = lambda self, *a, **k: self.copy_(g.view(self.shape))
        try:
            q = init.orthogonal_(torch.empty(shape, dtype=torch.float64), gain_q)
        finally:
            torch.Tensor.normal_ = original
        print("orthogonal", parts[0], " ".join(repr(v) for v in q.flatten().tolist()))
