// docs/plan-format.md against the parser: every JSON example on the page parses, and every key
// the example plans use is documented there.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "host/plan/plan_parser.h"
#include "test_support.h"

using namespace srtdose;

namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The bodies of the ```json fenced blocks of a Markdown text.
std::vector<std::string> json_blocks(const std::string& md) {
  std::vector<std::string> blocks;
  const std::string open = "```json\n", close = "```";
  for (std::size_t at = md.find(open); at != std::string::npos; at = md.find(open, at)) {
    const std::size_t body = at + open.size();
    const std::size_t end = md.find(close, body);
    REQUIRE(end != std::string::npos);
    blocks.push_back(md.substr(body, end - body));
    at = end + close.size();
  }
  return blocks;
}

void collect_keys(const nlohmann::json& j, std::set<std::string>& keys) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      keys.insert(k);
      collect_keys(v, keys);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect_keys(v, keys);
  }
}

}  // namespace

TEST_CASE("every example of docs/plan-format.md parses", "[plan][docs]") {
  const auto doc = test::source_dir() / "docs" / "plan-format.md";
  const std::vector<std::string> blocks = json_blocks(read_text(doc));
  REQUIRE(blocks.size() >= 6);
  test::TempDir dir;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const std::string label = "plan-format.md example " + std::to_string(i + 1);
    INFO(label << ":\n" << blocks[i]);
    const Plan p = parse_plan_json(nlohmann::json::parse(blocks[i]), label, dir.path());
    CHECK_FALSE(p.beams.empty());
  }
}

TEST_CASE("every key of the example plans is documented in docs/plan-format.md", "[plan][docs]") {
  const std::string doc = read_text(test::source_dir() / "docs" / "plan-format.md");
  std::set<std::string> keys;
  for (const auto& e : std::filesystem::directory_iterator(test::examples_dir()))
    if (e.path().extension() == ".json")
      collect_keys(nlohmann::json::parse(read_text(e.path())), keys);
  for (const auto& e : std::filesystem::directory_iterator(test::reference_dir() / "mc" / "cases"))
    collect_keys(nlohmann::json::parse(read_text(e.path())), keys);
  for (const std::string& blocks_key : json_blocks(doc))
    collect_keys(nlohmann::json::parse(blocks_key), keys);
  REQUIRE(keys.size() > 30);
  for (const std::string& k : keys) {
    INFO("key \"" << k << "\"");
    CHECK(doc.find("`" + k + "`") != std::string::npos);
  }
}
