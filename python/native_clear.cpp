#include "python/native_clear.hpp"

#include <pybind11/stl.h>

#include "market/clearing.hpp"
#include "sim/analysis/network_file.hpp"

namespace py = pybind11;

namespace alchemy::python {

py::dict clear_network(const std::string& file, double alpha, double beta,
                       const std::string& seniority) {
  // The CLI's --alpha and --beta are checked to [0, 1] by CLI11; the same bounds here.
  if (!(alpha >= 0.0 && alpha <= 1.0))
    throw py::value_error("alpha: expected a share from 0 to 1, got " + std::to_string(alpha));
  if (!(beta >= 0.0 && beta <= 1.0))
    throw py::value_error("beta: expected a share from 0 to 1, got " + std::to_string(beta));
  if (seniority != "pari_passu" && seniority != "senior")
    throw py::value_error("seniority: expected 'pari_passu' or 'senior', got '" + seniority + "'");
  const NetworkFile net = read_network_file(file);
  if (net.cross_holdings) {
    throw py::value_error(file +
                          ": a cross-holdings network, which alchemy.clear does not value (use "
                          "`alchemy clear " +
                          file + "`)");
  }
  ClearingOptions o;
  o.alpha = alpha;
  o.beta = beta;
  o.seniority = seniority == "senior" ? ExternalSeniority::senior : ExternalSeniority::pari_passu;
  const ClearingNetwork network(net.clearing.firm_count, net.clearing.liabilities,
                                net.clearing.external_liabilities);
  const auto& e = net.clearing.outside_assets;
  const auto& g = net.clearing.assets_at_face;
  ClearingResult r;
  {
    py::gil_scoped_release unlocked;
    r = clear(network, e, g, o);
  }
  const auto nominal = network.nominal_liabilities();
  py::dict firms;
  firms["firm"] = py::cast(net.firm_ids);
  firms["outside_assets"] = py::cast(e);
  firms["assets_at_face"] = py::cast(g);
  firms["nominal_liabilities"] = py::cast(std::vector<double>(nominal.begin(), nominal.end()));
  firms["payment"] = py::cast(r.payments);
  firms["to_network"] = py::cast(r.payments_to_network);
  firms["to_outside"] = py::cast(r.payments_to_outside);
  firms["received"] = py::cast(r.received);
  firms["equity"] = py::cast(r.equity);
  firms["network_share"] = py::cast(r.network_share);
  py::list defaulted;
  for (const auto d : r.defaulted)
    defaulted.append(d != 0);
  firms["defaulted"] = defaulted;
  py::dict out;
  out["firms"] = firms;
  out["algorithm"] = std::string(to_string(r.algorithm));
  out["rounds"] = r.rounds;
  out["converged"] = r.converged;
  out["defaults"] = r.default_count;
  out["total_paid"] = r.total_paid;
  out["total_to_outside"] = r.total_to_outside;
  return out;
}

}  // namespace alchemy::python
