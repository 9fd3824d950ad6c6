// SRTDOSE_HD marks the physics and geometry functions shared by the CPU and CUDA paths.
#pragma once

#if defined(__CUDACC__)
#define SRTDOSE_HD __host__ __device__
#define SRTDOSE_HD_INLINE __host__ __device__ __forceinline__
#else
#define SRTDOSE_HD
#define SRTDOSE_HD_INLINE inline
#endif
