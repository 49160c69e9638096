#include "tensor.hpp"

#include "error.hpp"

#include <limits>

namespace tessera {

Tensor::Tensor(Shape s, float fill) : shape(std::move(s)), data(numel(shape), fill) {}

Tensor::Tensor(Shape s, std::vector<float> values) : shape(std::move(s)), data(std::move(values)) {
    if (data.size() != numel(shape))
        throw InputError("tensor of shape " + shapeString(shape) + " given " +
                         std::to_string(data.size()) + " values");
}

std::size_t numel(const Shape& shape) {
    std::size_t n = 1;
    for (std::int64_t d : shape) {
        if (d < 0)
            throw InputError("negative dimension in shape " + shapeString(shape));
        if (d != 0 && n > std::numeric_limits<std::size_t>::max() / static_cast<std::size_t>(d))
            throw InputError("shape " + shapeString(shape) + " is too large");
        n *= static_cast<std::size_t>(d);
    }
    return n;
}

std::int64_t checkedProduct(std::initializer_list<std::int64_t> factors, const std::string& what) {
    std::int64_t p = 1;
    for (std::int64_t f : factors)
        if (__builtin_mul_overflow(p, f, &p))
            throw InputError(what + " is too large to count (over 2^63)");
    return p;
}

std::string shapeString(const Shape& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i)
            s += ", ";
        s += std::to_string(shape[i]);
    }
    if (shape.size() == 1)
        s += ",";
    return s + ")";
}

} // namespace tessera
