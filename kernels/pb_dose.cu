// CUDA path of the pencil beam: the executors of kernels/common/pb_executors.h and
// kernels/common/fan_depth_view.h, which the CPU path (host/engine/pb) runs too, launched by
// kernels/cuda/launch.cuh; kernels of their own only where the GPU needs a block-level step
// (the query stage's reduction, compaction and the Dij rows).
#include <cub/block/block_reduce.cuh>
#include <cub/block/block_scan.cuh>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <numeric>
#include <type_traits>

#include "kernels/common/pb_executors.h"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/launch.cuh"
#include "kernels/pb_dose_launch.h"

namespace srtdose::cuda {

namespace {

constexpr int kBlock = 256;

/// Every voxel's query (PbQueryExecutor, the CPU's per-voxel body), with the launch-level
/// extras the GPU needs: pair_used[p] = 1 for the (table, slab) pairs the queries read and
/// range = {i_lo, i_hi, j_lo, j_hi} of the lattice points they read (a block reduction).
__global__ void __launch_bounds__(kBlock)
    query_kernel(PbQueryExecutor e, int* __restrict__ pair_used, int* range) {
  const std::int64_t n = e.g.size();
  int lo_i = INT_MAX, hi_i = INT_MIN, lo_j = INT_MAX, hi_j = INT_MIN;
  for (std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < n;
       idx += static_cast<std::int64_t>(gridDim.x) * blockDim.x) {
    PbQuery q;
    if (!e.query(idx, q)) {
      q.inv_sq = 0;
    } else {
      int pairs[4];
      pb_query_pairs(q, e.segment.tables.n_slabs, pairs);
      for (int p : pairs) pair_used[p] = 1;  // every writer writes 1
      int a = 0, b = 0, c = 0, d = 0;
      pb_query_points(q, a, b, c, d);
      lo_i = min(lo_i, a), hi_i = max(hi_i, b), lo_j = min(lo_j, c), hi_j = max(hi_j, d);
    }
    e.queries[idx] = q;
  }
  using Reduce = cub::BlockReduce<int, kBlock>;
  __shared__ typename Reduce::TempStorage tmp;
  auto min_op = [](int x, int y) { return min(x, y); };
  auto max_op = [](int x, int y) { return max(x, y); };
  const int r0 = Reduce(tmp).Reduce(lo_i, min_op);
  __syncthreads();
  const int r1 = Reduce(tmp).Reduce(hi_i, max_op);
  __syncthreads();
  const int r2 = Reduce(tmp).Reduce(lo_j, min_op);
  __syncthreads();
  const int r3 = Reduce(tmp).Reduce(hi_j, max_op);
  if (threadIdx.x == 0) {
    atomicMin(&range[0], r0), atomicMax(&range[1], r1);
    atomicMin(&range[2], r2), atomicMax(&range[3], r3);
  }
}

/// out[i] = float(in[i]).
struct ToFloatExecutor {
  const double* in;
  float* out;
  __device__ void operator()(std::int64_t i) const { out[i] = static_cast<float>(in[i]); }
};

/// Voxels with a query, in increasing index order: count per block, then positions.
__global__ void compact_kernel(const PbQuery* __restrict__ queries, std::int64_t n,
                               const std::int64_t* __restrict__ block_offsets,
                               std::int32_t* __restrict__ out, std::int64_t* __restrict__ counts) {
  using Scan = cub::BlockScan<int, kBlock>;
  __shared__ typename Scan::TempStorage scan;
  const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * kBlock + threadIdx.x;
  const int flag = idx < n && queries[idx].inv_sq > 0 ? 1 : 0;
  int pos = 0, total = 0;
  Scan(scan).ExclusiveSum(flag, pos, total);
  if (counts && threadIdx.x == 0) counts[blockIdx.x] = total;
  if (out && flag) out[block_offsets[blockIdx.x] + pos] = static_cast<std::int32_t>(idx);
}

/// The value of beamlet b at compacted voxel t (Gy per unit weight, as the CPU's float).
__device__ float dij_value(const PbSegmentView& s, const PbQuery* queries,
                           const std::int32_t* voxels, std::int64_t t, double xb, double yb,
                           double to_gy, double cutoff_mm) {
  const PbQuery& q = queries[voxels[t]];
  const double v = pb_beamlet_value(s.tables, q, xb, yb, s.beamlet_mm, cutoff_mm) * to_gy;
  return v > 0 ? static_cast<float>(v) : 0.0f;
}

/// One block per beamlet: its row's maximum, then its entries' count, then the entries in
/// voxel order (pass 0, 1, 2).
template <int Pass>
__global__ void dij_kernel(PbSegmentView s, const PbQuery* __restrict__ queries,
                           const std::int32_t* __restrict__ voxels, std::int64_t n_voxels,
                           const double* __restrict__ xb, const double* __restrict__ yb,
                           double to_gy, double cutoff_mm, float threshold,
                           float* __restrict__ row_max, std::int64_t* __restrict__ row_count,
                           const std::int64_t* __restrict__ row_offset,
                           std::int32_t* __restrict__ out_voxel, float* __restrict__ out_value) {
  const int b = blockIdx.x;
  if constexpr (Pass == 0) {
    using Reduce = cub::BlockReduce<float, kBlock>;
    __shared__ typename Reduce::TempStorage tmp;
    float mx = 0;
    for (std::int64_t t = threadIdx.x; t < n_voxels; t += kBlock)
      mx = fmaxf(mx, dij_value(s, queries, voxels, t, xb[b], yb[b], to_gy, cutoff_mm));
    mx = Reduce(tmp).Reduce(mx, [](float a, float c) { return fmaxf(a, c); });
    if (threadIdx.x == 0) row_max[b] = mx;
  } else {
    using Scan = cub::BlockScan<int, kBlock>;
    __shared__ typename Scan::TempStorage tmp;
    const float cut = threshold * row_max[b];
    std::int64_t written = 0;
    for (std::int64_t base = 0; base < n_voxels; base += kBlock) {
      const std::int64_t t = base + threadIdx.x;
      const float v =
          t < n_voxels ? dij_value(s, queries, voxels, t, xb[b], yb[b], to_gy, cutoff_mm) : 0.0f;
      const int keep = v > 0 && v >= cut ? 1 : 0;
      int pos = 0, total = 0;
      Scan(tmp).ExclusiveSum(keep, pos, total);
      if (Pass == 2 && keep) {
        const std::int64_t at = row_offset[b] + written + pos;
        out_voxel[at] = voxels[t];
        out_value[at] = v;
      }
      written += total;
      __syncthreads();  // the scan's storage is reused
    }
    if (Pass == 1 && threadIdx.x == 0) row_count[b] = written;
  }
}

}  // namespace

struct PbDevice::Impl {
  GridView grid;
  PbTablesView tables;  ///< device pointers
  PbSofteningView softening;
  DeviceBuffer<double> soft_value, soft_radius;
  DeviceBuffer<float> density, lateral, depth;
  DeviceBuffer<double> values, scales, slab_depth, dose, conv, fluence;
  DeviceBuffer<std::int64_t> offsets;
  DeviceBuffer<int> halves, pair_used, slots, pair_of_slot, range;
  DeviceBuffer<PbQuery> queries;
  DeviceBuffer<float> electron_map;

