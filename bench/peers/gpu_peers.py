"""gpu_peers.py: the benchmark workloads W1-W3 as a competent researcher would
write them on a GPU, in eager PyTorch, JAX, CuPy, torch.compile and Triton.

Prints one line per (workload, implementation): "W1 torch 3.1e+10" (samples/s),
or "W1 jax skip: <reason>". Float32 throughout, as one would on a GPU (as
tailtilt's default single precision; double is its reference). Each
measurement: one warm-up step, then enough steps for about a second, timed
with device synchronisation.

  W1: tilt, X, V ~ N(0,1), 1/beta = 0.1..1.6: weighted sums in a log-sum-exp frame
  W2: threshold, X ~ t(3) (a normal over the root of a chi-square of 3 normals),
      V ~ N(0,1), t = 0, 2, ..., 30: exceedance counts and sums
  W3: best-of-1024, X ~ t(3), V ~ N(0,1): argmax of U per trial, V at the argmax
"""
import sys
import time

BATCH = 1 << 24          # samples per step
TS = [2.0 * k for k in range(16)]
INV_BETA = [0.1 * k for k in range(1, 17)]


def timed(step, sync, samples_per_step, seconds=1.0):
    step()
    sync()
    n, t0 = 0, time.perf_counter()
    while True:
        step()
        n += 1
        if n % 4 == 0:
            sync()
            el = time.perf_counter() - t0
            if el > seconds:
                return n * samples_per_step / el


def report(w, name, fn):
    try:
        print(f"{w} {name} {fn():.4g}", flush=True)
    except Exception as e:  # noqa: BLE001 - a peer that cannot run is reported, not fatal
        print(f"{w} {name} skip: {type(e).__name__}: {str(e)[:80]}", flush=True)


# ---------------------------------------------------------------- PyTorch
def torch_steps(compiled):
    import torch

    dev = "cuda"
    inv = torch.tensor(INV_BETA, device=dev)[:, None]
    ts = torch.tensor(TS, device=dev)

    def t3(n, shape=None):
        z = torch.randn((4,) + ((n,) if shape is None else shape), device=dev)
        return z[0] / torch.sqrt((z[1] ** 2 + z[2] ** 2 + z[3] ** 2) / 3)

    state = {"shift": torch.full((16, 1), -float("inf"), device=dev), "sums": torch.zeros(16, 5, device=dev)}

    def w1():
        x = torch.randn(BATCH, device=dev)
        v = torch.randn(BATCH, device=dev)
        u = x + v
        a = inv * u
        m = torch.maximum(state["shift"], a.amax(1, keepdim=True))
        f = torch.exp(state["shift"] - m)
        s = state["sums"] * torch.cat([f, f, f, f, f * f], 1)
        w = torch.exp(a - m)
        s = s + torch.stack([w.sum(1), w @ u, w @ v, w @ x, (w * w).sum(1)], 1)
        state["shift"], state["sums"] = m, s

    acc2 = torch.zeros(3, 17, device=dev)

    def w2():
        x = t3(BATCH)
        v = torch.randn(BATCH, device=dev)
        u = x + v
        b = torch.bucketize(u, ts, right=True)
        acc2[0] += torch.bincount(b, minlength=17)
        acc2[1] += torch.bincount(b, weights=v, minlength=17)
        acc2[2] += torch.bincount(b, weights=x, minlength=17)

    acc3 = torch.zeros(2, device=dev)
    trials = BATCH // 1024

    def w3():
        x = t3(None, (trials, 1024))
        v = torch.randn(trials, 1024, device=dev)
        i = torch.argmax(x + v, 1, keepdim=True)
        acc3[0] += torch.gather(v, 1, i).sum()
        acc3[1] += trials

    if compiled:
        w1c, w2c, w3c = (torch.compile(f) for f in (w1, w2, w3))
        return {"W1": w1c, "W2": w2c, "W3": w3c}, torch.cuda.synchronize
    return {"W1": w1, "W2": w2, "W3": w3}, torch.cuda.synchronize


