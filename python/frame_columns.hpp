#pragma once
// A run's records handed to Python as columns (numpy arrays and lists), from which
// alchemy/_frames.py builds the DataFrames. Nothing is formatted as text and parsed back: money
// is cents / 100 (the correctly rounded double of the two-decimal text the files hold), every
// other number is the engine's double, so the frames equal the CLI's files read exactly.

#include <pybind11/pybind11.h>

#include "sim/world/output_sink.hpp"

namespace alchemy::python {

// {"firms": [...], "contracts": [...], "events": {...}, "series": {...}, "market": {...},
//  "loops": {...}}; dates are int64 days since 1970-01-01, firm and contract columns indices
// into "firms" and "contracts" (-1 for none), an event's cause 0 for none. Event payloads are
// "data": {key: (values, texts)} in order of first appearance, values NaN where the event has no
// such field, texts None unless some event gives the key a name instead of a number.
pybind11::dict frame_columns(const MemorySink& records);

}  // namespace alchemy::python
