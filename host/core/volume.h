// A scalar field on a Grid3, owned on the host.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "host/core/grid3.h"

namespace srtdose {

/// Values of type T on a regular grid, C order [k][j][i] (x fastest).
template <class T>
class Volume {
 public:
  Volume() = default;
  explicit Volume(Grid3 grid, T fill = T{})
      : grid_(std::move(grid)), data_(static_cast<std::size_t>(grid_.size()), fill) {}

  const Grid3& grid() const { return grid_; }
  std::int64_t size() const { return static_cast<std::int64_t>(data_.size()); }

  T& operator[](std::int64_t i) { return data_[static_cast<std::size_t>(i)]; }
  const T& operator[](std::int64_t i) const { return data_[static_cast<std::size_t>(i)]; }
  T& at(int i, int j, int k) { return data_[static_cast<std::size_t>(grid_.index(i, j, k))]; }
  const T& at(int i, int j, int k) const {
    return data_[static_cast<std::size_t>(grid_.index(i, j, k))];
  }

  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  std::span<T> values() { return data_; }
  std::span<const T> values() const { return data_; }
  /// Moves the values out (the volume is left empty): hands them to another owner, e.g. numpy.
  std::vector<T> release_values() && { return std::move(data_); }

  T max_value() const {
    return data_.empty() ? T{} : *std::max_element(data_.begin(), data_.end());
  }
  T min_value() const {
    return data_.empty() ? T{} : *std::min_element(data_.begin(), data_.end());
  }

 private:
  Grid3 grid_;
  std::vector<T> data_;
};

}  // namespace srtdose
