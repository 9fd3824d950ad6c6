// Debug-only contract checks of internal invariants (a caller's bug, never a user's input):
// SRTDOSE_EXPECT on entry, SRTDOSE_ENSURE on exit. Compiled out when NDEBUG is defined
// (release); in debug builds a broken contract throws std::logic_error naming the check.
// User input is checked with InputError, always, and never with these.
#pragma once

#include <stdexcept>
#include <string>

#ifdef NDEBUG
#define SRTDOSE_EXPECT(condition, what) static_cast<void>(0)
#define SRTDOSE_ENSURE(condition, what) static_cast<void>(0)
#else
#define SRTDOSE_EXPECT(condition, what) \
  ((condition)                          \
       ? static_cast<void>(0)           \
       : ::srtdose::detail::broken_contract("precondition", #condition, what, __FILE__, __LINE__))
#define SRTDOSE_ENSURE(condition, what)                                                          \
  ((condition) ? static_cast<void>(0)                                                            \
               : ::srtdose::detail::broken_contract("postcondition", #condition, what, __FILE__, \
                                                    __LINE__))
#endif

namespace srtdose::detail {

[[noreturn]] inline void broken_contract(const char* kind, const char* condition, const char* what,
                                         const char* file, int line) {
  throw std::logic_error(std::string(file) + ":" + std::to_string(line) + ": " + kind + " (" +
                         condition + ") broken: " + what);
}

}  // namespace srtdose::detail
