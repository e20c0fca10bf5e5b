"""CUDA sources (`.cu`) and headers (`.cuh`) are C++ with kernels: outlined with their bodies
elided, their `#include`s edges, a kernel's file paired with its header."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.compress import compress, signatures
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]

HEADER = (
    "#pragma once\n#include <cuda_runtime.h>\n\n"
    "struct launch_params {\n    int blocks;\n    int threads;\n};\n\n"
    "__device__ __forceinline__ float warp_sum(float x) {\n"
    "    for (int o = 16; o > 0; o >>= 1) {\n"
    "        x += __shfl_xor_sync(0xffffffff, x, o, 32);\n    }\n    return x;\n}\n\n"
    "void launch_scale(const float * x, float * dst, int n, cudaStream_t stream);\n"
)
KERNELS = (
    '#include "scale.cuh"\n\n'
    "template <int block_size>\n"
    "static __global__ void scale_f32(const float * x, float * dst, const int n) {\n"
    "    const int i = blockDim.x*blockIdx.x + threadIdx.x;\n"
    "    if (i >= n) {\n        return;\n    }\n"
    "    dst[i] = warp_sum(x[i]);\n}\n\n"
    "void launch_scale(const float * x, float * dst, int n, cudaStream_t stream) {\n"
    "    const int blocks = (n + 255) / 256;\n"
    "    scale_f32<256><<<blocks, 256, 0, stream>>>(x, dst, n);\n}\n"
)


def test_cuda_files_are_cpp_with_edges(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            "src/scale.cuh": HEADER,
            "src/scale.cu": KERNELS,
            "src/main.cpp": '#include "scale.cuh"\n\nint main() { return 0; }\n',
        }
    )
    files = {f.path: f for f in build_pack(PackOptions(path=repo, cache=False)).files}
    assert files["src/scale.cu"].language == files["src/scale.cuh"].language == "C++"
    assert files["src/scale.cu"].imports == ["src/scale.cuh"]
    assert sorted(files["src/scale.cuh"].imported_by) == ["src/main.cpp", "src/scale.cu"]


def test_kernels_are_outlined_with_their_launch_bodies_elided() -> None:
    outline = compress(KERNELS, "C++")
    assert "static __global__ void scale_f32(const float * x, float * dst, const int n)" in outline
    assert "void launch_scale(const float * x, float * dst, int n, cudaStream_t stream)" in outline
    assert "<<<" not in outline and "threadIdx" not in outline
    header = compress(HEADER, "C++")
    assert "struct launch_params {\n    int blocks;" in header and "__shfl_xor_sync" not in header
    assert signatures(KERNELS, "C++").splitlines() == [
        "static __global__ void scale_f32(const float *, float *, const int)",
        "void launch_scale(const float *, float *, int, cudaStream_t)",
    ]
