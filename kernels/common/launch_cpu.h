// One kernel body, two launchers (the executor pattern of Celeritas): an executor is a small
// trivially copyable struct of views with `SRTDOSE_HD void operator()(std::int64_t index)
// const`, the work of one GPU thread. launch_cpu runs it over [0, n) in an OpenMP loop;
// kernels/cuda/launch.cuh's launch_cuda runs the same object in a grid-stride __global__ loop.
// The CPU path thus executes the GPU's per-thread code, index arithmetic included.
#pragma once

#include <cstdint>

namespace srtdose {

/// executor(i) for every i in [0, n), on the CPU threads; chunk: indices per dynamically
/// scheduled piece (work per index may vary).
template <class Executor>
void launch_cpu(std::int64_t n, const Executor& executor, int chunk = 64) {
#pragma omp parallel for schedule(dynamic, chunk)
  for (std::int64_t i = 0; i < n; ++i) executor(i);
}

}  // namespace srtdose