# ---------------------------------------------------------------- JAX
def jax_steps():
    import jax
    import jax.numpy as jnp

    inv = jnp.array(INV_BETA)[:, None]
    ts = jnp.array(TS)

    @jax.jit
    def w1(key, shift, sums):
        k1, k2 = jax.random.split(key)
        x = jax.random.normal(k1, (BATCH,))
        v = jax.random.normal(k2, (BATCH,))
        u = x + v
        a = inv * u
        m = jnp.maximum(shift, a.max(1, keepdims=True))
        f = jnp.exp(shift - m)
        w = jnp.exp(a - m)
        s = sums * jnp.concatenate([f, f, f, f, f * f], 1) + jnp.stack(
            [w.sum(1), w @ u, w @ v, w @ x, (w * w).sum(1)], 1)
        return m, s

    def t3(key, shape):
        z = jax.random.normal(key, (4,) + shape)
        return z[0] / jnp.sqrt((z[1] ** 2 + z[2] ** 2 + z[3] ** 2) / 3)

    @jax.jit
    def w2(key, acc):
        k1, k2 = jax.random.split(key)
        x = t3(k1, (BATCH,))
        v = jax.random.normal(k2, (BATCH,))
        b = jnp.searchsorted(ts, x + v, side="right")
        return acc + jnp.stack([jnp.bincount(b, length=17), jnp.bincount(b, v, length=17),
                                jnp.bincount(b, x, length=17)])

    trials = BATCH // 1024

    @jax.jit
    def w3(key, acc):
        k1, k2 = jax.random.split(key)
        x = t3(k1, (trials, 1024))
        v = jax.random.normal(k2, (trials, 1024))
        i = jnp.argmax(x + v, 1)
        return acc + jnp.take_along_axis(v, i[:, None], 1).sum()

    st = {"key": jax.random.PRNGKey(1), "w1": (jnp.full((16, 1), -jnp.inf), jnp.zeros((16, 5))),
          "w2": jnp.zeros((3, 17)), "w3": jnp.zeros(())}

    def nxt():
        st["key"], k = jax.random.split(st["key"])
        return k

    def s1():
        st["w1"] = w1(nxt(), *st["w1"])

    def s2():
        st["w2"] = w2(nxt(), st["w2"])

    def s3():
        st["w3"] = w3(nxt(), st["w3"])

    def sync():
        jax.block_until_ready((st["w1"], st["w2"], st["w3"]))

    return {"W1": s1, "W2": s2, "W3": s3}, sync


# ---------------------------------------------------------------- CuPy
def cupy_steps():
    import cupy as cp

    inv = cp.array(INV_BETA, dtype=cp.float32)[:, None]
    ts = cp.array(TS, dtype=cp.float32)
    rng = cp.random.default_rng(1)
    st = {"shift": cp.full((16, 1), -cp.inf, dtype=cp.float32), "sums": cp.zeros((16, 5), dtype=cp.float32),
          "acc2": cp.zeros((3, 17), dtype=cp.float32), "acc3": cp.zeros(2, dtype=cp.float32)}

    def t3(shape):
        z = rng.standard_normal((4,) + shape, dtype=cp.float32)
        return z[0] / cp.sqrt((z[1] ** 2 + z[2] ** 2 + z[3] ** 2) / 3)

    def w1():
        x = rng.standard_normal(BATCH, dtype=cp.float32)
        v = rng.standard_normal(BATCH, dtype=cp.float32)
        u = x + v
        a = inv * u
        m = cp.maximum(st["shift"], a.max(1, keepdims=True))
        f = cp.exp(st["shift"] - m)
        w = cp.exp(a - m)
        st["sums"] = st["sums"] * cp.concatenate([f, f, f, f, f * f], 1) + cp.stack(
            [w.sum(1), w @ u, w @ v, w @ x, (w * w).sum(1)], 1)
        st["shift"] = m

    def w2():
        x = t3((BATCH,))
        v = rng.standard_normal(BATCH, dtype=cp.float32)
        b = cp.searchsorted(ts, x + v, side="right")
        st["acc2"] += cp.stack([cp.bincount(b, minlength=17), cp.bincount(b, v, minlength=17),
                                cp.bincount(b, x, minlength=17)])

    trials = BATCH // 1024

    def w3():
        x = t3((trials, 1024))
        v = rng.standard_normal((trials, 1024), dtype=cp.float32)
        i = cp.argmax(x + v, 1)
        st["acc3"][0] += cp.take_along_axis(v, i[:, None], 1).sum()

    return {"W1": w1, "W2": w2, "W3": w3}, cp.cuda.Device().synchronize


