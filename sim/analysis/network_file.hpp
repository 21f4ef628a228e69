#pragma once
// Reader of liability-network files for the research commands (`alchemy clear`, `alchemy
// debtrank`). Two formats:
//
// YAML (.yaml / .yml):
//   firms:                      # in this order; ids are unique strings
//     - {id: A, outside_assets: 0.5, external_liabilities: 1.5, equity: 2}   # equity optional
//     - {id: E, outside_assets: 60, assets_at_face: 30}   # assets at face g_i, optional (0)
//   liabilities:                # debtor -> creditor, nominal amount
//     - {from: A, to: B, amount: 0.5}
//   # or, instead of `liabilities`, a dense matrix in firm order (row = debtor, column = creditor):
//   matrix: [[0, 0.5], [0.5, 0]]
//
// or, a cross-holdings network (Elliott, Golub & Jackson 2014; market/cross_holdings.hpp), with
// other firm keys, all required, and no liabilities:
//   firms:
//     - {id: A, direct_assets: 1, failure_threshold: 0.75, failure_cost: 0.8}
//   cross_holdings:             # holder owns `share` of issuer, in [0, 1); per issuer < 1 in all
//     - {holder: A, issuer: B, share: 0.5}
//
// CSV: the file is the edge list `debtor,creditor,amount`; its first line is a header exactly when
// its names are debtor,creditor,amount or from,to,amount (any case), and data otherwise. Firms come
// from a second CSV given with --firms, with a header naming the columns id, outside_assets,
// external_liabilities and optionally assets_at_face and equity. Without --firms, the firms are the
// ids met in the edge list, in order of first appearance, with no outside assets or external
// liabilities. Fields are plain (no quotes). Both forms are read within the input bounds of
// sim/scenario/input_file.hpp (16 MiB, UTF-8; for YAML the alias and depth budgets).
//
// Amounts are plain numbers (1.5, 2e9, 1_000) with an optional suffix k/K, M, B or T; nan, inf,
// out-of-range and subnormal values are errors, and the amounts of a file must sum to a finite
// number (network_amount.hpp). Every
// problem is reported as a ConfigError with file, 1-based line and column, key path and what was
// expected: unknown keys, missing keys, wrong types, negative amounts, unknown or duplicate firm
// ids, a firm owing itself, a matrix of the wrong shape, a share outside [0, 1), the shares held
// in one firm adding up to 1 or more, a firm holding itself or a holding given twice.

#include <optional>
#include <string>
#include <vector>

#include "market/clearing.hpp"
#include "market/cross_holdings.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

struct NetworkFile {
  std::vector<std::string> firm_ids;  // index = firm number in `clearing`
  // Liabilities, outside assets, assets at face (one per firm, 0 when not given), external
  // liabilities.
  ClearingInput clearing;
  // Equity per firm: as given in the file, or else book equity after full payment,
  // outside assets + assets at face + interbank claims − interbank debts − external liabilities.
  std::vector<double> equity;
  // Set when the file is a cross-holdings network (a `cross_holdings` section); then `clearing`
  // holds only the firm count and `equity` is empty. `cross_holdings_at` locates the section, for
  // the commands and flags that do not apply to it.
  std::optional<CrossHoldingsInput> cross_holdings;
  SourceLocation cross_holdings_at;
};

// `firms_csv` is used only with a CSV edge list (empty: derive firms from the edges). Throws
// ConfigError.
NetworkFile read_network_file(const std::string& path, const std::string& firms_csv = "");

}  // namespace alchemy
