// Tensor: the one dense array type the core passes around.
//
// A float32 array with a shape, stored C-order (row-major, last index fastest). Images are
// C×H×W, batches B×C×H×W, embeddings B×N×D. The type is a plain value: copying copies the data.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace tessera {

using Shape = std::vector<std::int64_t>;

struct Tensor {
    Shape shape;
    std::vector<float> data; // numel(shape) values, C order

    Tensor() = default;
    explicit Tensor(Shape s, float fill = 0.0f);
    Tensor(Shape s, std::vector<float> values);

    std::int64_t dim(std::size_t i) const { return shape.at(i); }
    std::size_t rank() const { return shape.size(); }
    std::size_t size() const { return data.size(); }
};

// Number of elements of a shape; throws InputError on negative or overflowing dimensions.
std::size_t numel(const Shape& shape);

// The product of non-negative sizes in 64 bits; InputError naming `what` when it overflows
// (sizes, counts and byte totals must never wrap to negative numbers).
std::int64_t checkedProduct(std::initializer_list<std::int64_t> factors, const std::string& what);

// "(1, 196, 768)": the way numpy prints a shape, used in messages and summaries.
std::string shapeString(const Shape& shape);

} // namespace tessera