  template <class T>
  static void grow(DeviceBuffer<T>& b, std::size_t n) {
    if (b.size() < n) b = DeviceBuffer<T>(n + n / 4);
  }

  /// The segment's view with device pointers: fan lines traced, electron map uploaded.
  PbSegmentView upload(const PbSegmentView& host) {
    PbSegmentView s = host;
    s.tables = tables;
    s.softening = softening;
    s.lateral_density = host.lateral_density ? lateral.get() : nullptr;
    const std::size_t n_depth = static_cast<std::size_t>(s.depths.line_count()) * s.depths.nz;
    grow(depth, n_depth);
    s.depths.depth = depth.get();
    launch_cuda<kBlock>(s.depths.line_count(),
                        FanTraceExecutor{s.depths, s.frame, grid, density.get(), depth.get()});
    if (s.electrons.active) {
      const std::size_t n = static_cast<std::size_t>(s.electrons.map.nx) * s.electrons.map.ny;
      grow(electron_map, n);
      SRTDOSE_CUDA_CHECK(cudaMemcpy(electron_map.get(), host.electrons.map.value, n * sizeof(float),
                                    cudaMemcpyHostToDevice));
      s.electrons.map.value = electron_map.get();
    }
    return s;
  }
};

PbDevice::PbDevice(const GridView& g, const float* density_g_cm3, const float* lateral_density,
                   const PbTablesView& t, const PbSofteningView& soft)
    : impl_(std::make_unique<Impl>()) {
  static_assert(std::is_trivially_copyable_v<PbSegmentView> &&
                std::is_trivially_copyable_v<PbQuery>);
  Impl& m = *impl_;
  m.grid = g;
  const std::size_t n = static_cast<std::size_t>(g.size());
  m.density = DeviceBuffer<float>(n);
  m.density.copy_from_host(density_g_cm3);
  if (lateral_density) {
    m.lateral = DeviceBuffer<float>(n);
    m.lateral.copy_from_host(lateral_density);
  }
  const int last = t.n_tables - 1;
  const std::size_t n_values = static_cast<std::size_t>(
      t.offset[last] + static_cast<std::int64_t>(t.n_slabs) * t.side(last) * t.side(last));
  m.values = DeviceBuffer<double>(n_values);
  m.values.copy_from_host(t.value);
  m.offsets = DeviceBuffer<std::int64_t>(static_cast<std::size_t>(t.n_tables));
  m.offsets.copy_from_host(t.offset);
  m.halves = DeviceBuffer<int>(static_cast<std::size_t>(t.n_tables));
  m.halves.copy_from_host(t.half);
  m.scales = DeviceBuffer<double>(static_cast<std::size_t>(t.n_tables));
  m.scales.copy_from_host(t.scales);
  m.slab_depth = DeviceBuffer<double>(static_cast<std::size_t>(t.n_slabs));
  m.slab_depth.copy_from_host(t.slab_depth_cm);
  m.tables = {m.values.get(),     m.offsets.get(), m.halves.get(), m.scales.get(),
              m.slab_depth.get(), t.n_tables,      t.n_slabs};
  if (soft.value) {
    m.soft_radius = DeviceBuffer<double>(static_cast<std::size_t>(soft.n_radii));
    m.soft_radius.copy_from_host(soft.radius_mm);
    m.soft_value = DeviceBuffer<double>(static_cast<std::size_t>(soft.n_radii) * soft.n_slabs);
    m.soft_value.copy_from_host(soft.value);
    m.softening = {m.soft_value.get(), m.soft_radius.get(), soft.n_radii, soft.n_slabs};
  }
  m.dose = DeviceBuffer<double>(n);
  SRTDOSE_CUDA_CHECK(cudaMemset(m.dose.get(), 0, n * sizeof(double)));
  m.queries = DeviceBuffer<PbQuery>(n);
  m.pair_used = DeviceBuffer<int>(static_cast<std::size_t>(t.n_tables) * t.n_slabs);
  m.slots = DeviceBuffer<int>(static_cast<std::size_t>(t.n_tables) * t.n_slabs);
  m.range = DeviceBuffer<int>(4);
}

PbDevice::~PbDevice() = default;
PbDevice::PbDevice(PbDevice&&) noexcept = default;
PbDevice& PbDevice::operator=(PbDevice&&) noexcept = default;

void PbDevice::add_segment(const PbSegmentView& host, const PbLatticeView& host_lattice,
                           int max_half, double to_gy, double weight) {
  Impl& m = *impl_;
  const std::int64_t n = m.grid.size();
  const int n_pairs = m.tables.n_tables * m.tables.n_slabs;
  const PbSegmentView s = m.upload(host);
  SRTDOSE_CUDA_CHECK(cudaMemset(m.pair_used.get(), 0, n_pairs * sizeof(int)));
  const int no_range[4] = {INT_MAX, INT_MIN, INT_MAX, INT_MIN};
  m.range.copy_from_host(no_range);
  query_kernel<<<blocks_for<kBlock>(n), kBlock>>>(
      PbQueryExecutor{s, m.grid, m.density.get(), m.queries.get()}, m.pair_used.get(),
      m.range.get());
  SRTDOSE_CUDA_CHECK(cudaGetLastError());
  int range[4];
  m.range.copy_to_host(range);

  // The pairs used get slots (on the host: a few thousand flags).
  std::vector<int> used(static_cast<std::size_t>(n_pairs)), slot(used.size(), -1), pair_of_slot;
  m.pair_used.copy_to_host(used.data());
  for (int p = 0; p < n_pairs; ++p)
    if (used[static_cast<std::size_t>(p)]) {
      slot[static_cast<std::size_t>(p)] = static_cast<int>(pair_of_slot.size());
      pair_of_slot.push_back(p);
    }
  if (pair_of_slot.empty()) return;
  m.slots.copy_from_host(slot.data());
  Impl::grow(m.pair_of_slot, pair_of_slot.size());
  SRTDOSE_CUDA_CHECK(cudaMemcpy(m.pair_of_slot.get(), pair_of_slot.data(),
                                pair_of_slot.size() * sizeof(int), cudaMemcpyHostToDevice));

  // The beamlet lattice and its convolutions with the planes used.
  const std::size_t n_f = static_cast<std::size_t>(host_lattice.nx) * host_lattice.ny;
  Impl::grow(m.fluence, n_f);
  SRTDOSE_CUDA_CHECK(
      cudaMemcpy(m.fluence.get(), host_lattice.f, n_f * sizeof(double), cudaMemcpyHostToDevice));
  PbLatticeView lattice = host_lattice;
  lattice.f = m.fluence.get();
  const PbConvLayout layout =
      pb_conv_clip(pb_conv_layout(lattice, max_half), range[0], range[1], range[2], range[3]);
  const int n_slots = static_cast<int>(pair_of_slot.size());
  if (layout.size() > 0) {  // else the voxels read only points beyond every kernel
    Impl::grow(m.conv, static_cast<std::size_t>(layout.size()) * n_slots);
    launch_cuda<kBlock>(
        layout.size() * n_slots,
        PbConvExecutor{lattice, m.tables, layout, m.pair_of_slot.get(), m.conv.get()});
  }

  const PbConvView cv{m.conv.get(), m.slots.get(), m.tables.n_slabs, layout};
  launch_cuda<kBlock>(n, PbGatherExecutor{cv, m.queries.get(), to_gy, weight, m.dose.get()});
}

void PbDevice::take_dose(float* out) {
  Impl& m = *impl_;
  const std::int64_t n = m.grid.size();
  DeviceBuffer<float> f(static_cast<std::size_t>(n));
  launch_cuda<kBlock>(n, ToFloatExecutor{m.dose.get(), f.get()});
  f.copy_to_host(out);  // synchronises: kernel errors surface here
  SRTDOSE_CUDA_CHECK(cudaMemset(m.dose.get(), 0, static_cast<std::size_t>(n) * sizeof(double)));
}

std::vector<DijRow> PbDevice::dij_rows(const PbSegmentView& host, const std::vector<double>& x_mm,
                                       const std::vector<double>& y_mm, double to_gy,
                                       double cutoff_mm, double threshold) {
  Impl& m = *impl_;
  const std::int64_t n = m.grid.size();
  const int n_beamlets = static_cast<int>(x_mm.size());
  std::vector<DijRow> rows(static_cast<std::size_t>(n_beamlets));
  if (n_beamlets == 0) return rows;
  const PbSegmentView s = m.upload(host);
  launch_cuda<kBlock>(n, PbQueryExecutor{s, m.grid, m.density.get(), m.queries.get()});

  // The voxels with a query, in index order.
  const int n_blocks = static_cast<int>((n + kBlock - 1) / kBlock);
  DeviceBuffer<std::int64_t> counts(static_cast<std::size_t>(n_blocks)),
      block_offsets(static_cast<std::size_t>(n_blocks));
  compact_kernel<<<n_blocks, kBlock>>>(m.queries.get(), n, nullptr, nullptr, counts.get());
  SRTDOSE_CUDA_CHECK(cudaGetLastError());
  std::vector<std::int64_t> c(static_cast<std::size_t>(n_blocks)), o(c.size());
  counts.copy_to_host(c.data());
  std::exclusive_scan(c.begin(), c.end(), o.begin(), std::int64_t{0});
  const std::int64_t n_voxels = o.back() + c.back();
  if (n_voxels == 0) return rows;
  block_offsets.copy_from_host(o.data());
  DeviceBuffer<std::int32_t> voxels(static_cast<std::size_t>(n_voxels));
  compact_kernel<<<n_blocks, kBlock>>>(m.queries.get(), n, block_offsets.get(), voxels.get(),
                                       nullptr);
  SRTDOSE_CUDA_CHECK(cudaGetLastError());

  // Rows: maximum, count, entries.
  DeviceBuffer<double> xb(x_mm.size()), yb(y_mm.size());
  xb.copy_from_host(x_mm.data());
  yb.copy_from_host(y_mm.data());
  DeviceBuffer<float> row_max(static_cast<std::size_t>(n_beamlets));
  DeviceBuffer<std::int64_t> row_count(static_cast<std::size_t>(n_beamlets)),
      row_offset(static_cast<std::size_t>(n_beamlets));
  const float thr = static_cast<float>(threshold);
  dij_kernel<0><<<n_beamlets, kBlock>>>(s, m.queries.get(), voxels.get(), n_voxels, xb.get(),
                                        yb.get(), to_gy, cutoff_mm, thr, row_max.get(), nullptr,
                                        nullptr, nullptr, nullptr);
  SRTDOSE_CUDA_CHECK(cudaGetLastError());
  dij_kernel<1><<<n_beamlets, kBlock>>>(s, m.queries.get(), voxels.get(), n_voxels, xb.get(),
                                        yb.get(), to_gy, cutoff_mm, thr, row_max.get(),
                                        row_count.get(), nullptr, nullptr, nullptr);
  SRTDOSE_CUDA_CHECK(cudaGetLastError());
  std::vector<std::int64_t> rc(static_cast<std::size_t>(n_beamlets)), ro(rc.size());
  row_count.copy_to_host(rc.data());
  std::exclusive_scan(rc.begin(), rc.end(), ro.begin(), std::int64_t{0});
  const std::int64_t total = ro.back() + rc.back();
  if (total == 0) return rows;
  row_offset.copy_from_host(ro.data());
  DeviceBuffer<std::int32_t> out_voxel(static_cast<std::size_t>(total));
  DeviceBuffer<float> out_value(static_cast<std::size_t>(total));
  dij_kernel<2><<<n_beamlets, kBlock>>>(s, m.queries.get(), voxels.get(), n_voxels, xb.get(),
                                        yb.get(), to_gy, cutoff_mm, thr, row_max.get(), nullptr,
                                        row_offset.get(), out_voxel.get(), out_value.get());
  SRTDOSE_CUDA_CHECK(cudaGetLastError());
  std::vector<std::int32_t> all_voxels(static_cast<std::size_t>(total));
  std::vector<float> all_values(all_voxels.size());
  out_voxel.copy_to_host(all_voxels.data());
  out_value.copy_to_host(all_values.data());
  for (int b = 0; b < n_beamlets; ++b) {
    const auto lo = static_cast<std::size_t>(ro[static_cast<std::size_t>(b)]),
               hi = lo + static_cast<std::size_t>(rc[static_cast<std::size_t>(b)]);
    rows[static_cast<std::size_t>(b)].voxels.assign(all_voxels.begin() + lo,
                                                    all_voxels.begin() + hi);
    rows[static_cast<std::size_t>(b)].values.assign(all_values.begin() + lo,
                                                    all_values.begin() + hi);
  }
  return rows;
}

}  // namespace srtdose::cuda
