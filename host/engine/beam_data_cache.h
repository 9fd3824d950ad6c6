// Beam data (kernels, tables) loaded from a machine file once per process and shared by every
// dose computation that asks for the same file and parameters: a plan-check batch or a Python
// session loads each machine once. An entry is reloaded when the file's size or modification
// time changes.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>

namespace srtdose {

namespace detail {
std::shared_ptr<const void> cached(const std::filesystem::path& file, const std::string& params,
                                   const std::function<std::shared_ptr<const void>()>& load);
}

/// The beam data of `file` built with `params` (a text naming every parameter of `load`).
template <class T>
std::shared_ptr<const T> cached_beam_data(const std::filesystem::path& file,
                                          const std::string& params,
                                          const std::function<T()>& load) {
  return std::static_pointer_cast<const T>(detail::cached(
      file, std::string(typeid(T).name()) + "#" + params,
      [&] { return std::shared_ptr<const void>(std::make_shared<const T>(load())); }));
}

/// Drops every entry (tests; a long session that rebuilt its machine files).
void clear_beam_data_cache();

}  // namespace srtdose
