// The `srtdose` command line: subcommands over the library API.
#pragma once

#include <stdexcept>

#include <ostream>
#include <string>
#include <vector>

namespace srtdose::cli {

/// Exit codes: 0 success, 1 invalid input, 2 usage error, 3 device error, 4 file error.
enum ExitCode : int {
  kOk = 0,
  kInputError = 1,
  kUsage = 2,
  kDeviceError = 3,
  kIoError = 4,
  kPlansFailed = 5  ///< srtdose check: a plan failed its criteria or could not be checked;
                    ///< srtdose courses: a re-irradiation limit failed or is incomplete
};

/// Thrown by `check` when the batch ran but not every plan passed, and by `courses` when a limit
/// failed (exit code 5; the outputs are still written).
class PlansFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Runs the CLI with args (args[0] = program name). Results go to out, errors (one line
/// each, "srtdose: error: ...") to err.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace srtdose::cli
