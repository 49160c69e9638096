// 16-bit floats to float32, exactly: IEEE half (float16) and bfloat16, as checkpoints store them.
// Every 16-bit value has an exact float32, so these conversions lose nothing.
#pragma once

#include <bit>
#include <cstdint>

namespace tessera {

inline float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = std::uint32_t(h & 0x8000) << 16;
    const int exp = (h >> 10) & 0x1f;
    std::uint32_t mant = h & 0x3ff;
    std::uint32_t bits;
    if (exp == 0x1f) { // inf / nan
        bits = sign | 0x7f800000u | (mant << 13);
    } else if (exp != 0) {
        bits = sign | std::uint32_t(exp - 15 + 127) << 23 | mant << 13;
    } else if (mant == 0) {
        bits = sign;
    } else { // subnormal: shift into a normal float
        int e = -1;
        do {
            ++e;
            mant <<= 1;
        } while ((mant & 0x400) == 0);
        bits = sign | std::uint32_t(127 - 15 - e) << 23 | (mant & 0x3ff) << 13;
    }
    return std::bit_cast<float>(bits);
}

// bfloat16 is the top half of a float32.
inline float bfloat16ToFloat(std::uint16_t b) {
    return std::bit_cast<float>(std::uint32_t(b) << 16);
}

} // namespace tessera
