#pragma once
// The scenario's key tables, one per section (scenario_schema.cpp), and the drafts they read
// into: a ScenarioSpec plus what can only be resolved once the whole file is read (the period,
// contract parties by id, contract dates that default to other dates).

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/config_schema.hpp"
#include "sim/world/scenario_spec.hpp"

namespace alchemy {

struct ContractDraft {
  ContractSpec spec;                         // from/to are set once the firms are sorted
  ContractType type = ContractType::supply;  // `type`; spec.terms are its kind's once resolved
  std::string from;                          // firm ids as written
  std::string to;
  std::optional<Date> start;  // default: signed
  std::optional<Date> end;    // default: start
};

struct ScenarioDraft {
  ScenarioSpec spec;                // contracts stay empty until resolved
  std::optional<Date> end;          // `end`, or
  std::optional<Duration> horizon;  // `horizon` (default 10y)
  std::vector<ContractDraft> contracts;
};

// The top-level section; the others hang below it (FieldInfo::child).
const Section<ScenarioDraft>& scenario_schema();

}  // namespace alchemy