# ---------------------------------------------------------------- Triton
def triton_steps():
    import torch
    import triton
    import triton.language as tl

    BLOCK = 1024

    @triton.jit
    def w1_kernel(seed, out, BLOCK: tl.constexpr):
        pid = tl.program_id(0)
        offs = pid * BLOCK + tl.arange(0, BLOCK)
        x = tl.randn(seed, offs)
        v = tl.randn(seed + 1, offs)
        u = x + v
        for b in tl.static_range(16):
            a = u * (0.1 * (b + 1))
            m = tl.max(a, 0)
            w = tl.exp(a - m)
            base = (pid * 16 + b) * 6
            tl.store(out + base, m)
            tl.store(out + base + 1, tl.sum(w, 0))
            tl.store(out + base + 2, tl.sum(w * u, 0))
            tl.store(out + base + 3, tl.sum(w * v, 0))
            tl.store(out + base + 4, tl.sum(w * x, 0))
            tl.store(out + base + 5, tl.sum(w * w, 0))

    @triton.jit
    def t3(seed, offs):
        z0 = tl.randn(seed, offs)
        z1 = tl.randn(seed + 1, offs)
        z2 = tl.randn(seed + 2, offs)
        z3 = tl.randn(seed + 3, offs)
        return z0 / tl.sqrt((z1 * z1 + z2 * z2 + z3 * z3) / 3.0)

    @triton.jit
    def w2_kernel(seed, out, BLOCK: tl.constexpr):
        pid = tl.program_id(0)
        offs = pid * BLOCK + tl.arange(0, BLOCK)
        x = t3(seed, offs)
        v = tl.randn(seed + 4, offs)
        u = x + v
        for j in tl.static_range(16):
            e = u >= 2.0 * j
            base = (pid * 16 + j) * 3
            tl.store(out + base, tl.sum(e.to(tl.float32), 0))
            tl.store(out + base + 1, tl.sum(tl.where(e, v, 0.0), 0))
            tl.store(out + base + 2, tl.sum(tl.where(e, x, 0.0), 0))

    @triton.jit
    def w3_kernel(seed, out, N: tl.constexpr):
        pid = tl.program_id(0)
        offs = pid * N + tl.arange(0, N)
        x = t3(seed, offs)
        v = tl.randn(seed + 4, offs)
        i = tl.argmax(x + v, 0)
        tl.store(out + pid, tl.sum(tl.where(tl.arange(0, N) == i, v, 0.0), 0))

    nprog = BATCH // BLOCK
    o1 = torch.empty(nprog * 16 * 6, device="cuda")
    o2 = torch.empty(nprog * 16 * 3, device="cuda")
    o3 = torch.empty(BATCH // 1024, device="cuda")
    st = {"seed": 1}

    def s1():
        st["seed"] += 8
        w1_kernel[(nprog,)](st["seed"], o1, BLOCK=BLOCK)
        p = o1.view(nprog, 16, 6)  # merge the programs' frames, as a researcher would, in torch
        m = p[:, :, 0].amax(0)
        f = torch.exp(p[:, :, 0] - m)
        (p[:, :, 1:5] * f[:, :, None]).sum(0), (p[:, :, 5] * f * f).sum(0)

    def s2():
        st["seed"] += 8
        w2_kernel[(nprog,)](st["seed"], o2, BLOCK=BLOCK)
        o2.view(nprog, 16, 3).sum(0)

    def s3():
        st["seed"] += 8
        w3_kernel[(BATCH // 1024,)](st["seed"], o3, N=1024)
        o3.sum()

    return {"W1": s1, "W2": s2, "W3": s3}, torch.cuda.synchronize


def main():
    impls = [("torch", lambda: torch_steps(False)), ("jax", jax_steps), ("cupy", cupy_steps),
             ("torch.compile", lambda: torch_steps(True)), ("triton", triton_steps)]
    for name, make in impls:
        try:
            steps, sync = make()
        except Exception as e:  # noqa: BLE001
            for w in ("W1", "W2", "W3"):
                print(f"{w} {name} skip: {type(e).__name__}: {str(e)[:80]}", flush=True)
            continue
        for w in ("W1", "W2", "W3"):
            report(w, name, lambda: timed(steps[w], sync, BATCH))
    return 0


if __name__ == "__main__":
    sys.exit(main())
