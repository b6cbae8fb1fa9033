#include "starshift/common/random.hpp"

#include <algorithm>

namespace starshift {

zipf_distribution::zipf_distribution(std::uint32_t n) : cumulative_(std::max<std::uint32_t>(1, n)) {
    double sum = 0;
    for (std::size_t k = 0; k < cumulative_.size(); ++k) {
        sum += 1.0 / static_cast<double>(k + 1);
        cumulative_[k] = sum;
    }
}

std::uint32_t zipf_distribution::sample(seeded_random& r) const {
    const double u = r.uniform() * cumulative_.back();
    const auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), u);
    return static_cast<std::uint32_t>(
        std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1));
}

}  // namespace starshift
