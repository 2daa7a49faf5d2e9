#!/usr/bin/env python3
"""sass_bound.py: a throughput bound for W1-W3 on an H100, without a GPU.

Compiles bench/sass_kernels.cu (straight-line per-sample micro-kernels from
the kernels' own headers, laws fixed at compile time) for sm_90 in both
precisions, disassembles them (cuobjdump; the nvidia-cuda-cuobjdump wheel
where the toolkit lacks it), counts each kernel's SASS instructions by the
pipe that executes them, assembles each workload's per-sample counts

  W1 = tilt1 + 15 (tilt2 - tilt1)       (16 betas; N(0,1) + N(0,1))
  W2 = exceed1 + 16 (exceed2 - exceed1)  (17 thresholds with the sums over all; t(3) + N(0,1))
  W3 = tournament                        (one outcome of best-of-1024; t(3) + N(0,1))

and prints, for an H100 (132 SMs at 1.98 GHz; per SM per clock 128 issue
slots, 128 FP32, 64 FP64, 16 MUFU and conversion, 64 integer lanes, 32
load/store), each workload's bound as `W1 single bound <samples/s>` with the
pipe that sets it. In single precision the normal quantile's tail is a
branch that 4.4% of warps take: counted at that weight. Global loads and stores, constant loads, and the trailing
EXIT/BRA/NOP are left out: the micro-kernels only use them to feed and keep
state that the real kernels hold in registers.

Then, from the built library's objects (--objects, default
build/CMakeFiles/tailtilt_cuda.dir/kernels), the real kernel of each workload
and precision: its registers, stack (spills) and shared memory for
sm_90, and the blocks per SM and occupancy they allow, as lines
`W1 single kernel tilt_single_kernel<normal, normal>: 128 registers, ...`.
The measured kernels are latency-bound at these occupancies (bench/RESULTS.md):
a change that costs registers shows here before it reaches a device.

Usage: python3 bench/sass_bound.py [--nvcc PATH] [--cuobjdump PATH] [--objects DIR] [--verbose]
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMS, CLOCK = 132, 1.98e9
RATES = {"issue": 128, "fp32": 128, "fp64": 64, "mufu": 16, "int": 64, "ldst": 32}


def normal_central_f():
    """TT_NORMAL_CENTRAL_f, read from the header that defines it."""
    text = open(os.path.join(ROOT, "include", "tailtilt", "normal_quantile.h")).read()
    return float(re.search(r"#define TT_NORMAL_CENTRAL_f ([0-9.]+)f", text).group(1))


WARP_TAIL = 1 - (1 - 2 * (0.5 - normal_central_f())) ** 32  # a warp with a lane in the float quantile's tail

FP32 = {"FADD", "FMUL", "FFMA", "FMNMX", "FSETP", "FSEL", "FSET", "FCHK", "FADD32I", "FMUL32I", "FFMA32I",
        "FSWZADD", "HADD2", "HMUL2", "HFMA2", "HSETP2", "HMNMX2"}
FP64 = {"DADD", "DMUL", "DFMA", "DSETP", "DMNMX", "DSET"}
MUFU = {"MUFU", "I2F", "F2I", "F2F", "I2FP", "F2IP", "FRND", "I2I"}
INT = {"IMAD", "IMUL", "IADD3", "IADD", "IADD32I", "LOP3", "LOP", "LOP32I", "SHF", "SHL", "SHR", "ISETP", "LEA",
       "IMNMX", "VIMNMX", "SEL", "PRMT", "IABS", "POPC", "FLO", "BREV", "MOV", "MOV32I", "VIADD", "IDP", "BMSK",
       "SGXT", "P2R", "R2P", "PLOP3", "CSET", "CSETP", "VOTE", "BFE", "BFI", "ICMP", "IMUL32I"}
LDST = {"LDS", "STS", "LD", "ST", "LDL", "STL", "ATOM", "ATOMS", "RED", "SHFL", "LDSM", "ATOMG"}
SKIP = {"LDG", "STG", "LDC", "ULDC", "NOP", "EXIT", "BRA", "RET", "CALL"}


def find_tool(name, given):
    if given:
        return given
    path = shutil.which(name)
    if path:
        return path
    for d in [os.environ.get("CUDA_HOME", ""), "/usr/local/cuda"]:
        if d and os.path.exists(os.path.join(d, "bin", name)):
            return os.path.join(d, "bin", name)
    try:  # the PyPI wheels: nvidia-cuda-cuobjdump, nvidia-cuda-nvdisasm
        import nvidia  # noqa: F401
        for base in nvidia.__path__:
            hits = glob.glob(os.path.join(base, "*", "bin", name))
            if hits:
                return hits[0]
    except ImportError:
        pass
    return None


def count(cubin, cuobjdump):
    """{kernel: {pipe: instructions}} from the SASS of a cubin."""
    text = subprocess.run([cuobjdump, "-sass", cubin], capture_output=True, text=True, check=True).stdout
    kernels, name, body = {}, None, False
    for line in text.splitlines():
        m = re.search(r"Function : (\S+)", line)
        if m:
            name, body = m.group(1), True
            kernels[name] = {k: 0 for k in RATES}
            kernels[name]["other"] = 0
            continue
        m = re.match(r"\s+/\*([0-9a-f]+)\*/\s+(@!?U?P\w+\s+)?([A-Z][A-Z0-9_]*)(.*)", line)
        if not m or name is None or not body:
            continue
        op = m.group(3)
        if op == "BRA" and re.search(r"0x0*%s\b" % m.group(1).lstrip("0"), m.group(4)):
            body = False  # the self-branch after EXIT: out-of-line subroutines (cold paths) follow
            continue
        if op in SKIP:
            continue
        c = kernels[name]
        c["issue"] += 1
        if op in FP32:
            c["fp32"] += 1
        elif op in FP64:
            c["fp64"] += 1
        elif op in MUFU:
            c["mufu"] += 1
        elif op in INT:
            c["int"] += 1
        elif op in LDST:
            c["ldst"] += 1
        elif op.startswith("U"):  # the uniform datapath: an issue slot, no vector lanes
            pass
        else:
            c["other"] += 1
    return kernels


def combine(a, b, k):
    """a + k (b - a), pipe by pipe."""
    return {p: a[p] + k * (b[p] - a[p]) for p in a}


# H100 (sm_90) per SM: registers, shared memory at the largest carveout (and per block reserved),
# threads, resident blocks; registers are allocated per warp in units of 256.
SM_REGS, SM_SHARED, BLOCK_RESERVED, SM_THREADS, SM_BLOCKS = 65536, 233472, 1024, 2048, 32

# Each workload's kernel: (source file, mangled-name prefix, readable name).
REAL_KERNELS = {
    ("W1", "single"): ("params_pass", "_Z18tilt_single_kernelILi0ELi0EE", "tilt_single_kernel<normal, normal>"),
    ("W1", "double"): ("params_pass", "_Z11tile_kernelI4TiltdLi0ELi0EE", "tile_kernel<Tilt, double, normal, normal>"),
    ("W2", "single"): ("params_pass", "_Z11tile_kernelI6ExceedfLi1ELi0EE", "tile_kernel<Exceed, float, t, normal>"),
    ("W2", "double"): ("params_pass", "_Z11tile_kernelI6ExceeddLi1ELi0EE", "tile_kernel<Exceed, double, t, normal>"),
    ("W3", "single"): ("bon_pass", "_Z10bon_kernelIfLi1ELi0EE", "bon_kernel<float, t, normal>"),
    ("W3", "double"): ("bon_pass", "_Z10bon_kernelIdLi1ELi0EE", "bon_kernel<double, t, normal>"),
}


def block_threads(source):
    """Threads per block of a kernel file: TILE, or 32 * WARPS."""
    text = open(os.path.join(ROOT, "kernels", source + ".cu")).read()
    m = re.search(r"#define TILE (\d+)", text)
    if m:
        return int(m.group(1))
    return 32 * int(re.search(r"#define WARPS (\d+)", text).group(1))


def resources(obj, cuobjdump):
    """{mangled name: (registers, stack bytes (spills), shared bytes)} for sm_90 in an object."""
    text = subprocess.run([cuobjdump, "-res-usage", obj], capture_output=True, text=True, check=True).stdout
    out, arch = {}, None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.search(r"arch = (sm_\d+)", line)
        if m:
            arch = m.group(1)
        m = re.search(r"Function ([^:\s]+):", line)
        if m and arch == "sm_90" and i + 1 < len(lines):
            r = re.search(r"REG:(\d+) STACK:(\d+) SHARED:(\d+)", lines[i + 1])
            if r:
                out[m.group(1)] = (int(r.group(1)), int(r.group(2)), int(r.group(3)))
    return out


def occupancy(regs, shared, threads):
    """Blocks per SM and the fraction of the SM's 64 warps they hold."""
    warps = (threads + 31) // 32
    per_warp = -(-regs * 32 // 256) * 256
    limits = [SM_THREADS // threads, SM_BLOCKS, SM_REGS // (per_warp * warps) if regs else SM_BLOCKS,
              SM_SHARED // (shared + BLOCK_RESERVED)]
    blocks = min(limits)
    return blocks, blocks * warps / (SM_THREADS // 32)


def report_kernels(objects, cuobjdump):
    cache = {}
    for (w, precision), (source, prefix, readable) in REAL_KERNELS.items():
        obj = os.path.join(objects, source + ".cu.o")
        if not os.path.exists(obj):
            print(f"{w} {precision} kernel: {obj} not built")
            continue
        if obj not in cache:
            cache[obj] = resources(obj, cuobjdump)
        hits = [v for k, v in cache[obj].items() if k.startswith(prefix)]
        if not hits:
            print(f"{w} {precision} kernel {readable}: not found for sm_90 in {obj}")
            continue
        regs, stack, shared = hits[0]
        threads = block_threads(source)
        blocks, occ = occupancy(regs, shared, threads)
        print(f"{w} {precision} kernel {readable}: {regs} registers, {stack} bytes of stack (spills), {shared} bytes shared: "
              f"{blocks} blocks of {threads} threads per SM ({occ:.0%} occupancy)")


def bound(c):
    cycles = {p: c[p] / RATES[p] for p in RATES}
    pipe = max(cycles, key=cycles.get)
    return SMS * CLOCK / cycles[pipe], pipe


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nvcc")
    ap.add_argument("--cuobjdump")
    ap.add_argument("--objects", default=os.path.join(ROOT, "build", "CMakeFiles", "tailtilt_cuda.dir", "kernels"),
                    help="the built kernel objects (default: build/'s)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    nvcc = find_tool("nvcc", args.nvcc)
    cuobjdump = find_tool("cuobjdump", args.cuobjdump)
    nvdisasm = find_tool("nvdisasm", None)
    if not nvcc or not cuobjdump or not nvdisasm:
        print("sass_bound: needs nvcc, cuobjdump and nvdisasm (pip install nvidia-cuda-cuobjdump nvidia-cuda-nvdisasm)",
              file=sys.stderr)
        return 2
    os.environ["NVDISASM_PATH"] = os.path.dirname(nvdisasm)  # cuobjdump's disassembler
    def compile_count(tmp, name, flags):
        cubin = os.path.join(tmp, name + ".cubin")
        subprocess.run([nvcc, "-arch=sm_90", "-cubin", "-O3", *flags, "-I", os.path.join(ROOT, "include"), "-I",
                        os.path.join(ROOT, "kernels"), "-o", cubin, os.path.join(ROOT, "bench", "sass_kernels.cu")],
                       check=True)
        return count(cubin, cuobjdump)

    with tempfile.TemporaryDirectory() as tmp:
        for precision, flag in (("single", "-DSINGLE"), ("double", "-DDOUBLE")):
            k = compile_count(tmp, precision, [flag])
            if precision == "single":
                # The float normal quantile's tail is a branch: a warp runs it when one of its 32 lanes has
                # |u - 1/2| > TT_NORMAL_CENTRAL_f, so each kernel costs its central-only path plus that
                # fraction of what the branch adds (the same fraction for each quantile of a sample).
                central = compile_count(tmp, "single-central", [flag, "-DTT_SASS_CENTRAL_ONLY"])
                k = {name: combine(central[name], k[name], WARP_TAIL) for name in k}
            work = {"W1": combine(k["tilt1"], k["tilt2"], 15), "W2": combine(k["exceed1"], k["exceed2"], 16),
                    "W3": k["tournament"]}
            for w in ("W1", "W2", "W3"):
                rate, pipe = bound(work[w])
                c = work[w]
                detail = " ".join(f"{p}={c[p]:.0f}" for p in ("issue", "fp32", "fp64", "mufu", "int", "ldst"))
                print(f"{w} {precision} bound {rate:.3g}  (set by {pipe}; per sample: {detail})")
            if args.verbose:
                for name in sorted(k):
                    print("   ", precision, name, k[name])
    if os.path.isdir(args.objects):
        report_kernels(args.objects, cuobjdump)
    else:
        print(f"kernels: {args.objects} not built (the real kernels' registers and occupancy need a CUDA build)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
