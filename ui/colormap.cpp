#include "colormap.hpp"

#include <algorithm>
#include <array>

namespace tessera::ui {

QColor viridis(double t) {
    // Nine stops of matplotlib's viridis, linearly interpolated.
    static constexpr std::array<std::array<int, 3>, 9> kStops{{{68, 1, 84},
                                                               {71, 44, 122},
                                                               {59, 81, 139},
                                                               {44, 113, 142},
                                                               {33, 144, 141},
                                                               {39, 173, 129},
                                                               {92, 200, 99},
                                                               {170, 220, 50},
                                                               {253, 231, 37}}};
    t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
    const auto i = std::min<std::size_t>(std::size_t(t), kStops.size() - 2);
    const double f = t - double(i);
    auto mix = [&](int c) { return int(kStops[i][c] + f * (kStops[i + 1][c] - kStops[i][c]) + 0.5); };
    return {mix(0), mix(1), mix(2)};
}

} // namespace tessera::ui
