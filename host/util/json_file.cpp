#include "host/util/json_file.h"

#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "host/core/error.h"

namespace srtdose {

namespace {

/// Tracks where the parser is (object keys and array indices) to reject a repeated key with
/// its JSON path.
class DuplicateKeyCheck {
 public:
  explicit DuplicateKeyCheck(std::string label) : label_(std::move(label)) {}

  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& value) {
    using E = nlohmann::json::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start:
        element_starts();
        frames_.push_back({event == E::array_start, -1, "", {}});
        break;
      case E::object_end:
      case E::array_end:
        frames_.pop_back();
        break;
      case E::key: {
        Frame& f = frames_.back();
        f.key = value.get<std::string>();
        if (!f.keys.insert(f.key).second)
          throw InputError(label_ + ": " + path() + ": key \"" + f.key +
                           "\" is given twice in the same object");
        break;
      }
      case E::value:
        element_starts();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool array;
    long index;
    std::string key;
    std::set<std::string> keys;
  };
  void element_starts() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }
  std::string path() const {
    std::string p;
    for (const Frame& f : frames_) {
      if (f.array) {
        p.append("[").append(std::to_string(f.index)).append("]");
      } else if (&f != &frames_.back()) {
        if (!p.empty()) p.append(".");
        p.append(f.key);
      }
    }
    return p.empty() ? "(top level)" : p;
  }

  std::string label_;
  std::vector<Frame> frames_;
};

nlohmann::json parse_strict(std::istream& in, const std::string& label) {
  try {
    return nlohmann::json::parse(in, DuplicateKeyCheck(label));
  } catch (const nlohmann::json::exception& e) {
    // parse_error (malformed), out_of_range (a number overflowing a double), and the rest.
    std::string msg = e.what();
    for (const char* kind : {"parse error", "number overflow"}) {
      const auto pos = msg.find(kind);
      if (pos != std::string::npos) {
        msg = msg.substr(pos);
        break;
      }
    }
    throw InputError(label + ": invalid JSON: " + msg);
  }
}

}  // namespace

nlohmann::json read_json_file(const std::filesystem::path& file, const std::string& what) {
  std::ifstream in(file);
  if (!in) throw IoError(file.string() + ": cannot open " + what);
  return parse_strict(in, file.string());
}

nlohmann::json parse_json_text(const std::string& text, const std::string& label) {
  std::istringstream in(text);
  return parse_strict(in, label);
}

}  // namespace srtdose
