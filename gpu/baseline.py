#!/usr/bin/env python3
"""PyTorch baseline for pcl4j's GPU measurements: the same PCL/MoCo training step as
pcl4j's PclTrainer in a warm-up epoch (InfoNCE against a queue; ProtoNCE is off before the first
E-step), with the same model, batch, loss and optimizer, timed the way pcl4j's
bench/train-throughput times it (untimed warm-up steps, then timed steps, each ending by reading
its loss). Prints one JSON object on stdout.

Model: pcl4j's backbones (model/Backbones.java): ResNet-18 with the CIFAR stem (3x3 conv, stride 1,
no max-pool) up to 64 px, ResNet-50 with the ImageNet stem (7x7/2 + 3x3/2 max-pool) above; basic
and bottleneck blocks as torchvision's (stride on the 3x3 conv); global average pool; MLP head
Linear(width) -> ReLU -> Linear(128); L2-normalised embeddings. Key encoder: a copy updated by EMA
(m = 0.999) before the keys are computed, BatchNorm in training mode (with --bn-splits S > 1: Shuffle-BN,
S sub-batches in both encoders, as pcl4j's default), no gradient. Loss: InfoNCE,
logits [q.k+, q.queue^T] / tau (0.2, pcl-v2), cross-entropy with label 0; queue 16384 x 128.
Optimizer: SGD, lr 0.03 x batch/256, momentum 0.9, weight decay 1e-4. float32; PyTorch's default
math settings (cuDNN may use TF32 for convolutions, matmuls do not), as libtorch under DJL.
Input: seeded random images kept in host memory and copied to the device every step, like pcl4j's
batches (no augmentation here: pcl4j's figure includes its data pipeline, whose share is reported
there as loader_wait_share).

Usage: baseline.py --arch resnet18|resnet50 [--image-size 32] [--batch-size 256] [--warmup-steps 5]
                   [--steps 20] [--queue 16384] [--dim 128] [--tau 0.2] [--device cuda] [--cudnn-benchmark]
                   [--bn-splits 1]
"""
import argparse
import copy
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(cin, cout, k, stride):
    return nn.Conv2d(cin, cout, k, stride, k // 2, bias=False)


class SplitBN(nn.BatchNorm2d):
    """pcl4j's SplitBatchNorm (model/SplitBatchNorm.java): in training mode with S > 1 splits, the
    B x C x H x W batch is viewed as (B/S) x (S*C) x H x W, so sample i falls in sub-batch i mod S, and
    normalised in one call with gamma, beta and the running statistics tiled S times; the running
    statistics become the mean of the S updated copies. S = 1 is plain BatchNorm."""

    splits = 1  # set on every instance by set_splits()

    def forward(self, x):
        s = self.splits
        if not self.training or s == 1:
            return super().forward(x)
        n, c, h, w = x.shape
        mean, var = self.running_mean.repeat(s), self.running_var.repeat(s)
        y = F.batch_norm(x.reshape(n // s, c * s, h, w), mean, var, self.weight.repeat(s), self.bias.repeat(s),
                         True, self.momentum, self.eps).reshape(n, c, h, w)
        with torch.no_grad():
            self.running_mean.copy_(mean.reshape(s, c).mean(0))
            self.running_var.copy_(var.reshape(s, c).mean(0))
        return y


def set_splits(model, s):
    for m in model.modules():
        if isinstance(m, SplitBN):
            m.splits = s


def conv_bn_relu(cin, cout, k, stride):
    return nn.Sequential(conv(cin, cout, k, stride), SplitBN(cout), nn.ReLU(inplace=True))


class Residual(nn.Module):
    """Backbones.residual: branch + shortcut (identity, or 1x1 conv + BN when the shape changes), ReLU."""

    def __init__(self, branch, cin, cout, stride):
        super().__init__()
        self.branch = branch
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(conv(cin, cout, 1, stride), SplitBN(cout))

    def forward(self, x):
        return F.relu(self.branch(x) + self.shortcut(x))


def backbone(arch, image_size):
    """pcl4j's model/Backbones.resnet, layer for layer (= torchvision's ResNet with pcl4j's stems)."""
    if arch == "resnet18":
        blocks, bottleneck, width = [2, 2, 2, 2], False, 512
    elif arch == "resnet50":
        blocks, bottleneck, width = [3, 4, 6, 3], True, 2048
    else:
        raise SystemExit("unknown --arch " + arch)
    layers = [conv_bn_relu(3, 64, 3, 1)] if image_size <= 64 else [conv_bn_relu(3, 64, 7, 2), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for stage, n in enumerate(blocks):
        planes = 64 << stage
        for b in range(n):
            stride = 2 if stage > 0 and b == 0 else 1
            cout = planes * 4 if bottleneck else planes
            if bottleneck:
                branch = nn.Sequential(conv_bn_relu(cin, planes, 1, 1), conv_bn_relu(planes, planes, 3, stride),
                                       conv(planes, cout, 1, 1), SplitBN(cout))
            else:
                branch = nn.Sequential(conv_bn_relu(cin, cout, 3, stride), conv(cout, cout, 3, 1), SplitBN(cout))
            layers.append(Residual(branch, cin, cout, stride))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers), width


class Encoder(nn.Module):
    def __init__(self, arch, image_size, dim):
        super().__init__()
        self.backbone, width = backbone(arch, image_size)
        self.head = nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, dim))

    def forward(self, x):
        return F.normalize(self.head(self.backbone(x)), dim=1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", default="resnet18")
    p.add_argument("--image-size", type=int, default=32)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--warmup-steps", type=int, default=5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--queue", type=int, default=16384)
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--tau", type=float, default=0.2)
    p.add_argument("--moco-m", type=float, default=0.999)
    p.add_argument("--device", default="cuda")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--cudnn-benchmark", action="store_true", help="cuDNN autotuner on (off by default, as in DJL)")
    p.add_argument("--bn-splits", type=int, default=1,
                   help="Shuffle-BN as pcl4j's default (ALGORITHM.md 3.6): S BatchNorm sub-batches in both encoders and the "
                        "key batch shuffled (a host permutation copied to the device) and unshuffled; 1 = plain BatchNorm")
    a = p.parse_args()
    torch.backends.cudnn.benchmark = a.cudnn_benchmark
    torch.manual_seed(a.seed)
    dev = torch.device(a.device)
    b, s = a.batch_size, a.image_size

    query = Encoder(a.arch, s, a.dim).to(dev).train()
    set_splits(query, a.bn_splits)
    key = copy.deepcopy(query).to(dev).train()
    for k in key.parameters():
        k.requires_grad_(False)
    queue = F.normalize(torch.randn(a.queue, a.dim, device=dev), dim=1)
    ptr = 0
    opt = torch.optim.SGD(query.parameters(), lr=0.03 * b / 256, momentum=0.9, weight_decay=1e-4)

    # a few host batches, reused round-robin (content does not change the cost)
    host = [torch.randn(2, b, 3, s, s) for _ in range(2)]

    def step(i):
        nonlocal ptr, queue
        x = host[i % len(host)]
        x1 = x[0].to(dev, non_blocking=False)
        x2 = x[1].to(dev, non_blocking=False)
        q = query(x1)
        with torch.no_grad():
            for pk, pq in zip(key.parameters(), query.parameters()):
                pk.mul_(a.moco_m).add_(pq.detach(), alpha=1 - a.moco_m)
            if a.bn_splits > 1:
                order = torch.randperm(b).to(dev)
                k = key(x2[order])[torch.argsort(order)]
            else:
                k = key(x2)
        l_pos = (q * k).sum(1, keepdim=True)
        l_neg = q @ queue.t()
        logits = torch.cat([l_pos, l_neg], 1) / a.tau
        loss = F.cross_entropy(logits, torch.zeros(b, dtype=torch.long, device=dev))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            queue[ptr:ptr + b] = k
            ptr = (ptr + b) % a.queue
        return loss.item()  # reads the loss: the step has finished on the device

    for i in range(a.warmup_steps):
        step(i)
    torch.cuda.synchronize() if dev.type == "cuda" else None
    start = time.perf_counter()
    losses = [step(a.warmup_steps + i) for i in range(a.steps)]
    elapsed = time.perf_counter() - start
    out = {
        "benchmark": "train-throughput-pytorch-baseline",
        "arch": a.arch, "image_size": s, "batch_size": b, "warmup_steps": a.warmup_steps, "steps": a.steps,
        "train_images_per_s": round(b * a.steps / elapsed, 1),
        "seconds_per_step": round(elapsed / a.steps, 4),
        "last_loss": round(losses[-1], 4),
        "torch": torch.__version__, "cuda": torch.version.cuda,
        "device": torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu",
        "cudnn_allow_tf32": torch.backends.cudnn.allow_tf32,
        "matmul_allow_tf32": torch.backends.cuda.matmul.allow_tf32,
        "cudnn_benchmark": torch.backends.cudnn.benchmark, "bn_splits": a.bn_splits, "queue": a.queue,
        "peak_gpu_memory_mb": round(torch.cuda.max_memory_allocated(dev) / 2**20, 1) if dev.type == "cuda" else None,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
