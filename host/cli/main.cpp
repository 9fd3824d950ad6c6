// The srtdose executable.
#include <iostream>
#include <string>
#include <vector>

#include "host/cli/cli.h"

int main(int argc, char** argv) {
  return srtdose::cli::run(std::vector<std::string>(argv, argv + argc), std::cout, std::cerr);
}
