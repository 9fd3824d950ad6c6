#include "host/util/json_cursor.h"

#include <cmath>
#include <sstream>

#include "host/core/error.h"

namespace srtdose {

namespace {
std::string type_name(const nlohmann::json& v) {
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  if (v.is_null()) return "null";
  return "a value";
}
}  // namespace

JsonCursor::JsonCursor(const nlohmann::json& value, std::string file, std::string path)
    : value_(value), file_(std::move(file)), path_(std::move(path)) {}

void JsonCursor::fail(const std::string& message) const {
  throw InputError(file_ + ": " + (path_.empty() ? "(top level)" : path_) + ": " + message);
}

JsonCursor& JsonCursor::expect_object() {
  if (!value_.is_object()) fail("must be an object, got " + type_name(value_));
  return *this;
}

bool JsonCursor::has(const std::string& key) const {
  return value_.is_object() && value_.contains(key);
}

JsonCursor JsonCursor::at(const std::string& key) {
  expect_object();
  if (!value_.contains(key)) fail("missing required key \"" + key + "\"");
  read_keys_.insert(key);
  return JsonCursor(value_.at(key), file_, path_.empty() ? key : path_ + "." + key);
}

std::optional<JsonCursor> JsonCursor::find(const std::string& key) {
  expect_object();
  read_keys_.insert(key);  // known here even when absent, for the unknown-key message
  if (!value_.contains(key)) return std::nullopt;
  return JsonCursor(value_.at(key), file_, path_.empty() ? key : path_ + "." + key);
}

void JsonCursor::finish() const {
  for (auto it = value_.begin(); it != value_.end(); ++it) {
    if (!read_keys_.count(it.key())) {
      std::string allowed;
      for (const auto& k : read_keys_) allowed += (allowed.empty() ? "" : ", ") + k;
      JsonCursor(it.value(), file_, path_.empty() ? it.key() : path_ + "." + it.key())
          .fail("unknown key \"" + it.key() + "\"" +
                (allowed.empty() ? std::string() : " (known keys here: " + allowed + ")"));
    }
  }
}

double JsonCursor::number() const {
  if (!value_.is_number()) fail("must be a number, got " + type_name(value_));
  const double v = value_.get<double>();
  if (!std::isfinite(v)) fail("must be a finite number");
  return v;
}

double JsonCursor::number_in(double lo, double hi, const char* what) const {
  const double v = number();
  if (v < lo || v > hi) {
    std::ostringstream msg;
    msg << what << " must be in [" << lo << ", " << hi << "], got " << v;
    fail(msg.str());
  }
  return v;
}

int JsonCursor::integer() const {
  if (!value_.is_number_integer() &&
      !(value_.is_number_float() && std::floor(value_.get<double>()) == value_.get<double>())) {
    fail("must be an integer, got " + type_name(value_));
  }
  const double v = value_.get<double>();
  if (std::abs(v) > 1e9) fail("integer out of range");
  return static_cast<int>(v);
}

std::string JsonCursor::string() const {
  if (!value_.is_string()) fail("must be a string, got " + type_name(value_));
  return value_.get<std::string>();
}

bool JsonCursor::boolean() const {
  if (!value_.is_boolean()) fail("must be true or false, got " + type_name(value_));
  return value_.get<bool>();
}

std::vector<double> JsonCursor::numbers() const {
  if (!value_.is_array()) fail("must be an array of numbers, got " + type_name(value_));
  std::vector<double> out;
  for (std::size_t i = 0; i < value_.size(); ++i) {
    out.push_back(JsonCursor(value_[i], file_, path_ + "[" + std::to_string(i) + "]").number());
  }
  return out;
}

Vec3 JsonCursor::vec3() const {
  const std::vector<double> v = numbers();
  if (v.size() != 3)
    fail("must be an array of 3 numbers [x, y, z], got " + std::to_string(v.size()));
  return {v[0], v[1], v[2]};
}

std::vector<JsonCursor> JsonCursor::elements() {
  if (!value_.is_array()) fail("must be an array, got " + type_name(value_));
  std::vector<JsonCursor> out;
  for (std::size_t i = 0; i < value_.size(); ++i) {
    out.emplace_back(value_[i], file_, path_ + "[" + std::to_string(i) + "]");
  }
  return out;
}

}  // namespace srtdose
