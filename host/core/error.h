// Typed exceptions of srtdose. Messages say what is wrong, where, and what to do.
#pragma once

#include <stdexcept>
#include <string>

namespace srtdose {

/// Base of every error srtdose reports to a user.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Invalid user input: a plan, a table, an option. The message names the file and field.
class InputError : public Error {
 public:
  using Error::Error;
};

/// A file that cannot be read or written, or whose content is corrupt.
class IoError : public Error {
 public:
  using Error::Error;
};

/// A CUDA failure, or a CUDA path asked of a build or machine that has none.
class DeviceError : public Error {
 public:
  using Error::Error;
};

}  // namespace srtdose
