// Human-readable numbers for terminal output.
#pragma once

#include <cstdint>
#include <string>

namespace hmig {

std::string HumanBytes(double bytes);       // "1.5 GiB"
std::string HumanDuration(double seconds);  // "1h02m", "3m05s", "4.2s"

}  // namespace hmig
