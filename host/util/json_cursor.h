// Strict reading of a JSON document: every value is typed, every key accounted for, and every
// error names the file and the JSON path (e.g. "plan.json: beams[2].jaws_mm.x: ...").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kernels/common/vec3.h"

namespace srtdose {

/// A position in a JSON document. Object cursors track which keys were asked for (at/find);
/// finish() rejects every other key as unknown.
class JsonCursor {
 public:
  JsonCursor(const nlohmann::json& value, std::string file, std::string path);

  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  const nlohmann::json& json() const { return value_; }

  /// Throws InputError "<file>: <path>: <message>".
  [[noreturn]] void fail(const std::string& message) const;

  // ---- object access (this cursor must be an object) ----
  bool has(const std::string& key) const;
  JsonCursor at(const std::string& key);                   ///< required member
  std::optional<JsonCursor> find(const std::string& key);  ///< optional member
  /// Rejects members that were never read, naming them and the keys that are allowed.
  void finish() const;

  // ---- typed values of this cursor ----
  double number() const;                                           ///< finite number
  double number_in(double lo, double hi, const char* what) const;  ///< lo <= x <= hi
  int integer() const;
  std::string string() const;
  bool boolean() const;
  Vec3 vec3() const;                    ///< [x, y, z] of finite numbers
  std::vector<double> numbers() const;  ///< array of finite numbers
  std::vector<JsonCursor> elements();   ///< array elements
  JsonCursor& expect_object();

 private:
  const nlohmann::json& value_;
  std::string file_, path_;
  std::set<std::string> read_keys_;
};

}  // namespace srtdose
